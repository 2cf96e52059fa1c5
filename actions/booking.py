"""What the bot says when the booking form ends: booked (code + calendar link) or stopped.

Why separate from the form: the form only collects and books; this action turns the
outcome into one clear closing message and clears the answers for next time.
"""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking_form import FORM_SLOTS, HELPER_SLOTS
from booking.display import when_label
from booking.ics import ics_url
from booking.store import default_store


class ActionBookingSubmit(Action):
    def name(self) -> Text:
        return "action_booking_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        outcome = tracker.get_slot("booking_outcome")
        code = tracker.get_slot("booking_code")
        store = default_store()
        booking = store.by_code(code) if outcome == "booked" and code else None
        if booking is not None:
            kind = store.config.appointment_type(booking.appointment_type)
            response = "utter_booking_booked_phone" if kind.mode == "phone" else (
                "utter_booking_booked")
            dispatcher.utter_message(
                response=response,
                booking_code=booking.code,
                booked_when=when_label(booking.start, store.config),
                booked_type=kind.label,
                booked_location=kind.location,
                ics_url=ics_url(booking),
            )
        elif outcome == "no_slots":
            dispatcher.utter_message(response="utter_booking_offer_callback")
        else:
            dispatcher.utter_message(response="utter_booking_stopped")
        return [SlotSet(slot, None) for slot in FORM_SLOTS + HELPER_SLOTS]
