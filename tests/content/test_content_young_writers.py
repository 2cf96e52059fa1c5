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


YOUNG_SELF_ANSWERS = ("utter_help_for_myself_young", "utter_medication_treatment_self_young",
                      "utter_precontemplation_self_young", "utter_behavioral_addiction_self_young")


@pytest.mark.parametrize("name", YOUNG_SELF_ANSWERS)
def test_a_young_person_who_uses_is_pointed_to_an_adult_and_never_booked_like_an_adult(
    responses: Dict[str, List[Dict[str, Any]]], name: str,
) -> None:
    """Under 18 and asking for themself: an adult they trust and 988, no adult medicine list
    and no booking for themself."""
    for variation in responses[name]:
        text = variation["text"].lower()
        assert "adult you trust" in text and "988" in text, name
        for adult_advice in ("book a consultation", "buprenorphine", "methadone", "naltrexone",
                             "your loved one"):
            assert adult_advice not in text, (name, adult_advice)


def test_a_young_person_who_uses_is_offered_steps_for_their_age(
    responses: Dict[str, List[Dict[str, Any]]],
) -> None:
    for variation in responses["utter_help_for_myself_next_young"]:
        payloads = {button["payload"] for button in variation["buttons"]}
        assert "/book_appointment" not in payloads and "/medication_treatment" not in payloads
        assert "/how_to_talk" in payloads
