"""Closes the stage check-in: the estimate and why, then guidance for that stage.

The texts themselves live in the content catalogue (domain/answers/stage_assessment.yml and
domain/answers/stage_assessment_guidance.yml); this action only chooses which ones to send. The
answers are cleared so the check-in can be taken again later, while the `stage` slot stays to tailor
later answers and article choices.

The note on ketamine therapy for the stage is sent only to a family who asked about ketamine in
this conversation: pushed on everyone, a clinic's own treatment reads as the answer to every stage
(issue #15). Everyone else finds it behind a button of utter_stage_next.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.stage_answers import QUESTION_SLOTS
from actions.stage_scoring import estimate_stage
from actions.tracker_events import user_intents_latest_first
from family_guide.topics import load_topics

STAGE_SLOT = "stage"
KETAMINE_THEME = "ketamine"


def ketamine_intents() -> frozenset[str]:
    """The topics that ask about ketamine therapy itself (not TMS or cost, though same theme)."""
    return frozenset(
        name for name, topic in load_topics().items()
        if topic.theme == KETAMINE_THEME and name.startswith(KETAMINE_THEME)
    )


def asked_about_ketamine(events: Iterable[Dict[str, Any]]) -> bool:
    """Whether the family asked about ketamine therapy at any point in this conversation."""
    asked = ketamine_intents()
    return any(intent in asked for intent in user_intents_latest_first(events))


def result_responses(
    stage: Optional[str], estimate_response: Optional[str], ketamine_asked: bool = False
) -> List[str]:
    """The responses that make up the result, in the order they are sent."""
    if stage is None or estimate_response is None:
        return ["utter_stage_estimate_unknown", "utter_stage_next"]
    ketamine_note = [f"utter_stage_ketamine_{stage}"] if ketamine_asked else []
    return [estimate_response, f"utter_stage_guidance_{stage}", *ketamine_note, "utter_stage_next"]


class ActionStageResult(Action):
    """Sends the stage estimate with its reason and the stage's guidance."""

    def name(self) -> Text:
        return "action_stage_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        answers = {slot: tracker.get_slot(slot) for slot in QUESTION_SLOTS}
        estimate = estimate_stage(answers)
        stage = estimate.stage if estimate else None
        responses = result_responses(
            stage, estimate.response if estimate else None, asked_about_ketamine(tracker.events)
        )
        for response in responses:
            dispatcher.utter_message(response=response)
        events: List[Dict[Text, Any]] = [SlotSet(slot, None) for slot in QUESTION_SLOTS]
        if stage is not None:
            events.append(SlotSet(STAGE_SLOT, stage))
        return events
