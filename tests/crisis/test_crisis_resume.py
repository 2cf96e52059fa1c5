"""Once everyone is safe, the question a crisis message set aside comes back as buttons."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from tracker_builders import tracker_for, user_event

from actions.crisis_resume import ActionResumeAfterCrisis, set_aside_by_latest_crisis


def user(intent: str, crisis: dict[str, Any] | None = None) -> dict[str, Any]:
    return user_event("...", intent, crisis=crisis or {"kind": None})


LETTER = user("crisis_suicide", {"kind": "suicide", "set_aside": ["how_to_talk", "relapse"]})


def run(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionResumeAfterCrisis().run(dispatcher, tracker_for(events), {}))
    return dispatcher.messages


def test_the_latest_crisis_message_decides_what_was_set_aside() -> None:
    older = user("overdose_emergency", {"kind": "overdose", "set_aside": ["naloxone"]})
    assert set_aside_by_latest_crisis([older, LETTER, user("thank")]) == ["how_to_talk",
                                                                         "relapse"]
    assert set_aside_by_latest_crisis([user("greet")]) is None


def test_the_set_aside_topics_come_back_as_buttons() -> None:
    [message] = run([LETTER, user("crisis_resume")])
    assert message["response"] == "utter_crisis_resume_pick"
    assert [b["payload"] for b in message["buttons"]][:2] == ["/how_to_talk", "/relapse"]


def test_with_nothing_set_aside_the_family_is_asked_what_they_need() -> None:
    short = user("crisis_suicide", {"kind": "suicide", "set_aside": []})
    [message] = run([short, user("crisis_resume")])
    assert message["response"] == "utter_crisis_resume_open"
