"""Trackers shaped like the ones Rasa sends to validate_stage_form mid check-in."""

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from tracker_builders import (
    action_event,
    active_loop_event,
    slot_event,
    tracker_for,
    user_event,
)


def form_tracker(
    slot: str, replies: List[Dict[str, Any]], slots: Optional[Dict[str, Any]] = None
) -> Tracker:
    """A tracker in stage_form, `slot` requested, after the given user replies.

    Mirrors what Rasa sends: the form started (active_loop), asked for `slot` (requested_slot),
    and for each reply the from_text mapping set the slot to the raw text.
    """
    events: List[Dict[str, Any]] = [
        user_event("/stage_assessment", "stage_assessment", 1.0),
        active_loop_event("stage_form"),
    ]
    for reply in replies:
        events += [slot_event("requested_slot", slot), action_event("action_listen"), reply,
                   slot_event(slot, reply["text"])]
    latest = replies[-1]
    all_slots = {"requested_slot": slot, slot: latest["text"], **(slots or {})}
    return tracker_for(events, all_slots, active_loop="stage_form", sender_id="test")
