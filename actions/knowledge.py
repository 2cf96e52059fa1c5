"""Follow-ups to a knowledge answer: "tell me more" and "and if it's alcohol?".

A worried parent rarely asks one clean question. After an answer they want more depth, or they
add who it is or what they use, and expect the same answer again, fitted to that. Both actions
find the topic the family last asked about in the tracker, so the reply stays on that topic
without the user repeating themselves; with no topic yet they get a kind question, never silence.
"""

from __future__ import annotations

from typing import Any, Collection, Dict, Iterable, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_events import user_intent
from family_guide.followups import (
    Turn,
    follow_up_reply,
    tailoring_slot,
    topic_in_focus,
)


def last_topic(
    events: Iterable[Dict[str, Any]], responses: Collection[str] = ()
) -> Optional[str]:
    """The topic in focus, read the same way as the topic-answer policy reads it, so "tell me
    more" after "is it safe?" goes deeper on the topic the family is asking about."""
    turns = [
        Turn(user_intent(event), str(event.get("text") or ""),
             tuple((event.get("parse_data") or {}).get("intent_ranking") or ()),
             tuple((event.get("parse_data") or {}).get("entities") or ()))
        for event in events
        if event.get("event") == "user"
    ]
    return topic_in_focus(turns, responses)


def more_name(topic: str) -> str:
    return f"utter_{topic}_more"


def already_went_deeper(events: Iterable[Dict[str, Any]], topic: str) -> bool:
    """Whether the deeper answer was already sent since the family last asked about the topic."""
    for event in reversed(list(events)):
        if user_intent(event) == topic:
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get(
            "utter_action"
        ) == more_name(topic):
            return True
    return False


def more_reply(topic: Optional[str], deeper_sent: bool, responses: Dict[str, Any]) -> List[str]:
    """The responses answering "tell me more" after `topic`, in order."""
    if topic is None or more_name(topic) not in responses:
        return ["utter_more_no_topic"]
    if deeper_sent:
        return ["utter_more_exhausted"]
    return [more_name(topic), "utter_anything_else_after_more"]


class ActionMoreOnTopic(Action):
    """"Tell me more": the deeper answer on the topic the family last asked about."""

    def name(self) -> Text:
        return "action_more_on_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        topic = last_topic(tracker.events, domain.get("responses") or {})
        deeper_sent = topic is not None and already_went_deeper(tracker.events, topic)
        for response in more_reply(topic, deeper_sent, domain.get("responses") or {}):
            dispatcher.utter_message(response=response)
        return []


class ActionAnswerFollowUp(Action):
    """"And if it's alcohol?": the last answer again, fitted to the substance or relationship."""

    def name(self) -> Text:
        return "action_answer_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        slot = tailoring_slot(tracker.latest_message.get("entities") or [])
        value = tracker.get_slot(slot) if slot else None
        topic = last_topic(tracker.events, domain.get("responses") or {})
        for response in follow_up_reply(topic, slot, value, domain.get("responses") or {}):
            dispatcher.utter_message(response=response)
        return []
