"""Fixtures for the staff console tests: real databases in a temp folder and a real server.

The console runs under uvicorn in a background thread on a free loopback port and is driven
over HTTP with httpx (Starlette's TestClient does not work with the pinned httpx).
"""

from __future__ import annotations

import re
import socket
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import uvicorn

from console.app import create_app
from console.auth import create_user
from console.config import Settings
from console.db import migrate, writable_engine
from console.state import Console

sys.path.insert(0, str(Path(__file__).resolve().parent))

ADMIN = ("alex.admin", "admin-password-123")
REVIEWER = ("rae.reviewer", "reviewer-password-123")
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    """A currently unused loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_settings(folder: Path, **overrides: object) -> Settings:
    """Settings pointing at three SQLite files in `folder`."""
    values = {
        "tracker_db_url": f"sqlite:///{folder / 'tracker.db'}",
        "booking_db_url": f"sqlite:///{folder / 'bookings.db'}",
        "console_db_url": f"sqlite:///{folder / 'console.db'}",
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


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


@dataclass
class RunningConsole:
    """A console served on a loopback port."""

    url: str
    console: Console

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, follow_redirects=False)


def serve(settings: Settings) -> Iterator[RunningConsole]:
    """Run the console app under uvicorn in a thread until the generator is closed."""
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, ws="none", log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        if time.time() > deadline:
            raise RuntimeError("The console did not start within 30 s.")
        time.sleep(0.05)
    try:
        yield RunningConsole(f"http://127.0.0.1:{port}", app.state.console)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def running(settings: Settings) -> Iterator[RunningConsole]:
    """The console served with the `settings` fixture's databases."""
    yield from serve(settings)


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = CSRF_FIELD.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def log_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    """Log in through the real login form (login CSRF cookie + token)."""
    page = client.get("/login")
    return client.post(
        "/login",
        data={"csrf_token": csrf_of(page.text), "username": username, "password": password},
    )


DAY = 86400.0


@pytest.fixture
def conversations(settings: Settings) -> dict:
    """Four real conversations written by Rasa's SQLTrackerStore into the tracker DB."""
    from rasa_events import bot, session, slot, user, write_conversations

    now = time.time()
    stored = {
        "family-jake": session(now - 600)
        + user("My son Jake won't stop using pills, call me at 410-555-0199", "denial", 0.91,
               now - 590, [("substance", "opioids"), ("relationship", "son")])
        + bot("That sounds really hard. You are not alone.", "utter_denial", now - 589),
        "crisis-1": session(now - 300)
        + user("he says he wants to die <script>alert('x')</script>", "crisis_suicide", 0.97,
               now - 290)
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
