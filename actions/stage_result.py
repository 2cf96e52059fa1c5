"""Closes the stage check-in: the estimate and why, then guidance for that stage.

The texts themselves live in the content catalogue (domain/answers/stage_assessment.yml and
domain/answers/stage_assessment_guidance.yml); this action only chooses which ones to send. The
answers are cleared so the check-in can be taken again later, while the `stage` slot stays to tailor
later answers and article choices.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.stage_answers import QUESTION_SLOTS
from actions.stage_scoring import estimate_stage

STAGE_SLOT = "stage"


def result_responses(stage: str | None, estimate_response: str | None) -> List[str]:
    """The responses that make up the result, in the order they are sent."""
    if stage is None or estimate_response is None:
        return ["utter_stage_estimate_unknown", "utter_stage_next"]
    return [
        estimate_response,
        f"utter_stage_guidance_{stage}",
        f"utter_stage_ketamine_{stage}",
        "utter_stage_next",
    ]


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
        for response in result_responses(stage, estimate.response if estimate else None):
            dispatcher.utter_message(response=response)
        events: List[Dict[Text, Any]] = [SlotSet(slot, None) for slot in QUESTION_SLOTS]
        if stage is not None:
            events.append(SlotSet(STAGE_SLOT, stage))
        return events
