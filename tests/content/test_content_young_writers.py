"""A young person (under 18) writing about a parent or sibling is told it is not their fault,
pointed to an adult they trust and to Alateen/Narateen, and given 911 and 988, never the
parent's or the adult family member's advice."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from answer_picking import answer

YOUNG_ANSWERS = ("utter_family_self_care_young", "utter_how_to_talk_young")


@pytest.mark.parametrize("name", YOUNG_ANSWERS)
def test_a_young_writer_is_pointed_to_a_trusted_adult_and_kept_safe(
    responses: Dict[str, List[Dict[str, Any]]], name: str,
) -> None:
    text = answer(responses, name)
    assert "adult you trust" in text and "alateen" in text and "911" in text
    for adult_advice in ("your child", "your teen", "as a parent", "house rules", "al-anon"):
        assert adult_advice not in text, adult_advice


def test_a_young_writer_hears_it_is_not_their_fault_and_has_988(
    responses: Dict[str, List[Dict[str, Any]]],
) -> None:
    text = answer(responses, "utter_family_self_care_young")
    assert "not your fault" in text and "988" in text
