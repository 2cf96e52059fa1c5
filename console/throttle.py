"""Login throttling: growing delays per (username, client address), never a lock.

Why this shape: a lock per account lets anyone lock out the admin forever, and a limit per
address locks out every member of staff behind the clinic's one public address. Here failures
only slow down the next try for the same name from the same address (a few free tries, then
30 s, 1 min, 2 min ... up to 15 min); the real user at another address is never affected, and
a success clears the count. The rules are the same for names that exist and names that do not,
so a throttled answer tells an attacker nothing about which names are real.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from console.config import Settings
from console.schema import login_attempts

#: Attempts are kept this long; an older failure no longer counts.
ATTEMPT_TTL = 24 * 3600


def delay_after(failures: int, settings: Settings) -> float:
    """Seconds to wait after `failures` failures in a row: 0 for the free ones, then doubling."""
    extra = failures - settings.free_failed_logins
    if extra < 0:
        return 0.0
    return float(min(settings.throttle_max_seconds,
                     settings.throttle_base_seconds * 2 ** min(extra, 30)))


def seconds_to_wait(connection: Connection, settings: Settings, username: str, client: str,
                    now: float) -> float:
    """How long this name from this address must still wait before its password is checked."""
    pair = sa.and_(login_attempts.c.username == username, login_attempts.c.client == client)
    last_success: Optional[float] = connection.execute(
        sa.select(sa.func.max(login_attempts.c.at)).where(pair, login_attempts.c.success.is_(True))
    ).scalar_one()
    failures, last_failure = connection.execute(
        sa.select(sa.func.count(login_attempts.c.id), sa.func.max(login_attempts.c.at)).where(
            pair,
            login_attempts.c.success.is_(False),
            login_attempts.c.at > (last_success or 0.0),
            login_attempts.c.at > now - ATTEMPT_TTL,
        )
    ).one()
    if not failures:
        return 0.0
    return max(0.0, last_failure + delay_after(int(failures), settings) - now)


def record_attempt(connection: Connection, username: str, client: str, now: float,
                   success: bool) -> None:
    """Remember one checked attempt (throttled ones are not checked, so not recorded)."""
    connection.execute(
        login_attempts.insert().values(username=username, client=client, at=now, success=success)
    )


def forget_old_attempts(connection: Connection, now: float) -> None:
    """Drop attempts past the TTL so the table stays small."""
    connection.execute(login_attempts.delete().where(login_attempts.c.at < now - ATTEMPT_TTL))
