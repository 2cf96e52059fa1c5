"""What the bot says when the booking form ends: booked (code + calendar link) or stopped.

Why separate from the form: the form only collects and books; this action turns the
outcome into one clear closing message and clears the answers for next time. It reads
only slots, so it works even if the database went away after the booking was made.
"""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking_answers import chosen_type, cleared
from actions.booking_form import FORM_SLOTS, HELPER_SLOTS


class ActionBookingSubmit(Action):
    def name(self) -> Text:
        return "action_booking_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        outcome = tracker.get_slot("booking_outcome")
        if outcome == "booked" and tracker.get_slot("booking_code"):
            kind = chosen_type(tracker)
            response = "utter_booking_booked_phone" if kind.mode == "phone" else (
                "utter_booking_booked")
            dispatcher.utter_message(
                response=response,
                booking_code=tracker.get_slot("booking_code"),
                booked_when=tracker.get_slot("booking_booked_when"),
                booked_type=kind.label,
                booked_location=kind.location,
                ics_url=tracker.get_slot("booking_ics_url"),
            )
        elif outcome == "no_slots":
            dispatcher.utter_message(response="utter_booking_offer_callback")
        elif outcome != "unavailable":  # the form already said the system is unavailable
            dispatcher.utter_message(response="utter_booking_stopped")
        return cleared(FORM_SLOTS + HELPER_SLOTS)
