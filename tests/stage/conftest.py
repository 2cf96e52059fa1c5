"""Shared fixtures for the stage check-in tests: the real merged domain."""

from typing import Any, Dict

import pytest


@pytest.fixture(scope="session")
def domain(rasa_domain) -> Dict[str, Any]:
    """The domain exactly as the action server receives it from Rasa (all fragments merged)."""
    return rasa_domain.as_dict()
