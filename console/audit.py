"""The append-only audit log: who logged in, viewed, revealed, exported or deleted what,
and who created, reset, disabled or logged out which account.

Rows are only ever inserted (the database refuses UPDATE and DELETE on the table, see the
initial migration); admins read them on the audit page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from console.schema import audit_log

ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "view_list",
    "view_transcript",
    "reveal",
    "export",
    "export_corrections",
    "view_bookings",
    "view_audit",
    "review",
    "callback",
    "cancel_booking",
    "correct_booking",
    "purge",
    "create_user",
    "reset_password",
    "disable_user",
    "enable_user",
    "end_sessions",
)


@dataclass(frozen=True)
class AuditEntry:
    """One audit row as shown to admins."""

    id: int
    at: float
    username: str
    action: str
    target: Optional[str]
    detail: Optional[str]
    client: Optional[str]


def sessions_ended(count: int) -> str:
    """The detail of an entry that logged a user out (logout, reset, disable, end-sessions)."""
    return f"sessions ended: {count}"


def record(
    engine: Engine,
    username: str,
    action: str,
    target: Optional[str] = None,
    detail: Optional[str] = None,
    client: Optional[str] = None,
) -> None:
    """Append one entry; unknown actions are a programming error, caught early."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action: {action}")
    with engine.begin() as connection:
        connection.execute(
            audit_log.insert().values(
                at=time.time(),
                username=username[:80],
                action=action,
                target=(target or None) and target[:255],
                detail=detail,
                client=(client or None) and client[:64],
            )
        )


def entries(
    engine: Engine, limit: int = 100, offset: int = 0, action: str = ""
) -> List[AuditEntry]:
    """Newest entries first, optionally only one kind of action."""
    query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit).offset(offset)
    if action:
        query = query.where(audit_log.c.action == action)
    with engine.connect() as connection:
        return [AuditEntry(**row._mapping) for row in connection.execute(query)]
