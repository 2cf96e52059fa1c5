"""Read the booking store (booking/store.py owns the tables; the console only reads them).

Table definitions are imported from booking.store, so a column rename there shows up here at
once. The engine is read-only; when the booking tables do not exist yet the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import List, Optional, Set
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from booking.store import bookings, callback_requests

FALLBACK_TIME_ZONE = "America/New_York"


class BookingsUnavailable(Exception):
    """The booking database or its tables are not there (yet)."""


@dataclass(frozen=True)
class Appointment:
    """A booked appointment, as staff see it."""

    id: int
    code: str
    appointment_type: str
    start: datetime
    end: datetime
    for_whom: str
    contact_name: str
    patient_name: Optional[str]
    phone: Optional[str]
    email: Optional[str]
    sender_id: Optional[str]


@dataclass(frozen=True)
class Callback:
    """A request for a human to call back."""

    id: int
    name: Optional[str]
    phone: Optional[str]
    email: Optional[str]
    best_time: Optional[str]
    sender_id: Optional[str]
    created_at: datetime


def clinic_time_zone() -> ZoneInfo:
    """The clinic's time zone from the booking configuration (Annapolis time if unreadable)."""
    try:
        from booking.config import load_config

        return load_config().clinic.time_zone
    except Exception:  # noqa: BLE001 - a broken booking config must not break the console
        return ZoneInfo(FALLBACK_TIME_ZONE)


def start_of_day_utc(day: date, zone: ZoneInfo) -> datetime:
    """Midnight of a local day, as naive UTC (how the booking store keeps times)."""
    local = datetime.combine(day, time.min, tzinfo=zone)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc)


class BookingReader:
    """Read-only queries on the booking store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _check(self, connection: sa.engine.Connection) -> None:
        inspector = sa.inspect(connection)
        for table in ("bookings", "callback_requests"):
            if not inspector.has_table(table):
                raise BookingsUnavailable(f"table {table} is missing")

    def upcoming(self, today: date, zone: ZoneInfo, days: int = 60) -> List[Appointment]:
        """Booked (not cancelled) appointments from today on, soonest first."""
        start = start_of_day_utc(today, zone)
        end = start_of_day_utc(today + timedelta(days=days), zone)
        query = (
            sa.select(bookings)
            .where(bookings.c.status == "booked")
            .where(bookings.c.start_utc >= start)
            .where(bookings.c.start_utc < end)
            .order_by(bookings.c.start_utc)
        )
        try:
            with self.engine.connect() as connection:
                self._check(connection)
                return [
                    Appointment(
                        id=row.id, code=row.code, appointment_type=row.appointment_type,
                        start=_aware(row.start_utc), end=_aware(row.end_utc),
                        for_whom=row.for_whom, contact_name=row.contact_name,
                        patient_name=row.patient_name, phone=row.phone, email=row.email,
                        sender_id=row.sender_id,
                    )
                    for row in connection.execute(query)
                ]
        except sa.exc.SQLAlchemyError as error:
            raise BookingsUnavailable(str(error)) from error

    def callbacks(self) -> List[Callback]:
        """Every callback request, newest first (the console decides which are still open)."""
        query = sa.select(callback_requests).order_by(callback_requests.c.id.desc())
        try:
            with self.engine.connect() as connection:
                self._check(connection)
                return [
                    Callback(
                        id=row.id, name=row.name, phone=row.phone, email=row.email,
                        best_time=row.best_time, sender_id=row.sender_id,
                        created_at=_aware(row.created_at),
                    )
                    for row in connection.execute(query)
                ]
        except sa.exc.SQLAlchemyError as error:
            raise BookingsUnavailable(str(error)) from error

    def booked_senders(self) -> Set[str]:
        """Conversations that led to a booking (any status); empty when there is no store."""
        query = sa.select(bookings.c.sender_id).where(bookings.c.sender_id.isnot(None))
        try:
            with self.engine.connect() as connection:
                self._check(connection)
                return {row.sender_id for row in connection.execute(query)}
        except (sa.exc.SQLAlchemyError, BookingsUnavailable):
            return set()
