"""Where the console's three databases are and how strict its sessions are.

Everything comes from the environment so `make run`, the tests and a production deployment can
point the same code at different databases without editing files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional

import yaml
from sqlalchemy.engine.url import URL, make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """The console's runtime settings; built once per app by `load_settings`."""

    tracker_db_url: str
    booking_db_url: str
    console_db_url: str
    secure_cookies: bool = False
    idle_timeout_seconds: int = 15 * 60
    #: A session ends this long after the login, however active (one working day).
    session_lifetime_seconds: int = 12 * 3600
    #: Wrong passwords a name may have from one address before each try must wait...
    free_failed_logins: int = 5
    #: ...this long, doubling with every further failure up to the maximum.
    throttle_base_seconds: int = 30
    throttle_max_seconds: int = 15 * 60
    page_size: int = 25
    low_confidence: float = 0.5


def _sqlite_url(path: str) -> str:
    """A SQLite URL whose relative path is taken from the project root, as Rasa runs there."""
    file = Path(path)
    if not file.is_absolute():
        file = PROJECT_ROOT / file
    return f"sqlite:///{file}"


def tracker_url_from_endpoints(endpoints: Mapping[str, Any]) -> Optional[str]:
    """The SQLAlchemy URL of Rasa's SQL tracker store described in an endpoints mapping.

    Mirrors how Rasa's SQLTrackerStore reads `dialect`, `host`, `port`, `db`, `username`,
    `password` and `query`; returns None when the tracker store is not an SQL one.
    """
    store = endpoints.get("tracker_store") or {}
    kind = str(store.get("type", ""))
    # "SQL", or a subclass of SQLTrackerStore given by module path (same table, same keys).
    if kind.upper() != "SQL" and not kind.endswith("SQLTrackerStore"):
        return None
    store = {key: os.path.expandvars(value) if isinstance(value, str) else value
             for key, value in store.items()}
    dialect = str(store.get("dialect", "sqlite"))
    db = str(store.get("db", "rasa.db"))
    host = store.get("url") or store.get("host")
    if host and "://" in str(host):
        return str(host)
    if dialect == "sqlite":
        return _sqlite_url(db)
    port = store.get("port")
    url = URL.create(
        dialect,
        username=store.get("username"),
        password=store.get("password"),
        host=host,
        port=int(port) if port else None,
        database=db,
        query=store.get("query") or {},
    )
    return url.render_as_string(hide_password=False)


def tracker_url_from_file(path: Path) -> Optional[str]:
    """Read an endpoints.yml file; None when it is missing or has no SQL tracker store."""
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as handle:
        return tracker_url_from_endpoints(yaml.safe_load(handle) or {})


def _normalise(url: str) -> str:
    """Make relative SQLite paths absolute so the console works from any directory."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return _sqlite_url(parsed.database)
    return url


def _flag(value: Optional[str]) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def load_settings(environ: Optional[Mapping[str, str]] = None) -> Settings:
    """Settings from the environment, with the local profile's defaults."""
    env = os.environ if environ is None else environ
    endpoints = Path(env.get("ENDPOINTS", "endpoints.yml"))
    if not endpoints.is_absolute():
        endpoints = PROJECT_ROOT / endpoints
    tracker = (
        env.get("CONSOLE_TRACKER_DB_URL")
        or tracker_url_from_file(endpoints)
        or "sqlite:///var/rasa_tracker.db"
    )
    return Settings(
        tracker_db_url=_normalise(tracker),
        booking_db_url=_normalise(env.get("BOOKING_DB_URL", "sqlite:///var/bookings.db")),
        console_db_url=_normalise(env.get("CONSOLE_DB_URL", "sqlite:///var/console.db")),
        secure_cookies=_flag(env.get("CONSOLE_SECURE_COOKIES")),
        idle_timeout_seconds=int(env.get("CONSOLE_IDLE_TIMEOUT_SECONDS", 15 * 60)),
        session_lifetime_seconds=int(env.get("CONSOLE_SESSION_LIFETIME_SECONDS", 12 * 3600)),
    )
