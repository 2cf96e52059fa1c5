"""The production profile's supervisor restarts a dead service, logs it, and stops cleanly.

No stack needed: the supervised "service" is a tiny Python process that writes its PID.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.supervisor import Backoff, parse_args
from harness.stack import ROOT, terminate, wait_until

SERVICE = "import time; time.sleep(600)"


def alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False


def read_pid(pid_file: Path) -> int:
    return int(pid_file.read_text()) if pid_file.exists() and pid_file.read_text().strip() else 0


@pytest.fixture
def supervised(tmp_path: Path):
    """A supervisor (as scripts/services.sh starts it) watching one sleeping child."""
    pid_file, log = tmp_path / "svc.pid", tmp_path / "svc.log"
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "deploy.supervisor", "--name", "svc", "--log", str(log),
         "--pid-file", str(pid_file), "--", sys.executable, "-c", SERVICE],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )
    assert wait_until(lambda: read_pid(pid_file) > 0, limit=20, every=0.1)
    yield supervisor, pid_file, log
    if supervisor.poll() is None:
        supervisor.kill()
        supervisor.wait(timeout=10)


def test_a_killed_service_is_restarted_within_seconds_and_the_restart_is_logged(
    supervised,
) -> None:
    supervisor, pid_file, log = supervised
    first = read_pid(pid_file)
    terminate(first, signal.SIGKILL)
    assert wait_until(lambda: read_pid(pid_file) not in (0, first), limit=5, every=0.1)
    assert alive(read_pid(pid_file))
    assert wait_until(lambda: "restarted svc after exit -9 in" in log.read_text(), limit=5)


def test_stopping_the_supervisor_stops_its_service(supervised) -> None:
    supervisor, pid_file, _log = supervised
    child = read_pid(pid_file)
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=30) == 0
    assert not alive(child)


def test_a_supervisor_killed_outright_takes_its_service_with_it(supervised) -> None:
    supervisor, pid_file, _log = supervised
    child = read_pid(pid_file)
    os.kill(supervisor.pid, signal.SIGKILL)
    supervisor.wait(timeout=10)
    assert wait_until(lambda: not alive(child), limit=10, every=0.1)


def test_the_delay_grows_while_a_service_keeps_dying_and_resets_after_a_good_run() -> None:
    backoff = Backoff(first_s=0.5, most_s=4.0, stable_s=60.0)
    assert [backoff.after_exit(1.0) for _ in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert backoff.after_exit(3600.0) == 0.5


def test_the_command_comes_after_a_double_dash() -> None:
    args = parse_args(["--name", "rasa-5006", "--log", "x.log", "--instances", "2", "--",
                       "rasa", "run", "--port", "5006"])
    assert args.command == ["rasa", "run", "--port", "5006"] and args.instances == 2
    with pytest.raises(SystemExit):
        parse_args(["--name", "x", "--log", "x.log"])
