"""Follow-ups to a knowledge answer: "tell me more" and "and if it's alcohol?".

A worried parent rarely asks one clean question. After an answer they want more depth, or they
add who it is or what they use, and expect the same answer again, fitted to that. Both actions
find the topic the family last asked about in the tracker, so the reply stays on that topic
without the user repeating themselves; with no topic yet they get a kind question, never silence.
"""

from __future__ import annotations

from typing import Any, Collection, Dict, Iterable, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_events import user_intent
from family_guide.followups import (
    Turn,
    answer_name,
    follow_up_reply,
    for_reader,
    tailoring_slot,
    topic_in_focus,
    writer_uses,
)


def turns_of(events: Iterable[Dict[str, Any]]) -> list[Turn]:
    """The user's messages in the tracker's events, as the follow-up reading takes them."""
    return [
        Turn(user_intent(event), str(event.get("text") or ""),
             tuple((event.get("parse_data") or {}).get("intent_ranking") or ()),
             tuple((event.get("parse_data") or {}).get("entities") or ()))
        for event in events
        if event.get("event") == "user"
    ]


def last_topic(
    events: Iterable[Dict[str, Any]], responses: Collection[str] = ()
) -> Optional[str]:
    """The topic in focus, read the same way as the topic-answer policy reads it, so "tell me
    more" after "is it safe?" goes deeper on the topic the family is asking about."""
    return topic_in_focus(turns_of(events), responses)


def more_name(topic: str) -> str:
    return f"utter_{topic}_more"


# More on getting help for themself: the deeper answer for the person who uses when a topic's
# own deeper answer speaks to a family member.
OWN_DEEPER_ANSWER = "utter_help_for_myself_more"


def deeper_answer(topic: Optional[str], turns: Sequence[Turn],
                  responses: Collection[str]) -> Optional[str]:
    """The deeper answer on `topic` in the version for this reader. A topic whose answer has a
    version for the person who uses but whose deeper answer has none speaks to a family
    member there ("ask them..."), so that writer gets more on getting help for themself."""
    if topic is None or more_name(topic) not in responses:
        return None
    fitted = for_reader(more_name(topic), turns, responses)
    has_own_answer = f"{answer_name(topic)}_self" in responses
    if fitted == more_name(topic) and has_own_answer and writer_uses(turns):
        return OWN_DEEPER_ANSWER
    return fitted


def already_went_deeper(events: Iterable[Dict[str, Any]], topic: str, deeper: str) -> bool:
    """Whether the deeper answer was already sent since the family last asked about the topic."""
    for event in reversed(list(events)):
        if user_intent(event) == topic:
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get(
            "utter_action"
        ) == deeper:
            return True
    return False


def more_reply(deeper: Optional[str], deeper_sent: bool) -> List[str]:
    """The responses answering "tell me more", in order: the deeper answer, or why there is
    none."""
    if deeper is None:
        return ["utter_more_no_topic"]
    if deeper_sent:
        return ["utter_more_exhausted"]
    return [deeper, "utter_anything_else_after_more"]


class ActionMoreOnTopic(Action):
    """"Tell me more": the deeper answer on the topic the family last asked about."""

    def name(self) -> Text:
        return "action_more_on_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        responses = domain.get("responses") or {}
        turns = turns_of(tracker.events)
        topic = topic_in_focus(turns, responses)
        deeper = deeper_answer(topic, turns, responses)
        deeper_sent = (topic is not None and deeper is not None
                       and already_went_deeper(tracker.events, topic, deeper))
        for response in more_reply(deeper, deeper_sent):
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
