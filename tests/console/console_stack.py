"""The real bot plus the console, started with scripts/services.sh on free loopback ports.

Rasa stores conversations in a temporary SQLite tracker database (through a temporary
endpoints file), and the console started by `start_console` reads that same database, so the
browser test reviews conversations that really went through the bot.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from harness.live_bot import LiveBot, prepare_bot
from harness.stack import ROOT as REPO

READY_TIMEOUT_S = 420


@dataclass
class ConsoleStack(LiveBot):
    """The bot's services plus the console, and how to run console commands against them."""

    @property
    def console_url(self) -> str:
        return self.url("console")

    def manage(self, *args: str, password: str = "") -> subprocess.CompletedProcess:
        """Run `python -m console.manage ...` against this stack's databases."""
        env = {**self.env, "CONSOLE_NEW_PASSWORD": password}
        return subprocess.run([str(REPO / ".venv" / "bin" / "python"), "-m", "console.manage",
                               *args], cwd=REPO, env=env, capture_output=True, text=True,
                              timeout=300)

    def start_with_console(self) -> None:
        self.start("start_console", ready_urls=(f"{self.console_url}/healthz",),
                   limit_s=READY_TIMEOUT_S, warm_up=False)


def prepare_stack(work_dir: Path) -> ConsoleStack:
    """Write the temporary endpoints file and environment; start_with_console() runs it."""
    tracker_db = work_dir / "tracker.db"
    live = prepare_bot(
        work_dir, work_dir / "logs", extra_ports=("console",),
        endpoints_extra=(
            "tracker_store:\n  type: family_guide.tracker_store.ResilientSQLTrackerStore\n"
            f'  dialect: "sqlite"\n  db: "{tracker_db}"\n'
        ),
        env={
            "CONSOLE_DB_URL": f"sqlite:///{work_dir / 'console.db'}",
            "BOOKING_DB_URL": f"sqlite:///{work_dir / 'bookings.db'}",
            "PYTHONPATH": str(REPO),
        },
    )
    live.env.pop("CONSOLE_TRACKER_DB_URL", None)  # the console must find the DB via ENDPOINTS
    return ConsoleStack(live.ports, live.log_dir, live.env)
