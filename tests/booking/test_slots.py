"""Slot generation: opening hours, buffers, minimum notice, closed days and DST switches."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from booking.slots import Slot, claim_cells, free_slots, offer_slots, slots_on_day

NEW_YORK = ZoneInfo("America/New_York")
UTC = timezone.utc


def at(year, month, day, hour=12, minute=0) -> datetime:
    """A New York wall-clock moment."""
    return datetime(year, month, day, hour, minute, tzinfo=NEW_YORK)


def local_times(slots, config):
    return [slot.local_start(config).time() for slot in slots]


def test_slots_follow_opening_hours(config):
    slots = list(slots_on_day(config, config.appointment_type("ketamine_consult"),
                              date(2026, 11, 30)))
    times = local_times(slots, config)
    assert times[0] == time(9, 0)
    assert times[-1] == time(16, 0)  # a 60-minute consultation must end by 17:00
    assert all(b.start - a.start == timedelta(minutes=15) for a, b in zip(slots, slots[1:]))


@pytest.mark.parametrize("day", [date(2026, 11, 26), date(2026, 11, 28), date(2026, 11, 29)])
def test_no_slots_on_closed_dates_and_weekends(config, day):
    now = at(2026, 11, 20)
    offered = {slot.local_start(config).date() for slot in
               free_slots(config, config.appointment_type("family_call"), now)}
    assert day not in offered


def test_minimum_notice_is_24_real_hours(config):
    now = at(2026, 12, 1, 10, 7)
    first = next(free_slots(config, config.appointment_type("family_call"), now))
    assert first.start >= now + timedelta(hours=24)
    assert first.local_start(config) == at(2026, 12, 2, 10, 15)


def test_booking_horizon(config):
    now = at(2026, 12, 1, 10)
    last = list(free_slots(config, config.appointment_type("family_call"), now))[-1]
    assert last.local_start(config).date() <= date(2026, 12, 31)
    assert last.local_start(config).date() >= date(2026, 12, 29)


def test_buffer_keeps_the_next_appointment_apart(config):
    now = at(2026, 11, 20)
    ten = at(2026, 11, 30, 10).astimezone(UTC)
    booked = Slot("ketamine_consult", "clinician", ten, ten + timedelta(minutes=60))
    busy = claim_cells(booked, config)
    ketamine = config.appointment_type("ketamine_consult")
    monday = [s for s in free_slots(config, ketamine, now, busy)
              if s.local_start(config).date() == date(2026, 11, 30)]
    times = local_times(monday, config)
    assert time(9, 0) not in times  # 9:00-10:00 + 15 min buffer would run into 10:00
    assert time(10, 0) not in times
    assert time(11, 0) not in times  # still inside 10:00's 60 min + 15 min buffer
    assert time(11, 15) in times
    # A TMS consultation uses the same clinician, so it is blocked the same way.
    tms_consult = config.appointment_type("tms_consult")
    tms = [s.local_start(config).time() for s in free_slots(config, tms_consult, now, busy)
           if s.local_start(config).date() == date(2026, 11, 30)]
    assert time(9, 0) in tms  # 9:00 + 45 + 15 ends exactly at 10:00
    assert time(9, 15) not in tms


@pytest.mark.parametrize(
    "day, utc_hour",
    [
        (date(2026, 3, 6), 14),  # Friday before the March switch: EST, UTC-5
        (date(2026, 3, 9), 13),  # Monday after: EDT, UTC-4
        (date(2026, 10, 30), 13),  # Friday before the November switch: EDT
        (date(2026, 11, 2), 14),  # Monday after: EST
    ],
)
def test_nine_oclock_stays_nine_oclock_across_dst(config, day, utc_hour):
    first = next(slots_on_day(config, config.appointment_type("family_call"), day))
    assert first.local_start(config).time() == time(9, 0)
    assert first.start.hour == utc_hour


def test_spring_gap_has_no_slots_and_every_slot_is_full_length(config):
    slots = list(slots_on_day(config, config.appointment_type("night_line"), date(2026, 3, 8)))
    times = local_times(slots, config)
    assert time(1, 30) in times and time(3, 0) in times
    assert not [t for t in times if t.hour == 2]  # 02:00-02:59 does not exist that night
    assert all(s.end - s.start == timedelta(minutes=30) for s in slots)
    assert len({s.start for s in slots}) == len(slots)


def test_autumn_repeat_is_offered_once(config):
    slots = list(slots_on_day(config, config.appointment_type("night_line"), date(2026, 11, 1)))
    times = local_times(slots, config)
    assert times.count(time(1, 0)) == 1
    assert times.count(time(1, 30)) == 1
    one_am = next(s for s in slots if s.local_start(config).time() == time(1, 0))
    assert one_am.start == datetime(2026, 11, 1, 5, 0, tzinfo=UTC)  # first 1:00, still EDT


def test_minimum_notice_across_spring_switch(config):
    # Saturday 10:00 EST + 24 real hours = Sunday 11:00 EDT (the wall clock jumped an hour).
    now = at(2026, 3, 7, 10)
    first = next(free_slots(config, config.appointment_type("night_line"), now))
    assert first.local_start(config) == at(2026, 3, 8, 11)


def test_offer_spreads_times_and_later_continues(config):
    now = at(2026, 11, 20)
    ketamine = config.appointment_type("ketamine_consult")
    first = offer_slots(config, ketamine, now, requested_day=date(2026, 11, 30))
    assert first.on_requested_day and first.has_more and len(first.slots) == 4
    assert all(b.start - a.start >= timedelta(minutes=75)
               for a, b in zip(first.slots, first.slots[1:]))
    later = offer_slots(config, ketamine, now, requested_day=date(2026, 11, 30),
                        after=first.slots[-1].start)
    assert later.slots[0].start - first.slots[-1].start >= timedelta(minutes=75)


def test_offer_on_a_closed_day_moves_to_the_next_open_one(config):
    now = at(2026, 11, 20)
    offer = offer_slots(config, config.appointment_type("family_call"), now,
                        requested_day=date(2026, 11, 26))
    assert not offer.on_requested_day
    assert offer.slots[0].local_start(config).date() == date(2026, 11, 27)


def test_naive_now_is_refused(config):
    with pytest.raises(ValueError):
        next(free_slots(config, config.appointment_type("family_call"), datetime(2026, 11, 20, 12)))
