"""Issue #15, items 2 and 9: the safety paths say what keeps a family alive, in the right place.

A partner who may be afraid gets the domestic violence path in every partner answer; the danger
reply carries the fuller plan. The crisis replies stay plain responses (they work with the action
server down), put 911 first, and never leave a "let natural consequences happen" without its
limit (never-say 17).
"""

from __future__ import annotations

import re
from typing import Optional

import pytest
from answer_picking import answer

PARTNERS = ("partner", "husband", "wife")
SUBSTANCES = (None, "alcohol", "opioids", "fentanyl", "cocaine", "meth", "cannabis", "gambling")
DV_HOTLINE = "1-800-799-7233"


@pytest.mark.parametrize("topic", ("how_to_talk", "boundaries_enabling"))
@pytest.mark.parametrize("relationship", PARTNERS)
@pytest.mark.parametrize("substance", SUBSTANCES)
def test_partner_answers_carry_the_domestic_violence_path(
    responses, topic: str, relationship: str, substance: Optional[str]
) -> None:
    text = answer(responses, f"utter_{topic}", relationship=relationship, substance=substance)
    assert "afraid" in text and "911" in text
    assert DV_HOTLINE in text and "text start to 88788" in text


@pytest.mark.parametrize("relationship", (None, *PARTNERS))
@pytest.mark.parametrize("substance", (*SUBSTANCES, "benzodiazepines"))
def test_denial_answers_name_the_hotline_for_a_family_who_is_afraid(
    responses, relationship: Optional[str], substance: Optional[str]
) -> None:
    text = answer(responses, "utter_precontemplation", relationship=relationship,
                  substance=substance)
    assert "afraid" in text and DV_HOTLINE in text


def test_the_danger_reply_gives_the_fuller_plan(responses) -> None:
    first = answer(responses, "utter_immediate_danger")
    assert first.index("911") < 80
    assert "way out" in first and "kitchen" in first
    plan = answer(responses, "utter_immediate_danger_resources")
    for words in (DV_HOTLINE, "text start to 88788", "protective order", "peace order",
                  "custody of the children", "to get money", "don't run to where the children are",
                  "commissioner"):
        assert words in plan, words


def test_the_overdose_flow_puts_911_on_speaker_and_names_seizures(responses) -> None:
    assert "speaker" in answer(responses, "utter_overdose_emergency")
    steps = answer(responses, "utter_overdose_emergency_steps")
    assert "no naloxone? go straight to step 3" in steps
    assert "if they are not breathing, give rescue breaths" in steps
    assert "seizure" in steps and "alcohol" in steps and "cocaine or meth" in steps


def test_means_safety_is_sourced_and_names_marylands_erpo(responses) -> None:
    family = next(v for v in responses["utter_crisis_suicide_safety"] if not v.get("condition"))
    assert "extreme risk protective order" in family["text"].lower()
    sources = " ".join(family["metadata"]["sources"])
    assert "means-matter.hsph.harvard.edu" in sources and "erpo" in sources.lower()


def test_natural_consequences_always_carry_their_limit(variations) -> None:
    """Never-say 17: never when a life is at risk."""
    unlimited = [
        f"{name}[{index}]"
        for name, index, variation in variations
        for sentence in re.split(r"(?<=[.!?])\s+|\n", variation.get("text") or "")
        if "natural consequences" in sentence.lower()
        and "never when their life is at risk" not in sentence.lower()
    ]
    assert not unlimited


def test_is_it_safe_to_stop_never_leaves_out_withdrawal(responses) -> None:
    """"Is it safe for her to just stop?" after an answer without safety details: alcohol and
    benzodiazepines get the withdrawal warning, not only "I don't have that"."""
    assert "seizures" in answer(responses, "utter_facet_missing_safety", substance="alcohol")
    assert "taper" in answer(responses, "utter_facet_missing_safety",
                             substance="benzodiazepines")
    assert "won't guess" in answer(responses, "utter_facet_missing_safety", substance="cannabis")
