"""A correction or a "what if" turn re-answers the case just discussed, with what it changed;
anything else (a new question, a letter, a crisis, a form) is left to the other policies."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.followups import Turn, context_turn
from family_guide.policies.context import ContextPolicy, context_steps

# Written for these tests (never from the dev sets).
DAUGHTER = {"entity": "relationship", "value": "daughter", "text": "daughter"}
ALCOHOL = {"entity": "substance", "value": "alcohol", "text": "beer"}
KRATOM = {"entity": "substance", "value": "kratom", "text": "kratom"}


def tracker(*turns: tuple[str, str, list[dict[str, Any]]], slots: dict[str, Any] | None = None,
            loop: str | None = None) -> DialogueStateTracker:
    events: list = [ActionExecuted("action_listen")]
    if loop:
        events.append(ActiveLoop(loop))
    for number, (intent, text, entities) in enumerate(turns):
        events.append(UserUttered(text, {"name": intent, "confidence": 0.6}, entities,
                                  {"text": text, "intent": {"name": intent}, "entities": entities}))
        if number < len(turns) - 1:
            events += [ActionExecuted(f"utter_{intent}"), ActionExecuted("utter_anything_else"),
                       ActionExecuted("action_listen")]
    events += [SlotSet(name, value) for name, value in (slots or {}).items()]
    return DialogueStateTracker.from_events("t-context-0001", events)


@pytest.mark.parametrize("text, entities, is_context", [
    ("oh sorry, I meant my daughter, not my wife", [DAUGHTER], True),
    ("what if it was beer instead", [ALCOHOL], True),
    ("does that change if it's kratom", [KRATOM], True),
    ("my daughter drinks every night, what do I do", [DAUGHTER], False),
    ("sorry, I meant to say thank you", [], False),
    ("what if it's fentanyl?", [{"entity": "substance", "value": "fentanyl", "start": 13,
                                 "end": 21}], True),
    # What is inside the pills is a question for test strips, not the same answer again.
    ("what if the pills have fentanyl in them?",
     [{"entity": "substance", "value": "fentanyl", "start": 23, "end": 31}], False),
    ("what if her pressed pills are laced with fentanyl",
     [{"entity": "substance", "value": "fentanyl", "start": 41, "end": 49}], False),
])
def test_a_context_turn_needs_a_cue_and_a_case(text: str, entities: list, is_context: bool) -> None:
    assert context_turn(Turn("nlu_fallback", text, (), tuple(entities))) is is_context


def test_a_corrected_relationship_re_answers_the_topic_in_its_version(rasa_domain: Domain) -> None:
    t = tracker(("boundaries_enabling", "is paying her phone bill enabling?", []),
                ("nlu_fallback", "sorry, I meant my daughter, not my wife", [DAUGHTER]),
                slots={"relationship": "daughter"})
    assert context_steps(t, rasa_domain) == ("utter_boundaries_enabling", "utter_anything_else")
    assert ContextPolicy.get_default_config()["priority"] == 7


def test_a_what_if_without_a_written_version_says_so(rasa_domain: Domain) -> None:
    t = tracker(("naloxone", "what is narcan", []),
                ("inform", "what if it was kratom instead", [KRATOM]),
                slots={"substance": "kratom"})
    assert context_steps(t, rasa_domain) == ("utter_followup_substance", "utter_anything_else")


def test_a_correction_naming_another_topic_gets_that_topic(rasa_domain: Domain) -> None:
    t = tracker(("benzodiazepines", "he wants to quit his klonopin cold turkey", []),
                ("nlu_fallback", "no wait, not klonopin, I meant his suboxone", []))
    assert context_steps(t, rasa_domain)[0] == "utter_medication_treatment"


def test_new_questions_crises_forms_and_first_turns_are_left_alone(rasa_domain: Domain) -> None:
    first = tracker(("nlu_fallback", "sorry, I meant my daughter", [DAUGHTER]))
    crisis = tracker(("naloxone", "what is narcan", []),
                     ("crisis_suicide", "sorry I meant my daughter, she wants to die", [DAUGHTER]))
    form = tracker(("naloxone", "what is narcan", []),
                   ("nlu_fallback", "sorry, I meant my daughter", [DAUGHTER]), loop="booking_form")
    for t in (first, crisis, form):
        assert context_steps(t, rasa_domain) == ()


def test_a_what_if_naming_another_substance_keeps_the_topic(rasa_domain: Domain) -> None:
    klonopin = {"entity": "substance", "value": "benzodiazepines", "start": 15, "end": 23}
    t = tracker(("naloxone", "do I need narcan at home", []),
                ("inform", "what if it was klonopin instead", [klonopin]),
                slots={"substance": "benzodiazepines"})
    assert context_steps(t, rasa_domain)[0] in ("utter_naloxone", "utter_followup_substance")


def test_a_retracted_substance_is_cleared_before_the_new_topic_is_answered(
        rasa_domain: Domain) -> None:
    text = "no wait, not klonopin, I meant his suboxone"
    klonopin = {"entity": "substance", "value": "benzodiazepines",
                "start": text.index("klonopin"), "end": text.index("klonopin") + 8}
    t = tracker(("benzodiazepines", "he wants to quit his klonopin cold turkey", []),
                ("nlu_fallback", text, [klonopin]), slots={"substance": "benzodiazepines"})
    policy = ContextPolicy.__new__(ContextPolicy)
    assert context_steps(t, rasa_domain)[0] == "utter_medication_treatment"
    assert policy.events_before(t, rasa_domain) == [SlotSet("substance", None)]
    still = tracker(("naloxone", "do I need narcan at home", []),
                    ("inform", "what if it was klonopin instead", [
                        {"entity": "substance", "value": "benzodiazepines", "start": 15,
                         "end": 23}]))
    assert policy.events_before(still, rasa_domain) == []
