"""The public chat endpoint of `make run` against the real running bot (issue 17, findings 3,
4, 5 and 8): guessable conversation ids refused, a per-client rate limit without nginx,
forged intent payloads setting nothing, and no secret on the command line or in files others
can read. The services run as `make run` starts them (scripts/services.sh), on free ports.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from family_guide.channels.sender_ids import new_sender_id
from harness.live_bot import LiveBot, running_bot

pytestmark = pytest.mark.live

#: Low enough to reach quickly, high enough that one family's normal turns pass.
RATE = {"FG_CHAT_RATE_PER_SECOND": "1", "FG_CHAT_BURST": "8"}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBot]:
    work = tmp_path_factory.mktemp("public-channel")
    with running_bot(work, env={**RATE, "PID_DIR": str(work / "pids")}) as live:
        yield live


def client_at(address: str) -> httpx.Client:
    """A client sending from its own loopback address, as each family has its own."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=120)


def chat(client: httpx.Client, bot: LiveBot, sender: object, message: str) -> httpx.Response:
    return client.post(f"{bot.rasa_url}/webhooks/rest/webhook",
                       json={"sender": sender, "message": message})


def tracker(bot: LiveBot, sender: str) -> dict:
    reply = httpx.get(f"{bot.rasa_url}/conversations/{sender}/tracker",
                      params={"token": bot.env["RASA_TOKEN"]}, timeout=60)
    reply.raise_for_status()
    return reply.json()


# --- finding 3: the sender id is the only key to a conversation --------------------------

@pytest.mark.parametrize("guessable", ["a", "t1", "john", "conversation-1", 7])
def test_a_guessable_conversation_id_is_refused_kindly(bot: LiveBot, guessable: object) -> None:
    with client_at("127.0.0.11") as client:
        refused = chat(client, bot, guessable, "hi")
    assert refused.status_code == 400
    [reply] = refused.json()
    assert "reload the page" in reply["text"] and "988" in reply["text"]


def test_the_widgets_kind_of_id_is_answered(bot: LiveBot) -> None:
    with client_at("127.0.0.12") as client:
        answered = chat(client, bot, "web-" + "0f" * 16, "hi")
    assert answered.status_code == 200 and answered.json()


# --- finding 4: no nginx in make run, still a per-client rate limit ----------------------

def test_a_flood_from_one_client_is_slowed_and_others_are_still_answered(bot: LiveBot) -> None:
    """Every request counts, even one refused at once (here for its id), so the flood is
    fast and the limit is reached whatever the machine's speed."""
    with client_at("127.0.0.13") as client:
        statuses = [chat(client, bot, "x", f"hi {i}").status_code for i in range(12)]
        slowed = chat(client, bot, new_sender_id("flood"), "hi again")
    assert 429 in statuses and slowed.status_code == 429
    assert "faster than I can answer" in slowed.json()[0]["text"]
    with client_at("127.0.0.14") as other:
        assert chat(other, bot, new_sender_id("other"), "hello").status_code == 200


# --- finding 5: injected intents and confidences from the public channel -----------------

def test_a_forged_payload_sets_no_crisis_flag_and_no_confidence(bot: LiveBot) -> None:
    sender = new_sender_id("forger")
    with client_at("127.0.0.15") as client:
        assert chat(client, bot, sender, '/greet{"crisis_kind":"suicide"}').status_code == 200
        assert chat(client, bot, sender, "/greet@0.01").status_code == 200
    state = tracker(bot, sender)
    assert state["slots"].get("crisis_kind") is None
    confidences = [e["parse_data"]["intent"].get("confidence") for e in state["events"]
                   if e.get("event") == "user"]
    assert confidences and 0.01 not in confidences


# --- finding 8: secrets off the command line, private files, no socket.io ----------------

def test_the_api_token_is_not_on_any_command_line(bot: LiveBot) -> None:
    token = bot.env["RASA_TOKEN"].encode()
    pids = [int(p.read_text()) for p in (bot.log_dir.parent / "pids").glob("*.pid")]
    assert pids, "no service recorded its PID"
    for pid in pids:
        assert token not in Path(f"/proc/{pid}/cmdline").read_bytes()
    # ...yet the API is on and takes it
    assert httpx.get(f"{bot.rasa_url}/status", params={"token": bot.env["RASA_TOKEN"]},
                     timeout=30).status_code == 200
    assert httpx.get(f"{bot.rasa_url}/status", timeout=30).status_code == 401


def test_logs_are_readable_by_their_owner_only(bot: LiveBot) -> None:
    assert stat.S_IMODE(bot.log_dir.stat().st_mode) == 0o700
    logs = list(bot.log_dir.glob("*.log"))
    assert logs
    for log in logs:
        assert stat.S_IMODE(log.stat().st_mode) & 0o077 == 0, log


def test_the_socketio_channel_is_off(bot: LiveBot) -> None:
    assert httpx.get(f"{bot.rasa_url}/socket.io/", timeout=30).status_code == 404
