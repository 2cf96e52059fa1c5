"""Rasa's events and trackers, built one way for every test area.

Why: the actions read what Rasa sends them (event dicts and a Tracker whose latest_message is the
last user message's parse data). Tests that each build that by hand drift apart (a confidence
here, no text there). These builders make the shapes Rasa sends, and a test names only what
matters to it. Rasa's own Event objects, for a tracker store, are made from the same dicts
(`rasa.shared.core.events.Event.from_parameters`), so there is one builder per event kind.

Imported by name (`from tracker_builders import ...`): pyproject puts tests/ on the path. Not in
a conftest.py, because pytest imports every conftest.py as the one module `conftest`.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional

from rasa.shared.core import events as rasa_events
from rasa_sdk import Tracker

Event = Dict[str, Any]


def _stamped(event: Event, timestamp: Optional[float]) -> Event:
    """Rasa-core reads `timestamp`; without one the event is stamped when it is made."""
    return event if timestamp is None else {**event, "timestamp": timestamp}


def user_event(text: str, intent: Optional[str], confidence: float = 0.9, *,
               entities: Iterable[Mapping[str, Any]] = (), timestamp: Optional[float] = None,
               **parse_extras: Any) -> Event:
    """A user message with the parse data the NLU pipeline gives it.

    `parse_extras` adds what other components put beside the intent (`intent_ranking`,
    `crisis`)."""
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence},
             "entities": [dict(entity) for entity in entities], **parse_extras}
    return _stamped({"event": "user", "text": text, "parse_data": parse}, timestamp)


def bot_event(utter_action: str, text: str = "...", *, timestamp: Optional[float] = None) -> Event:
    """A bot message, tagged with the response that produced it (as Rasa's metadata does)."""
    return _stamped({"event": "bot", "text": text, "metadata": {"utter_action": utter_action}},
                    timestamp)


def slot_event(name: str, value: Any, *, timestamp: Optional[float] = None) -> Event:
    """A slot being set (or cleared, with None)."""
    return _stamped({"event": "slot", "name": name, "value": value}, timestamp)


def action_event(name: str, *, timestamp: Optional[float] = None) -> Event:
    """An action having run (e.g. `action_listen` between turns)."""
    return _stamped({"event": "action", "name": name}, timestamp)


def active_loop_event(name: Optional[str]) -> Event:
    """A form starting (its name) or ending (None)."""
    return {"event": "active_loop", "name": name}


def as_rasa_events(*events: Event) -> List[rasa_events.Event]:
    """The same events as Rasa's own Event objects, e.g. to save through a tracker store."""
    return [rasa_events.Event.from_parameters(event) for event in events]


def latest_parse(events: Iterable[Event]) -> Dict[str, Any]:
    """The parse data of the last user message: what Rasa sends as latest_message."""
    users = [e for e in events if e.get("event") == "user"]
    return (users[-1].get("parse_data") or {}) if users else {}


def tracker_for(events: List[Event], slots: Optional[Dict[str, Any]] = None, *,
                latest_message: Optional[Dict[str, Any]] = None,
                active_loop: Optional[str] = None, latest_action: str = "action_listen",
                sender_id: str = "s1") -> Tracker:
    """The Tracker the action server gets after `events`.

    latest_message is the last user message's parse data unless given (a form's validation
    runs on a reply that may not be among the events a test lists)."""
    return Tracker(
        sender_id=sender_id,
        slots=dict(slots or {}),
        latest_message=latest_parse(events) if latest_message is None else latest_message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name=latest_action,
    )
