"""Fault tests on the real production profile: the family keeps getting answers when parts fail.

Order matters: the flood runs late (it fills 127.0.0.1's rate-limit bucket; the replica test
sends from other loopback addresses), and the replica is killed last, because the stack has one
replica left after it.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from family_guide.channels.sender_ids import new_sender_id
from harness.family_conversations import drive, lost_and_duplicated, make_conversations
from harness.stack import ROOT, Stack, terminate, wait_until

pytestmark = pytest.mark.live

# A quick-reply payload that goes straight to the fallback, whose answer is a custom action.
NEEDS_ACTION_SERVER = "/nlu_fallback"


def texts(reply: list[dict]) -> str:
    return " ".join(m.get("text") or "" for m in reply)


def start_action_server(stack: Stack) -> subprocess.Popen:
    env = {**stack.env, "SANIC_HOST": "127.0.0.1"}
    log = (stack.folder / "log" / "actions-restarted.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "actions",
         "--port", stack.settings["ACTIONS_PORT"]],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )


def healthy(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_action_server_down_gets_a_kind_reply_then_the_bot_carries_on(
    stack: Stack, greetings: set[str]
) -> None:
    sender = new_sender_id("fault-actions")
    assert texts(stack.say(sender, "hi")) in greetings

    terminate(stack.pid("actions"), signal.SIGKILL)
    reply = stack.say(sender, NEEDS_ACTION_SERVER)
    assert "isn't working right now" in texts(reply)
    assert "911" in texts(reply) and "988" in texts(reply)

    restarted = start_action_server(stack)
    try:
        health = f"http://127.0.0.1:{stack.settings['ACTIONS_PORT']}/health"
        assert wait_until(lambda: healthy(health), limit=120)
        reply = stack.say(sender, NEEDS_ACTION_SERVER)
        assert "isn't working" not in texts(reply)
        assert any(m.get("buttons") for m in reply), reply
    finally:
        restarted.terminate()
        restarted.wait(timeout=30)


def pg_bin(tool: str) -> str:
    return str(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"))[-1])


def test_bot_reconnects_after_postgresql_restarts(stack: Stack) -> None:
    sender = new_sender_id("fault-postgres")
    assert stack.say(sender, "hi")
    # -l: the restarted server must log to a file, not inherit (and hold open) our pipes.
    pg_dir = stack.folder / "pg"
    stack.pg(pg_bin("pg_ctl"), "-D", str(pg_dir / "data"), "-l", str(pg_dir / "server.log"),
             "-m", "fast", "-w", "-t", "60", "restart")
    reply = stack.say(sender, "what is narcan and where can I get it")
    assert texts(reply).strip()
    stored = stack.stored_user_turns([sender], prefix=sender)
    assert stored[sender] == ["hi", "what is narcan and where can I get it"]


def test_a_flood_from_one_address_is_slowed_kindly_and_a_huge_body_refused(stack: Stack) -> None:
    with httpx.Client(timeout=60) as client:
        statuses, flooder = [], new_sender_id("flood")
        for i in range(60):
            reply = client.post(stack.chat_url, json={"sender": flooder, "message": f"hi {i}"})
            statuses.append(reply.status_code)
            if reply.status_code == 429:
                assert "faster than I can answer" in texts(reply.json())
                break
        assert 429 in statuses
        huge = client.post(stack.chat_url, json={"sender": flooder, "message": "a" * 2_000_000})
        assert huge.status_code == 413
        assert "too long" in texts(huge.json())


def test_killing_a_replica_under_load_loses_and_doubles_no_turn(stack: Stack) -> None:
    conversations = make_conversations(10, 12, seed=3, tag="kill")

    async def load_then_kill() -> None:
        load = asyncio.create_task(drive(conversations, stack.chat_url, (0.3, 0.6), 300, 3))
        await asyncio.sleep(4)
        first_replica = stack.settings["RASA_REPLICA_PORTS"].split()[0]
        await asyncio.to_thread(terminate, stack.pid(f"rasa-{first_replica}"))
        await load

    asyncio.run(load_then_kill())
    errors = [e for c in conversations for e in c.errors]
    assert errors == []
    stored = stack.stored_user_turns([c.sender for c in conversations])
    assert lost_and_duplicated(conversations, stored) == {
        "lost": 0, "duplicated": 0, "conversations_out_of_order": 0,
    }
