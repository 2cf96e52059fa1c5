"""After a crisis reply: pick up the rest of the message once everyone is safe.

A long letter that carries a danger sign usually asks something else too ("how do I talk to
him?"). The crisis reply comes first and alone; its "we're safe now" button leads here, and the
family gets back the topics that message raised, which the crisis detector kept in the parse
(`crisis.set_aside`), so the question is not dropped.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import topic_buttons


def set_aside_by_latest_crisis(events: Iterable[Dict[str, Any]]) -> Optional[List[str]]:
    """The topics the latest crisis message set aside (None when there was no crisis)."""
    for event in reversed(list(events)):
        if event.get("event") != "user":
            continue
        crisis = (event.get("parse_data") or {}).get("crisis") or {}
        if crisis.get("kind"):
            return [str(topic) for topic in crisis.get("set_aside") or []]
    return None


class ActionResumeAfterCrisis(Action):
    """Offers the set-aside topics as buttons (or an open question when there were none)."""

    def name(self) -> Text:
        return "action_resume_after_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        topics = set_aside_by_latest_crisis(tracker.events)
        if topics:
            dispatcher.utter_message(
                response="utter_crisis_resume_pick", buttons=topic_buttons(topics)
            )
        else:
            dispatcher.utter_message(response="utter_crisis_resume_open")
        return []
