"""`make bench-parse`: what understanding a 600-character letter costs, in total and by component.

Issue 14 sets parse p95 <= 60 ms for a 600-character message on this machine. Each dev letter
(evaluation only: it is timed, never learned from) is brought to about 600 characters: a shorter
one is continued with the next letter, a longer one is cut at the last word before 600. Every
message is parsed `--rounds` times after a warm-up; each graph node's own time is recorded, so
the report says where the time goes. Writes reports/parse_cost.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.dialogue_eval import DEV_LETTERS, load_letters
from benchmarks.nlu_eval import quiet_libraries
from benchmarks.reporting import write_report
from harness import nlu_scoring as scoring
from harness.live_bot import DEFAULT_MODEL

TARGET_CHARS = 600
TARGET_P95_MS = 60.0


def letters_of_length(texts: list[str], length: int = TARGET_CHARS) -> list[str]:
    """Each text continued with the ones after it (cyclically) and cut at the last word before
    `length`, so every message is a real letter of about `length` characters."""
    messages = []
    for i in range(len(texts)):
        joined = texts[i]
        step = 1
        while len(joined) < length and step < len(texts):
            joined = f"{joined} {texts[(i + step) % len(texts)]}"
            step += 1
        cut = joined[:length]
        if len(joined) > length and " " in cut:
            cut = cut[: cut.rindex(" ")]
        messages.append(cut)
    return messages


@contextmanager
def node_timer() -> Iterator[dict[str, list[float]]]:
    """Record each graph node's own run time (ms) while the block runs."""
    from rasa.engine.graph import GraphNode

    times: dict[str, list[float]] = defaultdict(list)
    original = GraphNode.__call__

    def timed(node: GraphNode, *inputs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(node, *inputs)
        finally:
            times[node._node_name].append((time.perf_counter() - start) * 1000)

    GraphNode.__call__ = timed  # type: ignore[method-assign]
    try:
        yield times
    finally:
        GraphNode.__call__ = original  # type: ignore[method-assign]


async def measure(model: Path, messages: list[str], rounds: int) -> dict[str, Any]:
    """Parse every message `rounds` times; total and per-node latency percentiles."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    for message in messages[:5]:
        await agent.parse_message(message)
    totals: list[float] = []
    with node_timer() as node_times:
        for _ in range(rounds):
            for message in messages:
                start = time.perf_counter()
                await agent.parse_message(message)
                totals.append((time.perf_counter() - start) * 1000)
    nodes = {
        name: {**{k: round(v, 2) for k, v in scoring.latency_percentiles(ms).items()},
               "mean_ms": round(sum(ms) / len(ms), 2)}
        for name, ms in node_times.items()
    }
    return {
        "messages": len(messages),
        "rounds": rounds,
        "mean_chars": round(sum(map(len, messages)) / len(messages)),
        "total": {k: round(v, 1) for k, v in scoring.latency_percentiles(totals).items()},
        "target_p95_ms": TARGET_P95_MS,
        "nodes": dict(sorted(nodes.items(), key=lambda item: -item[1]["mean_ms"])),
    }


def markdown(report: dict[str, Any]) -> str:
    """The report as a short Markdown page."""
    total = report["total"]
    met = "met" if total["p95_ms"] <= report["target_p95_ms"] else "not met"
    lines = [
        "# Parse cost of a 600-character letter",
        "",
        "Written by `python -m benchmarks.parse_cost` (`make bench-parse`). Dev letters brought to "
        f"about {TARGET_CHARS} characters (mean {report['mean_chars']}), {report['messages']} "
        f"messages x {report['rounds']} rounds, parsed in-process after a warm-up.",
        "",
        f"Total parse: p50 {total['p50_ms']} ms, p95 {total['p95_ms']} ms "
        f"(target p95 <= {report['target_p95_ms']:.0f} ms: {met}).",
        "",
        "| graph node | mean ms | p50 ms | p95 ms |",
        "|---|---|---|---|",
    ]
    for name, row in report["nodes"].items():
        if row["mean_ms"] >= 0.05:
            lines.append(f"| {name} | {row['mean_ms']} | {row['p50_ms']} | {row['p95_ms']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--letters", type=Path, default=DEV_LETTERS)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    quiet_libraries()
    texts = [letter["text"] for letter in load_letters(args.letters)]
    report = asyncio.run(measure(args.model, letters_of_length(texts), args.rounds))
    write_report("parse_cost", report, markdown(report))


if __name__ == "__main__":
    main()
