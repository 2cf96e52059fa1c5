"""A short "how long does it take?" or "is it safe?" asks about the topic in focus.

The classifier reads those words as the ketamine course or ketamine safety, whatever came before;
after a detox or a talking answer, a ketamine text would mislead, so the topic in focus answers,
or the honest "I don't have that"."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from family_guide.followups import Turn, facet_answer, for_reader


def responses(domain_dict: Dict[str, Any]) -> set[str]:
    return set(domain_dict["responses"])


@pytest.mark.parametrize("focus", ["how_to_talk", "precontemplation", "boundaries_enabling",
                                   "stages_of_change", "intervention"])
def test_how_long_after_family_advice_gets_months_not_the_ketamine_course(
    domain_dict, focus: str
) -> None:
    answer = facet_answer(Turn("ketamine_process", "how long does that take to work"), focus,
                          responses(domain_dict))
    assert answer is not None and answer.response == "utter_family_approach_duration"


def test_how_long_after_going_into_detox_gets_the_program_length_answer(domain_dict) -> None:
    for text in ("how long will that take", "how many days will he be in there"):
        answer = facet_answer(Turn("ketamine_process", text), "loved_one_ready",
                              responses(domain_dict))
        assert answer is not None, text
        assert answer.response == "utter_rehab_support_groups_duration", text


def test_a_short_safety_question_after_relapse_is_honest_not_about_ketamine(domain_dict) -> None:
    answer = facet_answer(Turn("ketamine_safety", "is that safe?"), "relapse",
                          responses(domain_dict))
    assert answer is not None and answer.response == "utter_facet_missing_safety"


def test_naming_ketamine_still_gets_the_ketamine_answer(domain_dict) -> None:
    assert facet_answer(Turn("ketamine_process", "how long does a ketamine course take"),
                        "how_to_talk", responses(domain_dict)).response == "utter_ketamine_process"
    assert facet_answer(Turn("ketamine_process", "how long does it take"), "tms",
                        responses(domain_dict)).response == "utter_tms_duration"


def test_a_letter_is_its_own_question_not_a_follow_up(domain_dict) -> None:
    letter = ("My wife has been on pills for a year and nothing we try works. Her sister keeps "
              "telling us about the clinic she went to. How many sessions would she need, and "
              "how long is each one?")
    assert facet_answer(Turn("ketamine_process", letter), "how_to_talk",
                        responses(domain_dict)) is None


def test_there_is_not_a_place_referred_back_to(domain_dict) -> None:
    assert facet_answer(Turn("ketamine_process", "is there a waiting list for a first visit"),
                        "relapse", responses(domain_dict)) is None


@pytest.mark.parametrize("text", ["my 15 year old son vapes weed", "our 16-year-old drinks"])
def test_the_parent_of_a_minor_gets_the_version_that_keeps_them_in_charge(
    domain_dict, variation_text, text: str
) -> None:
    turns = [Turn("how_to_talk", text)]
    name = for_reader("utter_family_approach_duration", turns, responses(domain_dict))
    assert name == "utter_family_approach_duration_minor"
    assert "you're still the adult in charge" in variation_text(name).lower()


def test_the_family_approach_answer_keeps_the_trial_figures_limits(variation_text) -> None:
    text = variation_text("utter_family_approach_duration")
    assert "months, not days" in text and "3 in 10" in text
    assert "74%" not in text and "64%" not in text


def test_a_bare_how_long_asks_the_duration_of_whatever_is_in_focus(domain_dict) -> None:
    ask = Turn("ask_duration", "how long does it take")
    known = responses(domain_dict)
    assert facet_answer(ask, "rehab_support_groups", known).response == (
        "utter_rehab_support_groups_duration")
    assert facet_answer(ask, "medication_treatment", known).response == (
        "utter_medication_treatment_duration")
    assert facet_answer(ask, "relapse", known).response == "utter_facet_missing_duration"
    assert facet_answer(ask, None, known).response == "utter_followup_no_topic"
    assert facet_answer(Turn("ask_duration", "how long do infusions take"), "relapse",
                        known).response == "utter_ketamine_process"


def _read_as_medication(text: str, second: str = "ask_safety") -> Turn:
    """How the classifier reads a combining question: the other treatment's own topic."""
    return Turn("medication_treatment", text, ({"name": "medication_treatment", "confidence": 0.9},
                                               {"name": second, "confidence": 0.05}))


@pytest.mark.parametrize("text", ["is it safe with methadone?",
                                  "can he do it while he's on suboxone",
                                  "he's on methadone, would that be a problem?"])
def test_a_treatment_named_only_as_what_it_is_combined_with_keeps_the_focus(
    domain_dict, text: str
) -> None:
    """After the ketamine answer, methadone in "is it safe with methadone?" is what ketamine
    would be combined with: the ketamine safety answer (with its mixing line), not methadone."""
    answer = facet_answer(_read_as_medication(text), "ketamine_info", responses(domain_dict))
    assert answer is not None and answer.response == "utter_ketamine_safety"


def test_the_facet_asked_beside_the_other_treatment_is_kept(domain_dict) -> None:
    answer = facet_answer(_read_as_medication("how much is it with suboxone", "cost_insurance"),
                          "ketamine_info", responses(domain_dict))
    assert answer is not None and answer.facet == "cost"


@pytest.mark.parametrize(("text", "focus"), [("what is methadone?", "ketamine_info"),
                                             ("is it safe with methadone?", None),
                                             ("is methadone safe?", "ketamine_info")])
def test_asking_about_the_other_treatment_itself_is_its_own_question(
    domain_dict, text: str, focus
) -> None:
    assert facet_answer(_read_as_medication(text), focus, responses(domain_dict)) is None
