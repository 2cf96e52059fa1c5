"""Cancel or move a booking from the chat, with the booking code plus the phone or email.

Why both: a code alone could be guessed or overheard; the contact given at booking proves
it is the same person without an account or a password. After three misses we stop
asking and offer a call back, rather than letting someone try codes forever; the limit holds
per booking code and per contact across conversations (booking/lookup_limit.py), not per flow.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.booking_answers import (
    answer_of,
    chosen_type,
    cleared,
    has_word,
    read_yes_no,
    stopped,
    wants_to_stop,
)
from actions.booking_form import DayAndSlotAnswers
from actions.stoppable_form import StoppableForm
from booking import service
from booking.service import (
    BookingNotFound,
    SlotTaken,
    TooManyLookups,
    default_store,
    ics_url,
    load_config,
    normalise_code,
    simplify,
    when_label,
)

MAX_LOOKUP_ATTEMPTS = 3
LOOKUP_SLOTS = ("booking_manage_code", "booking_manage_contact")  # before the booking is found
MANAGE_SLOTS = [
    "booking_manage_code", "booking_manage_contact", "booking_manage_choice",
    "booking_manage_confirm", "booking_manage_attempts", "booking_manage_when", "booking_day",
    "booking_slot", "booking_offered", "booking_offer_after", "booking_type",
    "booking_stopped", "booking_outcome", "booking_booked_when", "booking_ics_url",
]


def read_manage_choice(text: str) -> str | None:
    words = simplify(text)
    if words in ("cancel", "reschedule", "keep"):
        return words
    if has_word(words, ("keep", "leave it", "never mind", "nothing")):
        return "keep"
    if has_word(words, ("reschedule", "move", "change", "another time", "different time",
                        "another day", "different day", "later", "earlier")):
        return "reschedule"
    if has_word(words, ("cancel", "call off", "delete", "can't make it", "cannot make it")):
        return "cancel"
    return None


class ValidateBookingManageForm(DayAndSlotAnswers, StoppableForm):
    STOP_OUTCOME = "kept"  # stopping once the booking is found keeps the old time
    READ_BEFORE_STOP = frozenset({"booking_manage_choice"})  # there "cancel" is an answer

    def name(self) -> Text:
        return "validate_booking_manage_form"

    def questions(self, tracker: Tracker) -> List[Text]:
        slots = ["booking_manage_code", "booking_manage_contact", "booking_manage_choice"]
        if tracker.get_slot("booking_manage_choice") == "reschedule":
            slots += ["booking_day", "booking_slot"]
        return slots + ["booking_manage_confirm"]

    def stop_outcome(self, slot: str) -> Optional[str]:
        """Before the booking is found there is nothing to keep: a plain stop."""
        return "stopped" if slot in LOOKUP_SLOTS else self.STOP_OUTCOME

    def read_booking_manage_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        code = normalise_code(answer_of(tracker))
        if code is None:
            dispatcher.utter_message(response="utter_booking_manage_code_unclear")
        return {"booking_manage_code": code}

    def read_booking_manage_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        config = load_config()
        given = answer_of(tracker)
        try:
            booking = service.find_to_change(
                default_store(), tracker.get_slot("booking_manage_code"), given)
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return {"booking_manage_contact": None, **stopped("unavailable")}
        except TooManyLookups:  # this code or contact had its tries, in any conversation
            return {"booking_manage_contact": None, **stopped("not_found")}
        if booking is None:
            attempts = int(tracker.get_slot("booking_manage_attempts") or 0) + 1
            if attempts >= MAX_LOOKUP_ATTEMPTS:
                return {"booking_manage_contact": None, "booking_manage_attempts": attempts,
                        **stopped("not_found")}
            dispatcher.utter_message(response="utter_booking_manage_not_found")
            return {"booking_manage_contact": None, "booking_manage_code": None,
                    "booking_manage_attempts": attempts}
        if booking.status != "booked":
            dispatcher.utter_message(response="utter_booking_manage_already_cancelled")
            return {"booking_manage_contact": given, **stopped("already_cancelled")}
        kind = service.appointment_type(booking.appointment_type)
        found_when = when_label(booking.start, config)
        dispatcher.utter_message(response="utter_booking_manage_found",
                                 found_type=kind.label, found_when=found_when)
        return {"booking_manage_contact": given, "booking_type": booking.appointment_type,
                "booking_manage_when": found_when}

    def read_booking_manage_choice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        choice = read_manage_choice(answer_of(tracker))  # here "cancel" is an answer
        if choice is None and wants_to_stop(tracker):
            return self.stop("booking_manage_choice")
        if choice is None:
            dispatcher.utter_message(response="utter_booking_manage_choice_unclear")
            return {"booking_manage_choice": None}
        if choice == "keep":
            return {"booking_manage_choice": choice, **stopped("kept")}
        return {"booking_manage_choice": choice}

    def read_booking_manage_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        decision = read_yes_no(tracker)
        if decision is None:
            dispatcher.utter_message(response="utter_booking_yes_no_unclear")
            return {"booking_manage_confirm": None}
        if decision is False:
            return {"booking_manage_confirm": False, **stopped("kept")}
        return apply_change(tracker, dispatcher)


def apply_change(tracker: Tracker, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """Cancels or moves the booking now that the person said yes."""
    config = load_config()
    code = tracker.get_slot("booking_manage_code")
    contact = tracker.get_slot("booking_manage_contact")
    try:
        if tracker.get_slot("booking_manage_choice") == "cancel":
            default_store().cancel(code, contact)
            return {"booking_manage_confirm": True, "booking_outcome": "cancelled"}
        slot = service.slot_from_start(chosen_type(tracker), tracker.get_slot("booking_slot"))
        moved = default_store().reschedule(code, contact, slot)
        return {"booking_manage_confirm": True, "booking_outcome": "rescheduled",
                "booking_booked_when": when_label(moved.start, config),
                "booking_ics_url": ics_url(moved)}
    except SQLAlchemyError:
        dispatcher.utter_message(response="utter_booking_unavailable")
        return {"booking_manage_confirm": None}  # nothing changed; "yes" again retries
    except SlotTaken:
        dispatcher.utter_message(response="utter_booking_slot_taken")
        return {"booking_manage_confirm": None, "booking_slot": None,
                "booking_offer_after": None}
    except BookingNotFound:
        return {"booking_manage_confirm": None, **stopped("already_cancelled")}


class ActionAskBookingManageConfirm(Action):
    def name(self) -> Text:
        return "action_ask_booking_manage_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        config = load_config()
        old_when = tracker.get_slot("booking_manage_when")
        if tracker.get_slot("booking_manage_choice") == "cancel":
            dispatcher.utter_message(response="utter_ask_booking_manage_confirm_cancel",
                                     old_when=old_when)
        else:
            new = service.slot_from_start(chosen_type(tracker), tracker.get_slot("booking_slot"))
            dispatcher.utter_message(response="utter_ask_booking_manage_confirm_move",
                                     old_when=old_when, new_when=when_label(new.start, config))
        return []


class ActionBookingManageSubmit(Action):
    def name(self) -> Text:
        return "action_booking_manage_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        outcome = tracker.get_slot("booking_outcome")
        if outcome == "cancelled":
            dispatcher.utter_message(response="utter_booking_cancelled",
                                     old_when=tracker.get_slot("booking_manage_when"))
        elif outcome == "rescheduled":
            dispatcher.utter_message(response="utter_booking_rescheduled",
                                     new_when=tracker.get_slot("booking_booked_when"),
                                     booking_code=tracker.get_slot("booking_manage_code"),
                                     ics_url=tracker.get_slot("booking_ics_url"))
        elif outcome == "not_found":
            dispatcher.utter_message(response="utter_booking_manage_gave_up")
        elif outcome in ("already_cancelled", "unavailable"):
            pass  # the form already said so
        else:
            dispatcher.utter_message(response="utter_booking_manage_kept")
        return cleared(MANAGE_SLOTS)


class ActionBookingManageReset(Action):
    """Clears answers left from an earlier, unfinished change so the form asks afresh."""

    def name(self) -> Text:
        return "action_booking_manage_reset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return cleared(MANAGE_SLOTS)
