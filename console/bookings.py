"""Read the booking store through booking/store.py's own BookingStore, on a read-only engine
(and, for admins' cancellations and corrections only, the writable store `editable_store`).

The booking helper owns the tables and the code that reads them; the console reuses that code
so a change there shows up here at once. When the booking database or its tables do not exist
yet, BookingsUnavailable lets the page say so kindly.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import List, Set
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from booking.store import Booking, BookingStore, CallbackRequest, bookings, make_engine

FALLBACK_TIME_ZONE = "America/New_York"


class BookingsUnavailable(Exception):
    """The booking database or its tables are not there (yet)."""


def clinic_time_zone() -> ZoneInfo:
    """The clinic's time zone from the booking configuration (Annapolis time if unreadable)."""
    try:
        from booking.config import load_config

        return load_config().clinic.time_zone
    except Exception:  # noqa: BLE001 - a broken booking config must not break the console
        return ZoneInfo(FALLBACK_TIME_ZONE)


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """Midnight of a local day, as an aware UTC datetime."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(timezone.utc)


class BookingReader:
    """Read-only view of the booking store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _store(self) -> BookingStore:
        # BookingStore creates missing tables; on our read-only engine that fails, which is
        # exactly the "not there yet" case (existing tables are only checked, never changed).
        try:
            return BookingStore(self.engine)
        except Exception as error:  # noqa: BLE001 - missing DB, tables or config alike
            raise BookingsUnavailable(str(error)) from error

    def upcoming(self, today: date, zone: ZoneInfo, days: int = 60) -> List[Booking]:
        """Booked (not cancelled) appointments from today on, soonest first."""
        first, last = start_of_day(today, zone), start_of_day(today + timedelta(days=days), zone)
        try:
            return [b for b in self._store().active_bookings() if first <= b.start < last]
        except sa.exc.SQLAlchemyError as error:
            raise BookingsUnavailable(str(error)) from error

    def callbacks(self) -> List[CallbackRequest]:
        """Every callback request, newest first (the console decides which are still open)."""
        try:
            return list(reversed(self._store().callback_requests()))
        except sa.exc.SQLAlchemyError as error:
            raise BookingsUnavailable(str(error)) from error

    def booked_senders(self) -> Set[str]:
        """Conversations that led to a booking (any status); empty when there is no store."""
        query = sa.select(bookings.c.sender_id).where(bookings.c.sender_id.isnot(None))
        try:
            with self.engine.connect() as connection:
                return {row.sender_id for row in connection.execute(query)}
        except sa.exc.SQLAlchemyError:
            return set()


@lru_cache(maxsize=4)
def editable_store(url: str) -> BookingStore:
    """The booking store for staff changes (admins cancel or correct a booking): the console's
    one writable use of it, made only when an admin acts, and only ever called through
    booking/service.py, which checks every value as the chat would."""
    return BookingStore(make_engine(url))
