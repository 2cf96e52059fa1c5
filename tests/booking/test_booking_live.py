"""Booking through the real bot: the trained model, Rasa's form loop and the action server.

The same start_* functions as `make run` (scripts/services.sh) start the action server and
Rasa on free loopback ports, with the booking store in a temporary SQLite file. Messages go
through the REST channel exactly as the widget sends them. Uses the model `make test`
trains (models/family-guide.tar.gz) or $FG_MODEL.
"""

from __future__ import annotations

import re
from typing import List

import pytest

from booking.config import load_config
from booking.ics import ics_for_link
from booking.store import BookingStore, make_engine
from family_guide.channels.sender_ids import new_sender_id
from harness.chat_booking import pick
from harness.live_bot import LiveBot, prepare_bot

pytestmark = pytest.mark.live

READY_TIMEOUT_S = 600  # a loaded 2-core machine can take minutes to load the model


class Bot:
    def __init__(self, live: LiveBot, store: BookingStore) -> None:
        self.live = live
        self.store = store

    def say(self, sender: str, text: str) -> List[dict]:
        return self.live.say(sender, text)

    def text(self, sender: str, message: str) -> str:
        return "\n".join(m.get("text") or "" for m in self.say(sender, message))


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    work = tmp_path_factory.mktemp("booking-live")
    database = f"sqlite:///{work / 'bookings.db'}"
    live = prepare_bot(work, work / "logs", env={
        "BOOKING_DB_URL": database, "BOOKING_PUBLIC_URL": "http://calendar.test"})
    live.start(limit_s=READY_TIMEOUT_S)
    try:
        yield Bot(live, BookingStore(make_engine(database), load_config()))
    finally:
        live.stop()


def test_book_then_cancel_through_the_bot(bot):
    person = new_sender_id("live-booking")
    first = bot.text(person, "could I book a TMS consultation for my son?")
    assert "for you, or for your loved one" in first  # the type was named: not asked again
    bot.text(person, pick("loved_one"))
    assert "name" in bot.text(person, "😀😀😀").lower()  # re-asked kindly
    bot.text(person, "Rosa")
    bot.text(person, "Mateo")
    assert "doesn't look right" in bot.text(person, "555-0100")
    bot.text(person, "410 555 0166")
    offer = bot.say(person, "soonest")
    assert offer[-1]["buttons"][0]["payload"] == pick("1")
    bot.text(person, pick("1"))
    bot.text(person, "yes")
    summary = bot.text(person, pick("discreet"))
    assert "TMS consultation" in summary and "Mateo" in summary
    assert bot.store.active_bookings() == []
    booked = bot.text(person, "yes")
    [saved] = bot.store.active_bookings()
    assert saved.code in booked and saved.sender_id == person
    assert saved.appointment_type == "tms_consult" and saved.consent_given_by == "family_member"
    token = re.search(r"http://calendar\.test/ics/\w+\?t=([\w-]+)", booked).group(1)
    assert b"SUMMARY:Appointment" in ics_for_link(saved.code, token, bot.store)
    bot.text(person, "yes")  # a second yes books nothing more
    assert len(bot.store.active_bookings()) == 1

    other = new_sender_id("live-manage")
    bot.text(other, "I need to cancel my appointment")
    bot.text(other, saved.code.lower())
    assert "Found it" in bot.text(other, "(410) 555-0166")
    bot.text(other, pick("cancel"))
    assert "cancelled" in bot.text(other, "yes")
    assert bot.store.by_code(saved.code).status == "cancelled"
    kinds = [n["kind"] for n in bot.store.notifications()]
    assert kinds == ["booking_created", "booking_cancelled"]


def test_stop_leaves_cleanly_and_a_crisis_is_answered_first(bot):
    person = new_sender_id("live-stop")
    bot.text(person, "I want to book an appointment")
    bot.text(person, pick("family_call"))
    assert "Nothing was booked" in bot.text(person, "stop")
    crisis = new_sender_id("live-crisis")
    bot.text(crisis, "I'd like to book the free family call")
    reply = bot.text(crisis, "my son says he wants to kill himself")
    assert "988" in reply
    assert bot.store.active_bookings() == []


def test_callback_request_through_the_bot(bot):
    person = new_sender_id("live-callback")
    bot.text(person, "can I talk to a real person please")
    bot.text(person, "Rosa")
    bot.text(person, "rosa@example.org")
    bot.text(person, "weekday mornings")
    reply = bot.text(person, "yes")
    assert "clinic" in reply and "911" in reply
    [request] = bot.store.callback_requests()
    assert request.email == "rosa@example.org" and request.sender_id == person
