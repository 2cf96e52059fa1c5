"""Staff cancel or correct a booking (the console's admins), through booking/service.py, the one
entry point: every value is read and checked as the chat would, whatever the form sent."""

from __future__ import annotations

import pytest
from test_store import request, slot_at

from booking.service import BookingNotFound, InvalidBooking, staff_cancel, staff_correct


@pytest.fixture
def booked(store):
    return store.book(request(key="staff"), slot_at("ketamine_consult", "clinician", 9))


def test_staff_cancel_needs_no_contact_frees_the_time_and_says_who(store, booked):
    cancelled = staff_cancel(store, booked.code.lower(), "alice")
    assert cancelled.status == "cancelled"
    assert store.busy_cells("clinician", booked.start, booked.end) == set()
    assert "by staff (alice)" in store.notifications()[-1]["summary"]
    with pytest.raises(BookingNotFound):  # not twice
        staff_cancel(store, booked.code, "alice")


def test_staff_cancel_of_an_unknown_code_is_refused(store):
    with pytest.raises(BookingNotFound):
        staff_cancel(store, "not a code", "alice")


def test_staff_correct_reads_values_as_the_chat_does(store, booked):
    fixed = staff_correct(store, booked.code, "alice",
                          {"phone": "(443) 555-0188", "contact_name": "Dana Reyes-Ortiz",
                           "email": "", "patient_name": "  "})
    assert fixed.phone == "+14435550188" and fixed.contact_name == "Dana Reyes-Ortiz"
    assert fixed.email == booked.email and fixed.patient_name == booked.patient_name
    [note] = [n for n in store.notifications() if n["kind"] == "booking_corrected"]
    assert "alice" in note["summary"] and "contact_name, phone" in note["summary"]
    assert "0188" not in note["summary"]  # which fields changed, not their values


@pytest.mark.parametrize(
    "typed, problem",
    [({"phone": "555-0100"}, "phone"), ({"email": "dana at example"}, "email"),
     ({"contact_name": "<script>alert(1)</script>"}, "contact_name"),
     ({"contact_name": "x" * 332}, "contact_name"), ({"patient_name": "🙂🙂"}, "patient_name"),
     ({}, "nothing to correct")],
)
def test_staff_correct_refuses_what_the_forms_would_refuse(store, booked, typed, problem):
    with pytest.raises(InvalidBooking) as refused:
        staff_correct(store, booked.code, "alice", typed)
    assert problem in refused.value.problems
    assert store.by_code(booked.code) == booked  # nothing changed


def test_a_cancelled_booking_cannot_be_corrected(store, booked):
    staff_cancel(store, booked.code, "alice")
    with pytest.raises(BookingNotFound):
        staff_correct(store, booked.code, "alice", {"phone": "443 555 0188"})
