"""Reading a reply inside the booking, rebooking and callback forms, the same way in all three.

Why one place: "stop" must end every form alike, a phone number or email must be checked and
shown alike, and "yes"/"no" must mean the same whichever form asked. Each form keeps only
what is its own (its slots and what a stop means for it).
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from booking import service
from booking.service import (
    AppointmentType,
    clean_name,
    format_phone,
    is_skip,
    is_stop,
    parse_contact,
    parse_yes_no,
    simplify,
)

CHOICE_ENTITY = "booking_choice"
STOP_INTENTS = {"stop_form"}  # the shared "stop the questions" intent (stage_assessment)
STOP_CONFIDENCE = 0.6
SKIPPED = "skipped"


def answer_of(tracker: Tracker) -> str:
    """The reply to the current question: a button's choice if there is one, else the text."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == CHOICE_ENTITY and entity.get("value") is not None:
            return str(entity["value"])
    return tracker.latest_message.get("text") or ""


def wants_to_stop(tracker: Tracker) -> bool:
    """ "stop", "cancel", "never mind" ... or the shared stop_form intent, when it is clear."""
    intent = tracker.latest_message.get("intent") or {}
    confident = (intent.get("confidence") or 0.0) >= STOP_CONFIDENCE
    return (intent.get("name") in STOP_INTENTS and confident) or is_stop(answer_of(tracker))


def has_word(text: str, words) -> bool:  # noqa: ANN001 - any iterable of phrases
    return any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) for word in words)


def read_yes_no(tracker: Tracker, text: Optional[str] = None) -> Optional[bool]:
    """The reply (or `text` read from it) as a clear yes/no, helped by a confident affirm/deny
    intent; a reply typed as a question is never a yes, even once `text` was simplified."""
    intent = tracker.latest_message.get("intent") or {}
    if answer_of(tracker).strip().endswith("?"):
        return None
    return parse_yes_no(
        answer_of(tracker) if text is None else text,
        intent.get("name"),
        float(intent.get("confidence") or 0.0),
    )


def chosen_type(tracker: Tracker) -> AppointmentType:
    """The appointment type the booking_type slot names, resolved once per action and passed on."""
    return service.appointment_type(tracker.get_slot("booking_type"))


def stopped(outcome: str = "stopped") -> Dict[Text, Any]:
    """The slots that end a form early; `outcome` tells the closing action what to say."""
    return {"booking_stopped": True, "booking_outcome": outcome}


def cleared(slots: Iterable[str]) -> List[SlotSet]:
    """Events emptying these slots, so a form asks afresh next time."""
    return [SlotSet(slot, None) for slot in slots]


def contact_display(phone: Optional[str], email: Optional[str]) -> str:
    return " and ".join(part for part in (format_phone(phone), email) if part)


def read_contact_answer(
    tracker: Tracker, dispatcher: CollectingDispatcher, slot: str, phone_slot: str,
    email_slot: str,
) -> Dict[Text, Any]:
    """A phone number and/or email: both kept normalised, shown together; else a kind re-ask."""
    contact = parse_contact(answer_of(tracker))
    if not contact.ok:
        dispatcher.utter_message(response=f"utter_booking_contact_{contact.problem}")
        return {slot: None}
    return {
        slot: contact_display(contact.phone, contact.email),
        phone_slot: contact.phone,
        email_slot: contact.email,
    }


def read_name_answer(
    tracker: Tracker, dispatcher: CollectingDispatcher, slot: str, allow_skip: bool
) -> Dict[Text, Any]:
    """A cleaned-up name, SKIPPED where skipping is allowed, else a re-ask saying why."""
    text = answer_of(tracker)
    if is_skip(text) or simplify(text) == SKIPPED:
        if allow_skip:
            return {slot: SKIPPED}
        dispatcher.utter_message(response="utter_booking_name_needed")
        return {slot: None}
    result = clean_name(text)
    if result.value is None:
        dispatcher.utter_message(response=f"utter_booking_name_{result.problem}")
    return {slot: result.value}

