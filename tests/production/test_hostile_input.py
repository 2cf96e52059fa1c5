"""Hostile input through the public chat endpoint of the production profile (nginx in front).

Every request gets a 4xx or a kind reply, never a 5xx or a dropped connection, and the bot still
answers normally afterwards. The booking and call-back forms get hostile answers too. (That
the text is shown escaped is checked where it is shown: tests/browser and tests/console.)
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from hostile_corpus import HostileRequest, chat_requests, form_answers

from family_guide.channels.sender_ids import new_sender_id
from harness.stack import Stack

pytestmark = pytest.mark.live

REQUESTS = chat_requests()
# Every hostile request must reach Rasa, not stop at nginx's per-client rate limit (which
# test_faults.py checks on its own): this module's stack allows a fast sender.
STACK_ENV = {"CHAT_RATE": "1000r/s", "CHAT_BURST": "1000"}


def test_the_corpus_is_large_and_varied() -> None:
    assert len(REQUESTS) >= 200
    assert len({r.content_type for r in REQUESTS}) >= 5


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=90) as session:
        yield session


def is_kind_reply(response: httpx.Response) -> bool:
    """A 200 whose body is a list of bot messages with text or buttons."""
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, list) and all(
        isinstance(m, dict) and (m.get("text") or m.get("buttons")) for m in body
    )


@pytest.mark.parametrize("request_", REQUESTS, ids=[r.name for r in REQUESTS])
def test_chat_endpoint_answers_every_hostile_request_kindly(
    stack: Stack, client: httpx.Client, request_: HostileRequest
) -> None:
    response = client.post(stack.chat_url, content=request_.body,
                           headers={"Content-Type": request_.content_type})
    assert response.status_code < 500, response.text[:300]
    assert response.status_code != 429, "rate-limited: the request never reached the bot"
    if response.status_code == 200:
        assert is_kind_reply(response), response.text[:300]


def test_forms_take_hostile_answers_without_breaking(stack: Stack) -> None:
    for opener in ("I want to book an appointment", "can someone call me back"):
        sender = new_sender_id("hostile-form")
        assert stack.say(sender, opener)
        for answer in form_answers():
            reply = httpx.post(stack.chat_url, json={"sender": sender, "message": answer},
                               timeout=90)
            assert reply.status_code < 500, (answer[:80], reply.text[:300])
        assert stack.say(sender, "stop")


def test_the_bot_still_answers_normally_afterwards(stack: Stack, greetings: set[str]) -> None:
    reply = stack.say(new_sender_id("hostile-after"), "hi")
    assert " ".join(m.get("text") or "" for m in reply) in greetings
