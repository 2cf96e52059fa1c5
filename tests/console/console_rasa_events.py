"""Write real conversations into a tracker database with Rasa's own SQLTrackerStore.

The console must read what Rasa writes, so the test data is written by Rasa's class, not by
hand-made rows.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    ActionExecuted,
    Event,
    SessionStarted,
)
from rasa.shared.core.trackers import DialogueStateTracker
from tracker_builders import action_event, as_rasa_events, bot_event, slot_event, user_event

Entity = Tuple[str, str]


def user(text: str, intent: str, confidence: float = 0.95, at: Optional[float] = None,
         entities: Sequence[Entity] = (), crisis_sentences: Sequence[str] = ()) -> List[Event]:
    """A user message as Rasa stores it, followed by nothing (the bot's turn comes next).
    `crisis_sentences` are those the crisis detector flagged, as its parse data holds them."""
    flagged = {"crisis": {
        "kind": "suicide",
        "sentences": [{"start": text.index(s), "end": text.index(s) + len(s), "text": s}
                      for s in crisis_sentences],
    }} if crisis_sentences else {}
    return as_rasa_events(user_event(
        text, intent, confidence, timestamp=time.time() if at is None else at,
        entities=[{"entity": e, "value": v, "start": 0, "end": 1} for e, v in entities],
        **flagged))


def bot(text: str, action: str = "utter_reply", at: Optional[float] = None) -> List[Event]:
    """A bot reply: the response action, its message, then listening again."""
    at = time.time() if at is None else at
    return as_rasa_events(action_event(action, timestamp=at),
                          bot_event(action, text, timestamp=at),
                          action_event("action_listen", timestamp=at))


def slot(name: str, value: object, at: Optional[float] = None) -> List[Event]:
    """A slot being set (e.g. crisis_kind by the crisis capability)."""
    return as_rasa_events(slot_event(name, value, timestamp=time.time() if at is None else at))


def session(at: Optional[float] = None) -> List[Event]:
    """The start of a session, as Rasa records it."""
    at = time.time() if at is None else at
    return [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at),
            ActionExecuted("action_listen", timestamp=at)]


def write_conversations(db_path: Path, conversations: Dict[str, List[Event]]) -> None:
    """Save each conversation through SQLTrackerStore into the SQLite file at db_path."""
    store = SQLTrackerStore(dialect="sqlite", db=str(db_path))
    try:
        for sender_id, events in conversations.items():
            tracker = DialogueStateTracker.from_events(sender_id, events)
            asyncio.run(store.save(tracker))
    finally:
        store.engine.dispose()
