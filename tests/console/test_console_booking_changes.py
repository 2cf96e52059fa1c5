"""Admins cancel or correct a booking in the console (issue 17, finding 1: a forged booking
could be cancelled by nobody). Admin only, CSRF-checked, with a reason, audited, and every
value checked by booking/service.py; against a real console and a real booking store."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Iterator

import httpx
import pytest
from console_harness import ADMIN, REVIEWER, RunningConsole, csrf_of, log_in

from booking.slots import Slot
from booking.store import Booking, BookingRequest, BookingStore, make_engine
from console import audit
from console.config import Settings
from console.web import CLINIC_ZONE

REASON = "Family called the clinic to change it"


@pytest.fixture
def booked(settings: Settings) -> Booking:
    store = BookingStore(make_engine(settings.booking_db_url))
    start = datetime.now(CLINIC_ZONE).replace(hour=10, minute=0, second=0, microsecond=0)
    start = (start + timedelta(days=2)).astimezone(timezone.utc)
    kind = next(iter(store.config.appointment_types.values()))
    booking = store.book(
        BookingRequest(kind.key, "loved_one", "Dana Parent", "Sam", "+14105550111",
                       "dana@example.com", True, "discreet", sender_id="family-jake"),
        Slot(kind.key, kind.resource, start, start + timedelta(minutes=kind.duration_minutes)),
    )
    store.engine.dispose()
    return booking


@contextmanager
def signed_in(running: RunningConsole, who: tuple) -> Iterator[httpx.Client]:
    with running.client() as client:
        assert log_in(client, *who).status_code == 303
        yield client


def stored(settings: Settings, code: str) -> Booking:
    store = BookingStore(make_engine(settings.booking_db_url))
    try:
        found = store.by_code(code)
    finally:
        store.engine.dispose()
    assert found is not None
    return found


def test_an_admin_cancels_with_a_reason_and_it_is_audited(settings, running, booked) -> None:
    with signed_in(running, ADMIN) as client:
        page = client.get("/bookings").text
        assert 'action="/bookings/cancel"' in page and booked.code in page
        done = client.post("/bookings/cancel", data={
            "csrf_token": csrf_of(page), "code": booked.code, "reason": REASON})
        assert done.status_code == 303
        assert booked.code not in client.get("/bookings").text  # no longer upcoming
    assert stored(settings, booked.code).status == "cancelled"
    [entry] = audit.entries(running.console.engine, action="cancel_booking")
    assert entry.username == ADMIN[0] and entry.target == booked.code and entry.detail == REASON


def test_an_admin_corrects_a_phone_read_as_the_chat_reads_it(settings, running, booked) -> None:
    with signed_in(running, ADMIN) as client:
        token = csrf_of(client.get("/bookings").text)
        done = client.post("/bookings/correct", data={
            "csrf_token": token, "code": booked.code, "phone": "(443) 555-0188",
            "contact_name": "", "patient_name": "", "email": "", "reason": REASON})
        assert done.status_code == 303
    fixed = stored(settings, booked.code)
    assert fixed.phone == "+14435550188" and fixed.contact_name == "Dana Parent"
    [entry] = audit.entries(running.console.engine, action="correct_booking")
    assert entry.detail.startswith("phone (") and "0188" not in entry.detail


@pytest.mark.parametrize("typed", [{"phone": "555-0100"}, {"contact_name": "<script>x</script>"},
                                   {"email": "dana at example"}, {"contact_name": "x" * 332}])
def test_a_correction_the_forms_would_refuse_changes_nothing(settings, running, booked,
                                                            typed) -> None:
    with signed_in(running, ADMIN) as client:
        token = csrf_of(client.get("/bookings").text)
        refused = client.post("/bookings/correct", data={
            "csrf_token": token, "code": booked.code, "reason": REASON, **typed})
    assert refused.status_code == 400 and "Nothing was changed" in refused.text
    assert "<script>x" not in refused.text
    assert stored(settings, booked.code) == booked
    assert audit.entries(running.console.engine, action="correct_booking") == []


def test_reviewers_cannot_change_bookings_and_see_no_forms(settings, running, booked) -> None:
    with signed_in(running, REVIEWER) as client:
        page = client.get("/bookings").text
        assert 'action="/bookings/cancel"' not in page
        for url in ("/bookings/cancel", "/bookings/correct"):
            refused = client.post(url, data={"csrf_token": csrf_of(page), "code": booked.code,
                                             "phone": "443 555 0188", "reason": REASON})
            assert refused.status_code == 403
    assert stored(settings, booked.code) == booked


def test_no_change_without_the_csrf_token_or_a_reason(settings, running, booked) -> None:
    with signed_in(running, ADMIN) as client:
        token = csrf_of(client.get("/bookings").text)
        forged = client.post("/bookings/cancel", data={"code": booked.code, "reason": REASON})
        assert forged.status_code == 403
        no_reason = client.post("/bookings/cancel", data={
            "csrf_token": token, "code": booked.code, "reason": "x"})
        assert no_reason.status_code == 400
        unknown = client.post("/bookings/cancel", data={
            "csrf_token": token, "code": "ZZZZZZ", "reason": REASON})
        assert unknown.status_code == 404
    assert stored(settings, booked.code).status == "booked"
