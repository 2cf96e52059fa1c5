"""The callback form (`callback_form`): a person asks for a human to call or write back.

Started by the talk_to_human rule, or by name from the fallback's last step. It asks for a
name (may be skipped), a phone number or email, the best time and consent; only with that
consent is the request stored and staff notified. The reply says honestly when staff can
act on it, from the clinic hours in catalogues/appointments.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.booking_answers import (
    SKIPPED,
    answer_of,
    cleared,
    read_contact_answer,
    read_name_answer,
    read_yes_no,
)
from actions.stoppable_form import StoppableForm
from booking import service
from booking.service import (
    clock,
    day_label,
    default_store,
    hours_summary,
    is_skip,
    load_config,
    simplify,
)

MAX_BEST_TIME_LENGTH = 200
CALLBACK_SLOTS = [
    "booking_callback_name", "booking_callback_contact", "booking_callback_time",
    "booking_callback_consent", "booking_callback_phone", "booking_callback_email",
    "booking_stopped", "booking_outcome",
]


class ValidateCallbackForm(StoppableForm):
    STOP_OUTCOME = None  # action_callback_submit reads booking_stopped alone

    def name(self) -> Text:
        return "validate_callback_form"

    def questions(self, tracker: Tracker) -> List[Text]:
        return ["booking_callback_name", "booking_callback_contact", "booking_callback_time",
                "booking_callback_consent"]

    def read_booking_callback_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return read_name_answer(tracker, dispatcher, "booking_callback_name", allow_skip=True)

    def read_booking_callback_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return read_contact_answer(tracker, dispatcher, "booking_callback_contact",
                                   "booking_callback_phone", "booking_callback_email")

    def read_booking_callback_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = " ".join(answer_of(tracker).split())
        if text.startswith("/") or is_skip(text) or simplify(text) == "any time":
            return {"booking_callback_time": "any time"}
        if len(text) > MAX_BEST_TIME_LENGTH:
            dispatcher.utter_message(response="utter_booking_callback_time_too_long")
            return {"booking_callback_time": None}
        return {"booking_callback_time": text}

    def read_booking_callback_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        consent = read_yes_no(tracker)
        if consent is None:
            dispatcher.utter_message(response="utter_booking_yes_no_unclear")
        return {"booking_callback_consent": consent}


class ActionCallbackSubmit(Action):
    """Stores the request (with consent) and says when staff can act on it."""

    def name(self) -> Text:
        return "action_callback_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        resets = cleared(CALLBACK_SLOTS)
        if tracker.get_slot("booking_stopped") or not tracker.get_slot("booking_callback_consent"):
            dispatcher.utter_message(response="utter_booking_callback_not_saved")
            return resets
        config = load_config()
        name = tracker.get_slot("booking_callback_name")
        phone = tracker.get_slot("booking_callback_phone")
        email = tracker.get_slot("booking_callback_email")
        best_time = tracker.get_slot("booking_callback_time")
        key = service.idempotency_key(tracker.sender_id, "callback", service.utc_now().replace(
            minute=0, second=0, microsecond=0), f"{phone}|{email}")
        try:
            default_store().add_callback_request(
                None if name == SKIPPED else name, phone, email, best_time, True,
                sender_id=tracker.sender_id, idempotency_key=key,
            )
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return resets
        window = service.next_staff_window(config, service.utc_now())
        hours = hours_summary(config.clinic.hours)
        if window is None:
            dispatcher.utter_message(response="utter_booking_callback_saved_later", hours=hours)
        elif window.open_now:
            dispatcher.utter_message(response="utter_booking_callback_saved_open", hours=hours,
                                     until=clock(window.end.timetz()))
        else:
            dispatcher.utter_message(
                response="utter_booking_callback_saved_closed", hours=hours,
                next_open=f"{day_label(window.start.date())} at {clock(window.start.timetz())}",
            )
        return resets


class ActionCallbackReset(Action):
    """Clears answers left from an earlier, unfinished request so the form asks afresh."""

    def name(self) -> Text:
        return "action_callback_reset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return cleared(CALLBACK_SLOTS)
