"""`rasa run` for one replica port, which a warm spare can take over in under a second.

    python -m deploy.rasa_replica --port-lock RUN/rasa-5006.lock --pid-file PIDS/rasa-5006.pid \\
        -- run --port 5006 ...   (the usual `rasa run` arguments)

Why: a Rasa replica needs 9 s (quiet machine) to 40 s (busy one) to load before it answers, so
restarting a killed replica cannot bring its port back within seconds. The supervisor
(deploy/supervisor.py, `--instances 2`) keeps a second copy of this command running: both load
the model, then each waits for an exclusive lock on the port's lock file before Rasa binds the
port. The one holding the lock serves; when it dies, the kernel drops its lock and the spare
binds the port at once, while the supervisor starts a new spare. Only the serving copy writes
the PID file, so `kill $(cat rasa-5006.pid)` always reaches the one answering; a loaded spare
writes `rasa-5006.spare.pid` beside it (a test or a benchmark can wait for it).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import functools
import logging
import os
import sys
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from family_guide.rasa_launcher import rasa_arguments, read_token

LOCK_POLL_S = 0.1


async def hold_port_lock(lock_path: Path) -> int:
    """Wait (without blocking the event loop) until this process holds the lock; the lock
    lasts as long as the returned descriptor stays open, that is, as long as the process."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            await asyncio.sleep(LOCK_POLL_S)


def serve_after_lock(load: Callable[..., Any], lock_path: Path,
                     pid_file: Optional[Path]) -> Callable[..., Any]:
    """Rasa's model-loading start-up listener, followed by the wait for the port's lock (Sanic
    binds the port only after its start-up listeners)."""

    @functools.wraps(load)
    async def load_then_take_port(*args: Any, **kwargs: Any) -> Any:
        agent = await load(*args, **kwargs)
        # Looked up here, not at import: Sanic's logging set-up disables loggers made earlier.
        logger = logging.getLogger(__name__)
        logger.info("Model loaded; waiting for the port (%s).", lock_path.name)
        spare_file = pid_file.with_suffix(".spare.pid") if pid_file else None
        if spare_file is not None:
            spare_file.write_text(f"{os.getpid()}\n")
        await hold_port_lock(lock_path)  # the descriptor stays open: the lock is ours
        if pid_file is not None:
            pid_file.write_text(f"{os.getpid()}\n")
        if spare_file is not None and spare_file.read_text().strip() == str(os.getpid()):
            spare_file.unlink()
        logger.info("Serving the port (%s).", lock_path.name)
        return agent

    return load_then_take_port


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port-lock", required=True, type=Path)
    parser.add_argument("--pid-file", type=Path)
    parser.add_argument("rasa_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    rasa_args = args.rasa_args[1:] if args.rasa_args[:1] == ["--"] else args.rasa_args

    import rasa.__main__
    import rasa.core.run

    rasa.core.run.load_agent_on_start = serve_after_lock(  # read by serve_application
        rasa.core.run.load_agent_on_start, args.port_lock, args.pid_file)
    # The API token comes from the environment or its private file, never argv (`ps` shows it).
    sys.argv = ["rasa", *rasa_arguments(rasa_args, read_token(os.environ))]
    rasa.__main__.main()


if __name__ == "__main__":
    main()
