"""Reading user intents out of a tracker's event list.

Several actions look back through the conversation (the fallback counts misunderstood messages
in a row, the articles and knowledge actions find the current topic, the stage check-in counts
unclear replies). They all read a user event's intent the same way, here.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, Optional


def user_intent(event: Dict[str, Any]) -> Optional[str]:
    """The intent name of a user message event; None for other events or an unlabelled message."""
    if event.get("event") != "user":
        return None
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name")


def user_intents_latest_first(events: Iterable[Dict[str, Any]]) -> Iterator[Optional[str]]:
    """The intent of every user message, newest first (None where a message had none)."""
    for event in reversed(list(events)):
        if event.get("event") == "user":
            yield user_intent(event)
