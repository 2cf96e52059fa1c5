"""Issue #15, items 1 and 10: a family in a particular situation gets the answer written for it.

The `situation` slot (data/lookups/situation.yml) picks these variations; the facts each must
carry are the ones that keep the loved one alive, or the family safe, in that situation
(facts.md section 10).
"""

from __future__ import annotations

from typing import Optional

import pytest
from answer_picking import answer

OPIOID_RISK = (None, "opioids", "fentanyl", "heroin", "cocaine", "meth")
RELATIONSHIPS = (None, "son", "daughter", "partner", "husband", "friend")

# situation -> (the answers that carry it, what each of them must say)
CARRIES = {
    "homecoming": (("relapse", "loved_one_ready", "harm_reduction"), (
        "jail", "prison", "rehab", "detox", "tolerance", "old amount can kill", "first weeks",
        "buprenorphine", "first appointment", "naloxone", "never to use alone")),
    "after_er": (("overdose_signs", "naloxone"), (
        "emergency department", "buprenorphine", "peer recovery specialist", "naloxone",
        "at home", "follow-up", "first weeks", "old amount can kill", "911")),
}
CASES = [(situation, topic) for situation, (topics, _) in CARRIES.items() for topic in topics]


@pytest.mark.parametrize(("situation", "topic"), CASES)
@pytest.mark.parametrize("substance", OPIOID_RISK)
@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_the_situation_answer_carries_what_keeps_them_alive(
    responses, situation: str, topic: str, substance: Optional[str],
    relationship: Optional[str],
) -> None:
    text = answer(responses, f"utter_{topic}", situation=situation, substance=substance,
                  relationship=relationship)
    missing = [words for words in CARRIES[situation][1] if words not in text]
    assert not missing


@pytest.mark.parametrize(("situation", "topic"), CASES)
@pytest.mark.parametrize("substance", ("alcohol", "benzodiazepines"))
def test_alcohol_and_benzodiazepines_keep_their_own_safety_answer(
    responses, situation: str, topic: str, substance: str
) -> None:
    """Never-say 18: an answer written for opioids is not the answer for another substance."""
    name = f"utter_{topic}"
    assert answer(responses, name, situation=situation, substance=substance) == (
        answer(responses, name, substance=substance))


@pytest.mark.parametrize(("situation", "topic"), CASES)
@pytest.mark.parametrize("substance", OPIOID_RISK)
def test_without_the_situation_the_answers_stay_as_they_were(
    responses, situation: str, topic: str, substance: Optional[str]
) -> None:
    name = f"utter_{topic}"
    opening = answer(responses, name, situation=situation, substance=substance).split("\n")[0]
    assert opening not in answer(responses, name, substance=substance)


@pytest.mark.parametrize("topic", ("relapse", "loved_one_ready", "harm_reduction",
                                   "rehab_support_groups"))
@pytest.mark.parametrize("substance", (*OPIOID_RISK, "alcohol", "benzodiazepines"))
def test_a_teen_coming_home_gets_the_parents_homecoming_answer(
    responses, topic: str, substance: Optional[str]
) -> None:
    """Home from a program or detention: the parent's version, with lost tolerance, the first
    weeks, a first appointment outside, and the house made safer before they arrive."""
    text = answer(responses, f"utter_{topic}_minor", situation="homecoming", substance=substance)
    for words in ("tolerance", "first weeks", "first appointment", "naloxone", "lock up",
                  "fake", "you're still the adult in charge"):
        assert words in text
    assert "return to use" not in text.lower()


# Item 10: boundaries for stealing, children in the home and a loved one living at home.
BOUNDARIES_CARRY = {
    "stealing": ("lock up valuables", "medicines", "police", "treatment instead"),
    "kids_at_home": ("children or grandchildren", "lock up all medicines", "911", "alateen"),
    "living_at_home": ("your choice", "move out", "keep in touch", "1-800-662-4357"),
}


@pytest.mark.parametrize("situation", BOUNDARIES_CARRY)
@pytest.mark.parametrize("substance", (*OPIOID_RISK, "alcohol", "cannabis"))
@pytest.mark.parametrize("relationship", (*RELATIONSHIPS, "wife", "grandchild", "other_relative"))
def test_boundaries_fit_the_situation_whatever_else_is_known(
    responses, situation: str, substance: Optional[str], relationship: Optional[str]
) -> None:
    text = answer(responses, "utter_boundaries_enabling", situation=situation,
                  substance=substance, relationship=relationship)
    missing = [words for words in BOUNDARIES_CARRY[situation] if words not in text]
    assert not missing
    assert "naloxone" in text and "fentanyl" in text
    partner = relationship in ("partner", "husband", "wife")
    assert ("1-800-799-7233" in text) == partner


@pytest.mark.parametrize("substance", (*OPIOID_RISK, "alcohol", "cannabis"))
@pytest.mark.parametrize("relationship", (None, "son", "daughter", "grandchild"))
def test_a_young_adult_away_at_college_decides_with_the_family(
    responses, substance: Optional[str], relationship: Optional[str]
) -> None:
    """Whether to come home from college: decided with them, with care near home or school,
    and money tied to the plan; never the house rules of a child living at home."""
    text = answer(responses, "utter_boundaries_enabling", situation="college",
                  substance=substance, relationship=relationship)
    for words in ("with them, not for them", "coming home", "counselling", "pay the school"):
        assert words in text
    assert "house rules" not in text


@pytest.mark.parametrize("substance", (None, "opioids", "fentanyl", "heroin"))
def test_naloxone_for_someone_in_recovery_never_says_they_use(
    responses, substance: Optional[str]
) -> None:
    """"He used heroin in his twenties and has been clean for three years; should I still keep
    Narcan?" gets why it belongs at home (lower tolerance), not "because your loved one uses
    opioids"."""
    text = answer(responses, "utter_naloxone", situation="in_recovery", substance=substance)
    for words in ("in recovery", "tolerance", "can kill", "not a sign that you doubt them",
                  "without a prescription", "911"):
        assert words in text
    assert "uses opioids" not in text


@pytest.mark.parametrize("substance", ("alcohol", "benzodiazepines", "cocaine"))
def test_in_recovery_from_another_substance_keeps_its_own_naloxone_answer(
    responses, substance: str
) -> None:
    assert answer(responses, "utter_naloxone", situation="in_recovery", substance=substance) == (
        answer(responses, "utter_naloxone", substance=substance))


@pytest.mark.parametrize("substance", (None, "opioids", "alcohol", "cocaine"))
def test_a_fear_of_return_in_recovery_gets_the_maintenance_answer(
    responses, substance: Optional[str]
) -> None:
    """"She has been clean for two years, and I worry she'll start again": support for
    keeping the change going, not "a return to use hurts" as if she had relapsed."""
    text = answer(responses, "utter_relapse", situation="in_recovery", substance=substance)
    for words in ("start again", "maintenance", "praise", "doesn't erase their progress",
                  "naloxone", "tolerance"):
        assert words in text
    assert "a return to use hurts" not in text.lower()
