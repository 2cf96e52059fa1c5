"""Two-stage fallback: first offer the likeliest topics as buttons, then offer a person.

A frightened parent should never hit a dead end: when the classifier is unsure we show what we
think they meant, and after a second miss we stop guessing and offer a call back. Someone who
has just written a long letter about their family is never told "I'm not sure I understood":
they are thanked and asked which of the likeliest topics matters most right now. Nor is a parent
who wrote a plain "my son drinks every night, what should I do": we understood who and what
(the message names a relative or a substance); only the ask is open, so we ask where to start.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker_events import user_intents_latest_first
from family_guide.followups import Turn, offer_titles, tailoring_slot, topics_to_offer
from family_guide.topics import button_title

FALLBACK_INTENT = "nlu_fallback"
# From this length a message is a story, not a question we failed to parse.
LONG_MESSAGE_CHARS = 150


def consecutive_fallbacks(events: List[Dict[str, Any]]) -> int:
    """How many user messages in a row, counting back from the latest, fell back."""
    count = 0
    for intent in user_intents_latest_first(events):
        if intent != FALLBACK_INTENT:
            break
        count += 1
    return count


def first_reply(message: Dict[str, Any]) -> str:
    """The stage-one response for this message: a letter is thanked; a short message about a
    loved one's use is asked where to start; only a message we could not place at all is
    told it was not understood."""
    if len(message.get("text") or "") >= LONG_MESSAGE_CHARS:
        return "utter_fallback_long_message"
    if tailoring_slot(message.get("entities") or []) is not None:  # a relative or a substance
        return "utter_fallback_where_to_start"
    return "utter_fallback_rephrase"


def topic_buttons(topics: List[str], titles: Optional[Dict[str, str]] = None
                  ) -> List[Dict[str, str]]:
    """Quick-reply buttons that send the topic intent as a payload, under the situation's own
    title where the message describes one."""
    titles = titles or {}
    buttons = [{"title": titles.get(t) or button_title(t) or t, "payload": f"/{t}"}
               for t in topics]
    buttons.append({"title": "What can you help with?", "payload": "/capabilities"})
    return buttons


class ActionOfferTopics(Action):
    """Stage one offers the likeliest topics; from the second miss in a row, a person."""

    def name(self) -> Text:
        return "action_offer_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if consecutive_fallbacks(tracker.events) >= 2:
            dispatcher.utter_message(response="utter_fallback_human")
            return []
        latest = tracker.latest_message
        turn = Turn(FALLBACK_INTENT, latest.get("text") or "",
                    tuple(latest.get("intent_ranking") or ()), tuple(latest.get("entities") or ()))
        dispatcher.utter_message(response=first_reply(latest),
                                 buttons=topic_buttons(topics_to_offer(turn), offer_titles(turn)))
        return []
