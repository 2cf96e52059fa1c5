"""Retention: delete conversations older than N days from Rasa's tracker store.

This is the only write the console ever makes to Rasa's tables, and it only deletes. Review
work about the same conversations is deleted from the console's database too, and an audit
entry records how much went (never what it said).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from console import audit
from console.db import writable_engine
from console.review import forget_conversations
from console.tracker import events

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class PurgeResult:
    """How much a purge removed."""

    conversations: int
    events: int
    annotations: int


def stale_senders(connection: sa.engine.Connection, cutoff: float) -> List[str]:
    """Conversations whose newest event is older than the cutoff timestamp."""
    newest = sa.func.max(events.c.timestamp)
    rows = connection.execute(
        sa.select(events.c.sender_id).group_by(events.c.sender_id).having(newest < cutoff)
    )
    return [row.sender_id for row in rows]


def purge(
    tracker_url: str,
    console_engine: Engine,
    older_than_days: int,
    actor: str = "manage",
    now: Optional[float] = None,
) -> PurgeResult:
    """Delete conversations inactive for more than `older_than_days` days, with an audit entry."""
    if older_than_days < 1:
        raise ValueError("Keep at least one day: --older-than-days must be 1 or more.")
    now = time.time() if now is None else now
    cutoff = now - older_than_days * SECONDS_PER_DAY
    engine = writable_engine(tracker_url)
    deleted_events = 0
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):
                senders: List[str] = []
            else:
                senders = stale_senders(connection, cutoff)
            for start in range(0, len(senders), 500):
                chunk = senders[start : start + 500]
                deleted_events += connection.execute(
                    events.delete().where(events.c.sender_id.in_(chunk))
                ).rowcount
    finally:
        engine.dispose()
    annotations = forget_conversations(console_engine, senders)
    audit.record(
        console_engine,
        actor,
        "purge",
        target=f"older than {older_than_days} days",
        detail=(
            f"deleted {len(senders)} conversations, {deleted_events} tracker events, "
            f"{annotations} review records"
        ),
    )
    return PurgeResult(len(senders), deleted_events, annotations)
