"""Start the real bot (action server + Rasa, plus any extra service) for tests, and stop it.

The browser, console and live-booking tests all need the bot `make run` starts, but on free
loopback ports, with a temporary endpoints file and their own log folder. One helper does that
for all of them with the same start_* functions as `make run` (scripts/services.sh), so they
exercise exactly what a clinic would run. Every wait here is bounded.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from family_guide.channels.sender_ids import new_sender_id
from harness.stack import ROOT, log_tails, wait_until

DEFAULT_MODEL = ROOT / "models" / "family-guide.tar.gz"
STOP_TIMEOUT_S = 60

START_SCRIPT = """
set -u
source scripts/env.sh
source scripts/services.sh
trap 'stop_services; exit 0' TERM INT
start_action_server
start_rasa "$FG_MODEL"
{extra}
wait
"""


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def trained_model() -> Path:
    """$FG_MODEL when set (a model trained elsewhere), else the one `make test` trains."""
    model = Path(os.environ.get("FG_MODEL") or DEFAULT_MODEL).resolve()
    if not model.is_file():
        raise RuntimeError(
            f"No trained model at {model}. Run `make train` (make test does) or set FG_MODEL."
        )
    return model


def answers(url: str, post_body: bytes | None = None, timeout: float = 30) -> bool:
    """True when the URL answers 2xx (a JSON POST when a body is given)."""
    request = urllib.request.Request(url, data=post_body)
    if post_body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@dataclass
class LiveBot:
    """Where the services listen, the environment they run with, and how to stop them."""

    ports: dict[str, int]
    log_dir: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    @property
    def rasa_url(self) -> str:
        return self.url("rasa")

    @property
    def actions_url(self) -> str:
        return self.url("actions")

    def say(self, sender: str, message: str, timeout: float = 120) -> list[dict]:
        """Send one message through the REST channel, as the widget does; the bot's replies."""
        import httpx

        response = httpx.post(f"{self.rasa_url}/webhooks/rest/webhook",
                              json={"sender": sender, "message": message}, timeout=timeout)
        response.raise_for_status()
        return response.json()

    def start(self, extra_script: str = "", ready_urls: tuple[str, ...] = (),
              limit_s: float = 300, warm_up: bool = True) -> None:
        """Run START_SCRIPT (+ extra start_* lines); return once every service answers.

        `warm_up` sends a first message, which loads lazily-built parts of the pipeline before
        any test measures a reply. On failure the services are stopped and the logs quoted.
        """
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["bash", "-c", START_SCRIPT.format(extra=extra_script)], cwd=ROOT, env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + limit_s
        checks = [(url, None) for url in (f"{self.actions_url}/health", *ready_urls,
                                          f"{self.rasa_url}/")]
        if warm_up:
            warm_up_body = json.dumps({"sender": new_sender_id("warm-up"), "message": "hi"})
            checks.append((f"{self.rasa_url}/webhooks/rest/webhook", warm_up_body.encode()))
        for url, body in checks:
            def up_or_dead(url: str = url, body: bytes | None = body) -> bool:
                return answers(url, body) or self.process.poll() is not None

            limit = max(0.0, deadline - time.monotonic())
            if not wait_until(up_or_dead, limit=limit, every=1) or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"{url} did not come up.\n{log_tails(self.log_dir)}")

    def stop(self) -> None:
        """SIGTERM the whole group (services.sh's trap stops each service); SIGKILL if stuck."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def prepare_bot(work_dir: Path, log_dir: Path, extra_ports: tuple[str, ...] = (),
                endpoints_extra: str = "", env: dict[str, str] | None = None) -> LiveBot:
    """Pick free ports, write the temporary endpoints file and environment; start() runs it.

    `extra_ports` names more services that need a port (widget, console, ...); each is passed
    as <NAME>_PORT. `endpoints_extra` is appended to endpoints.yml (e.g. a tracker store).
    """
    model = trained_model()
    ports = {name: free_port() for name in ("rasa", "actions", *extra_ports)}
    endpoints = work_dir / "endpoints.yml"
    action_token = secrets.token_urlsafe(24)
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{ports["actions"]}/webhook"\n'
        f"  headers:\n    X-Action-Token: {action_token}\n"
        "nlg:\n  type: family_guide.nlg.FamilyGuideNLG\n"
        + endpoints_extra,
        encoding="utf-8",
    )
    full_env = {
        **os.environ,
        **{f"{name.upper()}_PORT": str(port) for name, port in ports.items()},
        "FG_MODEL": str(model),
        "ENDPOINTS": str(endpoints),
        "LOG_DIR": str(log_dir),
        # URL-safe tokens may begin with "-"; this one always does, so every live test proves
        # start_rasa passes such a token as a value, not as an option (a 1-in-64 flake once).
        "RASA_TOKEN": "-" + secrets.token_urlsafe(24),
        "ACTION_SERVER_TOKEN": action_token,
        # Tests and benchmarks play many families from one address: Rasa's per-client limit
        # (make run's) is off unless a test turns it on (tests/security does).
        "FG_CHAT_RATE_PER_SECOND": "0",
        **(env or {}),
    }
    return LiveBot(ports=ports, log_dir=log_dir, env=full_env)


@contextmanager
def running_bot(work_dir: Path, env: dict[str, str] | None = None,
                limit_s: float = 600) -> Iterator[LiveBot]:
    """The bot (action server + Rasa) running in `work_dir` for the `with` block, then stopped:
    what a test module's fixture needs."""
    live = prepare_bot(work_dir, work_dir / "logs", env=env)
    live.start(limit_s=limit_s)
    try:
        yield live
    finally:
        live.stop()
