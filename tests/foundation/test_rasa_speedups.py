"""The faster event lookup and action-reply check give exactly Rasa's own results."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

from family_guide import rasa_speedups
from family_guide.tracker_store import ResilientSQLTrackerStore

RASA_RESOLVE = rasa_speedups._rasa_resolve_by_type


@pytest.fixture(autouse=True)
def installed() -> None:
    rasa_speedups.install()


def test_every_event_type_resolves_to_the_class_rasa_finds() -> None:
    for event_class in all_subclasses(Event):
        name = event_class.type_name
        assert Event.resolve_by_type(name) is RASA_RESOLVE(name)
        assert Event.resolve_by_type(name) is RASA_RESOLVE(name)  # remembered: still the same


def test_unknown_event_types_behave_as_in_rasa() -> None:
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None


def test_a_conversation_reads_back_from_the_sqlite_store_unchanged(tmp_path: Path) -> None:
    store = ResilientSQLTrackerStore(Domain.empty(), dialect="sqlite",
                                     db=str(tmp_path / "tracker.db"))
    events = [ActionExecuted("action_listen"), UserUttered("is <b>it</b> safe?", message_id="m1"),
              SlotSet("substance", "opioids"), BotUttered("Naloxone reverses..."),
              ActionExecuted("action_listen")]
    asyncio.run(store.save(DialogueStateTracker.from_events("family-1", events)))
    tracker = asyncio.run(store.retrieve("family-1"))
    assert [type(e) for e in tracker.events] == [type(e) for e in events]
    assert [(e.key, e.value) for e in tracker.events if isinstance(e, SlotSet)] == [
        ("substance", "opioids")]
    assert tracker.latest_message.text == "is <b>it</b> safe?"


def test_a_valid_action_reply_passes() -> None:
    action = RemoteAction("action_more_on_topic", None)
    assert action._validate_action_result({"events": [], "responses": [{"text": "hi"}]})


def test_a_malformed_action_reply_is_refused_with_rasas_message() -> None:
    action = RemoteAction("action_more_on_topic", None)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
