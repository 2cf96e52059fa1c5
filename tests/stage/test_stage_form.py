"""The real validate_stage_form action on odd replies, with a real Tracker and dispatcher."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from stage_trackers import form_tracker
from tracker_builders import slot_event, tracker_for, user_event

from actions.stage_answers import QUESTION_SLOTS
from actions.stage_form import ValidateStageForm


def validate(tracker, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateStageForm().run(dispatcher, tracker, domain))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    responses = [m.get("response") for m in dispatcher.messages]
    return slots, responses


@pytest.mark.parametrize(
    "slot,text,intent,expected",
    [
        ("stage_sees_problem", "idk", "stage_skip", "unsure"),
        ("stage_sees_problem", "idk", "nlu_fallback", "unsure"),
        ("stage_sees_problem", "👍", "nlu_fallback", "yes"),
        ("stage_sees_problem", "yes but he never follows through", "affirm", "mixed"),
        (
            "stage_sees_problem",
            "It's complicated. He keeps saying he has it under control and that everyone "
            "drinks like this after work, but his job is suffering and he hides bottles.",
            "precontemplation",
            "no",
        ),
        ("stage_took_step", "/affirm", "affirm", "yes"),
        ("stage_not_using", "sober since March, so about 8 months", "relapse", "stopped_long"),
        ("stage_returned_to_use", "😕 not sure", "stage_skip", "unsure"),
    ],
)
def test_odd_but_readable_replies_fill_the_slot_quietly(domain, slot, text, intent, expected):
    slots, responses = validate(form_tracker(slot, [user_event(text, intent)]), domain)
    assert slots[slot] == expected
    assert responses == []


def test_unreadable_reply_is_asked_again_kindly(domain):
    tracker = form_tracker("stage_talked_change", [user_event("🍕🍕", "nlu_fallback", 0.2)])
    slots, responses = validate(tracker, domain)
    assert slots["stage_talked_change"] is None  # the form asks the question again
    assert responses == ["utter_stage_not_understood"]


def test_second_unreadable_reply_skips_the_question_instead_of_looping(domain):
    replies = [user_event("🍕", "nlu_fallback", 0.2), user_event("asdf", "nlu_fallback", 0.1)]
    slots, responses = validate(form_tracker("stage_talked_change", replies), domain)
    assert slots["stage_talked_change"] == "unsure"
    assert responses == ["utter_stage_moving_on"]


def test_side_question_is_answered_and_the_question_comes_back(domain):
    topic = next(
        (name[len("utter_"):] for name in ("utter_naloxone", "utter_how_to_talk",
                                           "utter_privacy", "utter_bot_challenge")
         if name in domain["responses"]),
        None,
    )
    assert topic, "no topic answer in the content catalogue to test a side question with"
    tracker = form_tracker("stage_took_step", [user_event("what's this about?", topic, 0.95)])
    slots, responses = validate(tracker, domain)
    assert slots["stage_took_step"] is None
    assert responses == [f"utter_{topic}", "utter_stage_resume"]


def test_side_question_does_not_count_as_an_unclear_reply(domain):
    topic = "privacy" if "utter_privacy" in domain["responses"] else "bot_challenge"
    replies = [user_event("is this private?", topic, 0.95), user_event("🍕", "nlu_fallback", 0.2)]
    slots, responses = validate(form_tracker("stage_took_step", replies), domain)
    assert slots["stage_took_step"] is None
    assert responses == ["utter_stage_not_understood"]


def test_starting_the_check_in_by_typing_asks_the_first_question_without_complaint(domain):
    # action_stage_start clears the answers after the user's message; Rasa then asks the
    # validation action about those cleared slots. They are not replies and must stay quiet.
    start = user_event("could we do the stage quiz", "stage_assessment", 0.97)
    events = [start] + [slot_event(s, None) for s in QUESTION_SLOTS]
    tracker = tracker_for(events, dict.fromkeys(QUESTION_SLOTS), active_loop="stage_form",
                          latest_action="action_stage_start")
    slots, responses = validate(tracker, domain)
    assert responses == []
    assert all(value is None for value in slots.values())
