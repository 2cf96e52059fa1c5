"""Shared fixtures for the article tests: the topic contract and the catalogue's known values."""

from pathlib import Path
from typing import List

import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TOPICS_FILE = PROJECT_ROOT.parent / "shared" / "eval" / "topics.yml"


@pytest.fixture(scope="session")
def contract_topics() -> List[str]:
    """Topic names from ../shared/eval/topics.yml (the topic contract)."""
    if not TOPICS_FILE.is_file():
        pytest.fail(
            f"The topic contract is missing: expected {TOPICS_FILE} (../shared/eval/topics.yml "
            "beside the project). The article tags cannot be checked without it."
        )
    return list(yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))["topics"])


@pytest.fixture(scope="session")
def substance_values() -> List[str]:
    """The substance slot's values, from the core domain."""
    core = yaml.safe_load((PROJECT_ROOT / "domain" / "core.yml").read_text(encoding="utf-8"))
    return list(core["slots"]["substance"]["values"])


@pytest.fixture(scope="session")
def domain(rasa_domain):
    """The domain exactly as the action server receives it from Rasa (all fragments merged)."""
    return rasa_domain.as_dict()
