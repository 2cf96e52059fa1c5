"""Issue #15, item 5: a parent of a teen gets a parent's answer, never an adult-to-adult one.

For a minor the parent stays in charge (never-say 16): rules and knowing where they are, locked
medicines, the teen's doctor, and Maryland's minors' consent as facts.md states it. Fake pills
(DEA "One Pill Can Kill") reach teens whatever they use, and wherever pills or opioids are
possible the answer carries naloxone.
"""

from __future__ import annotations

from typing import Optional

import pytest
from answer_picking import answer

MINOR_ANSWERS = ("utter_how_to_talk_minor", "utter_boundaries_enabling_minor",
                 "utter_precontemplation_minor")
PILLS_OR_OPIOIDS = (None, "opioids", "fentanyl", "heroin", "benzodiazepines", "cocaine", "meth")
SUBSTANCES = (*PILLS_OR_OPIOIDS, "cannabis", "alcohol")


@pytest.mark.parametrize("name", MINOR_ANSWERS)
@pytest.mark.parametrize("substance", SUBSTANCES)
def test_the_parent_stays_in_charge(responses, name: str, substance: Optional[str]) -> None:
    text = answer(responses, name, substance=substance)
    # "The adult", not "the parent": grandparents and other carers raise teens too.
    assert ("you're still the adult in charge" in text
            or "your job as the adult raising them" in text)
    assert "as a parent" not in text and "still the parent" not in text
    assert "lock up" in text and "doctor" in text
    assert "in maryland a teen can agree to drug or alcohol treatment on their own" in text
    assert "adult who makes" not in text and "own choices" not in text


@pytest.mark.parametrize("name", MINOR_ANSWERS)
@pytest.mark.parametrize("substance", PILLS_OR_OPIOIDS)
def test_fake_pills_and_naloxone_wherever_pills_are_possible(
    responses, name: str, substance: Optional[str]
) -> None:
    text = answer(responses, name, substance=substance)
    assert "fake" in text and "naloxone" in text


@pytest.mark.parametrize("name", MINOR_ANSWERS)
def test_vaping_and_cannabis_are_named(responses, name: str) -> None:
    text = answer(responses, name, substance="cannabis")
    assert "vaping" in text and "cannabis" in text and "fake" in text


@pytest.mark.parametrize("substance", ("gambling", None))
def test_a_teen_who_gambles_gets_the_parents_answer_not_the_adults(
        responses, substance: Optional[str]) -> None:
    """A 14-year-old betting on skins: the parent's rules and the family's cards, the helpline,
    never the adult's money boundaries or casino self-bans."""
    text = answer(responses, "utter_behavioral_addiction_minor", substance=substance)
    assert "you're still the adult in charge" in text and "doctor" in text
    assert "1-800-gambler" in text and "988" in text
    assert "don't pay off their debts" not in text and "ban themselves" not in text
