"""How many wrong code + contact lookups a booking and a contact may have: 3 a day, in total.

Why in the database: the chat's change/cancel form counted wrong tries in a slot, so starting
the flow again (or another conversation) gave three fresh tries, for ever; someone guessing
codes or contacts was never stopped. Each miss is stored here under the code tried and under
the contact tried (as a hash: this table holds no personal data), and a lookup is refused while
either has MAX_FAILED_LOOKUPS misses inside WINDOW, whichever conversation they came from.
Its own table on the booking database, created on first use like the booking store's.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from typing import List, Optional

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, select
from sqlalchemy.engine import Engine

from booking.codes import normalise_code
from booking.validation import parse_contact

MAX_FAILED_LOOKUPS = 3
WINDOW = timedelta(hours=24)

metadata = MetaData()

failed_lookups = Table(
    "failed_lookups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(8), nullable=False),  # code | contact
    Column("key", String(64), nullable=False, index=True),  # the code, or the contact's hash
    Column("failed_at", DateTime, nullable=False),  # naive UTC, like the booking store
)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def lookup_keys(code: Optional[str], contact: Optional[str]) -> List[tuple[str, str]]:
    """(kind, key) pairs a lookup counts against: the code as normalised, the contact as the
    hash of its phone (+1XXXXXXXXXX) or lower-case email, so "(410) 555-0134" and
    "410 555 0134" are one contact."""
    keys = []
    normal_code = normalise_code(code or "")
    if normal_code:
        keys.append(("code", normal_code))
    parsed = parse_contact(contact)
    for value in (parsed.phone, (parsed.email or "").lower() or None):
        if value:
            keys.append(("contact", hashlib.sha256(value.encode("utf-8")).hexdigest()))
    return keys


class LookupLimit:
    """Counts wrong lookups per code and per contact over a sliding window."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def record_failure(self, code: Optional[str], contact: Optional[str],
                       now: Optional[datetime] = None) -> None:
        """One wrong lookup, counted against the code tried and the contact tried."""
        at = _naive(now or _utc_now())
        rows = [{"kind": kind, "key": key, "failed_at": at}
                for kind, key in lookup_keys(code, contact)]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(failed_lookups.insert(), rows)

    def reached(self, code: Optional[str], contact: Optional[str],
                now: Optional[datetime] = None) -> bool:
        """Whether the code or the contact already has MAX_FAILED_LOOKUPS misses in WINDOW."""
        since = _naive((now or _utc_now()) - WINDOW)
        with self.engine.connect() as conn:
            for kind, key in lookup_keys(code, contact):
                misses = conn.execute(
                    select(func.count()).select_from(failed_lookups).where(
                        failed_lookups.c.kind == kind, failed_lookups.c.key == key,
                        failed_lookups.c.failed_at >= since,
                    )
                ).scalar_one()
                if misses >= MAX_FAILED_LOOKUPS:
                    return True
        return False
