"""Helpers for the staff console tests: settings on temp databases and a real server.

The console runs under uvicorn in a background thread on a free loopback port and is driven
over HTTP with httpx (Starlette's TestClient does not work with the pinned httpx). A module
of its own (not conftest) so test modules import it by a name no other test area uses.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx
import uvicorn

from console.app import create_app
from console.config import Settings
from console.state import Console
from harness.live_bot import free_port

ADMIN = ("alex.admin", "admin-password-123")
REVIEWER = ("rae.reviewer", "reviewer-password-123")
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
DAY = 86400.0
CONSOLE_DB_FILE = "console.db"


def make_settings(folder: Path, **overrides: object) -> Settings:
    """Settings pointing at three SQLite files in `folder`."""
    values = {
        "tracker_db_url": f"sqlite:///{folder / 'tracker.db'}",
        "booking_db_url": f"sqlite:///{folder / 'bookings.db'}",
        "console_db_url": f"sqlite:///{folder / CONSOLE_DB_FILE}",
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


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
