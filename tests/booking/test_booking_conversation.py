"""Booking, changing, cancelling and callbacks as a person experiences them in the chat.

The real form actions run against a real SQLite store and the project's clinic config;
tests/booking/booking_chat_driver.py plays Rasa's form loop.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from booking_chat_driver import FormConversation

import booking.store as store_module
from actions.booking import ActionBookingSubmit
from actions.booking_callback import (
    ActionCallbackReset,
    ActionCallbackSubmit,
    ValidateCallbackForm,
)
from actions.booking_form import (
    ActionAskBookingConfirm,
    ActionAskBookingSlot,
    ActionBookingReset,
    ValidateBookingForm,
)
from actions.booking_manage import (
    ActionAskBookingManageConfirm,
    ActionBookingManageReset,
    ActionBookingManageSubmit,
    ValidateBookingManageForm,
)
from booking import service
from booking.config import load_config
from booking.ics import ics_for_link
from booking.store import BookingRequest, BookingStore, make_engine


@pytest.fixture
def live_store(tmp_path, monkeypatch):
    """The store the actions use, on a fresh SQLite file."""
    store = BookingStore(make_engine(f"sqlite:///{tmp_path / 'chat.db'}"), load_config())
    monkeypatch.setattr(store_module, "_default_store", store)
    return store


def booking_chat(sender: str = "conv-test") -> FormConversation:
    return FormConversation(
        "booking_form", ValidateBookingForm(),
        {"booking_slot": ActionAskBookingSlot(), "booking_confirm": ActionAskBookingConfirm()},
        sender_id=sender, reset=ActionBookingReset(),
    )


def manage_chat() -> FormConversation:
    return FormConversation(
        "booking_manage_form", ValidateBookingManageForm(),
        {"booking_slot": ActionAskBookingSlot(),
         "booking_manage_confirm": ActionAskBookingManageConfirm()},
        reset=ActionBookingManageReset(),
    )


def fill_until_slots(chat: FormConversation, kind="family_call", for_whom="self") -> None:
    assert chat.start() == ["utter_ask_booking_type"]
    chat.tap(kind)
    chat.tap(for_whom)
    chat.say("Dana Reyes")
    if for_whom == "loved_one":
        chat.say("Sam")
    chat.say("you can reach me on 410-555-0134 or dana@example.org")
    assert chat.tap("soonest") == ["utter_booking_offer_slots"]


def test_happy_path_books_once_and_gives_a_code_and_calendar_link(live_store):
    chat = booking_chat()
    fill_until_slots(chat)
    offer = chat.last("utter_booking_offer_slots")
    assert 4 <= len(offer["buttons"]) <= 6
    assert offer["buttons"][0]["payload"] == '/booking_pick{"booking_choice":"1"}'
    first_time = chat.slots["booking_offered"][0]
    assert chat.tap("1") == ["utter_ask_booking_consent"]
    assert chat.tap("yes") == ["utter_ask_booking_reminder"]
    assert chat.tap("discreet") == ["utter_ask_booking_confirm"]
    summary = chat.last("utter_ask_booking_confirm")
    assert summary["summary_contact"] == "(410) 555-0134 and dana@example.org"
    assert live_store.active_bookings() == []  # nothing stored before the yes
    chat.tap("yes")
    [message] = chat.finish(ActionBookingSubmit())
    assert message["response"] == "utter_booking_booked_phone"
    [saved] = live_store.active_bookings()
    assert saved.code == message["booking_code"]
    assert saved.start == datetime.fromisoformat(first_time)
    assert saved.sender_id == "conv-test" and saved.reminder_style == "discreet"
    assert saved.phone == "+14105550134" and saved.email == "dana@example.org"
    token = message["ics_url"].split("?t=")[1]
    assert f"/ics/{saved.code}?t=" in message["ics_url"]
    assert b"Phone call" in ics_for_link(saved.code, token, live_store)
    assert chat.slots["booking_type"] is None  # answers cleared for next time


def test_booking_for_a_loved_one_records_who_consented(live_store):
    chat = booking_chat()
    fill_until_slots(chat, kind="ketamine_consult", for_whom="loved_one")
    chat.tap("2")
    chat.say("yes please")
    chat.say("no reminders")
    assert chat.last("utter_ask_booking_confirm")["summary_who"] == "your loved one, Sam"
    chat.say("yes")
    [saved] = live_store.active_bookings()
    assert saved.for_whom == "loved_one" and saved.patient_name == "Sam"
    assert saved.contact_name == "Dana Reyes" and saved.consent_given_by == "family_member"
    assert saved.reminder_style == "none"


def weekday_after_notice(zone) -> date:
    """The first Monday-to-Friday at least two days from today in the clinic's time zone."""
    today = datetime.now(zone).date()
    return next(today + timedelta(days=ahead) for ahead in range(2, 9)
                if (today + timedelta(days=ahead)).weekday() < 5)


def test_changing_the_time_before_confirming(live_store):
    chat = booking_chat()
    fill_until_slots(chat, kind="tms_consult")
    first_offer = list(chat.slots["booking_offered"])
    assert chat.tap("later") == ["utter_booking_offer_later"]
    assert chat.slots["booking_offered"][0] > first_offer[-1]
    chat.tap("1")
    chat.tap("no")  # no contact: reminders are switched off and not asked
    assert chat.responses() == ["utter_booking_no_contact_ok", "utter_ask_booking_confirm"]
    assert chat.tap("change") == ["utter_ask_booking_day"]
    # A weekday far enough ahead to be past the 24 hours' notice whenever the test runs:
    # "next tuesday" asked on a Monday evening has no slots left, and the offer moves on.
    day = weekday_after_notice(live_store.config.clinic.time_zone)
    chat.say(f"next {day.strftime('%A').lower()}-ish")
    chat.tap("1")
    chat.tap("yes")
    [saved] = live_store.active_bookings()
    assert saved.start.astimezone(live_store.config.clinic.time_zone).weekday() == day.weekday()
    assert saved.consent_to_contact is False and saved.reminder_style == "none"


@pytest.mark.parametrize("stop_word", ["stop", "Cancel", "never mind"])
def test_stopping_mid_form_stores_nothing(live_store, stop_word):
    chat = booking_chat()
    chat.start()
    chat.tap("family_call")
    chat.tap("self")
    assert chat.say(stop_word) == []
    assert not chat.active
    [message] = chat.finish(ActionBookingSubmit())
    assert message["response"] == "utter_booking_stopped"
    assert live_store.active_bookings() == []


@pytest.mark.parametrize(
    "slot_answer, reply",
    [
        ("A" * 500, "utter_booking_name_too_long"),
        ("😀😀", "utter_booking_name_letters_only"),
        ("what does it cost?", "utter_booking_name_not_a_name"),
    ],
)
def test_bad_names_get_a_kind_reask(live_store, slot_answer, reply):
    chat = booking_chat()
    chat.start()
    chat.tap("family_call")
    chat.tap("self")
    assert chat.say(slot_answer) == [reply, "utter_ask_booking_name"]


@pytest.mark.parametrize(
    "answer, reply",
    [
        ("555-0100", "utter_booking_contact_bad_phone"),
        ("000-123-4567", "utter_booking_contact_bad_phone"),
        ("dana@", "utter_booking_contact_bad_email"),
        ("call me maybe", "utter_booking_contact_missing"),
    ],
)
def test_bad_contacts_get_a_kind_reask(live_store, answer, reply):
    chat = booking_chat()
    chat.start()
    chat.tap("family_call")
    chat.tap("self")
    chat.say("Dana")
    assert chat.say(answer) == [reply, "utter_ask_booking_contact"]


@pytest.mark.parametrize(
    "answer, reply",
    [
        ("yesterday", "utter_booking_day_past"),
        ("when the kids are at school", "utter_booking_day_unclear"),
        ("February 30", "utter_booking_day_no_such_date"),
    ],
)
def test_bad_days_get_a_kind_reask(live_store, answer, reply):
    chat = booking_chat()
    chat.start()
    chat.tap("family_call")
    chat.tap("self")
    chat.say("Dana")
    chat.say("dana@example.org")
    assert chat.say(answer) == [reply, "utter_ask_booking_day"]


def test_a_slot_taken_in_the_meantime_offers_the_next_ones(live_store):
    chat = booking_chat()
    fill_until_slots(chat)
    chat.tap("1")
    chosen = chat.slots["booking_slot"]
    chat.tap("yes")
    chat.tap("discreet")
    slot = service.slot_from_start(live_store.config.appointment_type("family_call"), chosen)
    live_store.book(BookingRequest("family_call", "self", "Someone Else", None,
                                   "+14105550199", None, True, "discreet", "other", "k"), slot)
    assert chat.tap("yes") == ["utter_booking_slot_taken", "utter_booking_offer_slots"]
    assert chosen not in chat.slots["booking_offered"]
    chat.tap("1")
    chat.tap("yes")
    assert len(live_store.active_bookings()) == 2


def test_confirming_twice_books_once(live_store):
    chat = booking_chat()
    fill_until_slots(chat)
    chat.tap("1")
    chat.tap("yes")
    chat.tap("discreet")
    chat.active, requested, slots = True, "booking_confirm", dict(chat.slots)
    chat.tap("yes")
    chat.active, chat.requested, chat.slots = True, requested, slots  # the same yes again
    chat.tap("yes")
    assert len(live_store.active_bookings()) == 1


def book_one(live_store) -> str:
    chat = booking_chat()
    fill_until_slots(chat)
    chat.tap("1")
    chat.tap("yes")
    chat.tap("discreet")
    chat.tap("yes")
    return chat.slots["booking_code"]


def test_cancel_with_code_and_contact(live_store):
    code = book_one(live_store)
    chat = manage_chat()
    assert chat.start() == ["utter_ask_booking_manage_code"]
    chat.say(f"my code is {code.lower()}")
    assert chat.say("(410) 555-0134") == ["utter_booking_manage_found",
                                          "utter_ask_booking_manage_choice"]
    assert chat.tap("cancel") == ["utter_ask_booking_manage_confirm_cancel"]
    chat.tap("yes")
    [message] = chat.finish(ActionBookingManageSubmit())
    assert message["response"] == "utter_booking_cancelled"
    assert live_store.by_code(code).status == "cancelled"


def test_reschedule_with_code_and_contact(live_store):
    code = book_one(live_store)
    before = live_store.by_code(code).start
    chat = manage_chat()
    chat.start()
    chat.say(code)
    chat.say("dana@example.org")
    assert chat.say("can I move it to another day") == ["utter_ask_booking_day"]
    assert chat.tap("soonest") == ["utter_booking_offer_slots"]
    chat.tap("2")
    assert chat.responses() == ["utter_ask_booking_manage_confirm_move"]
    chat.tap("yes")
    [message] = chat.finish(ActionBookingManageSubmit())
    assert message["response"] == "utter_booking_rescheduled"
    moved = live_store.by_code(code)
    assert moved.start != before and moved.status == "booked"


def test_wrong_contact_three_times_changes_nothing(live_store):
    code = book_one(live_store)
    chat = manage_chat()
    chat.start()
    for _ in range(2):
        chat.say(code)
        assert chat.say("410 555 9999") == ["utter_booking_manage_not_found",
                                            "utter_ask_booking_manage_code"]
    chat.say(code)
    chat.say("someone@else.org")
    assert not chat.active
    [message] = chat.finish(ActionBookingManageSubmit())
    assert message["response"] == "utter_booking_manage_gave_up"
    assert live_store.by_code(code).status == "booked"


def test_the_wrong_try_limit_holds_across_flows_and_conversations(live_store):
    """Issue 17, finding 3: the count of wrong tries lived in a slot, so starting the change
    flow again gave three fresh tries, for ever. Now the code (and the contact) keep their
    misses: a new flow, even with the right contact, is told to ask the clinic."""
    code = book_one(live_store)
    for wrong in ("410 555 9999", "410 555 9998", "someone@else.org"):
        chat = manage_chat()
        chat.start()
        chat.say(code)
        assert chat.say(wrong)[0] == "utter_booking_manage_not_found"  # then a new flow
    chat = manage_chat()
    chat.start()
    chat.say(code)
    chat.say("(410) 555-0134")  # the right contact, too late: nothing is looked up
    assert not chat.active
    [message] = chat.finish(ActionBookingManageSubmit())
    assert message["response"] == "utter_booking_manage_gave_up"
    assert live_store.by_code(code).status == "booked"


def callback_chat() -> FormConversation:
    return FormConversation("callback_form", ValidateCallbackForm(), {},
                            reset=ActionCallbackReset())


def test_callback_request_is_stored_with_consent(live_store):
    chat = callback_chat()
    assert chat.start() == ["utter_ask_booking_callback_name"]
    chat.tap("skipped")
    chat.say("443 555 0188")
    chat.say("weekday mornings")
    assert chat.slots["booking_callback_contact"] == "(443) 555-0188"
    chat.tap("yes")
    [message] = chat.finish(ActionCallbackSubmit())
    assert message["response"].startswith("utter_booking_callback_saved_")
    [request] = live_store.callback_requests()
    assert request.name is None and request.phone == "+14435550188"
    assert request.best_time == "weekday mornings" and request.sender_id == "conv-test"
    assert [n["kind"] for n in live_store.notifications()] == ["callback_requested"]


def test_callback_without_consent_stores_nothing(live_store):
    chat = callback_chat()
    chat.start()
    chat.say("Dana")
    chat.say("dana@example.org")
    chat.tap("any time")
    chat.say("no")
    [message] = chat.finish(ActionCallbackSubmit())
    assert message["response"] == "utter_booking_callback_not_saved"
    assert live_store.callback_requests() == []


@pytest.mark.parametrize(
    "trigger, first_question",
    [
        ("could I book a TMS consultation", ["utter_ask_booking_for_whom"]),
        ("I want to set up the free family call", ["utter_ask_booking_for_whom"]),
        ("I want to book something", ["utter_ask_booking_type"]),
        ("can I book an appointment for my family", ["utter_ask_booking_type"]),
        ("book a call about ketamine or TMS", ["utter_ask_booking_type"]),
    ],
)
def test_the_type_named_when_asking_is_not_asked_again(live_store, trigger, first_question):
    chat = booking_chat()
    assert chat.start(trigger) == first_question


def test_another_day_button_goes_back_to_the_day_question(live_store):
    chat = booking_chat()
    fill_until_slots(chat)
    assert chat.tap("other_day") == ["utter_ask_booking_day"]
    assert chat.say("Friday") in (["utter_booking_offer_slots"], ["utter_booking_offer_next"])


def test_a_name_cannot_be_skipped_but_the_loved_ones_can(live_store):
    chat = booking_chat()
    chat.start()
    chat.tap("family_call")
    chat.tap("loved_one")
    assert chat.say("skip") == ["utter_booking_name_needed", "utter_ask_booking_name"]
    chat.say("Dana")
    assert chat.tap("skipped") == ["utter_ask_booking_contact"]


@pytest.mark.parametrize(
    "answer, kind",
    [("the phone call", "family_call"), ("the free one", "family_call"), ("2", "ketamine_consult"),
     ("Ketamine please", "ketamine_consult"), ("TMS", "tms_consult"),
     ("the first one", "family_call"), ("the third one please", "tms_consult")],
)
def test_typed_type_answers(live_store, answer, kind):
    chat = booking_chat()
    chat.start()
    assert chat.say(answer) == ["utter_ask_booking_for_whom"]
    assert chat.slots["booking_type"] == kind


UNREACHABLE_DB = "postgresql+psycopg2://postgres@127.0.0.1:1/nowhere"  # nothing listens on 1


def test_database_down_at_confirmation_says_so_and_yes_again_books(live_store):
    chat = booking_chat()
    fill_until_slots(chat)
    chat.tap("1")
    chat.tap("yes")
    chat.tap("discreet")
    working = live_store.engine
    live_store.engine = make_engine(UNREACHABLE_DB)
    assert chat.tap("yes") == ["utter_booking_unavailable", "utter_ask_booking_confirm"]
    live_store.engine = working
    assert live_store.active_bookings() == []
    chat.tap("yes")
    [message] = chat.finish(ActionBookingSubmit())
    assert message["response"] == "utter_booking_booked_phone"
    assert len(live_store.active_bookings()) == 1


def test_database_down_for_a_callback_says_nothing_was_saved(live_store):
    chat = callback_chat()
    chat.start()
    chat.say("Dana")
    chat.say("dana@example.org")
    chat.tap("any time")
    chat.tap("yes")
    working = live_store.engine
    live_store.engine = make_engine(UNREACHABLE_DB)
    [message] = chat.finish(ActionCallbackSubmit())
    live_store.engine = working
    assert message["response"] == "utter_booking_unavailable"
    assert live_store.callback_requests() == []


@pytest.mark.parametrize("unclear", ["huh?", "ok?", "🤷"])
def test_an_unclear_reply_at_the_confirmation_books_nothing_and_asks_again(
    live_store, unclear
):
    """Even when the classifier is sure it heard "affirm", a question or an emoji is no yes."""
    chat = booking_chat()
    fill_until_slots(chat)
    chat.tap("1")
    chat.tap("yes")
    assert chat.tap("discreet") == ["utter_ask_booking_confirm"]
    assert chat.say(unclear, intent="affirm") == ["utter_booking_yes_no_unclear",
                                                  "utter_ask_booking_confirm"]
    assert live_store.active_bookings() == []


@pytest.mark.parametrize("unclear", ["huh?", "ok?", "🤷"])
def test_an_unclear_reply_at_the_cancel_confirmation_cancels_nothing(live_store, unclear):
    code = book_one(live_store)
    chat = manage_chat()
    chat.start()
    chat.say(f"my code is {code.lower()}")
    chat.say("(410) 555-0134")
    assert chat.tap("cancel") == ["utter_ask_booking_manage_confirm_cancel"]
    assert chat.say(unclear, intent="affirm")[0] == "utter_booking_yes_no_unclear"
    assert live_store.by_code(code).status != "cancelled"
