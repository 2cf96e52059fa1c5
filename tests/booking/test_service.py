"""Service rules the chat relies on: picking an offered time, staff hours for callbacks."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from booking.display import hours_summary, when_label
from booking.service import (
    idempotency_key,
    is_offerable,
    next_staff_window,
    pick_from_offer,
    slot_from_start,
)

NEW_YORK = ZoneInfo("America/New_York")
OFFERED = [
    datetime(2026, 11, 30, 9, 0, tzinfo=NEW_YORK).isoformat(),
    datetime(2026, 11, 30, 10, 15, tzinfo=NEW_YORK).isoformat(),
    datetime(2026, 11, 30, 13, 30, tzinfo=NEW_YORK).isoformat(),
]


@pytest.mark.parametrize(
    "choice, index, later",
    [
        ("1", 0, False), ("3", 2, False), ("4", None, False), ("0", None, False),
        ("the second one", 1, False), ("first", 0, False),
        ("10:15", 1, False), ("1:30pm", 2, False), ("1:30", 2, False), ("9am", 0, False),
        ("11:00", None, False),
        ("later", None, True), ("none of these work", None, True), ("more times", None, True),
        ("", None, False), ("🙂", None, False),
    ],
)
def test_pick_from_offer(config, choice, index, later):
    start, wants_later = pick_from_offer(choice, OFFERED, config)
    assert start == (OFFERED[index] if index is not None else None)
    assert wants_later is later


def test_offerable_respects_notice_and_hours(config):
    now = datetime(2026, 11, 27, 12, tzinfo=NEW_YORK)
    monday_nine = slot_from_start(config.appointment_type("family_call"), OFFERED[0])
    assert is_offerable(config, monday_nine, now)
    assert not is_offerable(config, monday_nine, monday_nine.start - timedelta(hours=2))
    night = slot_from_start(config.appointment_type("family_call"),
                            datetime(2026, 11, 30, 22, 0, tzinfo=NEW_YORK).isoformat())
    assert not is_offerable(config, night, now)
    far = slot_from_start(config.appointment_type("family_call"),
                          datetime(2027, 2, 1, 9, 0, tzinfo=NEW_YORK).isoformat())
    assert not is_offerable(config, far, now)


@pytest.mark.parametrize(
    "now, open_now, start",
    [
        (datetime(2026, 11, 30, 10, 0, tzinfo=NEW_YORK), True, datetime(2026, 11, 30, 10, 0)),
        (datetime(2026, 11, 30, 18, 0, tzinfo=NEW_YORK), False, datetime(2026, 12, 1, 9, 0)),
        (datetime(2026, 11, 28, 12, 0, tzinfo=NEW_YORK), False, datetime(2026, 11, 30, 9, 0)),
        # Wednesday evening before Thanksgiving (closed): next is Friday morning.
        (datetime(2026, 11, 25, 20, 0, tzinfo=NEW_YORK), False, datetime(2026, 11, 27, 9, 0)),
    ],
)
def test_next_staff_window(config, now, open_now, start):
    window = next_staff_window(config, now)
    assert window.open_now is open_now
    assert window.start.replace(tzinfo=None) == start


def test_hours_and_times_read_plainly(config):
    assert hours_summary(config.clinic.hours) == "Mon–Fri 9:00 AM–5:00 PM"
    moment = datetime(2026, 3, 9, 17, 30, tzinfo=timezone.utc)  # after the March switch
    assert when_label(moment, config) == "Mon, Mar 9, 1:30 PM"


def test_idempotency_key_is_stable_per_person_and_time():
    start = datetime(2026, 11, 30, 14, tzinfo=timezone.utc)
    key = idempotency_key("conv-1", "family_call", start, "+14105550134|None")
    assert key == idempotency_key("conv-1", "family_call", start, "+14105550134|None")
    assert key != idempotency_key("conv-2", "family_call", start, "+14105550134|None")
    assert key != idempotency_key("conv-1", "family_call", start + timedelta(minutes=15),
                                  "+14105550134|None")
