"""A per-client rate limit on the public chat endpoint, inside Rasa itself.

Why: in the production profile nginx limits each client (deploy/nginx.conf.template), but
`make run` has no nginx, so one client could flood the bot and every other family waited.
The same numbers as nginx's (5 messages a second, bursts of 20), as a token bucket per client
address; past it, a kind 429 in Rasa's reply format. Behind nginx every request comes from
nginx's own address, so the production profile turns this off (FG_CHAT_RATE_PER_SECOND=0 in
deploy/prod.env) and nginx does it per real client.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Callable, Dict, Mapping, Optional, Tuple

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

DEFAULT_RATE_PER_SECOND = 5.0
DEFAULT_BURST = 20
#: Buckets kept at most (full buckets are forgotten first), so many addresses cannot fill memory.
MAX_CLIENTS = 10_000
TOO_FAST = (
    "You are sending messages faster than I can answer. Please wait a few seconds and try "
    "again. In an emergency, call 911; for a crisis, call or text 988."
)


class ClientRateLimit:
    """A token bucket per client: `burst` messages at once, then `rate` a second."""

    def __init__(self, rate: float, burst: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: Dict[str, Tuple[float, float]] = {}  # client -> (tokens, last seen)
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        """Whether this client may send one more message now (and count it)."""
        now = self.clock()
        with self._lock:
            tokens, seen = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - seen) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            if len(self._buckets) > MAX_CLIENTS:
                self._forget_idle(now)
            return allowed

    def _forget_idle(self, now: float) -> None:
        refill = self.burst / self.rate
        self._buckets = {c: b for c, b in self._buckets.items() if now - b[1] < refill}


def from_environment(environ: Optional[Mapping[str, str]] = None) -> Optional[ClientRateLimit]:
    """The limit FG_CHAT_RATE_PER_SECOND and FG_CHAT_BURST set (5 and 20 unless set); None
    when the rate is 0 (off: nginx in front does it)."""
    env = os.environ if environ is None else environ
    rate = float(env.get("FG_CHAT_RATE_PER_SECOND") or DEFAULT_RATE_PER_SECOND)
    if rate <= 0:
        return None
    return ClientRateLimit(rate, int(env.get("FG_CHAT_BURST") or DEFAULT_BURST))


def client_of(request: Request) -> str:
    """The address the message came from (the TCP peer: no header a client could forge)."""
    return request.remote_addr or request.ip or "unknown"


def too_fast_reply(limit: Optional[ClientRateLimit], request: Request) -> Optional[HTTPResponse]:
    """A kind 429 when this client is over the limit, else None."""
    if limit is None or limit.allow(client_of(request)):
        return None
    return response.json([{"text": TOO_FAST}], status=429)
