"""Fixtures for the content checks: every response the bot can send, and the sourced facts.

The responses come from the domain folder as training loads it (core, capabilities, answers/),
so a response another capability adds is checked here too, without anyone listing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from tools.content.lint import response_variations

FACTS = Path(__file__).resolve().parents[3] / "shared" / "content" / "facts.md"

Variation = Tuple[str, int, Dict[str, Any]]


@pytest.fixture(scope="session")
def responses(rasa_domain) -> Dict[str, List[Dict[str, Any]]]:
    return rasa_domain.responses


@pytest.fixture(scope="session")
def variations(responses: Dict[str, List[Dict[str, Any]]]) -> List[Variation]:
    found = list(response_variations(responses))
    assert len(found) > 100, "the merged domain should hold the whole content catalogue"
    return found


@pytest.fixture(scope="session")
def facts_text() -> str:
    assert FACTS.is_file(), f"{FACTS} (the shared, sourced facts) must sit beside the project"
    return FACTS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def content_dir(domain_dir: Path) -> Path:
    return domain_dir / "answers"
