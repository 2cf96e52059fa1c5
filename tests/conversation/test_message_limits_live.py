"""The chat endpoint of `make run` protects itself: a message past a few thousand characters
gets a kind reply without being read (200,000 characters once kept the bot busy for over 30 s
and every other family waited), an absurd sender id is refused, and a real long letter and
everyone else's messages are answered as usual. Runs the real bot (trained model, action
server) with the same start_* functions as `make run`."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from family_guide.channels.sender_ids import new_sender_id
from harness.live_bot import LiveBot, running_bot

pytestmark = pytest.mark.live

LETTER = (
    "My husband has been drinking since his father died two years ago, and it is worse every "
    "month. He hides bottles in the garage and says he has it under control. "
) * 20  # about 3,200 characters: long, but a letter


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBot]:
    with running_bot(tmp_path_factory.mktemp("limits-live")) as live:
        yield live


def post(bot: LiveBot, sender: str, message: str) -> httpx.Response:
    return httpx.post(f"{bot.rasa_url}/webhooks/rest/webhook",
                      json={"sender": sender, "message": message}, timeout=120)


def test_a_huge_message_gets_a_kind_reply_and_others_are_still_answered(bot: LiveBot) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        huge = pool.submit(post, bot, new_sender_id("limits-huge"), "word " * 40_000)
        hello = pool.submit(post, bot, new_sender_id("limits-other"), "hello")
        refused, answered = huge.result(), hello.result()
    assert refused.status_code == 413
    [reply] = refused.json()
    assert "too long for me" in reply["text"] and "911" in reply["text"]
    assert answered.status_code == 200 and answered.json()


def test_a_real_long_letter_is_read_and_answered(bot: LiveBot) -> None:
    assert len(LETTER) > 3000
    replies = post(bot, new_sender_id("limits-letter"), LETTER)
    assert replies.status_code == 200
    assert any(m.get("text") for m in replies.json())


def test_an_absurd_sender_id_is_refused_kindly(bot: LiveBot) -> None:
    refused = post(bot, "x" * 10_000, "hello")
    assert refused.status_code == 400
    assert "couldn't read that message" in refused.text
