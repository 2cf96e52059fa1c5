"""Rasa's SQL tracker store, made to survive a database restart.

Rasa's SQLTrackerStore keeps pooled connections without checking them, so after PostgreSQL
restarts the next message on each stale connection fails. With `pool_pre_ping` SQLAlchemy tests a
connection before lending it and replaces dead ones, so the bot reconnects without a restart.

Reading a conversation back is also where Rasa spends a tenth of its time looking up event
classes; importing this module puts the faster lookup in place (family_guide/rasa_speedups.py).
Both profiles use this store: SQLite locally, PostgreSQL in production.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs

from family_guide import rasa_speedups

rasa_speedups.install()


class ResilientSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose connection pool checks connections before use."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
