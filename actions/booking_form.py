"""The booking form: type -> for whom -> name(s) -> contact -> day -> slot -> consent ->
reminders -> confirmation. Nothing is stored until the person says yes to the summary.

Why every answer is read here from free text: people type "for my son", "asap" or
"the second one" as often as they tap buttons, and a reply we cannot read gets a kind,
specific re-ask instead of an error. "stop" or "cancel" at any question ends the form
cleanly (booking_stopped), and action_booking_submit says nothing was booked.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.booking_answers import (
    CHOICE_ENTITY,
    SKIPPED,
    answer_of,
    chosen_type,
    cleared,
    has_word,
    read_contact_answer,
    read_name_answer,
    read_yes_no,
    stopped,
    wants_to_stop,
)
from actions.stoppable_form import StoppableForm
from actions.tracker_events import slots_from_earlier_sessions
from booking import service
from booking.service import (
    AppointmentType,
    BookingRequest,
    InvalidBooking,
    SlotTaken,
    day_label,
    default_store,
    ics_url,
    load_config,
    reminder_label,
    simplify,
    when_label,
)

logger = logging.getLogger(__name__)

FORM_SLOTS = [
    "booking_type", "booking_for_whom", "booking_name", "booking_loved_one_name",
    "booking_contact", "booking_day", "booking_slot", "booking_consent", "booking_reminder",
    "booking_confirm",
]
HELPER_SLOTS = [
    "booking_phone", "booking_email", "booking_offered", "booking_offer_after",
    "booking_stopped", "booking_outcome", "booking_ics_url", "booking_booked_when",
]
# Clear names of each type; when answering "which would you like to book?" the looser
# words count too ("the call", "the free one"), but not when only asking to book.
TYPE_PHRASES = {
    "family_call": ("family call", "family phone call", "phone call", "free call",
                    "15 minute", "15-minute", "free 15"),
    "ketamine_consult": ("ketamine", "infusion"),
    "tms_consult": ("tms", "magnetic", "transcranial"),
}
TYPE_LOOSE_WORDS = {"family_call": ("family", "phone", "call", "free", "15")}
#: The "for whom" buttons, in the order utter_ask_booking_for_whom shows them.
FOR_WHOM_BUTTONS = ("self", "loved_one")
SELF_WORDS = ("self", "me", "myself", "for me", "mine", "i am", "i'm the patient", "my own")
LOVED_ONE_WORDS = (
    "loved_one", "loved one", "someone", "them", "him", "her", "son", "daughter", "husband",
    "wife", "partner", "boyfriend", "girlfriend", "mom", "mother", "dad", "father", "brother",
    "sister", "friend", "child", "kid", "family member", "grand", "uncle", "aunt", "cousin",
    "other", "not me", "they",
)
REMINDER_WORDS = {
    "none": ("none", "no reminder", "no reminders", "don't remind", "dont remind", "no thanks"),
    "detailed": ("detailed", "detail", "full", "name it", "say what"),
    "discreet": ("discreet", "private", "plain", "simple", "vague", "quiet"),
}


def read_type(text: str, type_keys: List[str], answering: bool = True) -> Optional[str]:
    """The appointment type a reply names, or None if it names none or several."""
    words = simplify(text)
    if words in type_keys:
        return words
    if answering and (place := service.position_chosen(words, len(type_keys))):
        return type_keys[place - 1]
    matches = [key for key, phrases in TYPE_PHRASES.items()
               if key in type_keys and has_word(words, phrases)]
    if answering and not matches:
        matches = [key for key, loose in TYPE_LOOSE_WORDS.items()
                   if key in type_keys and has_word(words, loose)]
    return matches[0] if len(matches) == 1 else None


def read_for_whom(text: str) -> Optional[str]:
    words = simplify(text)
    if words in FOR_WHOM_BUTTONS:
        return words
    if place := service.position_chosen(words, len(FOR_WHOM_BUTTONS)):
        return FOR_WHOM_BUTTONS[place - 1]  # "the second one"
    if has_word(words, LOVED_ONE_WORDS) and not has_word(words, ("for me", "myself")):
        return "loved_one"
    if has_word(words, SELF_WORDS):
        return "self"
    return None


def read_reminder(text: str) -> Optional[str]:
    words = simplify(text)
    for style, phrases in REMINDER_WORDS.items():
        if words == style or has_word(words, phrases):
            return style
    return None


def type_named_in(tracker: Tracker) -> Optional[str]:
    """ "Book a TMS consultation" already says which type, so that question can be skipped."""
    return read_type(tracker.latest_message.get("text") or "", service.appointment_type_keys(),
                     answering=False)


class DayAndSlotAnswers:
    """The day and time questions, asked alike when booking and when moving a booking."""

    def read_booking_day(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        kind = chosen_type(tracker) if tracker.get_slot("booking_type") else None
        return read_day_answer(tracker, dispatcher, kind)

    def read_booking_slot(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return read_slot_answer(tracker, dispatcher)


class ValidateBookingForm(DayAndSlotAnswers, StoppableForm):
    """Reads each answer, re-asks kindly when it cannot, and books on the final yes."""

    READ_BEFORE_STOP = frozenset({"booking_type"})  # a type named when asking to book stands

    def name(self) -> Text:
        return "validate_booking_form"

    def questions(self, tracker: Tracker) -> List[Text]:
        slots = ["booking_type", "booking_for_whom", "booking_name"]
        if tracker.get_slot("booking_for_whom") == "loved_one":
            slots.append("booking_loved_one_name")
        return slots + [
            "booking_contact", "booking_day", "booking_slot", "booking_consent",
            "booking_reminder", "booking_confirm",
        ]

    def read_booking_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        keys = service.appointment_type_keys()
        if value in keys:
            return {"booking_type": value}  # named when asking to book (action_booking_reset)
        if wants_to_stop(tracker):
            return self.stop("booking_type")
        chosen = read_type(answer_of(tracker), keys)
        if chosen is None:
            dispatcher.utter_message(response="utter_booking_type_unclear")
        return {"booking_type": chosen}

    def read_booking_for_whom(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        chosen = read_for_whom(answer_of(tracker))
        if chosen is None:
            dispatcher.utter_message(response="utter_booking_for_whom_unclear")
        return {"booking_for_whom": chosen}

    def read_booking_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return read_name_answer(tracker, dispatcher, "booking_name", allow_skip=False)

    def read_booking_loved_one_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return read_name_answer(tracker, dispatcher, "booking_loved_one_name", allow_skip=True)

    def read_booking_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return read_contact_answer(tracker, dispatcher, "booking_contact", "booking_phone",
                                   "booking_email")

    def read_booking_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        consent = read_yes_no(tracker)
        if consent is None:
            dispatcher.utter_message(response="utter_booking_yes_no_unclear")
            return {"booking_consent": None}
        if not consent:
            dispatcher.utter_message(response="utter_booking_no_contact_ok")
            return {"booking_consent": False, "booking_reminder": "none"}
        return {"booking_consent": True}

    def read_booking_reminder(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        style = read_reminder(answer_of(tracker))
        if style is None:
            dispatcher.utter_message(response="utter_booking_reminder_unclear")
        return {"booking_reminder": style}

    def read_booking_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = simplify(answer_of(tracker))
        if has_word(text, ("change", "different", "another", "other time", "other day")):
            return change_time_events()
        decision = read_yes_no(tracker, text)
        if decision is None:
            dispatcher.utter_message(response="utter_booking_yes_no_unclear")
            return {"booking_confirm": None}
        if decision is False:
            dispatcher.utter_message(response="utter_booking_confirm_declined")
            return {"booking_confirm": None}
        return confirm_booking(tracker, dispatcher)


def change_time_events() -> Dict[Text, Any]:
    return {"booking_confirm": None, "booking_slot": None, "booking_day": None,
            "booking_offer_after": None, "booking_offered": None}


def read_day_answer(
    tracker: Tracker, dispatcher: CollectingDispatcher, kind: Optional[AppointmentType]
) -> Dict[Text, Any]:
    """booking_day as "soonest" or an ISO date; past, unclear or too-far days are re-asked."""
    now = service.utc_now()
    choice = service.read_day(answer_of(tracker), now)
    cleared = {"booking_offer_after": None, "booking_offered": None, "booking_slot": None}
    if choice.problem:
        dispatcher.utter_message(response=f"utter_booking_day_{choice.problem}")
        return {"booking_day": None}
    if choice.soonest:
        value = service.SOONEST
    elif kind and not service.within_horizon(load_config(), kind, choice.day, now):
        dispatcher.utter_message(response="utter_booking_day_too_far",
                                 horizon_days=kind.booking_horizon_days)
        return {"booking_day": None}
    else:
        value = choice.day.isoformat()
    try:
        no_slots = bool(kind) and not service.offer(default_store(), kind, value, now).slots
    except SQLAlchemyError:
        dispatcher.utter_message(response="utter_booking_unavailable")
        return {"booking_day": None, "booking_stopped": True, "booking_outcome": "unavailable"}
    if no_slots:
        dispatcher.utter_message(response="utter_booking_no_slots")
        return {"booking_day": None, "booking_stopped": True, "booking_outcome": "no_slots"}
    return {"booking_day": value, **cleared}


def read_slot_answer(tracker: Tracker, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """booking_slot as an ISO start from the offered buttons, "later", or another day."""
    config = load_config()
    offered = tracker.get_slot("booking_offered") or []
    text = answer_of(tracker)
    if simplify(text) in ("other_day", "another day", "a different day", "different day"):
        return {"booking_slot": None, "booking_day": None, "booking_offer_after": None}
    start, later = service.pick_from_offer(text, offered, config)
    if later:
        if not offered:
            return {"booking_slot": None}
        return {"booking_slot": None, "booking_offer_after": offered[-1]}
    if start is None:
        dispatcher.utter_message(response="utter_booking_slot_unclear")
        return {"booking_slot": None}
    slot = service.slot_from_start(chosen_type(tracker), start)
    if not service.is_offerable(config, slot, service.utc_now()):
        dispatcher.utter_message(response="utter_booking_slot_gone")
        return {"booking_slot": None, "booking_offer_after": None}
    return {"booking_slot": start}


def confirm_booking(tracker: Tracker, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """Books the chosen slot; if it was just taken, says so and offers the next times."""
    config = load_config()
    kind = chosen_type(tracker)
    slot = service.slot_from_start(kind, tracker.get_slot("booking_slot"))
    phone, email = tracker.get_slot("booking_phone"), tracker.get_slot("booking_email")
    for_whom = tracker.get_slot("booking_for_whom")
    loved_one = tracker.get_slot("booking_loved_one_name")
    request = BookingRequest(
        appointment_type=kind.key,
        for_whom=for_whom,
        contact_name=tracker.get_slot("booking_name"),
        patient_name=None if loved_one in (None, SKIPPED) or for_whom == "self" else loved_one,
        phone=phone,
        email=email,
        consent_to_contact=bool(tracker.get_slot("booking_consent")),
        reminder_style=tracker.get_slot("booking_reminder") or "none",
        sender_id=tracker.sender_id,
        idempotency_key=service.idempotency_key(
            tracker.sender_id, kind.key, slot.start, f"{phone}|{email}"
        ),
    )
    if not service.is_offerable(config, slot, service.utc_now()):
        dispatcher.utter_message(response="utter_booking_slot_gone")
        return {"booking_confirm": None, "booking_slot": None, "booking_offer_after": None}
    try:
        booking = service.book(default_store(), request, slot)
    except SlotTaken:
        dispatcher.utter_message(response="utter_booking_slot_taken")
        return {"booking_confirm": None, "booking_slot": None, "booking_offer_after": None}
    except InvalidBooking as refused:
        # The form checked every answer; only a forged or damaged tracker gets here.
        logger.warning("Booking refused for %s: %s", tracker.sender_id, refused.problems)
        dispatcher.utter_message(response="utter_booking_not_stored")
        return {"booking_confirm": None, **stopped("unavailable")}
    except SQLAlchemyError:
        dispatcher.utter_message(response="utter_booking_unavailable")
        return {"booking_confirm": None}  # nothing stored; "yes" again retries
    return {"booking_confirm": True, "booking_code": booking.code, "booking_outcome": "booked",
            "booking_ics_url": ics_url(booking),
            "booking_booked_when": when_label(booking.start, config)}


def slot_buttons(starts: List[str], has_more: bool) -> List[Dict[str, str]]:
    """Buttons for offered times; payloads carry the position so stories stay deterministic."""
    config = load_config()
    buttons = [
        {"title": when_label(datetime.fromisoformat(s), config),
         "payload": f'/booking_pick{{"{CHOICE_ENTITY}":"{i}"}}'}
        for i, s in enumerate(starts, start=1)
    ]
    if has_more:
        buttons.append({"title": "Later times",
                        "payload": f'/booking_pick{{"{CHOICE_ENTITY}":"later"}}'})
    buttons.append({"title": "Another day",
                    "payload": f'/booking_pick{{"{CHOICE_ENTITY}":"other_day"}}'})
    return buttons


class ActionAskBookingSlot(Action):
    """Offers up to four free times as buttons (shared by booking and rescheduling)."""

    def name(self) -> Text:
        return "action_ask_booking_slot"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        kind = chosen_type(tracker)
        day_value = tracker.get_slot("booking_day")
        after_value = tracker.get_slot("booking_offer_after")
        after = datetime.fromisoformat(after_value) if after_value else None
        try:
            offer = service.offer(default_store(), kind, day_value, service.utc_now(), after)
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_booking_unavailable")
            return [SlotSet("booking_offered", [])]
        if not offer.slots:
            dispatcher.utter_message(response="utter_booking_no_more_slots",
                                     buttons=slot_buttons([], False))
            return [SlotSet("booking_offered", []), SlotSet("booking_offer_after", None)]
        starts = service.offered_starts(offer)
        requested = service.day_from_slot_value(day_value)
        if after is not None:
            response, extra = "utter_booking_offer_later", {}
        elif requested and not offer.on_requested_day:
            response, extra = "utter_booking_offer_next", {"requested_day": day_label(requested)}
        else:
            response, extra = "utter_booking_offer_slots", {}
        dispatcher.utter_message(response=response, buttons=slot_buttons(starts, offer.has_more),
                                 **extra)
        return [SlotSet("booking_offered", starts)]


#: Personal values the summary shows back: only when typed in this session.
PERSONAL_SLOTS = ("booking_name", "booking_loved_one_name", "booking_contact")
NOT_SHOWN = "(given before this visit, not shown)"


def personal_values(tracker: Tracker) -> Dict[str, Optional[str]]:
    """The personal slots as the summary may show them: a value left from an earlier session
    (slots carry over) reads NOT_SHOWN, so whoever holds the conversation now never sees it."""
    earlier = slots_from_earlier_sessions(tracker.events)
    return {name: (NOT_SHOWN if name in earlier else tracker.get_slot(name))
            for name in PERSONAL_SLOTS if tracker.get_slot(name) is not None}


def summary_values(tracker: Tracker) -> Dict[str, str]:
    """Template values for the confirmation summary."""
    config = load_config()
    kind = chosen_type(tracker)
    slot = service.slot_from_start(kind, tracker.get_slot("booking_slot"))
    shown = personal_values(tracker)
    loved_one = shown.get("booking_loved_one_name")
    if tracker.get_slot("booking_for_whom") == "loved_one":
        who = "your loved one" + (f", {loved_one}" if loved_one not in (None, SKIPPED) else "")
    else:
        who = "you"
    consent = tracker.get_slot("booking_consent")
    return {
        "summary_type": kind.label,
        "summary_when": f"{when_label(slot.start, config)} (Eastern time), "
                        f"{kind.duration_minutes} minutes",
        "summary_who": who,
        "summary_name": shown.get("booking_name") or "",
        "summary_contact": shown.get("booking_contact") or "",
        "summary_consent": "yes" if consent else "no, the clinic will not contact you",
        "summary_reminder": reminder_label(tracker.get_slot("booking_reminder")),
    }


class ActionAskBookingConfirm(Action):
    """Shows everything back before anything is stored."""

    def name(self) -> Text:
        return "action_ask_booking_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_ask_booking_confirm", **summary_values(tracker))
        return []


class ActionBookingReset(Action):
    """Clears answers left from an earlier, unfinished booking so the form asks afresh,
    keeping the appointment type if the request to book already named it."""

    def name(self) -> Text:
        return "action_booking_reset"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = cleared(FORM_SLOTS + HELPER_SLOTS)
        named = type_named_in(tracker)
        if named:
            events.append(SlotSet("booking_type", named))
        return events
