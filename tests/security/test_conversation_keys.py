"""Whoever holds a conversation sees only what they typed in it (issue 17, finding 3).

The booking summary (name, loved one's name, phone) is shown back by the real action; a new
session carries slots over, so a value left by an earlier visit must not be echoed to whoever
holds the conversation now. (Guessable ids are refused: test_public_channel_live.py; the
wrong-try limit per booking and contact: tests/booking/test_lookup_limit.py and
test_booking_conversation.py::test_the_wrong_try_limit_holds_across_flows_and_conversations.)
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from rasa_sdk.executor import CollectingDispatcher
from tracker_builders import action_event, slot_event, tracker_for, user_event

from actions.booking_form import NOT_SHOWN, ActionAskBookingConfirm

PERSONAL = {"booking_name": "Dana Reyes", "booking_loved_one_name": "Sam",
            "booking_contact": "(410) 555-0134"}


def slots() -> dict:
    start = (datetime.now(timezone.utc) + timedelta(days=3)).replace(microsecond=0)
    return {"booking_type": "family_call", "booking_for_whom": "loved_one",
            "booking_slot": start.isoformat(), "booking_consent": True,
            "booking_reminder": "discreet", **PERSONAL}


def summary(events: list) -> dict:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskBookingConfirm().run(dispatcher, tracker_for(events, slots()), {}))
    [message] = dispatcher.messages
    return message


def carried_over_then(*now: dict) -> list:
    """An earlier visit's slots carried into a new session (as Rasa's session start does),
    then what happens in the new session."""
    return [{"event": "session_started"},
            *[slot_event(name, value) for name, value in PERSONAL.items()],
            action_event("action_listen"), *now]


def test_values_left_by_an_earlier_visit_are_not_shown_back() -> None:
    shown = summary(carried_over_then(user_event("I want to book", "book_appointment")))
    assert shown["summary_name"] == NOT_SHOWN and shown["summary_contact"] == NOT_SHOWN
    assert "Sam" not in shown["summary_who"]
    assert not any(value in str(shown) for value in PERSONAL.values())


def test_values_typed_in_this_session_are_shown_back() -> None:
    typed = [user_event("Dana Reyes", "inform"), slot_event("booking_name", "Dana Reyes"),
             user_event("410 555 0134", "inform"),
             slot_event("booking_contact", "(410) 555-0134")]
    shown = summary(carried_over_then(*typed))
    assert shown["summary_name"] == "Dana Reyes"
    assert shown["summary_contact"] == "(410) 555-0134"
    assert NOT_SHOWN in shown["summary_who"]  # the loved one's name was not typed again


@pytest.mark.parametrize("events", [[], [user_event("hi", "greet")]])
def test_a_conversation_without_a_new_session_shows_its_own_values(events: list) -> None:
    shown = summary(events)
    assert shown["summary_name"] == "Dana Reyes" and "Sam" in shown["summary_who"]
