"""The per-client rate limit of `make run` (no nginx there): a burst, then a steady rate, per
client address, with a kind 429 (family_guide/channels/rate_limit.py)."""

from __future__ import annotations

from dataclasses import dataclass

from family_guide.channels.rate_limit import ClientRateLimit, from_environment, too_fast_reply


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class PeerRequest:
    """The part of a Sanic request the limit reads: the TCP peer's address."""

    remote_addr: str
    ip: str = ""


def test_a_burst_then_the_steady_rate_per_client() -> None:
    clock = Clock()
    limit = ClientRateLimit(rate=5, burst=20, clock=clock)
    assert all(limit.allow("10.0.0.1") for _ in range(20))
    assert not limit.allow("10.0.0.1")
    assert limit.allow("10.0.0.2")  # another family is not slowed
    clock.now += 1.0
    assert sum(limit.allow("10.0.0.1") for _ in range(10)) == 5


def test_the_reply_is_a_kind_429_in_the_bots_format() -> None:
    limit = ClientRateLimit(rate=1, burst=1, clock=Clock())
    assert too_fast_reply(limit, PeerRequest("10.0.0.1")) is None
    refused = too_fast_reply(limit, PeerRequest("10.0.0.1"))
    assert refused is not None and refused.status == 429
    assert b"faster than I can answer" in refused.body and b"988" in refused.body


def test_on_by_default_and_off_behind_nginx() -> None:
    default = from_environment({})
    assert default is not None and (default.rate, default.burst) == (5.0, 20)
    assert from_environment({"FG_CHAT_RATE_PER_SECOND": "0"}) is None
    assert too_fast_reply(None, PeerRequest("10.0.0.1")) is None
