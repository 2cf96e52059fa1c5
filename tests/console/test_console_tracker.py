"""Reading the tracker store as Rasa writes it, including new events while the bot runs."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from console_harness import make_settings
from console_rasa_events import booking_conversation, bot, session, user, write_conversations
from rasa.core.tracker_store import SQLTrackerStore

from console.conversations import summarise
from console.db import read_only_engine, writable_engine
from console.retention import purge
from console.tracker import TrackerReader


def add_events(db: Path, sender: str, events: list) -> None:
    """Continue a stored conversation the way Rasa does: retrieve, update, save."""
    store = SQLTrackerStore(dialect="sqlite", db=str(db))
    tracker = asyncio.run(store.retrieve(sender))
    for event in events:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    store.engine.dispose()


def test_new_events_are_appended_and_untouched_conversations_are_reused(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    now = time.time()
    write_conversations(db, {
        "a": session(now - 100) + user("hello", "greet", 0.9, now - 99),
        "b": session(now - 50) + user("what is tms", "tms_basics", 0.9, now - 49),
    })
    reader = TrackerReader(read_only_engine(f"sqlite:///{db}"))
    first = reader.all_conversations()
    assert reader.all_conversations() is first  # nothing new: the same cached object

    add_events(db, "b", user("does it hurt", "tms_side_effects", 0.8, now - 10)
               + bot("Most people feel a tapping.", at=now - 9))
    write_conversations(db, {"c": session(now - 5) + user("hi", "greet", 0.9, now - 4)})
    second = reader.all_conversations()
    assert second["a"] is first["a"]
    assert [e.data.get("text") for e in second["b"] if e.type_name in ("user", "bot")] == [
        "what is tms", "does it hurt", "Most people feel a tapping."]
    assert set(second) == {"a", "b", "c"}
    fresh = TrackerReader(read_only_engine(f"sqlite:///{db}")).all_conversations()
    assert {k: [e.id for e in v] for k, v in fresh.items()} == {
        k: [e.id for e in v] for k, v in second.items()}


def test_a_purge_makes_the_reader_start_over(tmp_path: Path) -> None:
    db = tmp_path / "tracker.db"
    now = time.time()
    write_conversations(db, {
        "old": session(now - 50 * 86400) + user("hi", "greet", 0.9, now - 50 * 86400),
        "new": session(now - 5) + user("hi", "greet", 0.9, now - 4),
    })
    settings = make_settings(tmp_path)
    from console.db import migrate

    migrate(settings.console_db_url)
    reader = TrackerReader(read_only_engine(settings.tracker_db_url))
    assert set(reader.all_conversations()) == {"old", "new"}
    purge(settings.tracker_db_url, writable_engine(settings.console_db_url), 30)
    write_conversations(db, {"newer": session(now - 1) + user("hey", "greet", 0.9, now)})
    assert set(reader.all_conversations()) == {"new", "newer"}


def test_summaries_follow_new_events(tmp_path: Path) -> None:
    from console.bookings import BookingReader
    from console.state import Console

    db = tmp_path / "tracker.db"
    now = time.time()
    write_conversations(db, {
        "calm": session(now - 100) + user("hello", "greet", 0.9, now - 99),
        "worried": session(now - 50) + user("he drinks every night", "denial", 0.9, now - 49),
    })
    settings = make_settings(tmp_path)
    console = Console(settings, writable_engine(settings.console_db_url),
                      TrackerReader(read_only_engine(settings.tracker_db_url)),
                      BookingReader(read_only_engine(settings.booking_db_url)))
    before = {s.sender_id: s for s in console.summaries()}
    assert [s.sender_id for s in console.summaries()] == ["worried", "calm"]
    add_events(db, "calm", user("he said he wants to die", "crisis_suicide", 0.95, now - 1))
    after = {s.sender_id: s for s in console.summaries()}
    assert [s.sender_id for s in console.summaries()] == ["calm", "worried"]
    assert after["calm"].crisis and after["calm"].user_turns == 2
    assert after["worried"] is before["worried"]  # untouched: not summarised again


def test_a_stored_booking_is_not_flagged_fallback(tmp_path: Path) -> None:
    """The reader keeps the form's events, so a booking's answers are not read as fallbacks."""
    db = tmp_path / "tracker.db"
    write_conversations(db, {"booking": booking_conversation(time.time() - 60)})
    [stream] = TrackerReader(read_only_engine(f"sqlite:///{db}")).all_conversations().values()
    summary = summarise("booking", stream, 0.5)
    assert summary.user_turns == 5 and not summary.needs_attention
