"""Keep one service of the production profile alive: restart it when it dies, with back-off.

    python -m deploy.supervisor --name rasa-5006 --log var/prod/log/rasa-5006.log \\
        [--instances 2] [--ready-url http://127.0.0.1:5006/] [--pid-file F] -- command ...

Why: a replica, the action server or the console that crashes (or is killed) would otherwise
stay dead until someone notices. One supervisor per service (scripts/services.sh starts them),
standard library only. Each restart is logged, to stderr and into the service's own log:
"restarted rasa-5006 after exit -9 in 0.5 s", and with --ready-url, when it answers again.

A service that keeps dying is restarted after 0.5, 1, 2 ... up to 30 s; a run longer than a
minute resets the delay. `--instances 2` keeps a warm spare running beside the service (a Rasa
replica's spare loads the model, then waits for the port: deploy/rasa_replica.py); the spare is
started once the service answers, so the first start is not slowed. SIGTERM or SIGINT stops the
children (SIGTERM, then SIGKILL after a grace period) and exits 0; children die with the
supervisor even if it is killed outright.
"""

from __future__ import annotations

import argparse
import ctypes
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, List, Optional, Sequence

POLL_S = 0.2
STOP_GRACE_S = 20.0
PR_SET_PDEATHSIG = 1


@dataclass
class Backoff:
    """Restart delay: doubles while the service keeps dying soon after a start."""

    first_s: float = 0.5
    most_s: float = 30.0
    stable_s: float = 60.0
    current_s: float = 0.0

    def after_exit(self, ran_s: float) -> float:
        """The delay before the next start, given how long the run that just ended lasted."""
        if ran_s >= self.stable_s or self.current_s == 0.0:
            self.current_s = self.first_s
        else:
            self.current_s = min(self.current_s * 2, self.most_s)
        return self.current_s


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the supervisor dies, so no service outlives it."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Instance:
    """One running copy of the service."""

    process: subprocess.Popen
    started: float


@dataclass
class Supervisor:
    name: str
    command: Sequence[str]
    log: IO[str]
    instances: int = 1
    ready_url: Optional[str] = None
    pid_file: Optional[Path] = None
    backoff: Backoff = field(default_factory=Backoff)
    running: List[Instance] = field(default_factory=list)
    stopping: bool = False
    _down_since: Optional[float] = None

    def say(self, line: str) -> None:
        stamped = f"{time.strftime('%Y-%m-%d %H:%M:%S')} supervisor: {line}"
        for stream in (sys.stderr, self.log):
            print(stamped, file=stream, flush=True)

    def start_one(self) -> Instance:
        process = subprocess.Popen(list(self.command), stdout=self.log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        if self.pid_file is not None:
            self.pid_file.write_text(f"{process.pid}\n")
        instance = Instance(process, time.monotonic())
        self.running.append(instance)
        return instance

    def answers(self) -> bool:
        if self.ready_url is None:
            return True
        try:
            with urllib.request.urlopen(self.ready_url, timeout=2) as reply:
                return reply.status < 500
        except urllib.error.HTTPError as error:
            return error.code < 500
        except OSError:
            return False

    def reap(self) -> None:
        """Forget dead instances, start their replacements after the back-off delay."""
        for instance in [i for i in self.running if i.process.poll() is not None]:
            self.running.remove(instance)
            if self.stopping:
                continue
            died = time.monotonic()
            ran_s = died - instance.started
            delay = self.backoff.after_exit(ran_s)
            self._sleep(delay)
            if self.stopping:
                return
            self.start_one()
            if self._down_since is None:
                self._down_since = died
            self.say(f"restarted {self.name} after exit {instance.process.returncode} "
                     f"in {time.monotonic() - died:.1f} s (it ran {ran_s:.0f} s)")

    def watch_readiness(self) -> None:
        """Log when a restarted service answers again; then let any spare start."""
        if self._down_since is not None and (self.ready_url is None or self.answers()):
            if self.ready_url is not None:
                self.say(f"{self.name} answers again {time.monotonic() - self._down_since:.1f} s "
                         "after it died")
            self._down_since = None
        if len(self.running) < self.instances and self._down_since is None and self.answers():
            self.start_one()

    def run(self) -> int:
        self.start_one()
        while not self.stopping:
            self.reap()
            if not self.stopping:
                self.watch_readiness()
            self._sleep(POLL_S)
        return self.stop_children()

    def request_stop(self, signum: int, _frame: object) -> None:
        self.stopping = True

    def stop_children(self) -> int:
        for instance in self.running:
            if instance.process.poll() is None:
                instance.process.terminate()
        deadline = time.monotonic() + STOP_GRACE_S
        for instance in self.running:
            try:
                instance.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                instance.process.kill()
                instance.process.wait()
        self.running.clear()
        return 0

    def _sleep(self, seconds: float) -> None:
        """Sleep, waking early when asked to stop."""
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(min(POLL_S, end - time.monotonic()))


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--name", required=True, help="the service's name in the log")
    parser.add_argument("--log", required=True, type=Path, help="the service's log (appended)")
    parser.add_argument("--instances", type=int, default=1, help="copies kept running")
    parser.add_argument("--ready-url", help="answers (not 5xx) once the service is up")
    parser.add_argument("--pid-file", type=Path, help="written with each new child's PID")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- the service's command")
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("no command to supervise (put it after --)")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    args.log.parent.mkdir(parents=True, exist_ok=True)
    with args.log.open("a") as log:
        supervisor = Supervisor(args.name, args.command, log, instances=args.instances,
                                ready_url=args.ready_url, pid_file=args.pid_file)
        signal.signal(signal.SIGTERM, supervisor.request_stop)
        signal.signal(signal.SIGINT, supervisor.request_stop)
        return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
