"""Fixtures for the knowledge follow-ups: the merged domain as the action server receives it."""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

import pytest


@pytest.fixture(scope="session")
def domain(rasa_domain) -> Any:
    return rasa_domain


@pytest.fixture(scope="session")
def domain_dict(domain) -> Dict[str, Any]:
    """What Rasa sends the action server: the domain as a dict (responses included)."""
    return domain.as_dict()


@pytest.fixture(scope="session")
def variation_text(domain_dict) -> Callable[[str, Optional[str]], str]:
    """The text Rasa sends for a response when the substance slot holds a value (None: the
    unconditional variation), so a test checks the answer a family would really get."""

    def text(name: str, substance: Optional[str] = None) -> str:
        wanted = [{"type": "slot", "name": "substance", "value": substance}] if substance else []
        for variation in domain_dict["responses"][name]:
            if (variation.get("condition") or []) == wanted:
                return variation["text"]
        raise AssertionError(f"{name} has no variation for substance={substance}")

    return text
