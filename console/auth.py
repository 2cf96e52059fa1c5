"""Staff logins and sessions.

Passwords are stored as argon2 hashes. Wrong passwords slow down further tries for the same
name from the same address (console.throttle) instead of locking anyone out. Sessions live
server-side (only a random token's hash is stored) and end after 15 idle minutes, 12 hours
after the login however active, at logout (all of that user's sessions), or when the account is
disabled or its password reset (console.accounts).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Optional, Tuple

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection, Engine, Row

from console.config import Settings
from console.schema import sessions, users
from console.throttle import forget_old_attempts, record_attempt, seconds_to_wait

MAX_USERNAME_LENGTH = 80

_hasher = PasswordHasher()
# Verified against when the username is unknown, so timing does not reveal which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class StaffUser:
    """A logged-in member of staff."""

    id: int
    username: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class LoginResult:
    """The outcome of one login attempt: a user, or the reason there is none."""

    user: Optional[StaffUser] = None
    reason: str = ""
    #: For "throttled": how many seconds this name from this address must still wait.
    wait_seconds: float = 0.0


@dataclass(frozen=True)
class ActiveSession:
    """A valid session: who it belongs to and its CSRF token."""

    user: StaffUser
    csrf_token: str
    token_hash: str


def hash_password(password: str) -> str:
    """An argon2id hash of the password (salted; parameters kept in the hash)."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash; never raises on bad input."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    """What is stored for a session token: its SHA-256, so a leaked table holds no sessions."""
    return hashlib.sha256(token.encode()).hexdigest()


def forget_stale(connection: Connection, now: float, settings: Settings) -> None:
    """Drop old login attempts and sessions past their idle or absolute limit (kept small)."""
    forget_old_attempts(connection, now)
    connection.execute(sessions.delete().where(sa.or_(
        sessions.c.last_seen < now - settings.idle_timeout_seconds,
        sessions.c.created_at < now - settings.session_lifetime_seconds,
    )))


def attempt_login(
    engine: Engine,
    settings: Settings,
    username: str,
    password: str,
    client: str,
    now: Optional[float] = None,
) -> LoginResult:
    """Check a username and password, unless this name from this address must wait first.

    Reasons: "throttled" (recent failures for this name from this address; `wait_seconds` says
    how long) or "invalid" (unknown name, wrong password or disabled account: one answer, so
    the page never tells which names exist).
    """
    now = time.time() if now is None else now
    username = (username or "")[:MAX_USERNAME_LENGTH]
    with engine.begin() as connection:
        forget_stale(connection, now, settings)
        wait = seconds_to_wait(connection, settings, username, client, now)
        if wait > 0:
            return LoginResult(reason="throttled", wait_seconds=wait)
        row = connection.execute(sa.select(users).where(users.c.username == username)).first()
        valid = verify_password(row.password_hash if row else _DUMMY_HASH, password or "")
        success = bool(row and valid and row.disabled_at is None)
        record_attempt(connection, username, client, now, success)
    if not success:
        return LoginResult(reason="invalid")
    return LoginResult(user=StaffUser(row.id, row.username, row.role))


def start_session(engine: Engine, user: StaffUser, now: Optional[float] = None) -> Tuple[str, str]:
    """Open a session; returns the cookie token and the session's CSRF token."""
    now = time.time() if now is None else now
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with engine.begin() as connection:
        connection.execute(
            sessions.insert().values(
                token_hash=token_hash(token),
                user_id=user.id,
                csrf_token=csrf,
                created_at=now,
                last_seen=now,
            )
        )
    return token, csrf


def _session_over(row: Row, settings: Settings, now: float) -> bool:
    """Idle too long, past the absolute lifetime, or its account disabled."""
    return (
        now - row.last_seen > settings.idle_timeout_seconds
        or now - row.created_at > settings.session_lifetime_seconds
        or row.disabled_at is not None
    )


def resume_session(
    engine: Engine, settings: Settings, token: Optional[str], now: Optional[float] = None
) -> Optional[ActiveSession]:
    """The session for a cookie token, or None when unknown or over (then removed).

    Every successful call counts as activity and pushes the idle deadline back, never the
    absolute one.
    """
    if not token:
        return None
    now = time.time() if now is None else now
    digest = token_hash(token)
    with engine.begin() as connection:
        row = connection.execute(
            sa.select(sessions, users.c.username, users.c.role, users.c.disabled_at)
            .join(users, users.c.id == sessions.c.user_id)
            .where(sessions.c.token_hash == digest)
        ).first()
        if row is None:
            return None
        if _session_over(row, settings, now):
            connection.execute(sessions.delete().where(sessions.c.token_hash == digest))
            return None
        connection.execute(
            sessions.update().where(sessions.c.token_hash == digest).values(last_seen=now)
        )
    return ActiveSession(StaffUser(row.user_id, row.username, row.role), row.csrf_token, digest)


def end_user_sessions(engine: Engine, user_id: int) -> int:
    """End every session of one user (all browsers and devices); returns how many there were."""
    with engine.begin() as connection:
        result = connection.execute(sessions.delete().where(sessions.c.user_id == user_id))
    return int(result.rowcount or 0)


def csrf_matches(expected: Optional[str], given: Optional[str]) -> bool:
    """Constant-time comparison of the session's CSRF token with the one a form sent."""
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
