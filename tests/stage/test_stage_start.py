"""Starting the check-in from a letter first says back what the family told us.

A family who writes five sentences and asks "is this serious?" reads a check-in question next;
without a sentence showing the letter was read, it feels like a form. The action asks Rasa's
NLG for the reflection (family_guide.nlg writes it from the letter, or nothing); a short
"can we do the check-in" gets the check-in alone.
"""

from __future__ import annotations

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import CollectingDispatcher
from tracker_builders import tracker_for, user_event

from actions.stage_answers import QUESTION_SLOTS
from actions.stage_form import ActionStageStart
from family_guide.nlg import REFLECTION, FamilyGuideNLG

LETTER = ("My brother is 31 and has been smoking meth most weekends for about a year. He lost "
          "his job in the spring and borrows money from our mom every week now. I honestly "
          "can't tell if this is a phase or something serious. Where is he at?")
BROTHER = {"entity": "relationship", "value": "brother", "start": 3, "end": 10}
METH = {"entity": "substance", "value": "meth", "start": 38, "end": 42}


def responses_of_start(text: str) -> list[str]:
    tracker = tracker_for([user_event(text, "stage_assessment", 0.8)])
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionStageStart().run(dispatcher, tracker, {}))
    assert {event["name"] for event in events} == set(QUESTION_SLOTS)
    return [message["response"] for message in dispatcher.messages]


def test_a_letter_is_said_back_before_the_check_in_starts() -> None:
    assert responses_of_start(LETTER) == [REFLECTION, "utter_stage_assessment"]


def test_a_short_request_starts_the_check_in_at_once() -> None:
    assert responses_of_start("can we do the stage check-in?") == ["utter_stage_assessment"]


def test_the_reflection_of_such_a_letter_names_who_and_what(rasa_domain: Domain) -> None:
    assert LETTER[BROTHER["start"]:BROTHER["end"]] == "brother"
    assert LETTER[METH["start"]:METH["end"]] == "meth"
    parse = {"intent": {"name": "stage_assessment", "confidence": 0.8},
             "intent_ranking": [{"name": "stage_assessment", "confidence": 0.8}],
             "entities": [BROTHER, METH], "text": LETTER}
    tracker = DialogueStateTracker.from_events("t-stage-letter-1", [
        ActionExecuted("action_listen"),
        UserUttered(LETTER, parse["intent"], parse["entities"], parse)])
    message = asyncio.run(FamilyGuideNLG(domain=rasa_domain).generate(REFLECTION, tracker, "rest"))
    assert message is not None
    assert "brother" in message["text"] and "meth" in message["text"]
