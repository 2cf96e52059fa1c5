"""One conversation's messages are handled one at a time, in order, by two replicas sharing a real
Redis, however long the queue, and a replica that dies holding the queue frees it after one
lifetime (family_guide/lock_store.py).

Each "replica" is a store with its own connection, running in its own thread and event loop, as
two Rasa processes would.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from family_guide.channels.sender_ids import new_sender_id
from family_guide.lock_store import QueueingRedisLockStore
from harness.live_bot import free_port
from harness.stack import ROOT, wait_until

pytestmark = pytest.mark.live

LIFETIME_S = 1.0


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    """A throwaway redis-server on loopback, stopped after the module."""
    subprocess.run(["bash", str(ROOT / "scripts" / "ensure_debian.sh"), "redis-server",
                    "redis-server"], check=True)
    folder = tempfile.mkdtemp(prefix="fg-lock-redis-")
    port = free_port()
    server = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port),
                               "--save", "", "--appendonly", "no", "--dir", folder],
                              stdout=subprocess.DEVNULL)
    store = QueueingRedisLockStore(host="127.0.0.1", port=port)
    try:
        assert wait_until(lambda: ping(store), limit=30, every=0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def ping(store: QueueingRedisLockStore) -> bool:
    try:
        return bool(store.red.ping())
    except Exception:
        return False


class Handling:
    """Records which messages are being handled at once, and the order they started in."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self.now = 0
        self.most_at_once = 0
        self.started: list[int] = []

    def start(self, message: int) -> None:
        with self._guard:
            self.now += 1
            self.most_at_once = max(self.most_at_once, self.now)
            self.started.append(message)

    def end(self) -> None:
        with self._guard:
            self.now -= 1


def replica(port: int, conversation: str, messages: list[int], hold_s: float,
            handling: Handling, gap_s: float = 0.0) -> None:
    """One replica handling its messages concurrently (like Sanic), each under the lock;
    message m arrives m * gap_s seconds after the start."""
    store = QueueingRedisLockStore(host="127.0.0.1", port=port)

    async def handle(message: int) -> None:
        await asyncio.sleep(message * gap_s)
        async with store.lock(conversation, lock_lifetime=LIFETIME_S):
            handling.start(message)
            await asyncio.sleep(hold_s)
            handling.end()

    async def all_messages() -> None:
        # Bounded, so a message that never gets its turn fails the test instead of hanging it.
        await asyncio.wait_for(asyncio.gather(*(handle(m) for m in messages)), timeout=30)

    asyncio.run(all_messages())


def test_a_queue_longer_than_a_lifetime_is_served_one_at_a_time_and_nothing_hangs(
    redis_port: int,
) -> None:
    # 16 messages at once over two replicas, each handled for 0.25 s: the last waits about
    # 4 s, four lifetimes. Rasa's RedisLockStore dropped the waiting tickets after one lifetime
    # and those messages then never got their turn.
    conversation = new_sender_id("lock-flood")
    handling = Handling()
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = [pool.submit(replica, redis_port, conversation, list(range(r, 16, 2)), 0.25,
                            handling) for r in (0, 1)]
        for future in done:
            future.result(timeout=60)  # each replica gives up after 30 s (see replica())
    assert sorted(handling.started) == list(range(16))
    assert handling.most_at_once == 1
    store = QueueingRedisLockStore(host="127.0.0.1", port=redis_port)
    assert store.get_lock(conversation) is None  # nothing left behind


def test_messages_sent_one_after_another_are_handled_in_that_order(redis_port: int) -> None:
    conversation = new_sender_id("lock-order")
    handling = Handling()
    with ThreadPoolExecutor(max_workers=2) as pool:
        # Replica 0 gets messages 0, 2, 4...; replica 1 gets 1, 3, 5..., each sent 0.1 s after
        # the one before, while every message takes 0.3 s: the queue grows and keeps the order.
        done = [pool.submit(replica, redis_port, conversation, list(range(r, 10, 2)), 0.3,
                            handling, 0.1) for r in (0, 1)]
        for future in done:
            future.result(timeout=60)
    assert handling.started == sorted(handling.started)
    assert handling.most_at_once == 1


def test_a_message_handled_longer_than_a_lifetime_keeps_the_conversation(redis_port: int) -> None:
    conversation = new_sender_id("lock-long")
    handling = Handling()
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(replica, redis_port, conversation, [0], 3 * LIFETIME_S, handling)
        time.sleep(0.3)
        second = pool.submit(replica, redis_port, conversation, [1], 0.1, handling)
        first.result(timeout=60)
        second.result(timeout=60)
    assert handling.started == [0, 1]
    assert handling.most_at_once == 1


def test_a_replica_that_died_holding_the_conversation_frees_it_after_one_lifetime(
    redis_port: int,
) -> None:
    conversation = new_sender_id("lock-dead")
    dead = QueueingRedisLockStore(host="127.0.0.1", port=redis_port)
    dead.issue_ticket(conversation, LIFETIME_S)  # took its turn, then was killed: never leaves
    handling = Handling()
    start = time.monotonic()
    replica(redis_port, conversation, [0], 0.0, handling)
    waited = time.monotonic() - start
    assert handling.started == [0]  # freed (Rasa's store never let it through)
    assert waited >= LIFETIME_S * 0.8  # but not before the dead holder's lifetime ran out


def test_a_message_that_gave_up_waiting_leaves_the_queue_at_once(redis_port: int) -> None:
    conversation = new_sender_id("lock-cancel")
    store = QueueingRedisLockStore(host="127.0.0.1", port=redis_port)

    async def scenario() -> float:
        async def hold(seconds: float) -> None:
            async with store.lock(conversation, lock_lifetime=30):
                await asyncio.sleep(seconds)

        holder = asyncio.ensure_future(hold(0.5))
        await asyncio.sleep(0.05)
        waiter = asyncio.ensure_future(hold(0))  # the family's request timed out while waiting
        await asyncio.sleep(0.1)
        waiter.cancel()
        await holder
        start = time.monotonic()
        await hold(0)
        return time.monotonic() - start

    # With a 30 s lifetime, a cancelled waiter that stayed in the queue would block for 30 s.
    assert asyncio.run(scenario()) < 2

