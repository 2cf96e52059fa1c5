"""Fixtures for the staff console tests: real databases in a temp folder and a real server."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Iterator

import pytest
from argon2 import PasswordHasher
from console_harness import (
    ADMIN,
    CONSOLE_DB_FILE,
    DAY,
    REVIEWER,
    RunningConsole,
    make_settings,
    serve,
)
from console_rasa_events import bot, session, slot, user, write_conversations

from console import auth
from console.accounts import create_user
from console.config import Settings
from console.db import migrate, writable_engine
from console.routes_conversations import known_intents

# Argon2id at its lowest cost: the product's hash costs ~0.5 s of CPU, paid on every account
# made and every login; these tests check what the console does with hashes, not their cost.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Hash and verify staff passwords at the lowest argon2id cost, in these tests only."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "_hasher", CHEAP_HASHER)
        patch.setattr(auth, "_DUMMY_HASH", CHEAP_HASHER.hash("no such user"))
        yield


@pytest.fixture(scope="session")
def console_db_template(
    tmp_path_factory: pytest.TempPathFactory, cheap_password_hashing: None
) -> Path:
    """A migrated console database with one admin and one reviewer, built once and copied."""
    folder = tmp_path_factory.mktemp("console_template")
    url = make_settings(folder).console_db_url
    migrate(url)
    engine = writable_engine(url)
    create_user(engine, ADMIN[0], ADMIN[1], "admin")
    create_user(engine, REVIEWER[0], REVIEWER[1], "reviewer")
    engine.dispose()
    return folder / CONSOLE_DB_FILE


@pytest.fixture(scope="session")
def intent_names_loaded() -> None:
    """Load the domain's intent names (seconds) before the first console serves: its warm-up
    thread and the first transcript request would otherwise both load them, at once."""
    known_intents()


@pytest.fixture
def settings(tmp_path: Path, console_db_template: Path, intent_names_loaded: None) -> Settings:
    """Fresh, migrated console database with one admin and one reviewer."""
    shutil.copyfile(console_db_template, tmp_path / CONSOLE_DB_FILE)
    return make_settings(tmp_path)


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
