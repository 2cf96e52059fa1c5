"""Retention purge on a tracker database written by Rasa's own SQLTrackerStore."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from console_harness import DAY, make_settings
from console_rasa_events import bot, session, user, write_conversations
from rasa.core.tracker_store import SQLTrackerStore

from console import audit, review
from console.db import migrate, read_only_engine, writable_engine
from console.retention import purge
from console.tracker import TrackerReader

REPO = Path(__file__).resolve().parents[2]


def seed(folder: Path) -> Path:
    now = time.time()
    db = folder / "tracker.db"
    write_conversations(db, {
        "ancient": session(now - 100 * DAY) + user("hello", "greet", 0.9, now - 100 * DAY)
        + bot("Hi there.", at=now - 100 * DAY),
        "month-old": session(now - 31 * DAY) + user("my daughter drinks", "denial", 0.8,
                                                    now - 31 * DAY),
        # Started long ago but still active this week: kept, as a whole.
        "returning": session(now - 60 * DAY) + user("hi", "greet", 0.9, now - 60 * DAY)
        + user("I'm back", "greet", 0.9, now - 2 * DAY),
        "fresh": session(now - 60) + user("how much is tms", "cost_insurance", 0.9, now - 50),
    })
    return db


def senders_in(db: Path) -> set:
    store = SQLTrackerStore(dialect="sqlite", db=str(db))
    try:
        return set(asyncio.run(store.keys()))
    finally:
        store.engine.dispose()


def test_purge_deletes_old_conversations_and_their_review_work(tmp_path: Path) -> None:
    db = seed(tmp_path)
    settings = make_settings(tmp_path)
    migrate(settings.console_db_url)
    engine = writable_engine(settings.console_db_url)
    review.add_tag(engine, "ancient", "old", "rae")
    review.add_note(engine, "month-old", "follow up", "rae")
    review.set_status(engine, "fresh", "reviewed", "rae")

    result = purge(settings.tracker_db_url, engine, older_than_days=30)

    assert (result.conversations, result.annotations) == (2, 2)
    assert senders_in(db) == {"returning", "fresh"}
    store = SQLTrackerStore(dialect="sqlite", db=str(db))
    tracker = asyncio.run(store.retrieve_full_tracker("returning"))
    store.engine.dispose()
    assert [e.text for e in tracker.events if e.type_name == "user"] == ["hi", "I'm back"]
    assert review.all_tags(engine) == {}
    assert review.notes(engine, "month-old") == []
    assert review.statuses(engine) == {"fresh": "reviewed"}
    entry = audit.entries(engine, action="purge")[0]
    assert entry.target == "older than 30 days"
    assert "deleted 2 conversations" in entry.detail and str(result.events) in entry.detail


def test_reader_sees_the_purge_and_nothing_else_changes(tmp_path: Path) -> None:
    db = seed(tmp_path)
    settings = make_settings(tmp_path)
    migrate(settings.console_db_url)
    reader = TrackerReader(read_only_engine(settings.tracker_db_url))
    assert set(reader.all_conversations()) == {"ancient", "month-old", "returning", "fresh"}
    purge(settings.tracker_db_url, writable_engine(settings.console_db_url), 90)
    assert set(reader.all_conversations()) == {"month-old", "returning", "fresh"}
    assert senders_in(db) == {"month-old", "returning", "fresh"}


def test_purge_refuses_zero_days(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    migrate(settings.console_db_url)
    with pytest.raises(ValueError, match="at least one day"):
        purge(settings.tracker_db_url, writable_engine(settings.console_db_url), 0)


def test_read_only_engine_cannot_write_to_the_tracker(tmp_path: Path) -> None:
    import sqlalchemy as sa

    seed(tmp_path)
    engine = read_only_engine(make_settings(tmp_path).tracker_db_url)
    with pytest.raises(sa.exc.OperationalError, match="readonly"):
        with engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM events"))


def test_manage_purge_command(tmp_path: Path) -> None:
    db = seed(tmp_path)
    settings = make_settings(tmp_path)
    env = {
        **os.environ,
        "CONSOLE_TRACKER_DB_URL": settings.tracker_db_url,
        "CONSOLE_DB_URL": settings.console_db_url,
        "BOOKING_DB_URL": settings.booking_db_url,
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-m", "console.manage", "purge", "--older-than-days", "45"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Deleted 1 conversations" in done.stdout
    assert senders_in(db) == {"month-old", "returning", "fresh"}
    bad = subprocess.run(
        [sys.executable, "-m", "console.manage", "purge", "--older-than-days", "0"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert bad.returncode == 1 and "at least one day" in bad.stderr
