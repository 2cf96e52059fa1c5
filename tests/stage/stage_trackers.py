"""Trackers shaped like the ones Rasa sends to validate_stage_form mid check-in."""

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker


def user_event(text: str, intent: Optional[str], confidence: float = 0.9) -> Dict[str, Any]:
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    return {"event": "user", "text": text, "parse_data": parse}


def form_tracker(
    slot: str, replies: List[Dict[str, Any]], slots: Optional[Dict[str, Any]] = None
) -> Tracker:
    """A tracker in stage_form, `slot` requested, after the given user replies.

    Mirrors what Rasa sends: the form started (active_loop), asked for `slot` (requested_slot),
    and for each reply the from_text mapping set the slot to the raw text.
    """
    events: List[Dict[str, Any]] = [
        user_event("/stage_assessment", "stage_assessment", 1.0),
        {"event": "active_loop", "name": "stage_form"},
    ]
    for reply in replies:
        events.append({"event": "slot", "name": "requested_slot", "value": slot})
        events.append({"event": "action", "name": "action_listen"})
        events.append(reply)
        events.append({"event": "slot", "name": slot, "value": reply["text"]})
    latest = replies[-1]
    all_slots = {"requested_slot": slot, slot: latest["text"], **(slots or {})}
    return Tracker(
        sender_id="test",
        slots=all_slots,
        latest_message=latest["parse_data"],
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "stage_form"},
        latest_action_name="action_listen",
    )
