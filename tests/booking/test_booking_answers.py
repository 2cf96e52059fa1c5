"""The reply readers shared by the booking, rebooking and callback forms."""

from __future__ import annotations

import asyncio
import json
from typing import Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from tracker_builders import tracker_for, user_event

from actions.booking_answers import (
    SKIPPED,
    answer_of,
    cleared,
    read_contact_answer,
    read_name_answer,
    read_yes_no,
    stopped,
    wants_to_stop,
)
from actions.booking_callback import ValidateCallbackForm
from actions.booking_form import FOR_WHOM_BUTTONS, ValidateBookingForm, read_for_whom, read_type
from actions.booking_manage import ValidateBookingManageForm
from booking import service


def reply(text: str, intent: Optional[str] = None, confidence: float = 0.9,
          choice: Optional[str] = None) -> Tracker:
    entities = [{"entity": "booking_choice", "value": choice}] if choice else []
    message = user_event(text, intent, confidence, entities=entities)
    return tracker_for([], latest_message=message["parse_data"])


def said(dispatcher: CollectingDispatcher) -> list:
    return [m.get("response") for m in dispatcher.messages]


def test_a_button_choice_wins_over_the_typed_text():
    assert answer_of(reply("/booking_pick", choice="loved_one")) == "loved_one"
    assert answer_of(reply("for my son")) == "for my son"


def test_stop_needs_a_stop_word_or_a_confident_stop_intent():
    assert wants_to_stop(reply("stop"))
    assert wants_to_stop(reply("let's end this", intent="stop_form", confidence=0.9))
    assert not wants_to_stop(reply("let's end this", intent="stop_form", confidence=0.3))
    assert not wants_to_stop(reply("Rosa"))


def test_yes_no_uses_the_words_then_the_intent():
    assert read_yes_no(reply("yes please")) is True
    assert read_yes_no(reply("no")) is False
    assert read_yes_no(reply("sounds good", intent="affirm")) is True
    assert read_yes_no(reply("hmm", intent="greet")) is None
    assert read_yes_no(reply("hmm"), text="yes") is True


def test_the_same_contact_reading_fills_each_forms_own_slots():
    dispatcher = CollectingDispatcher()
    filled = read_contact_answer(reply("410 555 0166 or rosa@example.org"), dispatcher,
                                 "booking_callback_contact", "booking_callback_phone",
                                 "booking_callback_email")
    assert filled["booking_callback_email"] == "rosa@example.org"
    assert filled["booking_callback_phone"]
    assert "rosa@example.org" in filled["booking_callback_contact"]
    assert dispatcher.messages == []


def test_an_unreadable_contact_is_asked_again_kindly():
    dispatcher = CollectingDispatcher()
    assert read_contact_answer(reply("555-0100"), dispatcher, "booking_contact",
                               "booking_phone", "booking_email") == {"booking_contact": None}
    [response] = said(dispatcher)
    assert response.startswith("utter_booking_contact_")


def test_a_name_may_be_skipped_only_where_allowed():
    dispatcher = CollectingDispatcher()
    assert read_name_answer(reply("skip"), dispatcher, "loved", allow_skip=True) == {
        "loved": SKIPPED}
    assert read_name_answer(reply("skip"), dispatcher, "mine", allow_skip=False) == {
        "mine": None}
    assert said(dispatcher) == ["utter_booking_name_needed"]
    assert read_name_answer(reply("Rosa"), dispatcher, "mine", allow_skip=False) == {
        "mine": "Rosa"}


def test_stopping_and_clearing():
    assert stopped() == {"booking_stopped": True, "booking_outcome": "stopped"}
    assert stopped("kept")["booking_outcome"] == "kept"
    assert [(e["name"], e["value"]) for e in cleared(["a", "b"])] == [("a", None), ("b", None)]


def test_a_stopped_form_asks_nothing_more():
    def asks(form, slots):
        return asyncio.run(form.required_slots([], CollectingDispatcher(), tracker_for([], slots),
                                               {}))

    for form in (ValidateCallbackForm(), ValidateBookingManageForm()):
        assert asks(form, {"booking_stopped": True}) == []
    assert asks(ValidateBookingManageForm(), {"booking_manage_choice": "reschedule"})[-3:] == [
        "booking_day", "booking_slot", "booking_manage_confirm"]


def test_every_question_opens_alike_a_reset_is_no_reply_and_stop_ends_the_form():
    """StoppableForm's shared opening, with what a stop means in each form."""
    stops = {
        ValidateBookingForm(): {slot: "stopped" for slot in (
            "booking_type", "booking_for_whom", "booking_name", "booking_loved_one_name",
            "booking_contact", "booking_day", "booking_slot", "booking_consent",
            "booking_reminder", "booking_confirm")},
        ValidateBookingManageForm(): {
            "booking_manage_code": "stopped", "booking_manage_contact": "stopped",
            "booking_manage_choice": "kept", "booking_day": "kept", "booking_slot": "kept",
            "booking_manage_confirm": "kept"},
        ValidateCallbackForm(): {slot: None for slot in (
            "booking_callback_name", "booking_callback_contact", "booking_callback_time",
            "booking_callback_consent")},
    }
    for form, outcomes in stops.items():
        for slot, outcome in outcomes.items():
            validate = getattr(form, f"validate_{slot}")
            dispatcher = CollectingDispatcher()
            assert validate(None, dispatcher, reply("stop"), {}) == {}
            expected = {slot: None, "booking_stopped": True}
            if outcome is not None:
                expected["booking_outcome"] = outcome
            assert validate("stop", dispatcher, reply("stop"), {}) == expected, slot
            assert dispatcher.messages == []


def button_choices(rasa_domain, response: str) -> list:
    """The booking_choice of each button of a question, in the order the family sees them."""
    buttons = rasa_domain.responses[response][0]["buttons"]
    return [json.loads("{" + b["payload"].split("{", 1)[1])["booking_choice"] for b in buttons]


@pytest.mark.parametrize("typed, place", [
    ("the first one", 1), ("First", 1), ("the 2nd one please", 2), ("i'll take the third", 3),
    ("3", 3), ("second option", 2),
    ("for the first time", None), ("which one is cheaper?", None), ("one", None),
    ("the fourth one", None),
])
def test_a_typed_place_picks_that_appointment_type_button(rasa_domain, typed, place):
    types = button_choices(rasa_domain, "utter_ask_booking_type")
    assert types == service.appointment_type_keys()  # the buttons' order is the types' order
    assert read_type(typed, types) == (types[place - 1] if place else None)


@pytest.mark.parametrize("typed, whom", [
    ("the first one", "self"), ("the second one", "loved_one"), ("2", "loved_one"),
    ("for the second", "loved_one"), ("the third one", None),
])
def test_a_typed_place_picks_that_for_whom_button(rasa_domain, typed, whom):
    assert button_choices(rasa_domain, "utter_ask_booking_for_whom") == list(FOR_WHOM_BUTTONS)
    assert read_for_whom(typed) == whom


def test_a_type_named_in_words_still_wins_and_asking_to_book_picks_no_place():
    assert read_type("the ketamine one", ["family_call", "ketamine_consult"]) == "ketamine_consult"
    assert read_type("book the first one", ["family_call", "tms_consult"], answering=False) is None
