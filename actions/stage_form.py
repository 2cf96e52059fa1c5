"""Validation for `stage_form`, the stage-of-change check-in for families.

Every reply is read by actions.stage_answers. A clear reply (buttons, "idk", an emoji, a
paragraph) fills the slot. A side question ("what is Narcan?") gets its normal answer and the
question is asked again, so nobody loses their place. A reply we cannot read gets one kind
re-ask; after a second unclear reply the question is skipped rather than asked a third time.
The check-in is started by ActionStageStart, which clears answers left from an earlier,
unfinished check-in (the form would otherwise skip those questions).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.slot_validators import slot_validator
from actions.stage_answers import QUESTION_SLOTS, UNSURE, interpret_answer
from actions.tracker_events import user_intent
from family_guide.crisis.decide import LETTER_CHARS

FORM_NAME = "stage_form"
CONFIDENT = 0.5
UNCLEAR_REPLIES_BEFORE_SKIPPING = 2
# Intents that are (or may be) answers to a check-in question, never side questions.
ANSWER_INTENTS = frozenset(
    {
        "affirm",
        "deny",
        "inform",
        "more_info",
        "nlu_fallback",
        "stage_skip",
        "stage_assessment",
        "stages_of_change",
        "precontemplation",
        "loved_one_ready",
        "relapse",
        "thank",
        "greet",
    }
)


def confident_intent(latest_message: Dict[str, Any]) -> Optional[str]:
    """The intent of the reply if the classifier was reasonably sure of it, else None."""
    intent = latest_message.get("intent") or {}
    if (intent.get("confidence") or 0.0) < CONFIDENT:
        return None
    return intent.get("name")


def aside_response(intent: Optional[str], domain: DomainDict) -> Optional[str]:
    """The topic answer for a side question asked mid check-in, if the bot has one."""
    if not intent or intent in ANSWER_INTENTS:
        return None
    response = f"utter_{intent}"
    return response if response in (domain.get("responses") or {}) else None


def unclear_replies(
    events: List[Dict[str, Any]], slot: str, is_aside: Callable[[str], bool]
) -> int:
    """How many replies in a row (the latest included) were given to the question for `slot`.

    Counts back to the moment the form asked a different question or (re)started; side
    questions are not counted, since the family member was not trying to answer.
    """
    count = 0
    for event in reversed(events):
        kind = event.get("event")
        if kind == "active_loop":
            break
        if kind == "slot" and event.get("name") == "requested_slot" and event.get("value") != slot:
            break
        if kind == "user":
            if not is_aside(user_intent(event) or ""):
                count += 1
    return count


class ValidateStageForm(FormValidationAction):
    """Reads each check-in reply; kind about anything it cannot read."""

    def name(self) -> Text:
        return f"validate_{FORM_NAME}"

    def validate_answer(
        self,
        slot: str,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        if not isinstance(value, str):
            # A slot cleared (e.g. by action_stage_start) is not a reply: nothing to read.
            return {slot: value}
        intent = confident_intent(tracker.latest_message)
        answer = interpret_answer(slot, value, intent)
        if answer is not None:
            return {slot: answer}
        aside = aside_response(intent, domain)
        if aside:
            dispatcher.utter_message(response=aside)
            dispatcher.utter_message(response="utter_stage_resume")
            return {slot: None}

        def is_aside(name: str) -> bool:
            return aside_response(name, domain) is not None

        if unclear_replies(tracker.events, slot, is_aside) >= UNCLEAR_REPLIES_BEFORE_SKIPPING:
            dispatcher.utter_message(response="utter_stage_moving_on")
            return {slot: UNSURE}
        dispatcher.utter_message(response="utter_stage_not_understood")
        return {slot: None}


for _slot in QUESTION_SLOTS:  # rasa_sdk asks one validate_<slot>; they all read the same way
    setattr(ValidateStageForm, f"validate_{_slot}", slot_validator(_slot))


class ActionStageStart(Action):
    """Introduces the check-in and clears any earlier answers, so every question is asked.

    A family who wrote a letter ("is this serious or not?") first reads one sentence saying
    back what they told us, as every answered letter does (family_guide.reflection): Rasa's NLG
    writes it from the letter, or sends nothing when it found nothing specific."""

    def name(self) -> Text:
        return "action_stage_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if len(tracker.latest_message.get("text") or "") >= LETTER_CHARS:
            dispatcher.utter_message(response="utter_reflection")
        dispatcher.utter_message(response="utter_stage_assessment")
        return [SlotSet(slot, None) for slot in QUESTION_SLOTS]
