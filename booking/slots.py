"""The slot engine: which start times can be offered for an appointment type.

Why wall-clock arithmetic: the clinic opens at 9:00 local time whether or not daylight
saving just changed, so slots are laid out in local time (zoneinfo) and only then turned
into UTC instants. Minimum notice is real elapsed time, so it is checked in UTC.
Local times that do not exist (the spring gap) are skipped; ambiguous ones (the autumn
repeat) are offered once, at their first occurrence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterable, Iterator, List, Optional, Set, Tuple

from booking.config import AppointmentType, BookingConfig

UTC = timezone.utc
Cell = Tuple[str, datetime]  # (resource, UTC start of a grid cell)


@dataclass(frozen=True)
class Slot:
    appointment_type: str
    resource: str
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC (start + duration; the buffer follows it)

    def local_start(self, config: BookingConfig) -> datetime:
        return self.start.astimezone(config.clinic.time_zone)


def _exists_locally(naive: datetime, config: BookingConfig) -> bool:
    """False for wall times inside the spring-forward gap (e.g. 02:30 on the March switch)."""
    aware = naive.replace(tzinfo=config.clinic.time_zone)
    round_trip = aware.astimezone(UTC).astimezone(config.clinic.time_zone)
    return round_trip.replace(tzinfo=None) == naive


def claim_cells(slot: Slot, config: BookingConfig) -> List[Cell]:
    """The grid cells a booking occupies: its duration plus the buffer after it.

    Two bookings on one resource overlap exactly when they share a cell, so a unique
    (resource, cell) constraint in the store makes overlapping bookings impossible.
    """
    kind = config.appointment_type(slot.appointment_type)
    grid = config.clinic.slot_grid_minutes
    count = math.ceil((kind.duration_minutes + kind.buffer_minutes) / grid)
    return [(slot.resource, slot.start + timedelta(minutes=grid * i)) for i in range(count)]


def local_today(config: BookingConfig, now: datetime) -> date:
    return now.astimezone(config.clinic.time_zone).date()


def is_open_day(config: BookingConfig, kind: AppointmentType, day: date) -> bool:
    return day not in config.clinic.closed_dates and bool(kind.hours.get(day.weekday()))


def last_bookable_day(config: BookingConfig, kind: AppointmentType, now: datetime) -> date:
    """The booking horizon: the last local day this type can be booked on, counted from today."""
    return local_today(config, now) + timedelta(days=kind.booking_horizon_days)


def within_horizon(config: BookingConfig, kind: AppointmentType, day: date, now: datetime) -> bool:
    return day <= last_bookable_day(config, kind, now)


def slots_on_day(config: BookingConfig, kind: AppointmentType, day: date) -> Iterator[Slot]:
    """Every start time the opening hours allow on one local day, ignoring notice and bookings."""
    if not is_open_day(config, kind, day):
        return
    step = timedelta(minutes=config.clinic.slot_grid_minutes)
    length = timedelta(minutes=kind.duration_minutes)
    for opens, closes in kind.hours[day.weekday()]:
        wall = datetime.combine(day, opens)
        closing = datetime.combine(day, closes)
        while wall + length <= closing:
            if _exists_locally(wall, config):
                start = wall.replace(tzinfo=config.clinic.time_zone, fold=0).astimezone(UTC)
                yield Slot(kind.key, kind.resource, start, start + length)
            wall += step


def free_slots(
    config: BookingConfig,
    kind: AppointmentType,
    now: datetime,
    busy: Iterable[Cell] = (),
    from_day: Optional[date] = None,
) -> Iterator[Slot]:
    """Bookable slots in time order: open hours, minimum notice, horizon, nothing busy."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    taken: Set[Cell] = set(busy)
    earliest = now.astimezone(UTC) + timedelta(hours=kind.minimum_notice_hours)
    day = max(from_day or local_today(config, now), local_today(config, now))
    last = last_bookable_day(config, kind, now)
    seen: Set[datetime] = set()
    while day <= last:
        for slot in slots_on_day(config, kind, day):
            if slot.start < earliest or slot.start in seen:
                continue
            seen.add(slot.start)
            if not any(cell in taken for cell in claim_cells(slot, config)):
                yield slot
        day += timedelta(days=1)


@dataclass(frozen=True)
class Offer:
    """Slots to show as buttons, and whether they fall on the day the person asked for."""

    slots: List[Slot]
    on_requested_day: bool
    has_more: bool


def offer_slots(
    config: BookingConfig,
    kind: AppointmentType,
    now: datetime,
    busy: Iterable[Cell] = (),
    requested_day: Optional[date] = None,
    after: Optional[datetime] = None,
    limit: int = 4,
) -> Offer:
    """Up to `limit` free slots from the requested day (or the soonest), later than `after`.

    Offered times are spread at least an hour apart (or one appointment plus buffer,
    if longer) so four buttons give a real choice rather than 9:00, 9:15, 9:30, 9:45.
    """
    spacing = timedelta(minutes=max(60, kind.duration_minutes + kind.buffer_minutes))
    found: List[Slot] = []
    more = False
    for slot in free_slots(config, kind, now, busy, requested_day):
        if after is not None and slot.start - after < spacing:
            continue  # "later times" continue the spread from the last time shown
        if found and slot.start - found[-1].start < spacing:
            continue
        if len(found) == limit:
            more = True
            break
        found.append(slot)
    on_day = bool(found) and requested_day is not None and (
        found[0].local_start(config).date() == requested_day
    )
    return Offer(found, on_day, more)
