"""The real bot plus the console, started with scripts/services.sh on free loopback ports.

Rasa stores conversations in a temporary SQLite tracker database (through a temporary
endpoints file), and the console started by `start_console` reads that same database, so the
browser test reviews conversations that really went through the bot.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from console_harness import free_port

REPO = Path(__file__).resolve().parents[2]
DEFAULT_MODEL = REPO / "models" / "family-guide.tar.gz"
READY_TIMEOUT_S = 420

START_SCRIPT = """
set -u
source scripts/env.sh
source scripts/services.sh
trap 'stop_services; exit 0' TERM INT
start_action_server
start_rasa "$FG_MODEL"
start_console
wait
"""


@dataclass
class ConsoleStack:
    """Where the services listen and how to stop them."""

    rasa_url: str
    actions_url: str
    console_url: str
    log_dir: Path
    env: dict
    process: subprocess.Popen | None = None

    def say(self, sender: str, message: str) -> list:
        """Send one message through the REST channel, as the widget does; returns the replies."""
        response = httpx.post(f"{self.rasa_url}/webhooks/rest/webhook",
                              json={"sender": sender, "message": message}, timeout=120)
        response.raise_for_status()
        return response.json()

    def manage(self, *args: str, password: str = "") -> subprocess.CompletedProcess:
        """Run `python -m console.manage ...` against this stack's databases."""
        env = {**self.env, "CONSOLE_NEW_PASSWORD": password}
        return subprocess.run([str(REPO / ".venv" / "bin" / "python"), "-m", "console.manage",
                               *args], cwd=REPO, env=env, capture_output=True, text=True,
                              timeout=300)

    def start(self) -> None:
        self.process = subprocess.Popen(["bash", "-c", START_SCRIPT], cwd=REPO, env=self.env,
                                        start_new_session=True)
        deadline = time.monotonic() + READY_TIMEOUT_S
        for url in (f"{self.actions_url}/health", f"{self.console_url}/healthz",
                    f"{self.rasa_url}/"):
            while not answers(url):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"{url} did not come up.\n{self.log_tails()}")
                time.sleep(1)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log_tails(self, lines: int = 30) -> str:
        parts = []
        for log in sorted(self.log_dir.rglob("*.log")):
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            parts.append(f"--- {log} ---\n" + "\n".join(tail))
        return "\n".join(parts)


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=10).status_code == 200
    except httpx.HTTPError:
        return False


def model_path() -> Path:
    """$FG_MODEL when set (a model trained elsewhere), else the one `make test` trains."""
    return Path(os.environ.get("FG_MODEL") or DEFAULT_MODEL).resolve()


def prepare_stack(work_dir: Path) -> ConsoleStack:
    """Write the temporary endpoints file and environment; call start() to run it."""
    model = model_path()
    if not model.is_file():
        raise RuntimeError(
            f"No trained model at {model}. Run `make train` (make test does) or set FG_MODEL."
        )
    ports = {name: free_port() for name in ("rasa", "actions", "console")}
    tracker_db = work_dir / "tracker.db"
    endpoints = work_dir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{ports["actions"]}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tracker_db}"\n',
        encoding="utf-8",
    )
    log_dir = work_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "RASA_PORT": str(ports["rasa"]),
        "ACTIONS_PORT": str(ports["actions"]),
        "CONSOLE_PORT": str(ports["console"]),
        "FG_MODEL": str(model),
        "ENDPOINTS": str(endpoints),
        "LOG_DIR": str(log_dir),
        "RASA_TOKEN": secrets.token_urlsafe(24),
        "CONSOLE_DB_URL": f"sqlite:///{work_dir / 'console.db'}",
        "BOOKING_DB_URL": f"sqlite:///{work_dir / 'bookings.db'}",
        "PYTHONPATH": str(REPO),
    }
    env.pop("CONSOLE_TRACKER_DB_URL", None)  # the console must find the DB via ENDPOINTS
    return ConsoleStack(
        rasa_url=f"http://127.0.0.1:{ports['rasa']}",
        actions_url=f"http://127.0.0.1:{ports['actions']}",
        console_url=f"http://127.0.0.1:{ports['console']}",
        log_dir=log_dir,
        env=env,
    )
