"""The production profile, for real: PostgreSQL, Redis, nginx and two Rasa replicas on loopback.

One stack per test module, on ports of its own (so a developer's `make run-prod` is untouched),
in a throwaway folder that is deleted afterwards.
"""

from __future__ import annotations

import collections
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.stack import (
    ROOT,
    Stack,
    log_tails,
    production_settings,
    start_stack,
    stop_stack,
)

KEPT_LOGS = ROOT / "var" / "log" / "production-tests"
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
        if getattr(request.module, "_stack_failed", False):
            module = request.module.__name__.rsplit(".", 1)[-1]
            kept = KEPT_LOGS / f"{module}-{time.strftime('%Y%m%d-%H%M%S')}"
            shutil.copytree(folder, kept, ignore=shutil.ignore_patterns("pg", "*.sock"),
                            dirs_exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failed test here shows the stack's logs as they were then (nginx's errors and status
    codes, each service's last lines), and the stack's folder is kept under var/log: a failure
    that only happens on a busy CI machine can then be explained, not just re-run."""
    outcome = yield
    report = outcome.get_result()
    stack = getattr(item, "funcargs", {}).get("stack")
    if report.when == "call" and report.failed and isinstance(stack, Stack):
        item.module._stack_failed = True
        report.sections.append(("production stack logs", stack_log_tails(stack.folder)))


def stack_log_tails(folder: Path) -> str:
    """Every log's last lines (harness/stack.py), and how many replies nginx gave with each
    status and its last server errors (a 502 or 504 there is what a family's widget saw)."""
    parts = [f"(the whole folder is kept under {KEPT_LOGS} after the module's tests)",
             log_tails(folder)]
    access = folder / "run" / "nginx-access.log"
    if access.exists():
        # Combined format: the status follows the quoted request line.
        entries = [(line, line.split('" ', 1)[-1].split(" ", 1)[0])
                   for line in access.read_text(errors="replace").splitlines()]
        statuses = collections.Counter(status for _, status in entries)
        errors = [line for line, status in entries if status.startswith("5")][-25:]
        parts.append(f"--- nginx replies by status {dict(statuses)}\n" + "\n".join(errors))
    return "\n".join(parts)


@pytest.fixture(scope="session")
def greetings(rasa_domain) -> set[str]:
    """Every variation of the greeting (Rasa picks one at random)."""
    return {v["text"] for v in rasa_domain.responses["utter_greet"]}
