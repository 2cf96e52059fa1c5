"""The booking system's one entry point for the chat actions.

Why a service layer: the Rasa actions only turn conversation slots into these calls and
the results into replies; everything touching slots, the store or clock rules lives behind
this module and is tested without Rasa. The actions import from here alone, so codes,
dates, display, slots, store and validation can change inside without touching them.
The appointment type is resolved once, where its key comes in (`appointment_type`), and the
resolved AppointmentType is what the calls below take.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Callable, Dict, List, Mapping, Optional, Tuple

from booking.codes import normalise_code
from booking.config import AppointmentType, BookingConfig, load_config
from booking.dates import DayChoice, parse_day
from booking.display import clock, day_label, hours_summary, reminder_label, when_label
from booking.ics import ics_url
from booking.lookup_limit import LookupLimit
from booking.slots import (
    Offer,
    Slot,
    last_bookable_day,
    local_today,
    offer_slots,
    slots_on_day,
    within_horizon,
)
from booking.store import (
    Booking,
    BookingNotFound,
    BookingRequest,
    BookingStore,
    InvalidBooking,
    SlotTaken,
    default_store,
)
from booking.validation import (
    clean_name,
    format_phone,
    is_skip,
    is_stop,
    parse_contact,
    parse_email,
    parse_phone,
    parse_yes_no,
    simplify,
)

__all__ = [
    # what the actions ask of the system (defined here)
    "SOONEST", "utc_now", "appointment_type", "appointment_type_keys", "read_day", "offer",
    "offered_starts", "day_from_slot_value", "pick_from_offer", "position_chosen",
    "slot_from_start", "is_offerable", "within_horizon", "idempotency_key", "book", "StaffWindow",
    "next_staff_window", "TooManyLookups", "find_to_change", "staff_cancel", "staff_correct",
    "STAFF_READERS",
    # the parts of the booking modules the actions use, from this one place
    "AppointmentType", "Booking", "BookingNotFound", "BookingRequest", "BookingStore", "DayChoice",
    "InvalidBooking", "SlotTaken", "clean_name", "clock", "day_label", "default_store",
    "format_phone", "hours_summary", "ics_url", "is_skip", "is_stop", "load_config",
    "normalise_code", "parse_contact", "parse_yes_no", "reminder_label", "simplify",
    "when_label",
]

SOONEST = "soonest"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def appointment_type(key: str) -> AppointmentType:
    """The type a booking_type slot (or a stored booking) names; resolve it once, pass it on."""
    return load_config().appointment_type(key)


def appointment_type_keys() -> List[str]:
    return list(load_config().appointment_types)


def read_day(text: Optional[str], now: datetime) -> DayChoice:
    """The day a reply names, read against today in the clinic's time zone."""
    return parse_day(text, local_today(load_config(), now))


def busy_for(store: BookingStore, kind: AppointmentType, now: datetime):  # noqa: ANN201
    """Claimed cells on this type's resource from a day before now to well after its horizon
    (a day's margin, for buffers running past midnight)."""
    after_horizon = last_bookable_day(store.config, kind, now) + timedelta(days=2)
    end = datetime.combine(after_horizon, time(), tzinfo=store.config.clinic.time_zone)
    return store.busy_cells(kind.resource, now - timedelta(days=1), end)


def day_from_slot_value(value: Optional[str]) -> Optional[date]:
    """The booking_day slot holds "soonest" or an ISO date."""
    if not value or value == SOONEST:
        return None
    return date.fromisoformat(value)


def offer(
    store: BookingStore,
    kind: AppointmentType,
    day_value: Optional[str],
    now: datetime,
    after: Optional[datetime] = None,
) -> Offer:
    return offer_slots(
        store.config, kind, now, busy_for(store, kind, now),
        requested_day=day_from_slot_value(day_value), after=after,
    )


def slot_from_start(kind: AppointmentType, start_iso: str) -> Slot:
    start = datetime.fromisoformat(start_iso).astimezone(timezone.utc)
    return Slot(kind.key, kind.resource, start, start + timedelta(minutes=kind.duration_minutes))


def is_offerable(config: BookingConfig, slot: Slot, now: datetime) -> bool:
    """Still inside opening hours, notice and horizon (ignores other bookings)."""
    local_day = slot.local_start(config).date()
    kind = config.appointment_type(slot.appointment_type)
    if slot.start < now + timedelta(hours=kind.minimum_notice_hours):
        return False
    if not within_horizon(config, kind, local_day, now):
        return False
    return slot in set(slots_on_day(config, kind, local_day))


def idempotency_key(sender_id: Optional[str], type_key: str, start: datetime, contact: str) -> str:
    """The same person confirming the same time twice gets the same key, so one booking."""
    raw = f"{sender_id or '-'}|{type_key}|{start.isoformat()}|{contact.lower()}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:48]


def book(store: BookingStore, request: BookingRequest, slot: Slot) -> Booking:
    """Stores the booking; raises booking.store.SlotTaken when someone was quicker, and
    InvalidBooking for a time that is not offered now (past, closed, beyond the horizon) or
    any value the forms would have refused."""
    if not is_offerable(store.config, slot, utc_now()):
        raise InvalidBooking(["slot"])
    return store.book(request, slot)


class TooManyLookups(Exception):
    """The code or the contact has had its wrong tries (booking/lookup_limit.py)."""


@lru_cache(maxsize=8)
def _lookup_limit(engine: object) -> LookupLimit:
    return LookupLimit(engine)  # type: ignore[arg-type]


def find_to_change(store: BookingStore, code: Optional[str], contact: Optional[str],
                   now: Optional[datetime] = None) -> Optional[Booking]:
    """The booking to change or cancel, when code and contact match; a miss counts against
    both, whichever conversation it came from. Raises TooManyLookups once either has had its
    wrong tries, before looking (so further guesses learn nothing)."""
    limit = _lookup_limit(store.engine)
    if limit.reached(code, contact, now):
        raise TooManyLookups(code)
    booking = store.find(code, contact)
    if booking is None:
        limit.record_failure(code, contact, now)
    return booking


def _code_of(typed: str) -> str:
    code = normalise_code(typed)
    if code is None:
        raise BookingNotFound(typed)
    return code


def staff_cancel(store: BookingStore, code: str, staff: str) -> Booking:
    """An admin cancels a booking from the console (no contact needed; the outbox says who).
    Raises BookingNotFound for an unknown or already cancelled code."""
    return store.cancel_by_staff(_code_of(code), staff)


def _staff_name(text: str) -> Optional[str]:
    return clean_name(text).value


#: How the console's correction fields are read: the chat's own readers, one per field.
STAFF_READERS: Dict[str, Callable[[str], Optional[str]]] = {
    "contact_name": _staff_name, "patient_name": _staff_name,
    "phone": parse_phone, "email": parse_email,
}


def staff_correct(store: BookingStore, code: str, staff: str,
                  typed: Mapping[str, str]) -> Booking:
    """An admin corrects who to contact and how: blank fields stay as they are; each typed
    value is read as the chat reads it ("(410) 555-0134" -> +14105550134) and the corrected
    booking is checked like a new one. Raises InvalidBooking naming the fields that are not
    right, BookingNotFound for an unknown or cancelled code."""
    changes, problems = {}, []
    for field, reader in STAFF_READERS.items():
        text = (typed.get(field) or "").strip()
        if not text:
            continue
        value = reader(text)
        if value is None:
            problems.append(field)
        changes[field] = value
    if problems:
        raise InvalidBooking(problems)
    if not changes:
        raise InvalidBooking(["nothing to correct"])
    return store.correct(_code_of(code), staff, changes)


@dataclass(frozen=True)
class StaffWindow:
    """When staff can next act on a callback request."""

    open_now: bool
    start: datetime
    end: datetime


def next_staff_window(config: BookingConfig, now: datetime) -> Optional[StaffWindow]:
    """The opening window that is running now, or the next one within two weeks."""
    zone = config.clinic.time_zone
    local_now = now.astimezone(zone)
    for offset in range(15):
        day = local_now.date() + timedelta(days=offset)
        if day in config.clinic.closed_dates:
            continue
        for opens, closes in config.clinic.hours.get(day.weekday()) or []:
            start = datetime.combine(day, opens, tzinfo=zone)
            end = datetime.combine(day, closes, tzinfo=zone)
            if end <= local_now:
                continue
            return StaffWindow(start <= local_now, max(start, local_now), end)
    return None


def offered_starts(offer_result: Offer) -> List[str]:
    return [slot.start.isoformat() for slot in offer_result.slots]


#: Words that name a place in a list of buttons the bot showed ("the second one").
POSITIONS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
             "4th": 4}
ORDINALS = {**POSITIONS, "one": 1, "two": 2, "three": 3, "four": 4}
#: Words around a position that do not change which one is meant ("the second one, please").
POSITION_FILLER = frozenset({"the", "one", "option", "choice", "number", "please", "i", "ll",
                             "take", "d", "like", "go", "with", "for"})


def position_chosen(reply: str, count: int) -> Optional[int]:
    """The place (1-based) a short reply picks among `count` buttons: "2", "the second one",
    "3rd option please"; None otherwise. Only a position with filler around it counts, so "for
    the first time" or "which one is cheaper?" picks nothing."""
    words = re.findall(r"[a-z0-9]+", reply.lower())
    if len(words) == 1 and words[0].isdigit():
        place: Optional[int] = int(words[0])
    else:
        named = [word for word in words if word not in POSITION_FILLER]
        place = POSITIONS.get(named[0]) if len(named) == 1 else None
    return place if place is not None and 1 <= place <= count else None


LATER_WORDS = ("later", "more times", "other times", "none of these", "none of those",
               "something else", "different time", "another time")


def pick_from_offer(
    choice: str, offered: List[str], config: BookingConfig
) -> Tuple[Optional[str], bool]:
    """(chosen start, wants later times) from a button ("1".."4", "later"), "the second one",
    or a typed clock time that matches one offered ("10:15", "1pm")."""
    text = re.sub(r"\s+", " ", (choice or "").strip().lower())
    if any(word in text for word in LATER_WORDS):
        return None, True
    # Times are read more loosely than other buttons: "the second one on tuesday", "two".
    place = position_chosen(text, len(offered)) or next(
        (ORDINALS[word] for word in re.findall(r"[a-z0-9]+", text)
         if word in ORDINALS and ORDINALS[word] <= len(offered)), None)
    if place:
        return offered[place - 1], False
    typed = re.search(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", text)
    if typed:
        hour, minute = int(typed.group(1)), int(typed.group(2) or 0)
        meridiem = (typed.group(3) or "").replace(".", "")
        if meridiem == "pm" and hour < 12:
            hour += 12
        if not meridiem and 1 <= hour <= 6:
            hour += 12  # "3:30" during clinic hours means the afternoon
        for start in offered:
            local = datetime.fromisoformat(start).astimezone(config.clinic.time_zone)
            if (local.hour, local.minute) == (hour, minute):
                return start, False
    return None, False
