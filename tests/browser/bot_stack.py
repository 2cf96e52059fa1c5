"""Starts the real bot for the browser tests: action server, Rasa and the widget servers.

It reuses scripts/services.sh (the same start_* functions as `make run`), on free loopback
ports, so the tests exercise exactly what a clinic would run. Three more widget servers show
the demo page pointed at a broken bot, so the "can't connect" paths are tested without fakes:
- offline: a port where nothing listens (connection refused);
- misconfigured: the widget server itself, which answers the webhook with HTTP 501;
- silent: a socket that accepts connections and never answers (the widget's timeout).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from harness.live_bot import LiveBot, prepare_bot

READY_TIMEOUT_S = 300

START_WIDGETS = """
start_widget_server
for broken in $FG_BROKEN_WIDGETS; do  # name:widget port:port the widget calls instead of Rasa
    IFS=: read -r name widget_port bot_port <<< "$broken"
    mkdir -p "$LOG_DIR/$name"
    LOG_DIR="$LOG_DIR/$name" WIDGET_PORT="$widget_port" RASA_PORT="$bot_port" start_widget_server
done
"""

BROKEN_BOTS = ("offline", "misconfigured", "silent")


@dataclass
class BotStack(LiveBot):
    """Where the running services are (widget servers included), and how to stop them."""

    silent_socket: socket.socket | None = None

    @property
    def widget_url(self) -> str:
        return self.url("widget")

    @property
    def demo_url(self) -> str:
        return self.widget_url + "/demo/"

    def broken_demo_url(self, broken: str) -> str:
        """The demo page whose widget talks to one of BROKEN_BOTS instead of Rasa."""
        return self.url(broken) + "/demo/"

    def stop(self) -> None:
        if self.silent_socket is not None:
            self.silent_socket.close()
        super().stop()


def start_bot_stack(work_dir: Path, log_dir: Path) -> BotStack:
    """Starts everything and returns once each service answers; raises with logs if not."""
    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # the kernel completes handshakes; nobody ever reads or answers
    try:
        live = prepare_bot(work_dir, log_dir, extra_ports=("widget", "dead", *BROKEN_BOTS))
        bot_ports = {
            "offline": live.ports["dead"],
            "misconfigured": live.ports["misconfigured"],
            "silent": silent.getsockname()[1],
        }
        live.env["FG_BROKEN_WIDGETS"] = " ".join(
            f"{b}:{live.ports[b]}:{bot_ports[b]}" for b in BROKEN_BOTS
        )
        stack = BotStack(live.ports, live.log_dir, live.env, silent_socket=silent)
        demos = (stack.demo_url, *(stack.broken_demo_url(b) for b in BROKEN_BOTS))
        stack.start(START_WIDGETS, ready_urls=demos, limit_s=READY_TIMEOUT_S)
    except BaseException:
        silent.close()
        raise
    return stack
