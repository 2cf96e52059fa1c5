"""A warm spare replica binds its port only once the serving copy is gone (deploy/rasa_replica.py).

The lock is a real flock on a file, as between two `rasa run` processes; the live check (a
SIGKILLed replica answering again within 10 s) is in test_faults.py.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from deploy.rasa_replica import hold_port_lock, serve_after_lock
from harness.stack import wait_until


def test_the_spare_waits_for_the_lock_and_takes_it_as_soon_as_the_serving_copy_lets_go(
    tmp_path: Path,
) -> None:
    lock = tmp_path / "rasa-5006.lock"

    async def scenario() -> None:
        serving = await hold_port_lock(lock)
        spare = asyncio.create_task(hold_port_lock(lock))
        await asyncio.sleep(0.5)
        assert not spare.done()
        os.close(serving)  # what the kernel does when the serving replica dies
        spare_fd = await asyncio.wait_for(spare, timeout=2)
        os.close(spare_fd)

    asyncio.run(scenario())


def test_a_loaded_spare_says_so_and_writes_the_pid_file_only_once_it_serves(
    tmp_path: Path,
) -> None:
    lock, pid_file = tmp_path / "rasa-5006.lock", tmp_path / "rasa-5006.pid"
    spare_file = tmp_path / "rasa-5006.spare.pid"

    async def load_model(*_args: object) -> str:
        return "agent"

    async def scenario() -> None:
        serving = await hold_port_lock(lock)
        spare = asyncio.create_task(serve_after_lock(load_model, lock, pid_file)("app", "loop"))
        assert await asyncio.to_thread(wait_until, spare_file.exists, 5, 0.05)
        assert not pid_file.exists()
        os.close(serving)
        assert await asyncio.wait_for(spare, timeout=2) == "agent"

    asyncio.run(scenario())
    assert pid_file.read_text().strip() == str(os.getpid())
    assert not spare_file.exists()
