"""CSV and JSONL exports of the filtered conversation list.

Texts are masked unless an admin gave a reason (checked and audited by the web layer). CSV cells
that a spreadsheet would run as a formula are prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from typing import Callable, Dict, Iterable, List, Mapping, Set

from console.conversations import Summary

FIELDS = (
    "sender_id",
    "started_utc",
    "last_utc",
    "user_turns",
    "topics",
    "crisis",
    "needs_attention",
    "booking",
    "status",
    "tags",
    "first_message",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def iso(timestamp: float) -> str:
    """UTC ISO-8601 time of a Rasa timestamp."""
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).isoformat(timespec="seconds")


def export_rows(
    summaries: Iterable[Summary],
    statuses: Mapping[str, str],
    tags: Mapping[str, Set[str]],
    show_text: Callable[[Summary], str],
) -> List[Dict[str, object]]:
    """One dict per conversation; `show_text` decides how the first message appears."""
    return [
        {
            "sender_id": s.sender_id,
            "started_utc": iso(s.started),
            "last_utc": iso(s.last),
            "user_turns": s.user_turns,
            "topics": sorted(s.intents),
            "crisis": s.crisis,
            "needs_attention": s.needs_attention,
            "booking": s.booking,
            "status": statuses.get(s.sender_id, "unreviewed"),
            "tags": sorted(tags.get(s.sender_id, set())),
            "first_message": show_text(s),
        }
        for s in summaries
    ]


def _cell(value: object) -> str:
    text = " ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: Iterable[Mapping[str, object]]) -> str:
    """The rows as CSV with a header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([_cell(row[field]) for field in FIELDS])
    return buffer.getvalue()


def to_jsonl(rows: Iterable[Mapping[str, object]]) -> str:
    """The rows as JSON Lines (one object per line)."""
    return "".join(json.dumps(dict(row), ensure_ascii=False) + "\n" for row in rows)
