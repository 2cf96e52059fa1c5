"""Reading user intents (and which slots were typed this session) out of a tracker's events.

Several actions look back through the conversation (the fallback counts misunderstood messages
in a row, the articles and knowledge actions find the current topic, the stage check-in counts
unclear replies). They all read a user event's intent the same way, here.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, Optional, Sequence, Set


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


def slots_from_earlier_sessions(events: Sequence[Dict[str, Any]]) -> Set[str]:
    """Slots whose value was last set before anyone typed in the latest session.

    Why: a new session carries slots over (domain/core.yml) as slot events right after its
    start, before anyone has typed. Personal values shown back (the booking summary) must be
    ones this person typed now, not ones a previous visitor left in the conversation.
    """
    starts = [i for i, event in enumerate(events) if event.get("event") == "session_started"]
    if not starts:
        return set()
    typing_began = next((i for i in range(starts[-1], len(events))
                         if events[i].get("event") == "user"), len(events))
    last_set = {str(event.get("name")): i for i, event in enumerate(events)
                if event.get("event") == "slot"}
    return {name for name, i in last_set.items() if i < typing_began}
