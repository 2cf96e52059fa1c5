"""Managing staff accounts: create, reset a password, disable or enable, end sessions.

Every change is written to the audit log with who made it (`actor`), so a clinic can see who
gave or took away access. Resetting a password or disabling an account also ends the user's
sessions: a stolen session must not outlive the change meant to stop it.
"""

from __future__ import annotations

import re
import time
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from console import audit
from console.auth import MAX_USERNAME_LENGTH, end_user_sessions, hash_password
from console.passwords import password_problem
from console.schema import users

ROLES = ("reviewer", "admin")
USERNAME = re.compile(rf"^[A-Za-z0-9_.-]{{2,{MAX_USERNAME_LENGTH}}}$")


class AccountError(ValueError):
    """An account could not be changed; the message says why in plain words."""


def _checked_password(password: str, username: str) -> str:
    problem = password_problem(password, username)
    if problem:
        raise AccountError(problem)
    return password


def _user_id(engine: Engine, username: str) -> int:
    with engine.connect() as connection:
        found: Optional[int] = connection.execute(
            sa.select(users.c.id).where(users.c.username == username)
        ).scalar_one_or_none()
    if found is None:
        raise AccountError(f"There is no user called {username}.")
    return found


def create_user(engine: Engine, username: str, password: str, role: str,
                actor: str = "setup") -> int:
    """Add a staff account; raises AccountError with a clear message on bad input."""
    if not USERNAME.match(username or ""):
        raise AccountError("Usernames are 2-80 letters, digits, dots, dashes or underscores.")
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    _checked_password(password, username)
    with engine.begin() as connection:
        exists = connection.execute(
            sa.select(users.c.id).where(users.c.username == username)
        ).first()
        if exists:
            raise AccountError(f"There is already a user called {username}.")
        result = connection.execute(
            users.insert().values(
                username=username,
                password_hash=hash_password(password),
                role=role,
                created_at=time.time(),
            )
        )
    audit.record(engine, actor, "create_user", target=username, detail=role)
    return int(result.inserted_primary_key[0])


def reset_password(engine: Engine, username: str, password: str, actor: str) -> int:
    """Give the user a new password and end their sessions; returns how many were ended."""
    user_id = _user_id(engine, username)
    _checked_password(password, username)
    with engine.begin() as connection:
        connection.execute(
            users.update().where(users.c.id == user_id)
            .values(password_hash=hash_password(password))
        )
    ended = end_user_sessions(engine, user_id)
    audit.record(engine, actor, "reset_password", target=username,
                 detail=audit.sessions_ended(ended))
    return ended


def set_disabled(engine: Engine, username: str, disabled: bool, actor: str) -> int:
    """Switch an account off (it cannot log in; its sessions end) or back on.

    Returns how many sessions were ended (0 when enabling).
    """
    user_id = _user_id(engine, username)
    with engine.begin() as connection:
        connection.execute(
            users.update().where(users.c.id == user_id)
            .values(disabled_at=time.time() if disabled else None)
        )
    ended = end_user_sessions(engine, user_id) if disabled else 0
    action = "disable_user" if disabled else "enable_user"
    audit.record(engine, actor, action, target=username,
                 detail=audit.sessions_ended(ended) if disabled else None)
    return ended


def end_sessions(engine: Engine, username: str, actor: str) -> int:
    """Log a user out everywhere (e.g. a lost laptop); returns how many sessions ended."""
    ended = end_user_sessions(engine, _user_id(engine, username))
    audit.record(engine, actor, "end_sessions", target=username, detail=audit.sessions_ended(ended))
    return ended
