"""`make bench`: load, latency and no-lost-message benchmark of the production profile.

Starts the production stack (scripts/run_prod.sh: PostgreSQL, Redis, two Rasa replicas behind
nginx, the action server) in a throwaway folder, drives N concurrent conversations of M realistic
family turns through the public endpoint, then checks in the tracker store that every user turn
sent is there exactly once and in order (harness/family_conversations.py). Loopback only; every
loop is bounded in count and time.
Writes reports/bench.json and reports/bench.md, with the training time, cold start and widget
size read from the other reports. A benchmark, not a test: exits 0 once it has run.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import tempfile
import time
from pathlib import Path
from statistics import quantiles
from typing import Any

from benchmarks.reporting import read_report, write_report
from harness.family_conversations import (
    Conversation,
    drive,
    lost_and_duplicated,
    make_conversations,
)
from harness.stack import (
    ROOT,
    production_settings,
    start_stack,
    stop_stack,
    user_turns_in_store,
    wait_until,
    warm_spares_loaded,
)


def percentile(values: list[float], pct: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return quantiles(values, n=100, method="inclusive")[pct - 1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total_kb, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            pass
        todo.extend(children.get(current, []))
    return round(total_kb / 1024, 1)


def process_memory(prod_dir: Path) -> dict[str, float]:
    memory = {}
    for pid_file in sorted((prod_dir / "pids").glob("*.pid")):
        memory[pid_file.stem] = rss_mb(int(pid_file.read_text().strip()))
    postmaster = prod_dir / "pg" / "data" / "postmaster.pid"
    if postmaster.exists():
        memory["postgres"] = rss_mb(int(postmaster.read_text().split()[0]))
    return memory


def widget_gzip_kb() -> float | None:
    """Gzipped size of what the widget ships (its JS and CSS)."""
    files = sorted((ROOT / "widget").glob("*.js")) + sorted((ROOT / "widget").glob("*.css"))
    if not files:
        return None
    return round(sum(len(gzip.compress(f.read_bytes(), 9)) for f in files) / 1024, 1)



def scenario(name: str, conversations: list[Conversation], wall_s: float) -> dict[str, Any]:
    latencies = [ms for c in conversations for ms in c.latencies_ms]
    errors = [e for c in conversations for e in c.errors]
    return {
        "name": name,
        "conversations": len(conversations),
        "turns_each": len(conversations[0].turns) if conversations else 0,
        "messages": len(latencies),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "wall_seconds": round(wall_s, 1),
        "throughput_msgs_per_s": round(len(latencies) / wall_s, 1) if wall_s else 0.0,
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
    }


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Load benchmark (production profile)",
        "",
        f"{report['cores']} cores; two Rasa replicas behind nginx, PostgreSQL tracker store, "
        f"Redis lock store; think time {report['think_seconds']} s between a person's turns; "
        "each conversation starts at a random moment within the first pause.",
        "",
        "| scenario | conversations x turns | messages | errors | p50 ms | p95 ms | p99 ms |"
        " msgs/s | lost | duplicated | out of order |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in report["scenarios"]:
        lines.append(
            f"| {s['name']} | {s['conversations']} x {s['turns_each']} | {s['messages']} | "
            f"{s['errors']} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | "
            f"{s['throughput_msgs_per_s']} | {s['lost']} | {s['duplicated']} | "
            f"{s['conversations_out_of_order']} |"
        )
    lines += ["", "| process | RSS MB (after the load) |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in report["memory_mb"].items()]
    lines += [
        "",
        f"- Production stack ready (both replicas) in {report['stack_ready_seconds']} s.",
        f"- Training time: {report['train_seconds']} s (models/train_time.json).",
        f"- Cold start of `rasa run` to ready: {report['cold_start_seconds']} s.",
        f"- Widget shipped size (JS + CSS, gzip -9): {report['widget_gzip_kb']} kB.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 2.0),
                        help="pause between a person's turns, seconds (min max)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=float, default=600.0, help="seconds per scenario at most")
    args = parser.parse_args(argv)

    prod_dir = Path(tempfile.mkdtemp(prefix="fg-bench-"))
    prod_dir.chmod(0o755)  # PostgreSQL runs as its own user and must reach its folder inside
    env = {**os.environ, "PROD_DIR": str(prod_dir), "PG_KEEP_DATA": ""}
    started = time.monotonic()
    stack = start_stack(prod_dir, env, limit_s=600)
    stack_ready = round(time.monotonic() - started, 1)
    prod_env = production_settings(env)
    pg = {"host": prod_env["PG_HOST"], "port": prod_env["PG_PORT"], "db": prod_env["PG_RASA_DB"]}
    url = f"http://127.0.0.1:{prod_env['RASA_PORT']}/webhooks/rest/webhook"
    try:
        wait_until(lambda: warm_spares_loaded(prod_dir, prod_env), limit=600, every=1)
        scenarios = []
        for name, count, turns in (("20 concurrent", 20, 10), ("50 concurrent", 50, 20)):
            conversations = make_conversations(count, turns, args.seed, name.split()[0])
            wall = asyncio.run(drive(conversations, url, tuple(args.think), args.limit, args.seed))
            stored = user_turns_in_store(pg, [c.sender for c in conversations])
            scenarios.append(scenario(name, conversations, wall)
                             | lost_and_duplicated(conversations, stored))
        memory = process_memory(prod_dir)
    finally:
        stop_stack(stack)

    report = {
        "cores": os.cpu_count(),
        "think_seconds": list(args.think),
        "stack_ready_seconds": stack_ready,
        "scenarios": scenarios,
        "memory_mb": memory,
        "train_seconds": read_report("train_time.json", ROOT / "models").get("train_seconds"),
        "cold_start_seconds": read_report("pipeline_benchmark.json").get("cold_start_seconds"),
        "widget_gzip_kb": widget_gzip_kb(),
    }
    write_report("bench", report, markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
