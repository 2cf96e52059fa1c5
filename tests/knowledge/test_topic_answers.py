"""The topic-answer policy sends a topic's registry responses in order, then listens."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.policies.topic_answers import next_answer_action, next_step


def tracker_after(intent: str, *actions: str, loop: str | None = None) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen")]
    if loop:
        events.insert(0, ActiveLoop(loop))
    events += [UserUttered("...", {"name": intent, "confidence": 0.9})]
    events += [ActionExecuted(action) for action in actions]
    return DialogueStateTracker.from_events("test", events)


def test_the_answer_then_the_follow_up_then_a_listen() -> None:
    assert next_answer_action(tracker_after("naloxone")) == "utter_naloxone"
    assert next_answer_action(tracker_after("naloxone", "utter_naloxone")) == "utter_anything_else"
    done = ("utter_naloxone", "utter_anything_else")
    assert next_answer_action(tracker_after("naloxone", *done)) == "action_listen"


def test_a_denial_is_followed_by_the_check_in_offer() -> None:
    after = tracker_after("precontemplation", "utter_precontemplation")
    assert next_answer_action(after) == "utter_offer_stage_assessment"


def test_quiet_for_rule_topics_forms_and_other_turns() -> None:
    assert next_answer_action(tracker_after("book_appointment")) is None
    assert next_answer_action(tracker_after("crisis_suicide")) is None
    assert next_answer_action(tracker_after("naloxone", loop="booking_form")) is None
    assert next_answer_action(tracker_after("naloxone", "action_offer_topics")) is None


def test_next_step_only_continues_its_own_sequence() -> None:
    steps = ("utter_a", "utter_b")
    assert next_step(steps, []) == "utter_a"
    assert next_step(steps, ["utter_a", "utter_b", "action_listen"]) is None
    assert next_step(steps, ["utter_b"]) is None
