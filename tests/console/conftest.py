"""Fixtures for the staff console tests: real databases in a temp folder and a real server."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import pytest
from console_harness import ADMIN, DAY, REVIEWER, RunningConsole, make_settings, serve
from console_rasa_events import bot, session, slot, user, write_conversations

from console.accounts import create_user
from console.config import Settings
from console.db import migrate, writable_engine


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Fresh, migrated console database with one admin and one reviewer."""
    value = make_settings(tmp_path)
    migrate(value.console_db_url)
    engine = writable_engine(value.console_db_url)
    create_user(engine, ADMIN[0], ADMIN[1], "admin")
    create_user(engine, REVIEWER[0], REVIEWER[1], "reviewer")
    engine.dispose()
    return value


@pytest.fixture
def running(settings: Settings) -> Iterator[RunningConsole]:
    """The console served with the `settings` fixture's databases."""
    yield from serve(settings)


@pytest.fixture
def conversations(settings: Settings) -> dict:
    """Four real conversations written by Rasa's SQLTrackerStore into the tracker DB."""
    now = time.time()
    stored = {
        "family-jake": session(now - 600)
        + user("My son Jake won't stop using pills, call me at 410-555-0199", "denial", 0.91,
               now - 590, [("substance", "opioids"), ("relationship", "son")])
        + bot("That sounds really hard. You are not alone.", "utter_denial", now - 589),
        "crisis-1": session(now - 300)
        + user("My son Samuel drinks. "
               "he says he wants to die <script>alert('x')</script>", "crisis_suicide", 0.97,
               now - 290, crisis_sentences=["he says he wants to die <script>alert('x')</script>"])
        + slot("crisis_kind", "suicide", now - 289)
        + bot("Please call or text 988 right now.", "utter_crisis_suicide", now - 289),
        "confused-1": session(now - 3 * DAY)
        + user("blorf the zindle", "nlu_fallback", 0.18, now - 3 * DAY)
        + bot("Sorry, I did not understand.", "action_default_fallback", now - 3 * DAY)
        + user("what does tms cost", "cost_insurance", 0.41, now - 3 * DAY + 5)
        + bot("TMS costs vary.", "utter_cost_insurance", now - 3 * DAY + 6),
        "old-1": session(now - 40 * DAY)
        + user("hello there", "greet", 0.99, now - 40 * DAY)
        + bot("Hi, I am Family Guide.", "utter_greet", now - 40 * DAY),
    }
    write_conversations(Path(settings.tracker_db_url.replace("sqlite:///", "")), stored)
    return stored
