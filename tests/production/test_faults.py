"""Fault tests on the real production profile: the family keeps getting answers when parts fail.

Every service runs under its supervisor (deploy/supervisor.py), as in `make run-prod`: a killed
process comes back by itself. Order matters: the flood runs late (it fills 127.0.0.1's rate-limit
bucket; the replica test sends from other loopback addresses), and the replica is killed last.
"""

from __future__ import annotations

import asyncio
import re
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from family_guide.channels.sender_ids import new_sender_id
from harness.family_conversations import drive, lost_and_duplicated, make_conversations
from harness.stack import Stack, terminate, wait_until

pytestmark = pytest.mark.live

# A quick-reply payload that goes straight to the fallback, whose answer is a custom action.
NEEDS_ACTION_SERVER = "/nlu_fallback"


def texts(reply: list[dict]) -> str:
    return " ".join(m.get("text") or "" for m in reply)


def healthy(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_action_server_down_gets_a_kind_reply_then_the_supervisor_brings_it_back(
    stack: Stack, greetings: set[str]
) -> None:
    sender = new_sender_id("fault-actions")
    assert texts(stack.say(sender, "hi")) in greetings

    killed = stack.pid("actions")
    terminate(killed, signal.SIGKILL)
    # The supervisor waits 0.5 s before a restart, and the server needs seconds to start.
    reply = stack.say(sender, NEEDS_ACTION_SERVER)
    assert "isn't working right now" in texts(reply)
    assert "911" in texts(reply) and "988" in texts(reply)

    health = f"http://127.0.0.1:{stack.settings['ACTIONS_PORT']}/health"
    assert wait_until(lambda: healthy(health), limit=60)
    assert stack.pid("actions") != killed
    assert "restarted actions after exit -9" in stack.log("actions")
    reply = stack.say(sender, NEEDS_ACTION_SERVER)
    assert "isn't working" not in texts(reply)
    assert any(m.get("buttons") for m in reply), reply


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
    with httpx.Client(timeout=60, limits=httpx.Limits(max_connections=60)) as client:
        # All at once: sent one after another, a busy machine answers slower than the limit.
        with ThreadPoolExecutor(max_workers=60) as pool:
            flooder = new_sender_id("flood")
            bodies = [{"sender": flooder, "message": f"hi {i}"} for i in range(60)]
            replies = list(pool.map(lambda body: client.post(stack.chat_url, json=body), bodies))
        statuses = [reply.status_code for reply in replies]
        assert 429 in statuses
        # The rest are answered, one after another (family_guide/lock_store.py), not left to
        # nginx's timeout: with Rasa's lock store some waited 60 s and got a 504.
        assert set(statuses) <= {200, 429}, statuses
        for reply in replies:
            if reply.status_code == 429:
                assert "faster than I can answer" in texts(reply.json())
        huge = client.post(stack.chat_url, json={"sender": flooder, "message": "a" * 2_000_000})
        assert huge.status_code == 413
        assert "too long" in texts(huge.json())


def test_a_replica_killed_mid_conversation_under_load_loses_and_doubles_no_turn(
    stack: Stack,
) -> None:
    """SIGKILL, not a polite stop: the message in flight on that replica is resent by the
    family's client with its message id (harness/family_conversations.py, as the widget does),
    and its spare answers on the replica's port within 10 s."""
    replica = f"rasa-{stack.settings['RASA_REPLICA_PORTS'].split()[0]}"
    replica_url = f"http://127.0.0.1:{replica.split('-')[1]}/"
    assert wait_until(lambda: stack.has_warm_spare(replica), limit=300, every=1)
    conversations = make_conversations(20, 10, seed=3, tag="kill")
    back_after: list[float] = []

    async def load_then_kill() -> None:
        load = asyncio.create_task(drive(conversations, stack.chat_url, (0.3, 0.6), 300, 3))
        await asyncio.sleep(4)
        killed = stack.pid(replica)
        await asyncio.to_thread(terminate, killed, signal.SIGKILL)
        died = time.monotonic()
        assert await asyncio.to_thread(wait_until, lambda: healthy(replica_url), 10, 0.1)
        back_after.append(time.monotonic() - died)
        assert stack.pid(replica) != killed
        await load

    asyncio.run(load_then_kill())
    errors = [e for c in conversations for e in c.errors]
    assert errors == []
    stored = stack.stored_user_turns([c.sender for c in conversations])
    assert lost_and_duplicated(conversations, stored) == {
        "lost": 0, "duplicated": 0, "conversations_out_of_order": 0,
    }
    assert re.search(rf"restarted {replica} after exit -9 in [0-9.]+ s", stack.log(replica))
    print(f"\n{replica} answered again {back_after[0]:.2f} s after SIGKILL; "
          f"{sum(c.resends for c in conversations)} messages resent")
