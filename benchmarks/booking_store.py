"""Booking benchmark: races for one slot and booking latency, on SQLite and PostgreSQL.

Run `python -m benchmarks.booking_store` (starts and stops a throwaway PostgreSQL through
scripts/ensure_postgres.sh). Writes reports/booking_bench.json and .md. Numbers live here,
never as timing assertions in tests.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import threading
import time
from datetime import datetime
from typing import Dict, List

from benchmarks.reporting import write_report
from booking.config import load_config
from booking.service import offer
from booking.store import BookingRequest, BookingStore, SlotTaken, make_engine, metadata
from harness.stack import ROOT

RACERS = 20
ROUNDS = 10
SEQUENTIAL = 60


def request(key: str) -> BookingRequest:
    return BookingRequest("family_call", "self", "Bench", None, "+14105550134", None, True,
                          "discreet", "bench", key)


def race(store: BookingStore, slot) -> Dict[str, int]:  # noqa: ANN001
    """RACERS threads book the same slot at the same moment."""
    barrier = threading.Barrier(RACERS)
    outcomes: List[str] = []
    lock = threading.Lock()

    def attempt(number: int) -> None:
        barrier.wait()
        try:
            store.book(request(f"race-{slot.start.isoformat()}-{number}"), slot)
            result = "booked"
        except SlotTaken:
            result = "taken"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"booked": outcomes.count("booked"), "taken": outcomes.count("taken")}


def next_free(store: BookingStore, now: datetime):  # noqa: ANN201
    return offer(store, store.config.appointment_type("family_call"), "soonest", now).slots[0]


def measure(url: str) -> dict:
    engine = make_engine(url)
    metadata.drop_all(engine)
    config = load_config()
    store = BookingStore(engine, config)
    now = datetime.now(config.clinic.time_zone)
    races = [race(store, next_free(store, now)) for _ in range(ROUNDS)]
    book_ms, offer_ms = [], []
    for index in range(SEQUENTIAL):
        started = time.perf_counter()
        slot = offer(store, store.config.appointment_type("family_call"), "soonest", now).slots[0]
        offer_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        store.book(request(f"seq-{index}"), slot)
        book_ms.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return {
        "race_rounds": len(races),
        "racers_per_round": RACERS,
        "rounds_with_exactly_one_booking": sum(r["booked"] == 1 for r in races),
        "book_ms_median": round(statistics.median(book_ms), 2),
        "book_ms_p95": round(sorted(book_ms)[int(len(book_ms) * 0.95) - 1], 2),
        "offer_ms_median": round(statistics.median(offer_ms), 2),
    }


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite"] = measure(f"sqlite:///{folder}/bench.db")
    script = ROOT / "scripts" / "ensure_postgres.sh"
    cluster = tempfile.mkdtemp(prefix="fg-bench-pg-")
    started = subprocess.run(["bash", str(script), "start", cluster], capture_output=True,
                             text=True, check=True)
    try:
        url = started.stdout.strip().splitlines()[-1]
        results["postgresql"] = measure(url.replace("postgresql://", "postgresql+psycopg2://"))
    finally:
        subprocess.run(["bash", str(script), "stop", cluster], capture_output=True)
    results["measured_at"] = datetime.now().astimezone().isoformat(timespec="seconds")
    lines = ["# Booking benchmark", "", f"Measured {results['measured_at']} on the dev machine "
             f"(2 shared cores). {RACERS} threads race for one slot, {ROUNDS} rounds; then "
             f"{SEQUENTIAL} sequential bookings, each followed by a fresh offer.", "",
             "| database | rounds with exactly one booking | book median ms | book p95 ms "
             "| offer median ms |", "|---|---|---|---|---|"]
    for name in ("sqlite", "postgresql"):
        r = results[name]
        lines.append(f"| {name} | {r['rounds_with_exactly_one_booking']}/{r['race_rounds']} | "
                     f"{r['book_ms_median']} | {r['book_ms_p95']} | {r['offer_ms_median']} |")
    write_report("booking_bench", results, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
