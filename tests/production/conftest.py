"""The production profile, for real: PostgreSQL, Redis, nginx and two Rasa replicas on loopback.

One stack per test module, on ports of its own (so a developer's `make run-prod` is untouched),
in a throwaway folder that is deleted afterwards.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.stack import ROOT, Stack, production_settings, start_stack, stop_stack

MODEL = Path(os.environ.get("FG_MODEL", ROOT / "models" / "family-guide.tar.gz"))
TEST_PORTS = {
    "RASA_PORT": "5305",
    "RASA_REPLICA_PORTS": "5306 5307",
    "ACTIONS_PORT": "5355",
    "WIDGET_PORT": "8380",
    "CONSOLE_PORT": "8381",
    "CALENDAR_PORT": "8382",
    "PG_PORT": "55532",
    "REDIS_PORT": "56479",
}


@pytest.fixture(scope="module")
def stack(request: pytest.FixtureRequest) -> Iterator[Stack]:
    """A module may set STACK_ENV (e.g. a higher rate limit) for its own stack."""
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` first (make test does).")
    folder = Path(tempfile.mkdtemp(prefix="fg-prod-test-"))
    folder.chmod(0o755)
    env = {**os.environ, **TEST_PORTS, "PROD_DIR": str(folder), "PG_KEEP_DATA": "",
           "FG_MODEL": str(MODEL), "LOG_DIR": str(folder / "log"),
           **getattr(request.module, "STACK_ENV", {})}
    env.pop("ACTION_ENDPOINT_URL", None)
    process = start_stack(folder, env, limit_s=600)
    try:
        yield Stack(folder, production_settings(env), env)
    finally:
        stop_stack(process)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def greetings(rasa_domain) -> set[str]:
    """Every variation of the greeting (Rasa picks one at random)."""
    return {v["text"] for v in rasa_domain.responses["utter_greet"]}
