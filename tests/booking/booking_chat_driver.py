"""Drives the booking forms' real actions turn by turn, the way Rasa's form loop calls them.

Why: `rasa test` stories only check which action comes next; what a person actually sees
(re-asks, offered times, the booking code) and what is stored comes from the actions. This
driver plays Rasa's part (a from_text slot fill, then the validate action, then the ask for
the next empty slot) against a real store, so the tests see what a user would.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from tracker_builders import slot_event, tracker_for, user_event

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain" / "booking.yml").read_text(encoding="utf-8"))


class FormConversation:
    """One person in one form; `say` returns the response names the bot sent back."""

    def __init__(self, form: str, validator: FormValidationAction, asks: Dict[str, Action],
                 sender_id: str = "conv-test", reset: Optional[Action] = None) -> None:
        self.form = form
        self.reset = reset
        self.validator = validator
        self.asks = asks
        self.sender_id = sender_id
        self.slots: Dict[str, Any] = {name: None for name in DOMAIN["slots"]}
        self.messages: List[Dict[str, Any]] = []
        self.active = True
        self.requested: Optional[str] = None

    def _tracker(self, text: str, intent: str, entities: List[dict],
                 events: List[dict]) -> Tracker:
        said = user_event(text, intent, 1.0, entities=entities)
        return tracker_for(events, dict(self.slots, requested_slot=self.requested),
                           latest_message=said["parse_data"],
                           active_loop=self.form if self.active else None,
                           sender_id=self.sender_id)

    def _run(self, action: Action, tracker: Tracker) -> List[dict]:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
        self.messages.extend(dispatcher.messages)
        self._last.extend(dispatcher.messages)
        for event in events:
            if event.get("event") == "slot":
                if event["name"] == "requested_slot":
                    self.requested = event["value"]
                else:
                    self.slots[event["name"]] = event["value"]
        return events

    def _ask_next(self) -> None:
        tracker = self._tracker("", "inform", [], [])
        required = asyncio.run(
            self.validator.required_slots([], CollectingDispatcher(), tracker, DOMAIN)
        )
        self.requested = next((s for s in required if self.slots.get(s) is None), None)
        if self.requested is None:
            self.active = False
            return
        ask = self.asks.get(self.requested)
        if ask is not None:
            self._run(ask, self._tracker("", "inform", [], []))
        else:
            self._last.append({"response": f"utter_ask_{self.requested}"})

    def start(self, trigger: str = "I'd like to sort out an appointment, please") -> List[str]:
        """The rule's reset action, then form activation as Rasa does it: the slots set since
        the trigger message are validated (Rasa may pass the reset's None values too)."""
        self._last: List[Dict[str, Any]] = []
        self.active = False
        set_by_reset = []
        if self.reset is not None:
            set_by_reset = [event for event in self._run(
                self.reset, self._tracker(trigger, "book_appointment", [], []))
                if event.get("event") == "slot"]
        self.active = True
        required = DOMAIN["forms"][self.form]["required_slots"]
        candidates = [e for e in set_by_reset if e["name"] in required] or [
            slot_event(name, None) for name in required]
        self._run(self.validator,
                  self._tracker(trigger, "book_appointment", [],
                                [user_event(trigger, "book_appointment", 1.0), *candidates]))
        self._ask_next()
        return self.responses()

    def say(self, text: str, intent: str = "inform") -> List[str]:
        """A typed reply."""
        return self._reply(text, intent, [])

    def tap(self, choice: str) -> List[str]:
        """A button press: /booking_pick{"booking_choice": choice}."""
        payload = "/booking_pick" + json.dumps({"booking_choice": choice})
        return self._reply(payload, "booking_pick",
                           [{"entity": "booking_choice", "value": choice}])

    def _reply(self, text: str, intent: str, entities: List[dict]) -> List[str]:
        assert self.active and self.requested, "the form is not waiting for an answer"
        self._last = []
        filled = self.requested
        self.slots[filled] = text  # what Rasa's from_text mapping does
        events = [user_event(text, intent, 1.0, entities=entities), slot_event(filled, text)]
        self._run(self.validator, self._tracker(text, intent, entities, events))
        self._ask_next()
        return self.responses()

    def responses(self) -> List[str]:
        return [m.get("response") for m in self._last if m.get("response")]

    def last(self, response: str) -> Dict[str, Any]:
        return next(m for m in reversed(self._last) if m.get("response") == response)

    def finish(self, submit: Action) -> List[Dict[str, Any]]:
        """Runs the form's submit action; returns its messages."""
        assert not self.active, "the form has not finished"
        self._last = []
        self._run(submit, self._tracker("", "inform", [], []))
        return list(self._last)
