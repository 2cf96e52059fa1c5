"""Review work kept in the console's own database: status, tags, notes, intent corrections
and the "called back" status of callback requests.

Keyed by Rasa sender id (or callback request id); nothing here touches Rasa's tables.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Set

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from console.conversations import REVIEW_STATUSES
from console.schema import (
    PER_CONVERSATION_TABLES,
    callback_status,
    conversation_notes,
    conversation_reviews,
    conversation_tags,
    intent_corrections,
)

TAG = re.compile(r"^[a-z0-9][a-z0-9 _-]{0,59}$")
INTENT = re.compile(r"^[a-z][a-z0-9_]{0,99}$")
CALLBACK_STATUSES = ("open", "called_back")
MAX_NOTE_LENGTH = 4000


class ReviewError(ValueError):
    """Input staff typed that cannot be stored; the message says why in plain words."""


@dataclass(frozen=True)
class Note:
    """A free-text note on a conversation."""

    id: int
    body: str
    created_by: str
    created_at: float


@dataclass(frozen=True)
class Correction:
    """A user turn whose intent a reviewer corrected."""

    event_id: int
    sender_id: str
    text: str
    predicted_intent: Optional[str]
    corrected_intent: str
    created_by: str


def normalise_tag(tag: str) -> str:
    """Tags are short lower-case labels; raises ReviewError when one cannot be made."""
    cleaned = " ".join((tag or "").strip().lower().split())
    if not TAG.match(cleaned):
        raise ReviewError("Tags are 1-60 letters, digits, spaces, dashes or underscores.")
    return cleaned


def _set_state(engine: Engine, key: sa.Column, key_value: str, status: str, username: str) -> None:
    """Insert or update the status row keyed by `key` (a review or a callback status)."""
    values = {"status": status, "updated_by": username, "updated_at": time.time()}
    with engine.begin() as connection:
        updated = connection.execute(
            key.table.update().where(key == key_value).values(**values)
        ).rowcount
        if not updated:
            connection.execute(key.table.insert().values({key.name: key_value, **values}))


def statuses(engine: Engine) -> Dict[str, str]:
    """Review status of every conversation that has one (others are "unreviewed")."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(conversation_reviews.c.sender_id,
                                            conversation_reviews.c.status))
        return {row.sender_id: row.status for row in rows}


def set_status(engine: Engine, sender_id: str, status: str, username: str) -> None:
    """Mark a conversation unreviewed, reviewed or flagged."""
    if status not in REVIEW_STATUSES:
        raise ReviewError(f"The status must be one of: {', '.join(REVIEW_STATUSES)}.")
    _set_state(engine, conversation_reviews.c.sender_id, sender_id, status, username)


def all_tags(engine: Engine) -> Dict[str, Set[str]]:
    """Tags of every conversation, keyed by sender id."""
    found: Dict[str, Set[str]] = defaultdict(set)
    with engine.connect() as connection:
        for row in connection.execute(sa.select(conversation_tags.c.sender_id,
                                                conversation_tags.c.tag)):
            found[row.sender_id].add(row.tag)
    return dict(found)


def tag_names(engine: Engine) -> List[str]:
    """Every tag in use, for the filter's choices."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(conversation_tags.c.tag).distinct())
        return sorted(row.tag for row in rows)


def add_tag(engine: Engine, sender_id: str, tag: str, username: str) -> str:
    """Tag a conversation (adding an existing tag again is harmless)."""
    cleaned = normalise_tag(tag)
    with engine.begin() as connection:
        exists = connection.execute(
            sa.select(conversation_tags.c.id)
            .where(conversation_tags.c.sender_id == sender_id)
            .where(conversation_tags.c.tag == cleaned)
        ).first()
        if not exists:
            connection.execute(
                conversation_tags.insert().values(
                    sender_id=sender_id, tag=cleaned, created_by=username, created_at=time.time()
                )
            )
    return cleaned


def remove_tag(engine: Engine, sender_id: str, tag: str) -> None:
    """Take a tag off a conversation."""
    with engine.begin() as connection:
        connection.execute(
            conversation_tags.delete()
            .where(conversation_tags.c.sender_id == sender_id)
            .where(conversation_tags.c.tag == tag)
        )


def add_note(engine: Engine, sender_id: str, body: str, username: str) -> None:
    """Attach a note to a conversation."""
    body = (body or "").strip()
    if not body:
        raise ReviewError("The note is empty.")
    if len(body) > MAX_NOTE_LENGTH:
        raise ReviewError(f"Notes are at most {MAX_NOTE_LENGTH} characters.")
    with engine.begin() as connection:
        connection.execute(
            conversation_notes.insert().values(
                sender_id=sender_id, body=body, created_by=username, created_at=time.time()
            )
        )


def notes(engine: Engine, sender_id: str) -> List[Note]:
    """A conversation's notes, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(conversation_notes)
            .where(conversation_notes.c.sender_id == sender_id)
            .order_by(conversation_notes.c.id)
        )
        return [Note(row.id, row.body, row.created_by, row.created_at) for row in rows]


def correct_intent(
    engine: Engine,
    sender_id: str,
    event_id: int,
    text: str,
    predicted: Optional[str],
    corrected: str,
    username: str,
) -> None:
    """Record the right intent for a user turn (a later correction replaces an earlier one).

    `text` must already be masked: corrections become training data, which holds no PII.
    """
    corrected = (corrected or "").strip()
    if not INTENT.match(corrected):
        raise ReviewError("Intent names are lower-case letters, digits and underscores.")
    values = {
        "sender_id": sender_id,
        "text": text,
        "predicted_intent": predicted,
        "corrected_intent": corrected,
        "created_by": username,
        "created_at": time.time(),
    }
    with engine.begin() as connection:
        connection.execute(intent_corrections.delete().where(
            intent_corrections.c.event_id == event_id))
        connection.execute(intent_corrections.insert().values(event_id=event_id, **values))


def corrections(engine: Engine, sender_id: Optional[str] = None) -> List[Correction]:
    """Corrections, oldest first; all of them or one conversation's."""
    query = sa.select(intent_corrections).order_by(intent_corrections.c.id)
    if sender_id is not None:
        query = query.where(intent_corrections.c.sender_id == sender_id)
    with engine.connect() as connection:
        return [
            Correction(row.event_id, row.sender_id, row.text, row.predicted_intent,
                       row.corrected_intent, row.created_by)
            for row in connection.execute(query)
        ]


def callback_statuses(engine: Engine) -> Dict[str, str]:
    """The console-side status of each callback request that has one."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(callback_status.c.request_id, callback_status.c.status))
        return {row.request_id: row.status for row in rows}


def set_callback_status(engine: Engine, request_id: str, status: str, username: str) -> None:
    """Mark a callback request open again or called back."""
    if status not in CALLBACK_STATUSES:
        raise ReviewError(f"The status must be one of: {', '.join(CALLBACK_STATUSES)}.")
    _set_state(engine, callback_status.c.request_id, request_id, status, username)


def forget_conversations(engine: Engine, sender_ids: Iterable[str]) -> int:
    """Delete every piece of review work about these conversations (retention purge)."""
    ids = list(sender_ids)
    removed = 0
    with engine.begin() as connection:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for table in PER_CONVERSATION_TABLES:
                removed += connection.execute(
                    table.delete().where(table.c.sender_id.in_(chunk))
                ).rowcount
    return removed
