"""Fixtures for the knowledge follow-ups: the merged domain as the action server receives it."""

from __future__ import annotations

from typing import Any, Dict

import pytest


@pytest.fixture(scope="session")
def domain(rasa_domain) -> Any:
    return rasa_domain


@pytest.fixture(scope="session")
def domain_dict(domain) -> Dict[str, Any]:
    """What Rasa sends the action server: the domain as a dict (responses included)."""
    return domain.as_dict()
