"""The answer a family reads fits what their loved one uses and who they are to them.

Picked by Rasa's own response generator from the merged domain, as in the running bot.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

import pytest
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.nlg.generator import ResponseVariationFilter

SAFETY_TOPICS = ("naloxone", "harm_reduction", "overdose_signs", "test_strips", "relapse")
NO_SLOTS = {"substance": None, "relationship": None}


@pytest.fixture(scope="module")
def nlg(domain) -> TemplatedNaturalLanguageGenerator:
    return TemplatedNaturalLanguageGenerator(domain.responses)


def text(nlg, response: str, substance: Optional[str] = None,
         relationship: Optional[str] = None) -> str:
    slots: Dict[str, Any] = {"substance": substance, "relationship": relationship}
    message = nlg.generate_from_slots(response, slots, "rest")
    assert message is not None, response
    return message["text"]


@pytest.mark.parametrize("topic", ("naloxone", "harm_reduction", "precontemplation",
                                   "loved_one_ready", "relapse"))
@pytest.mark.parametrize("substance", ("opioids", "fentanyl", "heroin"))
def test_opioids_get_naloxone(nlg, topic: str, substance: str) -> None:
    assert "naloxone" in text(nlg, f"utter_{topic}", substance).lower()


@pytest.mark.parametrize("topic", ("naloxone", "harm_reduction", "precontemplation",
                                   "loved_one_ready", "relapse"))
@pytest.mark.parametrize("substance", ("alcohol", "benzodiazepines"))
def test_alcohol_and_benzodiazepines_warn_against_stopping_suddenly_or_mixing(
    nlg, topic: str, substance: str
) -> None:
    answer = text(nlg, f"utter_{topic}", substance).lower()
    assert any(words in answer for words in ("suddenly", "all at once", "mixing", "together"))


@pytest.mark.parametrize("topic", SAFETY_TOPICS)
@pytest.mark.parametrize("substance", ("cocaine", "meth"))
def test_stimulants_never_get_naloxone_only_advice(nlg, topic: str, substance: str) -> None:
    answer = text(nlg, f"utter_{topic}", substance).lower()
    assert "fentanyl" in answer
    assert "alone" in answer or "911" in answer


@pytest.mark.parametrize("relationship,words", [
    ("son", "grown child"), ("daughter", "grown child"),
    ("partner", "partner"), ("husband", "partner"), ("wife", "partner"),
])
def test_boundaries_fit_the_relationship(nlg, relationship: str, words: str) -> None:
    assert words in text(nlg, "utter_boundaries_enabling", relationship=relationship)


def test_an_untailored_substance_gets_the_default(nlg) -> None:
    assert text(nlg, "utter_naloxone", "cannabis") == text(nlg, "utter_naloxone")


def test_benzodiazepine_answer_never_says_stop_now(nlg) -> None:
    answer = text(nlg, "utter_benzodiazepines").lower()
    assert "should not stop suddenly" in answer and "taper" in answer


def test_a_pill_to_stop_drinking_gets_the_alcohol_medicines_not_the_opioid_ones(nlg) -> None:
    """Never-say 18: the opioid medicines are not the answer for alcohol (issue #15, item 3)."""
    answer = text(nlg, "utter_medication_treatment", "alcohol").lower()
    for medicine in ("naltrexone", "acamprosate", "disulfiram", "regular doctor"):
        assert medicine in answer
    assert "seizures" in answer and "dts" in answer and "all at once" in answer
    assert "suboxone" not in answer and "methadone" not in answer


@pytest.mark.parametrize("response,substance", [
    ("utter_medication_treatment", "alcohol"), ("utter_medication_treatment", "benzodiazepines"),
    ("utter_medication_treatment", "cocaine"), ("utter_medication_treatment", "meth"),
    ("utter_medication_treatment_more", "alcohol"),
])
def test_medication_answers_for_another_substance_never_are_the_opioid_default(
    nlg, response: str, substance: str
) -> None:
    assert text(nlg, response, substance) != text(nlg, response)


def test_methadone_and_buprenorphine_explained_for_families(nlg) -> None:
    """Issue #15, item 4: where each is given, no end date, stopping, 'just another drug?'."""
    answer = text(nlg, "utter_medication_treatment_more").lower()
    assert "regular doctor" in answer and "certified treatment program" in answer
    assert "no set end date" in answer
    assert "stopping raises the risk" in answer and "overdose" in answer
    assert "just another drug" in answer and "stable dose is in recovery" in answer


def test_every_substance_and_relationship_pair_picks_one_text(domain) -> None:
    """Rasa picks at random among the variations whose condition matches: a slot pair that
    matches two different texts makes the answer a coin toss (say, with or without naloxone).
    Several unconditioned texts (greetings) are variety on purpose."""
    values = {slot.name: [None, *slot.values] for slot in domain.slots if slot.name in NO_SLOTS}
    variations = ResponseVariationFilter(domain.responses)
    problems = []
    for name in domain.responses:
        for substance in values["substance"]:
            for relationship in values["relationship"]:
                slots = {"substance": substance, "relationship": relationship}
                matching = variations.responses_for_utter_action(name, "rest", slots)
                conditional = any("condition" in variation for variation in matching)
                if conditional and len({variation.get("text") for variation in matching}) > 1:
                    problems.append(f"{name}: {slots}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("topic", ("how_to_talk", "boundaries_enabling", "family_self_care",
                                   "ketamine_info", "precontemplation"))
@pytest.mark.parametrize("substance", ("opioids", "fentanyl", "heroin", "cocaine", "meth"))
@pytest.mark.parametrize("relationship", (None, "son", "daughter", "partner", "husband", "wife",
                                          "mother", "friend"))
def test_an_answer_about_something_else_still_keeps_them_alive(
    nlg, topic: str, substance: str, relationship: Optional[str]
) -> None:
    """Issue #15: where the loved one may meet fentanyl, every answer carries one safety line."""
    answer = text(nlg, f"utter_{topic}", substance, relationship).lower()
    assert "naloxone" in answer and "never to use alone" in answer


@pytest.mark.parametrize("topic", ("relapse", "loved_one_ready", "boundaries_enabling"))
@pytest.mark.parametrize("substance", ("opioids", "fentanyl", "heroin"))
@pytest.mark.parametrize("relationship", (None, "son", "partner"))
def test_opioid_answers_warn_that_lost_tolerance_makes_the_old_amount_deadly(
    nlg, topic: str, substance: str, relationship: Optional[str]
) -> None:
    answer = text(nlg, f"utter_{topic}", substance, relationship).lower()
    assert "tolerance" in answer and "old amount can kill" in answer
    assert all(place in answer for place in ("detox", "rehab", "jail", "hospital"))
    assert "first weeks" in answer


@pytest.mark.parametrize("relationship,words", [("son", "grown child"), ("partner", "partner")])
@pytest.mark.parametrize("substance", ("alcohol", "cannabis", "gambling", None))
def test_relationship_answers_stay_fitted_whatever_else_is_known(
    nlg, relationship: str, words: str, substance: Optional[str]
) -> None:
    for topic in ("how_to_talk", "boundaries_enabling"):
        answer = text(nlg, f"utter_{topic}", substance, relationship)
        assert words in answer and "naloxone" not in answer.lower()
