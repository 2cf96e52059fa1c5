"""The console on PostgreSQL: Rasa's tracker store there (written by SQLTrackerStore), read
read-only; the console's own database migrated there, with the append-only audit trigger.

The cluster is real and throwaway: scripts/ensure_postgres.sh starts it on loopback.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest
import sqlalchemy as sa
from console_harness import DAY
from console_rasa_events import bot, session, slot, user
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine.url import make_url

from console import audit
from console.config import tracker_url_from_endpoints
from console.db import migrate, read_only_engine, writable_engine
from console.retention import purge
from console.tracker import TrackerReader

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[2]
DATABASES = "console_rasa_test console_own_test"


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """Base URL (no database) of a throwaway PostgreSQL cluster with two databases."""
    folder = tempfile.mkdtemp(prefix="fg-console-pg-")
    script = REPO / "scripts" / "ensure_postgres.sh"
    started = subprocess.run(["bash", str(script), "start", folder], capture_output=True,
                             text=True, timeout=600,
                             env={**os.environ, "PG_DATABASES": DATABASES})
    if started.returncode != 0:
        raise RuntimeError(f"could not start PostgreSQL:\n{started.stderr}")
    url = started.stdout.strip().splitlines()[-1]
    yield url.rsplit("/", 1)[0]
    subprocess.run(["bash", str(script), "stop", folder], capture_output=True, timeout=120)


def test_tracker_on_postgres_is_read_only_and_purgeable(postgres: str) -> None:
    parsed = make_url(f"{postgres}/console_rasa_test")
    endpoints = {"tracker_store": {"type": "SQL", "dialect": "postgresql", "url": parsed.host,
                                   "port": parsed.port, "db": "console_rasa_test",
                                   "username": "postgres"}}
    tracker_url = tracker_url_from_endpoints(endpoints)
    assert tracker_url == f"{postgres}/console_rasa_test"
    store = SQLTrackerStore(dialect="postgresql", host=parsed.host, port=parsed.port,
                            db="console_rasa_test", username="postgres")
    now = time.time()
    for sender, events in {
        "pg-crisis": session(now - 60) + user("i want to die", "crisis_suicide", 0.9, now - 50)
        + slot("crisis_kind", "suicide", now - 49) + bot("Call 988.", at=now - 49),
        "pg-old": session(now - 90 * DAY) + user("hi", "greet", 0.9, now - 90 * DAY),
    }.items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    store.engine.dispose()

    reader = TrackerReader(read_only_engine(tracker_url))
    conversations = reader.all_conversations()
    assert set(conversations) == {"pg-crisis", "pg-old"}
    assert [e.data.get("text") for e in conversations["pg-crisis"] if e.type_name == "user"] \
        == ["i want to die"]
    with pytest.raises(sa.exc.InternalError, match="read-only transaction"):
        with reader.engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM events"))

    console_url = f"{postgres}/console_own_test"
    migrate(console_url)
    console_engine = writable_engine(console_url)
    result = purge(tracker_url, console_engine, older_than_days=30)
    assert result.conversations == 1
    assert set(reader.all_conversations()) == {"pg-crisis"}
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with console_engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM audit_log"))
    assert audit.entries(console_engine, action="purge")
