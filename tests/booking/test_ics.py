"""Calendar files: discreet by default, correct times, only for the right link or contact."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from booking.ics import calendar_bytes, ics_for_booking, ics_for_link, ics_path
from booking.slots import Slot
from booking.store import BookingRequest

START = datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc)  # 9:00 in Annapolis


@pytest.fixture
def sqlite_store(tmp_path, config):
    from booking.store import BookingStore, make_engine

    return BookingStore(make_engine(f"sqlite:///{tmp_path / 'ics.db'}"), config)


def make_booking(store, kind="ketamine_consult", reminder="discreet"):
    slot = Slot(kind, store.config.appointment_type(kind).resource, START,
                START + timedelta(minutes=store.config.appointment_type(kind).duration_minutes))
    request = BookingRequest(kind, "loved_one", "Dana", "Sam", "+14105550134", None, True,
                             reminder, "conv-1", f"key-{kind}-{reminder}")
    return store.book(request, slot)


def event_of(data: bytes):
    return next(iter(Calendar.from_ical(data).walk("VEVENT")))


@pytest.mark.parametrize("kind", ["ketamine_consult", "tms_consult"])
def test_discreet_calendar_never_names_the_treatment(sqlite_store, kind):
    booking = make_booking(sqlite_store, kind)
    data = calendar_bytes(booking, sqlite_store.config)
    for word in (b"etamine", b"TMS", b"addiction", b"Addiction", b"Sam"):
        assert word not in data
    event = event_of(data)
    assert str(event["SUMMARY"]) == "Appointment — Test Clinic"
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + timedelta(
        minutes=sqlite_store.config.appointment_type(kind).duration_minutes)
    assert booking.code in str(event["DESCRIPTION"])


def test_detailed_reminders_name_the_appointment(sqlite_store):
    booking = make_booking(sqlite_store, reminder="detailed")
    event = event_of(calendar_bytes(booking, sqlite_store.config))
    assert str(event["SUMMARY"]) == "Ketamine therapy consultation — Test Clinic"


def test_link_needs_the_right_token(sqlite_store):
    booking = make_booking(sqlite_store)
    assert ics_path(booking) == f"/ics/{booking.code}?t={booking.ics_token}"
    assert event_of(ics_for_link(booking.code, booking.ics_token, sqlite_store))
    with pytest.raises(LookupError):
        ics_for_link(booking.code, "wrong-token", sqlite_store)
    with pytest.raises(LookupError):
        ics_for_link("ZZZZZZ", booking.ics_token, sqlite_store)


def test_code_and_contact_also_work(sqlite_store):
    booking = make_booking(sqlite_store)
    assert event_of(ics_for_booking(booking.code, "410-555-0134", sqlite_store))
    assert event_of(ics_for_booking(booking.code.lower(), "(410) 555-0134", sqlite_store))
    with pytest.raises(LookupError):
        ics_for_booking(booking.code, "410-555-0199", sqlite_store)


def test_moved_and_cancelled_bookings_update_the_calendar(sqlite_store):
    booking = make_booking(sqlite_store)
    later = Slot(booking.appointment_type, booking.resource, START + timedelta(hours=3),
                 START + timedelta(hours=4))
    moved = sqlite_store.reschedule(booking.code, "410 555 0134", later)
    event = event_of(calendar_bytes(moved, sqlite_store.config))
    assert event.decoded("DTSTART") == later.start and int(event["SEQUENCE"]) == 1
    cancelled = sqlite_store.cancel(booking.code, "410 555 0134")
    event = event_of(calendar_bytes(cancelled, sqlite_store.config))
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"{booking.code}@family-guide"


def test_download_endpoint(sqlite_store, monkeypatch):
    import asyncio

    import httpx

    import booking.store as store_module
    from booking.ics_app import app

    monkeypatch.setattr(store_module, "_default_store", sqlite_store)
    booking = make_booking(sqlite_store)

    async def fetch(path: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path)

    ok = asyncio.run(fetch(ics_path(booking)))
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("text/calendar")
    assert 'filename="appointment.ics"' in ok.headers["content-disposition"]
    assert event_of(ok.content)["UID"] == f"{booking.code}@family-guide"
    wrong = asyncio.run(fetch(f"/ics/{booking.code}?t=guess"))
    assert wrong.status_code == 404 and booking.code not in wrong.text
    assert asyncio.run(fetch("/ics/ZZZZZZ")).status_code == 404
