"""Read Rasa's SQL tracker store (table `events` of Rasa 3.6's SQLTrackerStore).

The console never creates or changes this table; it is opened through a read-only engine. The
column layout mirrors `rasa.core.tracker_store.SQLTrackerStore.SQLEvent`; a test writes real
events with that class and reads them back here.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

events = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)

# Event types that matter for review; others (e.g. followup) are skipped. active_loop and
# action_execution_rejected tell whether a form took a user turn as its answer (not a fallback).
READ_TYPES = ("user", "bot", "action", "slot", "session_started", "active_loop",
              "action_execution_rejected")


@dataclass(frozen=True)
class Event:
    """One stored Rasa event, with its JSON data decoded."""

    id: int
    sender_id: str
    type_name: str
    timestamp: float
    intent_name: Optional[str]
    action_name: Optional[str]
    data: Dict[str, Any]


class TrackerUnavailable(Exception):
    """The tracker store cannot be read (no database yet, or no `events` table)."""


def _decode(raw: Optional[str]) -> Dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _to_event(row: Any) -> Event:
    return Event(
        id=row.id,
        sender_id=row.sender_id,
        type_name=row.type_name,
        timestamp=row.timestamp or 0.0,
        intent_name=row.intent_name,
        action_name=row.action_name,
        data=_decode(row.data),
    )


class TrackerReader:
    """Read-only queries on the events table, with a cache refreshed when new events arrive."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._cache_key: Optional[Tuple[int, int]] = None
        self._cache: Dict[str, List[Event]] = {}

    def _fingerprint(self, connection: Any) -> Tuple[int, int]:
        row = connection.execute(
            sa.select(sa.func.count(events.c.id), sa.func.coalesce(sa.func.max(events.c.id), 0))
        ).one()
        return int(row[0]), int(row[1])

    def all_conversations(self) -> Dict[str, List[Event]]:
        """Every conversation's events in order, keyed by sender id.

        Cached: when only new events arrived (the usual case with a live bot) just those are
        read and appended; the lists of untouched conversations stay the same objects, so
        callers can cache work per conversation. Anything else (a purge) reloads everything.
        """
        try:
            with self.engine.connect() as connection:
                key = self._fingerprint(connection)
                with self._lock:
                    cached_key, cached = self._cache_key, self._cache
                if key == cached_key:
                    return cached
                if cached_key is not None and self._only_appended(connection, cached_key, key):
                    grouped = dict(cached)
                    fresh = self._read(connection, events.c.id > cached_key[1])
                    for sender_id, stream in fresh.items():
                        grouped[sender_id] = grouped.get(sender_id, []) + stream
                else:
                    grouped = self._read(connection, sa.true())
        except sa.exc.SQLAlchemyError as error:
            raise TrackerUnavailable(str(error)) from error
        with self._lock:
            self._cache_key, self._cache = key, grouped
        return grouped

    @staticmethod
    def _only_appended(connection: Any, before: Tuple[int, int], now: Tuple[int, int]) -> bool:
        """True when every event seen before is still there and newer ones were added."""
        if now[1] < before[1]:
            return False
        kept = connection.execute(
            sa.select(sa.func.count(events.c.id)).where(events.c.id <= before[1])
        ).scalar_one()
        return int(kept) == before[0]

    @staticmethod
    def _read(connection: Any, condition: Any) -> Dict[str, List[Event]]:
        rows = connection.execute(
            sa.select(events)
            .where(events.c.type_name.in_(READ_TYPES))
            .where(condition)
            .order_by(events.c.id)
        )
        grouped: Dict[str, List[Event]] = {}
        for row in rows:
            grouped.setdefault(row.sender_id, []).append(_to_event(row))
        return grouped

    def conversation(self, sender_id: str) -> List[Event]:
        """One conversation's events in order (empty when unknown)."""
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(
                    sa.select(events)
                    .where(events.c.sender_id == sender_id)
                    .where(events.c.type_name.in_(READ_TYPES))
                    .order_by(events.c.id)
                )
                return [_to_event(row) for row in rows]
        except sa.exc.SQLAlchemyError as error:
            raise TrackerUnavailable(str(error)) from error
