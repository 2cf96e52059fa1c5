"""Database engines for the console: its own (read-write) and others' (read-only).

Rasa's tracker store and the booking store belong to other services, so the console opens them
read-only at the driver level: a coding mistake cannot write to them. The retention purge is the
one deliberate exception and opens its own writable engine (see console.retention).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _ensure_sqlite_folder(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def writable_engine(url: str) -> Engine:
    """An engine for a database the console owns (or for the retention purge)."""
    _ensure_sqlite_folder(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
    return sa.create_engine(url, pool_pre_ping=True)


def read_only_engine(url: str) -> Engine:
    """An engine that cannot write: SQLite opened with mode=ro, PostgreSQL read-only sessions."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = parsed.database or ""
        uri = f"file:{path}?mode=ro"
        return sa.create_engine(
            "sqlite://",
            creator=lambda: __import__("sqlite3").connect(
                uri, uri=True, check_same_thread=False, timeout=15
            ),
        )
    if backend == "postgresql":
        return sa.create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"options": "-c default_transaction_read_only=on"},
        )
    return sa.create_engine(url, pool_pre_ping=True)


def migrate(url: str) -> None:
    """Bring the console's database to the newest schema (run at every console start)."""
    _ensure_sqlite_folder(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")
