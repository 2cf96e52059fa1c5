"""Start, inspect and stop the production profile (scripts/run_prod.sh) from Python.

Shared by `make bench` (benchmarks/production_load.py) and the scale-out tests
(tests/production/), so both drive exactly the same stack: PostgreSQL, Redis, two Rasa replicas
behind nginx, the action server, all on loopback. Every wait here is bounded.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_settings(env: dict[str, str]) -> dict[str, str]:
    """The production profile's values as run_prod.sh will see them (file defaults + env)."""
    dump = subprocess.run(
        ["bash", "-c", "set -a; source deploy/prod.env; source scripts/env.sh; env -0"],
        cwd=ROOT, env=env, capture_output=True, check=True,
    ).stdout.decode()
    return dict(item.split("=", 1) for item in dump.split("\0") if "=" in item)


def log_tails(log_dir: Path, lines: int = 30) -> str:
    """The last lines of every service log, so a failed start or test explains itself."""
    parts = []
    for log in sorted(log_dir.rglob("*.log")):
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        parts.append(f"--- {log} ---\n" + "\n".join(tail))
    return "\n".join(parts)


def start_stack(prod_dir: Path, env: dict[str, str], limit_s: float) -> subprocess.Popen:
    log = (prod_dir / "run_prod.log").open("w")
    stack = subprocess.Popen(["bash", "scripts/run_prod.sh"], cwd=ROOT, env=env,
                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    start = time.monotonic()
    while time.monotonic() - start < limit_s:
        if (prod_dir / "ready.json").exists():
            return stack
        if stack.poll() is not None:
            break
        time.sleep(1)
    stop_stack(stack)
    raise RuntimeError(f"the production stack did not start:\n{log_tails(prod_dir)}")


def stop_stack(stack: subprocess.Popen) -> None:
    if stack.poll() is None:
        stack.send_signal(signal.SIGTERM)
        try:
            stack.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)


def user_turns_in_store(
    pg: dict[str, str], senders: list[str], sender_prefix: str = "bench-"
) -> dict[str, list[str]]:
    """Every stored user message per conversation, in stored order, read with psql."""
    query = (
        "SELECT sender_id, data FROM events WHERE type_name = 'user' "
        f"AND sender_id LIKE '{sender_prefix}%' ORDER BY id"
    )
    out = subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-h", pg["host"], "-p", pg["port"],
         "-d", pg["db"], "-At", "-F", "\t", "-c", query],
        capture_output=True, text=True, check=True,
    ).stdout
    stored: dict[str, list[str]] = {s: [] for s in senders}
    for line in out.splitlines():
        sender, data = line.split("\t", 1)
        if sender in stored:
            stored[sender].append(json.loads(data).get("text"))
    return stored


def warm_spares_loaded(folder: Path, settings: dict[str, str]) -> bool:
    """Whether every replica's warm spare has loaded (deploy/rasa_replica.py), so a load test
    does not share the CPU with models still loading; true when the profile keeps none."""
    if settings.get("FG_SUPERVISE") != "1" or settings.get("RASA_WARM_SPARES", "1") == "0":
        return True
    return all((folder / "pids" / f"rasa-{port}.spare.pid").exists()
               for port in settings["RASA_REPLICA_PORTS"].split())


def wait_until(check: Callable[[], bool], limit: float = 60.0, every: float = 0.5) -> bool:
    """Poll `check` until it is true or the limit passes."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return False


def terminate(pid: int, sig: int = signal.SIGTERM) -> None:
    """Signal a process and wait (bounded) until it is gone."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    wait_until(lambda: not Path(f"/proc/{pid}").exists(), limit=60)


@dataclass
class Stack:
    """A running production profile and what a caller needs to poke at it."""

    folder: Path
    settings: dict[str, str]
    env: dict[str, str]

    @property
    def chat_url(self) -> str:
        return f"http://127.0.0.1:{self.settings['RASA_PORT']}/webhooks/rest/webhook"

    def say(self, sender: str, message: str, timeout: float = 60.0) -> list[dict]:
        """Send one chat message through the public endpoint; the bot's replies."""
        import httpx

        reply = httpx.post(self.chat_url, json={"sender": sender, "message": message},
                           timeout=timeout)
        if reply.status_code != 200:
            raise AssertionError(f"HTTP {reply.status_code}: {reply.text[:300]}")
        return reply.json()

    def pid(self, name: str) -> int:
        """The PID of the process serving `name` now (its supervisor rewrites it on restart)."""
        return int((self.folder / "pids" / f"{name}.pid").read_text().strip())

    def has_warm_spare(self, name: str) -> bool:
        """Whether a replica's spare has loaded and waits to take over (deploy/rasa_replica.py)."""
        return (self.folder / "pids" / f"{name}.spare.pid").exists()

    def log(self, name: str) -> str:
        """A service's log, where its supervisor also notes each restart."""
        return (self.folder / "log" / f"{name}.log").read_text(errors="replace")

    def stored_user_turns(self, senders: list[str], prefix: str = "bench-") -> dict[str, list[str]]:
        """What the tracker store holds of these conversations' user messages, in order."""
        server = {"host": self.settings["PG_HOST"], "port": self.settings["PG_PORT"],
                  "db": self.settings["PG_RASA_DB"]}
        return user_turns_in_store(server, senders, sender_prefix=prefix)

    def pg(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL tool as the postgres user (for example pg_ctl restart)."""
        return subprocess.run(["runuser", "-u", "postgres", "--", *args],
                              capture_output=True, text=True, check=True, timeout=120)
