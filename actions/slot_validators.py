"""rasa_sdk finds a form's check for a slot by name (validate_<slot>); forms that read every
slot through one method of their own get those names from here.

Why: writing one validate_<slot> method per question only to forward it is how the same opening
got copied into every validator; generating the forwarders keeps each form's logic in one place.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


def slot_validator(slot: str) -> Callable[..., Dict[Text, Any]]:
    """A validate_<slot> method that hands the slot's name on to the form's validate_answer."""

    def validate(
        self: Any,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        return self.validate_answer(slot, value, dispatcher, tracker, domain)

    validate.__name__ = f"validate_{slot}"
    return validate
