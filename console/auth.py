"""Staff accounts, logins and sessions.

Passwords are stored as argon2 hashes. Repeated failures lock an account for a while and a
single client that keeps failing is slowed down, so passwords cannot be guessed online.
Sessions live server-side (only a random token's hash is stored) and end after 15 idle minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import Optional, Tuple

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from console.config import Settings
from console.schema import login_attempts, sessions, users

ROLES = ("reviewer", "admin")
MIN_PASSWORD_LENGTH = 12
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,80}$")
CLIENT_WINDOW_SECONDS = 5 * 60
CLIENT_MAX_FAILURES = 20
ATTEMPT_TTL = 24 * 3600

_hasher = PasswordHasher()
# Verified against when the username is unknown, so timing does not reveal which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A user could not be created; the message says why in plain words."""


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


def create_user(engine: Engine, username: str, password: str, role: str) -> int:
    """Add a staff account; raises AccountError with a clear message on bad input."""
    if not USERNAME.match(username or ""):
        raise AccountError("Usernames are 2-80 letters, digits, dots, dashes or underscores.")
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
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
                failed_logins=0,
            )
        )
        return int(result.inserted_primary_key[0])


def _client_failures(connection: sa.engine.Connection, client: str, now: float) -> int:
    return int(
        connection.execute(
            sa.select(sa.func.count(login_attempts.c.id))
            .where(login_attempts.c.client == client)
            .where(login_attempts.c.success.is_(False))
            .where(login_attempts.c.at > now - CLIENT_WINDOW_SECONDS)
        ).scalar_one()
    )


def forget_stale(connection: sa.engine.Connection, now: float, idle_seconds: int) -> None:
    """Drop login attempts older than a day and sessions idle past the limit (kept small)."""
    connection.execute(login_attempts.delete().where(login_attempts.c.at < now - ATTEMPT_TTL))
    connection.execute(sessions.delete().where(sessions.c.last_seen < now - idle_seconds))


def attempt_login(
    engine: Engine,
    settings: Settings,
    username: str,
    password: str,
    client: str,
    now: Optional[float] = None,
) -> LoginResult:
    """Check a username and password, applying the rate limit and the account lockout.

    Reasons: "rate_limited" (this client failed too often lately), "locked" (the account is
    locked after repeated failures) or "invalid" (wrong name or password).
    """
    now = time.time() if now is None else now
    username = (username or "")[:80]
    with engine.begin() as connection:
        forget_stale(connection, now, settings.idle_timeout_seconds)
        if _client_failures(connection, client, now) >= CLIENT_MAX_FAILURES:
            return LoginResult(reason="rate_limited")
        row = connection.execute(sa.select(users).where(users.c.username == username)).first()
        locked = bool(row and row.locked_until and row.locked_until > now)
        valid = verify_password(row.password_hash if row else _DUMMY_HASH, password or "")
        success = bool(row and valid and not locked)
        connection.execute(
            login_attempts.insert().values(username=username, client=client, at=now,
                                           success=success)
        )
        if row is None:
            return LoginResult(reason="invalid")
        if locked:
            return LoginResult(reason="locked")
        if not valid:
            failures = row.failed_logins + 1
            too_many = failures >= settings.max_failed_logins
            lock = now + settings.lockout_seconds if too_many else None
            connection.execute(
                users.update()
                .where(users.c.id == row.id)
                .values(failed_logins=0 if lock else failures, locked_until=lock)
            )
            return LoginResult(reason="locked" if lock else "invalid")
        connection.execute(
            users.update().where(users.c.id == row.id).values(failed_logins=0, locked_until=None)
        )
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


def resume_session(
    engine: Engine, token: Optional[str], idle_seconds: int, now: Optional[float] = None
) -> Optional[ActiveSession]:
    """The session for a cookie token, or None when unknown or idle too long (then removed).

    Every successful call counts as activity and pushes the idle deadline back.
    """
    if not token:
        return None
    now = time.time() if now is None else now
    digest = token_hash(token)
    with engine.begin() as connection:
        row = connection.execute(
            sa.select(sessions, users.c.username, users.c.role)
            .join(users, users.c.id == sessions.c.user_id)
            .where(sessions.c.token_hash == digest)
        ).first()
        if row is None:
            return None
        if now - row.last_seen > idle_seconds:
            connection.execute(sessions.delete().where(sessions.c.token_hash == digest))
            return None
        connection.execute(
            sessions.update().where(sessions.c.token_hash == digest).values(last_seen=now)
        )
    return ActiveSession(StaffUser(row.user_id, row.username, row.role), row.csrf_token, digest)


def end_session(engine: Engine, token: Optional[str]) -> None:
    """Log out: forget the session so its cookie is worthless."""
    if token:
        with engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.token_hash == token_hash(token)))


def csrf_matches(expected: Optional[str], given: Optional[str]) -> bool:
    """Constant-time comparison of the session's CSRF token with the one a form sent."""
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
