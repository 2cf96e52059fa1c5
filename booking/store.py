"""The booking store: bookings, callback requests and the staff notification outbox.

SQLite file by default (var/bookings.db); PostgreSQL when BOOKING_DB_URL is set.
The schema is created on first use. The staff console READS these tables, so their names
and columns are a contract (see booking/README.md):

- bookings: one row per appointment ever booked; `status` is "booked" or "cancelled".
- slot_claims: (resource, cell_start_utc) is the primary key. A booking claims every
  grid cell its time and buffer cover, in the same transaction that inserts it, so two
  overlapping bookings on one resource cannot both commit: double booking is impossible
  by construction, not by a check-then-insert that races.
- callback_requests: people who asked for a human to call or write back.
- notifications: the outbox staff read (new/changed/cancelled/corrected bookings, callbacks);
  `sent_at` stays NULL until something delivers it. No email is sent from here.

All times are stored as naive UTC and returned as aware UTC.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from booking.codes import new_booking_code, new_link_token
from booking.config import BookingConfig, load_config
from booking.slots import Cell, Slot, claim_cells
from booking.validation import booking_problems, contact_matches

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "bookings.db"
CODE_ATTEMPTS = 8

metadata = MetaData()

bookings = Table(
    "bookings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(12), nullable=False, unique=True),  # what the person quotes
    Column("status", String(16), nullable=False, default="booked"),  # booked | cancelled
    Column("appointment_type", String(40), nullable=False),  # key in catalogues/appointments.yml
    Column("resource", String(40), nullable=False),
    Column("start_utc", DateTime, nullable=False),
    Column("end_utc", DateTime, nullable=False),
    Column("for_whom", String(16), nullable=False),  # self | loved_one
    Column("contact_name", String(80), nullable=False),  # the person staff contact
    Column("patient_name", String(80)),  # the loved one, when booking for them
    Column("phone", String(16)),  # +1XXXXXXXXXX
    Column("email", String(254)),
    Column("consent_to_contact", Boolean, nullable=False),
    Column("consent_given_by", String(16), nullable=False),  # self | family_member
    Column("reminder_style", String(16), nullable=False),  # discreet | detailed | none
    Column("sender_id", String(255)),  # Rasa conversation id, to open the chat in the console
    Column("idempotency_key", String(128), unique=True),
    Column("ics_token", String(64), nullable=False),
    Column("reschedule_count", Integer, nullable=False, default=0),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("cancelled_at", DateTime),
)

slot_claims = Table(
    "slot_claims",
    metadata,
    Column("resource", String(40), primary_key=True),
    Column("cell_start_utc", DateTime, primary_key=True),
    Column(
        "booking_id", Integer, ForeignKey("bookings.id", ondelete="CASCADE"),
        nullable=False, index=True,
    ),
)

callback_requests = Table(
    "callback_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80)),
    Column("phone", String(16)),
    Column("email", String(254)),
    Column("best_time", String(200)),  # as the person put it ("after 5pm", "mornings")
    Column("consent_to_contact", Boolean, nullable=False),
    Column("sender_id", String(255)),
    Column("status", String(16), nullable=False, default="new"),  # new | done (staff)
    Column("idempotency_key", String(128), unique=True),
    Column("created_at", DateTime, nullable=False),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    # booking_created | booking_rescheduled | booking_cancelled | booking_corrected |
    # callback_requested
    Column("kind", String(32), nullable=False),
    Column("booking_id", Integer, ForeignKey("bookings.id")),
    Column("callback_request_id", Integer, ForeignKey("callback_requests.id")),
    Column("summary", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("sent_at", DateTime),
)


#: What staff may correct on a booking (console): who to contact and how, nothing else.
CORRECTABLE = ("contact_name", "patient_name", "phone", "email")


class SlotTaken(Exception):
    """Someone else holds (part of) this time on the same resource."""


class InvalidBooking(ValueError):
    """The request breaks a rule the forms enforce (a name, a contact, consent, a time)."""

    def __init__(self, problems: List[str]) -> None:
        super().__init__("invalid booking: " + ", ".join(problems))
        self.problems = problems


class BookingNotFound(Exception):
    """No active booking matches this code and contact."""


@dataclass(frozen=True)
class BookingRequest:
    """Everything the person confirmed; nothing is stored before they confirm."""

    appointment_type: str
    for_whom: str
    contact_name: str
    patient_name: Optional[str]
    phone: Optional[str]
    email: Optional[str]
    consent_to_contact: bool
    reminder_style: str
    sender_id: Optional[str] = None
    idempotency_key: Optional[str] = None

    @property
    def consent_given_by(self) -> str:
        return "self" if self.for_whom == "self" else "family_member"


@dataclass(frozen=True)
class Booking:
    id: int
    code: str
    status: str
    appointment_type: str
    resource: str
    start: datetime
    end: datetime
    for_whom: str
    contact_name: str
    patient_name: Optional[str]
    phone: Optional[str]
    email: Optional[str]
    consent_to_contact: bool
    consent_given_by: str
    reminder_style: str
    sender_id: Optional[str]
    ics_token: str
    reschedule_count: int


@dataclass(frozen=True)
class CallbackRequest:
    id: int
    name: Optional[str]
    phone: Optional[str]
    email: Optional[str]
    best_time: Optional[str]
    consent_to_contact: bool
    sender_id: Optional[str]
    created_at: datetime


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc)


def database_url() -> str:
    return os.environ.get("BOOKING_DB_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def make_engine(url: Optional[str] = None) -> Engine:
    """An engine for the booking database; SQLite gets a busy timeout and write transactions.

    SQLite: BEGIN IMMEDIATE takes the write lock at the start of every transaction, so
    concurrent writers queue instead of failing with "database is locked" mid-transaction.
    """
    url = url or database_url()
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, future=True)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, future=True, connect_args={"timeout": 30, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001 - DB-API types
        dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below take over
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _booking_from_row(row) -> Booking:  # noqa: ANN001 - SQLAlchemy Row
    return Booking(
        id=row.id, code=row.code, status=row.status, appointment_type=row.appointment_type,
        resource=row.resource, start=_aware(row.start_utc), end=_aware(row.end_utc),
        for_whom=row.for_whom, contact_name=row.contact_name, patient_name=row.patient_name,
        phone=row.phone, email=row.email, consent_to_contact=bool(row.consent_to_contact),
        consent_given_by=row.consent_given_by, reminder_style=row.reminder_style,
        sender_id=row.sender_id, ics_token=row.ics_token,
        reschedule_count=row.reschedule_count,
    )


class BookingStore:
    """All reads and writes of bookings, callbacks and notifications go through here."""

    def __init__(self, engine: Engine, config: Optional[BookingConfig] = None) -> None:
        self.engine = engine
        self.config = config or load_config()
        metadata.create_all(engine)

    # --- reading -----------------------------------------------------------------------

    def busy_cells(self, resource: str, start: datetime, end: datetime) -> Set[Cell]:
        query = select(slot_claims.c.resource, slot_claims.c.cell_start_utc).where(
            slot_claims.c.resource == resource,
            slot_claims.c.cell_start_utc >= _naive(start),
            slot_claims.c.cell_start_utc < _naive(end),
        )
        with self.engine.connect() as conn:
            return {(row[0], _aware(row[1])) for row in conn.execute(query)}

    def by_code(self, code: str) -> Optional[Booking]:
        with self.engine.connect() as conn:
            row = conn.execute(select(bookings).where(bookings.c.code == code)).first()
        return _booking_from_row(row) if row else None

    def find(self, code: Optional[str], contact: Optional[str]) -> Optional[Booking]:
        """The booking with this code, only if the contact matches its phone or email."""
        booking = self.by_code(code) if code else None
        if booking and contact_matches(contact, booking.phone, booking.email):
            return booking
        return None

    def active_bookings(self) -> List[Booking]:
        query = select(bookings).where(bookings.c.status == "booked").order_by(
            bookings.c.start_utc
        )
        with self.engine.connect() as conn:
            return [_booking_from_row(row) for row in conn.execute(query)]

    def notifications(self) -> List[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(notifications).order_by(notifications.c.id))
            return [dict(row._mapping) for row in rows]

    def callback_requests(self) -> List[CallbackRequest]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(callback_requests).order_by(callback_requests.c.id))
            return [
                CallbackRequest(
                    id=row.id, name=row.name, phone=row.phone, email=row.email,
                    best_time=row.best_time, consent_to_contact=bool(row.consent_to_contact),
                    sender_id=row.sender_id, created_at=_aware(row.created_at),
                )
                for row in rows
            ]

    # --- writing -----------------------------------------------------------------------

    def _claim(self, conn: Connection, booking_id: int, cells: Iterable[Cell]) -> None:
        conn.execute(
            slot_claims.insert(),
            [
                {"resource": resource, "cell_start_utc": _naive(start), "booking_id": booking_id}
                for resource, start in cells
            ],
        )

    def _notify(self, conn: Connection, kind: str, summary: str, **ids: int) -> None:
        conn.execute(
            notifications.insert().values(
                kind=kind, summary=summary, created_at=_naive(_utc_now()), **ids
            )
        )

    def _by_key(self, key: Optional[str]) -> Optional[Booking]:
        if not key:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(bookings).where(bookings.c.idempotency_key == key)).first()
        return _booking_from_row(row) if row else None

    def _summary(self, verb: str, booking_type: str, start: datetime, name: str) -> str:
        local = start.astimezone(self.config.clinic.time_zone)
        label = self.config.appointment_type(booking_type).label
        return f"{verb}: {label}, {local:%a %d %b %Y %H:%M %Z}, contact {name}"

    def book(self, request: BookingRequest, slot: Slot) -> Booking:
        """Stores the booking and claims its cells in one transaction.

        Raises SlotTaken if any cell is held, and InvalidBooking if any value breaks the rules
        the forms enforce (checked here again, whatever the caller says). The same idempotency
        key returns the booking already made, so a double "yes" books once.
        """
        problems = booking_problems(request, self.config.appointment_types)
        if slot.appointment_type != request.appointment_type:
            problems.append("slot")
        if problems:
            raise InvalidBooking(problems)
        existing = self._by_key(request.idempotency_key)
        if existing:
            return existing
        cells = claim_cells(slot, self.config)
        now = _naive(_utc_now())
        for _ in range(CODE_ATTEMPTS):
            code = new_booking_code()
            try:
                with self.engine.begin() as conn:
                    result = conn.execute(
                        bookings.insert().values(
                            code=code, status="booked", appointment_type=slot.appointment_type,
                            resource=slot.resource, start_utc=_naive(slot.start),
                            end_utc=_naive(slot.end), for_whom=request.for_whom,
                            contact_name=request.contact_name,
                            patient_name=request.patient_name, phone=request.phone,
                            email=request.email,
                            consent_to_contact=request.consent_to_contact,
                            consent_given_by=request.consent_given_by,
                            reminder_style=request.reminder_style,
                            sender_id=request.sender_id,
                            idempotency_key=request.idempotency_key,
                            ics_token=new_link_token(), reschedule_count=0,
                            created_at=now, updated_at=now,
                        )
                    )
                    booking_id = result.inserted_primary_key[0]
                    self._claim(conn, booking_id, cells)
                    summary = self._summary(
                        "New booking", slot.appointment_type, slot.start, request.contact_name
                    )
                    self._notify(conn, "booking_created", summary, booking_id=booking_id)
            except IntegrityError:
                existing = self._by_key(request.idempotency_key)
                if existing:
                    return existing
                if self.by_code(code):
                    continue  # a code collision: draw another
                raise SlotTaken(slot) from None
            booking = self.by_code(code)
            assert booking is not None
            return booking
        raise RuntimeError("could not draw an unused booking code")

    def _locked_booked(self, conn: Connection, code: str):  # noqa: ANN202
        """The booked (not cancelled) row with this code, locked for this transaction."""
        query = select(bookings).where(bookings.c.code == code)
        if conn.dialect.name != "sqlite":
            query = query.with_for_update()
        row = conn.execute(query).first()
        if not row or row.status != "booked":
            raise BookingNotFound(code)
        return row

    def _locked_active(self, conn: Connection, code: str, contact: Optional[str]):  # noqa: ANN202
        row = self._locked_booked(conn, code)
        if not contact_matches(contact, row.phone, row.email):
            raise BookingNotFound(code)
        return row

    def _cancel_row(self, conn: Connection, row, verb: str) -> None:  # noqa: ANN001
        now = _naive(_utc_now())
        conn.execute(slot_claims.delete().where(slot_claims.c.booking_id == row.id))
        conn.execute(
            bookings.update().where(bookings.c.id == row.id).values(
                status="cancelled", cancelled_at=now, updated_at=now
            )
        )
        summary = self._summary(verb, row.appointment_type, _aware(row.start_utc),
                                row.contact_name)
        self._notify(conn, "booking_cancelled", summary, booking_id=row.id)

    def cancel(self, code: str, contact: Optional[str]) -> Booking:
        """Cancels and frees the time; raises BookingNotFound for a wrong code or contact."""
        with self.engine.begin() as conn:
            self._cancel_row(conn, self._locked_active(conn, code, contact), "Cancelled")
        booking = self.by_code(code)
        assert booking is not None
        return booking

    def cancel_by_staff(self, code: str, staff: str) -> Booking:
        """Staff cancel (console, admins only): no contact needed, the notification says who."""
        with self.engine.begin() as conn:
            self._cancel_row(conn, self._locked_booked(conn, code), f"Cancelled by staff ({staff})")
        booking = self.by_code(code)
        assert booking is not None
        return booking

    def correct(self, code: str, staff: str, changes: Dict[str, Optional[str]]) -> Booking:
        """Staff correct the contact name, loved one's name, phone or email of a booking.

        The corrected booking is checked by the same rules as a new one (booking_problems),
        so no path can store a value the forms would have refused; raises InvalidBooking."""
        unknown = set(changes) - set(CORRECTABLE)
        if unknown:
            raise InvalidBooking(sorted(unknown))
        with self.engine.begin() as conn:
            row = self._locked_booked(conn, code)
            merged = {field: getattr(row, field) for field in CORRECTABLE} | changes
            request = BookingRequest(
                appointment_type=row.appointment_type, for_whom=row.for_whom,
                consent_to_contact=bool(row.consent_to_contact),
                reminder_style=row.reminder_style, **merged,
            )
            problems = booking_problems(request, self.config.appointment_types)
            if problems:
                raise InvalidBooking(problems)
            conn.execute(bookings.update().where(bookings.c.id == row.id).values(
                updated_at=_naive(_utc_now()), **changes))
            summary = self._summary(f"Corrected by staff ({staff})", row.appointment_type,
                                    _aware(row.start_utc), merged["contact_name"])
            self._notify(conn, "booking_corrected", summary + ": " + ", ".join(sorted(changes)),
                         booking_id=row.id)
        booking = self.by_code(code)
        assert booking is not None
        return booking

    def reschedule(self, code: str, contact: Optional[str], slot: Slot) -> Booking:
        """Moves a booking to a new slot atomically: if the new time is taken, nothing changes."""
        if slot.resource != self._resource_of(code):
            raise ValueError("a booking can only move to a slot of its own type")
        now = _naive(_utc_now())
        try:
            with self.engine.begin() as conn:
                row = self._locked_active(conn, code, contact)
                conn.execute(slot_claims.delete().where(slot_claims.c.booking_id == row.id))
                self._claim(conn, row.id, claim_cells(slot, self.config))
                conn.execute(
                    bookings.update().where(bookings.c.id == row.id).values(
                        start_utc=_naive(slot.start), end_utc=_naive(slot.end),
                        updated_at=now, reschedule_count=row.reschedule_count + 1,
                    )
                )
                was = _aware(row.start_utc).astimezone(self.config.clinic.time_zone)
                summary = self._summary(
                    "Moved", row.appointment_type, slot.start, row.contact_name
                ) + f" (was {was:%a %d %b %H:%M})"
                self._notify(conn, "booking_rescheduled", summary, booking_id=row.id)
        except IntegrityError:
            raise SlotTaken(slot) from None
        booking = self.by_code(code)
        assert booking is not None
        return booking

    def _resource_of(self, code: str) -> Optional[str]:
        booking = self.by_code(code)
        return booking.resource if booking else None

    def add_callback_request(
        self,
        name: Optional[str],
        phone: Optional[str],
        email: Optional[str],
        best_time: Optional[str],
        consent_to_contact: bool,
        sender_id: Optional[str] = None,
        idempotency_key: Optional[str] = None,
    ) -> int:
        """Stores a callback request and its staff notification; the same key stores once."""
        try:
            with self.engine.begin() as conn:
                result = conn.execute(
                    callback_requests.insert().values(
                        name=name, phone=phone, email=email, best_time=best_time,
                        consent_to_contact=consent_to_contact, sender_id=sender_id,
                        status="new", idempotency_key=idempotency_key,
                        created_at=_naive(_utc_now()),
                    )
                )
                request_id = result.inserted_primary_key[0]
                when = f", best time: {best_time}" if best_time else ""
                self._notify(
                    conn, "callback_requested",
                    f"Callback requested by {name or 'someone (no name given)'}{when}",
                    callback_request_id=request_id,
                )
                return request_id
        except IntegrityError:
            with self.engine.connect() as conn:
                row = conn.execute(
                    select(callback_requests.c.id).where(
                        callback_requests.c.idempotency_key == idempotency_key
                    )
                ).first()
            if row is None:
                raise
            return row[0]


_default_store: Optional[BookingStore] = None


def default_store() -> BookingStore:
    """The store the actions use (created once per process, schema on first use)."""
    global _default_store
    if _default_store is None:
        _default_store = BookingStore(make_engine())
    return _default_store
