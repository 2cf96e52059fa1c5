"""Shared fixtures for the stage check-in tests: the real merged domain."""

from typing import Any, Dict

import pytest

from family_guide.importer import load_domain


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    """The domain exactly as the action server receives it from Rasa (all fragments merged)."""
    return load_domain().as_dict()
