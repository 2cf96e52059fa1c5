"""The booking store on SQLite and on a real PostgreSQL: the same behaviour on both."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from booking.slots import Slot, claim_cells, free_slots
from booking.store import (
    BookingNotFound,
    BookingRequest,
    InvalidBooking,
    SlotTaken,
    bookings,
    slot_claims,
)

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 20, 12, tzinfo=NEW_YORK)


def slot_at(kind: str, resource: str, hour: int, minute: int = 0, minutes: int = 60) -> Slot:
    start = datetime(2026, 11, 30, hour, minute, tzinfo=NEW_YORK).astimezone(timezone.utc)
    return Slot(kind, resource, start, start + timedelta(minutes=minutes))


def request(name="Dana Reyes", key=None, **changes) -> BookingRequest:
    values = dict(
        appointment_type="ketamine_consult", for_whom="loved_one", contact_name=name,
        patient_name="Sam", phone="+14105550123", email="dana@example.org",
        consent_to_contact=True, reminder_style="discreet", sender_id="conv-1",
        idempotency_key=key,
    )
    values.update(changes)
    return BookingRequest(**values)


def test_book_stores_everything_staff_need(store):
    booking = store.book(request(key="k1"), slot_at("ketamine_consult", "clinician", 9))
    saved = store.by_code(booking.code)
    assert saved == booking
    assert saved.status == "booked" and saved.sender_id == "conv-1"
    assert saved.consent_given_by == "family_member" and saved.patient_name == "Sam"
    assert saved.start == datetime(2026, 11, 30, 14, tzinfo=timezone.utc)
    kinds = [n["kind"] for n in store.notifications()]
    assert kinds == ["booking_created"]


def test_confirming_twice_books_once(store):
    slot = slot_at("ketamine_consult", "clinician", 9)
    first = store.book(request(key="same"), slot)
    second = store.book(request(key="same"), slot)
    assert first.code == second.code
    assert len(store.active_bookings()) == 1


def test_overlapping_booking_on_the_same_resource_is_refused(store):
    store.book(request(key="a"), slot_at("ketamine_consult", "clinician", 9))
    with pytest.raises(SlotTaken):  # 9:30 TMS overlaps the 9:00-10:15 consultation
        store.book(request(key="b", appointment_type="tms_consult"),
                   slot_at("tms_consult", "clinician", 9, 30, minutes=45))
    # A family call runs on another line and can happen at the same time.
    store.book(request(key="c", appointment_type="family_call"),
               slot_at("family_call", "family_line", 9, minutes=15))
    assert len(store.active_bookings()) == 2


def test_busy_cells_feed_the_slot_engine(store, config):
    slot = slot_at("ketamine_consult", "clinician", 9)
    store.book(request(key="a"), slot)
    busy = store.busy_cells("clinician", slot.start - timedelta(days=1),
                            slot.start + timedelta(days=1))
    assert busy == set(claim_cells(slot, config))
    tms = config.appointment_type("tms_consult")
    assert slot.start not in {s.start for s in free_slots(config, tms, NOW, busy)}


def test_cancel_needs_the_contact_and_frees_the_time(store):
    slot = slot_at("ketamine_consult", "clinician", 9)
    booking = store.book(request(key="a"), slot)
    with pytest.raises(BookingNotFound):
        store.cancel(booking.code, "410-555-9999")
    cancelled = store.cancel(booking.code, "(410) 555-0123")
    assert cancelled.status == "cancelled"
    with pytest.raises(BookingNotFound):  # cancelling twice is refused, not repeated
        store.cancel(booking.code, "410 555 0123")
    again = store.book(request(name="Lee", key="b"), slot)
    assert again.code != booking.code
    assert [n["kind"] for n in store.notifications()] == [
        "booking_created", "booking_cancelled", "booking_created"]


def test_reschedule_moves_the_booking_and_frees_the_old_time(store, config):
    old = slot_at("ketamine_consult", "clinician", 9)
    new = slot_at("ketamine_consult", "clinician", 13)
    booking = store.book(request(key="a"), old)
    moved = store.reschedule(booking.code, "DANA@example.org", new)
    assert moved.start == new.start and moved.reschedule_count == 1
    assert moved.code == booking.code and moved.ics_token == booking.ics_token
    busy = store.busy_cells("clinician", old.start, old.start + timedelta(days=1))
    assert busy == set(claim_cells(new, config))
    store.book(request(name="Other", key="b"), old)  # the old time is free again


def test_reschedule_onto_a_taken_time_changes_nothing(store):
    mine = store.book(request(key="a"), slot_at("ketamine_consult", "clinician", 9))
    store.book(request(name="Other", key="b"), slot_at("ketamine_consult", "clinician", 13))
    with pytest.raises(SlotTaken):
        store.reschedule(mine.code, "+1 410 555 0123",
                         slot_at("ketamine_consult", "clinician", 13, 30))
    assert store.by_code(mine.code).start == mine.start
    assert store.by_code(mine.code).reschedule_count == 0


def test_find_requires_code_and_contact(store):
    booking = store.book(request(key="a", email=None), slot_at("ketamine_consult", "clinician", 9))
    assert store.find(booking.code, "410.555.0123") == booking
    assert store.find(booking.code, "dana@example.org") is None
    assert store.find("ZZZZZZ", "410.555.0123") is None


def test_callback_request_is_stored_once_with_a_notification(store):
    first = store.add_callback_request("Dana", "+14105550123", None, "after 5pm", True,
                                       sender_id="conv-9", idempotency_key="cb1")
    second = store.add_callback_request("Dana", "+14105550123", None, "after 5pm", True,
                                        sender_id="conv-9", idempotency_key="cb1")
    assert first == second
    [saved] = store.callback_requests()
    assert saved.sender_id == "conv-9" and saved.best_time == "after 5pm"
    [note] = store.notifications()
    assert note["kind"] == "callback_requested" and note["callback_request_id"] == first


def test_twenty_people_racing_for_one_slot_get_one_booking(store, config):
    slot = slot_at("ketamine_consult", "clinician", 9)
    start = threading.Barrier(20)
    outcomes = []
    lock = threading.Lock()

    def attempt(number: int) -> None:
        start.wait()
        try:
            store.book(request(name=f"Person {chr(65 + number)}", key=f"race-{number}"), slot)
            result = "booked"
        except SlotTaken:
            result = "taken"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["booked"] + ["taken"] * 19
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(bookings)).scalar() == 1
        claims = conn.execute(select(func.count()).select_from(slot_claims)).scalar()
    assert claims == len(claim_cells(slot, config))


def _book_in_own_process(url, config, slot, number, barrier, results) -> None:
    """One process, its own engine and connection: as two action servers would be."""
    from booking.store import BookingStore, make_engine

    store = BookingStore(make_engine(url), config)
    barrier.wait()
    try:
        store.book(request(name=f"Process {chr(65 + number)}", key=f"proc-{number}",
                           appointment_type="tms_consult"), slot)
        results.put("booked")
    except SlotTaken:
        results.put("taken")
    finally:
        store.engine.dispose()


def test_twenty_processes_racing_for_one_slot_get_one_booking(store, database_url, config):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    slot = slot_at("tms_consult", "clinician", 10, minutes=45)
    barrier, results = context.Barrier(20), context.Queue()
    store.engine.dispose()  # no connections shared across fork
    processes = [
        context.Process(target=_book_in_own_process,
                        args=(database_url, config, slot, n, barrier, results))
        for n in range(20)
    ]
    for process in processes:
        process.start()
    outcomes = sorted(results.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(timeout=60)
    assert outcomes == ["booked"] + ["taken"] * 19
    assert len(store.active_bookings()) == 1


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"name": "<script>alert(1)</script>" + "x" * 300}, "contact_name"),
        ({"phone": "call me maybe", "email": None}, "phone"),
        ({"phone": None, "email": None}, "contact"),
        ({"email": "not an email"}, "email"),
        ({"consent_to_contact": "yes please"}, "consent"),
        ({"patient_name": "Sam 😀"}, "patient_name"),
        ({"appointment_type": "free_ketamine"}, "appointment_type"),
        ({"reminder_style": "shout"}, "reminder_style"),
        ({"for_whom": "the neighbour"}, "for_whom"),
    ],
)
def test_the_store_refuses_what_the_forms_would_refuse(store, changes, problem):
    """A forged call to the action server once stored a 332-character '<script>' name and a
    phone that was not a phone: the store checks every value itself, whoever calls it."""
    with pytest.raises(InvalidBooking) as refused:
        store.book(request(key="forged", **changes), slot_at("ketamine_consult", "clinician", 9))
    assert problem in refused.value.problems
    assert store.active_bookings() == []


def test_the_service_refuses_a_time_that_is_not_offered(store):
    from booking import service

    past = slot_at("ketamine_consult", "clinician", 9)  # 30 Nov 2026: before today
    with pytest.raises(InvalidBooking, match="slot"):
        service.book(store, request(key="past"), past)
