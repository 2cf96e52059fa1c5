"""Starts the real bot for the browser tests: action server, Rasa and the widget servers.

It reuses scripts/services.sh (the same start_* functions as `make run`), on free loopback
ports, so the tests exercise exactly what a clinic would run. Three more widget servers show
the demo page pointed at a broken bot, so the "can't connect" paths are tested without fakes:
- offline: a port where nothing listens (connection refused);
- misconfigured: the widget server itself, which answers the webhook with HTTP 501;
- silent: a socket that accepts connections and never answers (the widget's timeout).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_MODEL = REPO / "models" / "family-guide.tar.gz"
READY_TIMEOUT_S = 300
STOP_TIMEOUT_S = 60

START_SCRIPT = """
set -u
source scripts/env.sh
source scripts/services.sh
trap 'stop_services; exit 0' TERM INT
start_action_server
start_rasa "$FG_MODEL"
start_widget_server
for broken in $FG_BROKEN_WIDGETS; do  # name:widget port:port the widget calls instead of Rasa
    IFS=: read -r name widget_port bot_port <<< "$broken"
    mkdir -p "$LOG_DIR/$name"
    LOG_DIR="$LOG_DIR/$name" WIDGET_PORT="$widget_port" RASA_PORT="$bot_port" start_widget_server
done
wait
"""


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


BROKEN_BOTS = ("offline", "misconfigured", "silent")


@dataclass
class BotStack:
    """Where the running services are, and how to stop them."""

    rasa_url: str
    widget_url: str
    broken_widget_urls: dict[str, str]
    log_dir: Path
    process: subprocess.Popen
    silent_socket: socket.socket

    @property
    def demo_url(self) -> str:
        return self.widget_url + "/demo/"

    def broken_demo_url(self, broken: str) -> str:
        """The demo page whose widget talks to one of BROKEN_BOTS instead of Rasa."""
        return self.broken_widget_urls[broken] + "/demo/"

    def stop(self) -> None:
        self.silent_socket.close()
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def model_path() -> Path:
    """$FG_MODEL when set (a model trained elsewhere), else the one `make test` trains."""
    return Path(os.environ.get("FG_MODEL") or DEFAULT_MODEL).resolve()


def start_bot_stack(work_dir: Path, log_dir: Path) -> BotStack:
    """Starts everything and returns once each service answers; raises with logs if not."""
    model = model_path()
    if not model.is_file():
        raise RuntimeError(
            f"No trained model at {model}. Run `make train` (make test does) or set FG_MODEL."
        )
    ports = {name: free_port() for name in ("rasa", "actions", "widget", "dead", *BROKEN_BOTS)}
    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # the kernel completes handshakes; nobody ever reads or answers
    bot_ports = {
        "offline": ports["dead"],
        "misconfigured": ports["misconfigured"],
        "silent": silent.getsockname()[1],
    }
    endpoints = work_dir / "endpoints.yml"
    endpoints.write_text(
        "# Browser tests: actions on the test port, conversations kept in memory only.\n"
        f'action_endpoint:\n  url: "http://127.0.0.1:{ports["actions"]}/webhook"\n',
        encoding="utf-8",
    )
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "RASA_PORT": str(ports["rasa"]),
        "ACTIONS_PORT": str(ports["actions"]),
        "WIDGET_PORT": str(ports["widget"]),
        "FG_BROKEN_WIDGETS": " ".join(f"{b}:{ports[b]}:{bot_ports[b]}" for b in BROKEN_BOTS),
        "FG_MODEL": str(model),
        "ENDPOINTS": str(endpoints),
        "LOG_DIR": str(log_dir),
        "RASA_TOKEN": secrets.token_urlsafe(24),
    }
    process = subprocess.Popen(
        ["bash", "-c", START_SCRIPT], cwd=REPO, env=env, start_new_session=True
    )
    stack = BotStack(
        rasa_url=f"http://127.0.0.1:{ports['rasa']}",
        widget_url=f"http://127.0.0.1:{ports['widget']}",
        broken_widget_urls={b: f"http://127.0.0.1:{ports[b]}" for b in BROKEN_BOTS},
        log_dir=log_dir,
        process=process,
        silent_socket=silent,
    )
    try:
        wait_until_ready(stack, f"http://127.0.0.1:{ports['actions']}/health")
    except BaseException:
        stack.stop()
        raise
    return stack


def wait_until_ready(stack: BotStack, actions_health_url: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    broken_demos = [stack.broken_demo_url(b) for b in BROKEN_BOTS]
    for url in (actions_health_url, stack.demo_url, *broken_demos, stack.rasa_url + "/"):
        while not answers(url):
            if stack.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not come up.\n{log_tails(stack.log_dir)}")
            time.sleep(1)
    # The first message loads lazily-built parts of the pipeline; do it before any test times.
    webhook = stack.rasa_url + "/webhooks/rest/webhook"
    while not answers(webhook, b'{"sender": "warm-up", "message": "hi"}'):
        if time.monotonic() > deadline:
            raise RuntimeError(f"Rasa does not answer messages.\n{log_tails(stack.log_dir)}")
        time.sleep(1)


def answers(url: str, post_body: bytes | None = None) -> bool:
    request = urllib.request.Request(url, data=post_body)
    if post_body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def log_tails(log_dir: Path, lines: int = 30) -> str:
    parts = []
    for log in sorted(log_dir.rglob("*.log")):
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        parts.append(f"--- {log} ---\n" + "\n".join(tail))
    return "\n".join(parts)
