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
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
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


def form_opened(form: str, slot_name: str, question: str, at: Optional[float] = None
                ) -> List[Event]:
    """A rule starts a form: the form runs, becomes the active loop and asks its first question."""
    at = time.time() if at is None else at
    return [ActionExecuted(form, policy="RulePolicy", confidence=1.0, timestamp=at),
            ActiveLoop(form, timestamp=at), SlotSet("requested_slot", slot_name, timestamp=at),
            BotUttered(question, timestamp=at),
            ActionExecuted("action_listen", timestamp=at)]


def form_answer(text: str, intent: str, confidence: float, form: str, slot_name: str,
                value: object, next_slot: Optional[str] = None, question: str = "",
                at: Optional[float] = None) -> List[Event]:
    """A reply inside an active form as Rasa 3.6 stores it (events seen in a live booking): the
    text fills the requested slot (a from_text mapping), the form runs, its validation sets the
    clean value and it asks the next question (none after the last: see `form_closed`)."""
    at = time.time() if at is None else at
    answered = [*user(text, intent, confidence, at), SlotSet(slot_name, text, timestamp=at),
                ActionExecuted(form, policy="RulePolicy", confidence=1.0, timestamp=at),
                SlotSet(slot_name, value, timestamp=at)]
    if next_slot is None:
        return answered
    return answered + [SlotSet("requested_slot", next_slot, timestamp=at),
                       BotUttered(question, timestamp=at),
                       ActionExecuted("action_listen", timestamp=at)]


def form_rejected(form: str, at: Optional[float] = None) -> List[Event]:
    """The active form could not use the reply (no slot filled), so a rule answers instead."""
    return [ActionExecutionRejected(form, timestamp=time.time() if at is None else at)]


def form_closed(submit: str, text: str, at: Optional[float] = None) -> List[Event]:
    """The form has every slot: it deactivates and its submit action replies."""
    at = time.time() if at is None else at
    return [SlotSet("requested_slot", None, timestamp=at), ActiveLoop(None, timestamp=at),
            *bot(text, submit, at)]


def booking_conversation(at: float) -> List[Event]:
    """A whole booking as a family types it, with the intents and confidences the trained model
    gave these answers in a live run: "Mateo" is nlu_fallback, "Rosa" and the phone number are
    low-confidence intents, although the form understood every one."""
    form = "booking_form"
    return (
        session(at)
        + user("could I book a TMS consultation for my son?", "book_appointment", 0.99, at + 1)
        + bot("I can book that for you right here.", "utter_book_appointment", at + 2)
        + form_opened(form, "booking_name", "What's your name?", at + 3)
        + form_answer("Rosa", "inform", 0.32, form, "booking_name", "Rosa",
                      "booking_loved_one_name", "What's your loved one's name?", at + 4)
        + form_answer("Mateo", "nlu_fallback", 0.2, form, "booking_loved_one_name", "Mateo",
                      "booking_contact", "What phone number or email should the clinic use?",
                      at + 5)
        + form_answer("410 555 0166", "out_of_scope", 0.44, form, "booking_contact",
                      "(410) 555-0166", "booking_confirm", "Shall I book it?", at + 6)
        + form_answer("yes", "affirm", 0.99, form, "booking_confirm", True, at=at + 7)
        + form_closed("action_booking_submit", "You're booked.", at + 8)
    )


def write_conversations(db_path: Path, conversations: Dict[str, List[Event]]) -> None:
    """Save each conversation through SQLTrackerStore into the SQLite file at db_path."""
    store = SQLTrackerStore(dialect="sqlite", db=str(db_path))
    try:
        for sender_id, events in conversations.items():
            tracker = DialogueStateTracker.from_events(sender_id, events)
            asyncio.run(store.save(tracker))
    finally:
        store.engine.dispose()
