"""A warm spare replica binds its port only once the serving copy is gone (deploy/rasa_replica.py).

The lock is a real flock on a file, as between two `rasa run` processes; the live check (a
SIGKILLed replica answering again within 10 s) is in test_faults.py.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from deploy.rasa_replica import hold_port_lock


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
