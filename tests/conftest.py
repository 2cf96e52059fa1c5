"""Fixtures every test area shares."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def domain_dir() -> Path:
    """The domain folder: core, one file per capability, answers/ (the content catalogue)."""
    return PROJECT_ROOT / "domain"


@pytest.fixture(scope="session")
def rasa_domain(domain_dir: Path) -> Domain:
    """The whole domain, loaded by Rasa itself from the folder, as `rasa train` loads it."""
    return Domain.load(str(domain_dir))
