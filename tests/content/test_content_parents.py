"""A writer whose own mother or father uses gets talk advice written for a parent: not "your
grown child", and, since medicines are often part of it, their doctor and pharmacist."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from answer_picking import answer


@pytest.mark.parametrize("relationship", ["mother", "father"])
@pytest.mark.parametrize("substance", [None, "alcohol", "benzodiazepines"])
def test_talking_with_your_own_parent(responses: Dict[str, List[Dict[str, Any]]],
                                      relationship: str, substance: Optional[str]) -> None:
    text = answer(responses, "utter_how_to_talk", relationship=relationship, substance=substance)
    assert "your own parent" in text
    assert "doctor" in text and "pharmacist" in text and "overdose" in text
    assert "grown child" not in text and "house rules" not in text


def test_a_parent_who_uses_opioids_still_gets_the_naloxone_answer(
    responses: Dict[str, List[Dict[str, Any]]],
) -> None:
    text = answer(responses, "utter_how_to_talk", relationship="mother", substance="opioids")
    assert "naloxone" in text
