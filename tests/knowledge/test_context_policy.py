"""A correction or a "what if" turn re-answers the case just discussed, with what it changed;
anything else (a new question, a letter, a crisis, a form) is left to the other policies."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.followups import Turn, context_turn, corrected_case
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
    ("what if there's fentanyl in it?",
     [{"entity": "substance", "value": "fentanyl", "start": 16, "end": 24}], False),
    ("what if it's fentanyl in his coke",
     [{"entity": "substance", "value": "fentanyl", "start": 13, "end": 21}], False),
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


def test_a_relationship_taken_back_in_favour_of_another_re_answers_for_the_new_one(
        rasa_domain: Domain) -> None:
    """"It's not my boyfriend, it's my brother": the message names both; the brother is the case,
    so the partner version is not sent again, and the slot follows the correction."""
    text = "actually it's not my boyfriend, it's my brother"
    boyfriend = {"entity": "relationship", "value": "partner",
                 "start": text.index("boyfriend"), "end": text.index("boyfriend") + 9}
    brother = {"entity": "relationship", "value": "brother",
               "start": text.index("brother"), "end": text.index("brother") + 7}
    t = tracker(("boundaries_enabling", "how do I set boundaries with my boyfriend", []),
                ("nlu_fallback", text, [boyfriend, brother]),
                slots={"relationship": "partner"})
    steps = context_steps(t, rasa_domain)
    assert steps and steps[0] != "utter_followup_no_topic"
    events = ContextPolicy.__new__(ContextPolicy).events_before(t, rasa_domain)
    assert [(e.key, e.value) for e in events] == [("relationship", "brother")]
    assert corrected_case(Turn("nlu_fallback", text, (), (boyfriend, brother))) == {
        "relationship": "brother"}
    xanax = "not xanax, his methadone"
    assert corrected_case(Turn("nlu_fallback", xanax, (), ({"entity": "substance",
                                                             "value": "benzodiazepines",
                                                             "start": 4, "end": 9},))) == {
        "substance": None}


@pytest.mark.parametrize("earlier, expected", [
    # How to talk has a version for the parent of a teen: sent now.
    (("how_to_talk", "how do I talk to my kid about his drinking", []),
     ("utter_how_to_talk_minor", "utter_anything_else")),
    # Naloxone has none: said honestly, not "that's outside what I know".
    (("naloxone", "where do I get narcan", []),
     ("utter_followup_age_noted", "utter_anything_else")),
])
def test_a_minors_age_added_after_an_answer_re_answers_for_a_parent_of_a_teen(
        rasa_domain: Domain, earlier: tuple, expected: tuple) -> None:
    t = tracker(earlier, ("out_of_scope", "he's 16 by the way", []))
    assert context_steps(t, rasa_domain) == expected
    # An age inside a question of its own is that question, not a correction.
    own = tracker(earlier, ("how_to_talk", "how do I talk to my 16 year old about vaping", []))
    assert context_steps(own, rasa_domain) == ()



def test_what_is_inside_what_they_take_gets_the_likeliest_topic(rasa_domain: Domain) -> None:
    """"What if there's fentanyl in it?" after the answer on his cocaine is read as `inform`:
    the answer for strips (the classifier's next topic), not the same answer again."""
    question = "what if there's fentanyl in it?"
    fentanyl = {"entity": "substance", "value": "fentanyl", "start": 16, "end": 24}
    events = [ActionExecuted("action_listen"),
              UserUttered("he does coke on weekends and says it's social",
                          {"name": "precontemplation", "confidence": 0.8}, [],
                          {"intent": {"name": "precontemplation"}}),
              ActionExecuted("utter_precontemplation"), ActionExecuted("action_listen"),
              UserUttered(question, {"name": "inform", "confidence": 0.46}, [fentanyl],
                          {"text": question, "intent": {"name": "inform"},
                           "intent_ranking": [{"name": "inform", "confidence": 0.46},
                                              {"name": "test_strips", "confidence": 0.22}]})]
    t = DialogueStateTracker.from_events("t-context-inside", events)
    assert context_steps(t, rasa_domain)[0] == "utter_test_strips"
