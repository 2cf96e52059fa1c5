"""Benchmark the console on a tracker store of realistic size; writes reports/console_bench.*

    python -m benchmarks.console_pages [--conversations 2000]

Conversations are written by Rasa's own SQLTrackerStore into a temporary SQLite database, then
the pages are requested in-process (ASGI, no network) the way a browser would: list (first
load and cached), filtered list, transcript (with spaCy masking) and a masked CSV export.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Dict, List

import httpx

from benchmarks.reporting import write_report
from console.accounts import create_user
from console.config import Settings
from console.db import migrate, writable_engine
from console.routes_conversations import known_intents

# Not built from the username: the console refuses those (console.passwords).
BENCH_PASSWORD = "quiet-ledger-for-timing"
TOPICS = ("denial", "cost_insurance", "tms_basics", "ketamine_basics", "boundaries", "greet")
TEXTS = (
    "my son Jake keeps saying he is fine but he is using pills again",
    "how much does it cost and do you take insurance, call me at 410-555-0100",
    "what is TMS and does it hurt",
    "is ketamine therapy safe for my daughter Emily",
    "how do I set boundaries without losing him",
    "hi there",
)


def write_tracker(db: Path, conversations: int, prefix: str = "bench") -> float:
    """Write `conversations` conversations of 3 exchanges each; returns seconds taken."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(dialect="sqlite", db=str(db))
    start, now = time.perf_counter(), time.time()
    for index in range(conversations):
        at = now - (index % 30) * 86400 - index
        events: List = [ActionExecuted("action_session_start", timestamp=at),
                        SessionStarted(timestamp=at)]
        for turn in range(3):
            k = (index + turn) % len(TOPICS)
            intent = {"name": TOPICS[k], "confidence": 0.3 + 0.1 * (index % 7)}
            text = f"{TEXTS[k]} ({index})"  # distinct texts, so no cache flatters masking
            events += [
                UserUttered(text, intent=intent,
                            parse_data={"text": text, "intent": intent, "entities": []},
                            timestamp=at + turn),
                ActionExecuted(f"utter_{TOPICS[k]}", timestamp=at + turn),
                BotUttered("Here is what we know about that.", timestamp=at + turn),
                ActionExecuted("action_listen", timestamp=at + turn),
            ]
        asyncio.run(store.save(DialogueStateTracker.from_events(f"{prefix}-{index}", events)))
    store.engine.dispose()
    return time.perf_counter() - start


async def measure(settings: Settings, runs: int) -> Dict[str, float]:
    """Milliseconds per page: first request and median of `runs` repeats (spaCy preloaded)."""
    from console.app import create_app

    app = create_app(settings)
    app.state.console.mask("warm up")  # load spaCy and the domain before timing, as the
    known_intents()  # server's start-up does
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        page = await client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        await client.post("/login", data={"csrf_token": token, "username": "bench",
                                          "password": BENCH_PASSWORD})
        timings: Dict[str, float] = {}
        start = time.perf_counter()
        await client.get("/dashboard")  # reads and summarises the whole tracker store
        timings["read_and_summarise_all_ms"] = (time.perf_counter() - start) * 1000

        async def timed(path: str) -> tuple:
            """First request (nothing masked yet) and the median of the repeats."""
            samples = []
            for _ in range(runs + 1):
                start = time.perf_counter()
                response = await client.get(path)
                assert response.status_code == 200, path
                samples.append((time.perf_counter() - start) * 1000)
            return samples[0], median(samples[1:])

        pages: Dict[str, str] = {
            "list": "/conversations",
            "list_filtered": "/conversations?topic=denial&low_confidence=1&q=pills",
            "transcript_masked": "/conversation?id=bench-7",
            "dashboard": "/dashboard",
            "export_csv_masked_one_topic": "/export?format=csv&topic=greet",
        }
        for name, path in pages.items():
            first, repeat = await timed(path)
            timings[f"{name}_first_ms"], timings[f"{name}_repeat_ms"] = first, repeat
        # A live bot: one more conversation arrives, then staff reload the list.
        db = Path(str(settings.tracker_db_url).replace("sqlite:///", ""))
        await asyncio.to_thread(write_tracker, db, 1, "bench-new")
        start = time.perf_counter()
        response = await client.get("/conversations")
        timings["list_after_a_new_conversation_ms"] = (time.perf_counter() - start) * 1000
        assert "bench-new-0" in response.text
    return timings


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        settings = Settings(
            tracker_db_url=f"sqlite:///{base / 'tracker.db'}",
            booking_db_url=f"sqlite:///{base / 'bookings.db'}",
            console_db_url=f"sqlite:///{base / 'console.db'}",
        )
        write_seconds = write_tracker(base / "tracker.db", args.conversations)
        migrate(settings.console_db_url)
        create_user(writable_engine(settings.console_db_url), "bench", BENCH_PASSWORD,
                    "reviewer")
        timings = asyncio.run(measure(settings, args.runs))
    result = {"conversations": args.conversations, "events_per_conversation": 14,
              "tracker_write_seconds": round(write_seconds, 1),
              **{k: round(v, 1) for k, v in timings.items()},
              "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    lines = ["# Staff console benchmark", "",
             f"{args.conversations} conversations (14 events each) written by Rasa's "
             "SQLTrackerStore into SQLite; pages requested in-process (ASGI). `first` is the "
             "first request (texts not masked yet), `repeat` the median of "
             f"{args.runs} more; on this 2-core machine shared with other jobs.", "",
             "| measure | value |", "| --- | --- |"]
    lines += [f"| {k.replace('_', ' ')} | {v} |" for k, v in result.items() if k != "when"]
    write_report("console_bench", result, "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
