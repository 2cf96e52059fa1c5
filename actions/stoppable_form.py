"""StoppableForm: the base of the booking, rebooking and callback forms' validators.

Why a base class: every question of these forms opens the same way (a slot emptied by a reset
is not a reply; "stop", "cancel" or a confident stop_form ends the form) and asks nothing more
once stopped. That opening lives here once; each form writes only its own check per question,
as a `read_<slot>` method, and says what a stop means for it (`stop_outcome`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, FrozenSet, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.booking_answers import stopped, wants_to_stop
from actions.slot_validators import slot_validator

READER_PREFIX = "read_"


class StoppableForm(FormValidationAction, ABC):
    """Validates each `read_<slot>` question after the shared opening.

    Abstract, so the action server does not register it as an action of its own.
    """

    #: What booking_outcome says after a stop (None: the form sets only booking_stopped).
    STOP_OUTCOME: Optional[str] = "stopped"
    #: Questions whose own reading comes before the stop check (there "cancel" may be an answer);
    #: their readers decide about stopping themselves, with `stop`.
    READ_BEFORE_STOP: FrozenSet[str] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for attribute in dir(cls):
            if attribute.startswith(READER_PREFIX):
                slot = attribute[len(READER_PREFIX):]
                setattr(cls, f"validate_{slot}", slot_validator(slot))

    def validate_answer(
        self,
        slot: str,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        if value is None:
            return {}  # not answered now (e.g. cleared by a reset): nothing to read
        if slot not in self.READ_BEFORE_STOP and wants_to_stop(tracker):
            return self.stop(slot)
        reader = getattr(self, READER_PREFIX + slot)
        return reader(value, dispatcher, tracker, domain)

    def stop(self, slot: str) -> Dict[Text, Any]:
        """The slots that end the form at this question."""
        outcome = self.stop_outcome(slot)
        if outcome is None:
            return {slot: None, "booking_stopped": True}
        return {slot: None, **stopped(outcome)}

    def stop_outcome(self, slot: str) -> Optional[str]:
        """What a stop at this question means for the closing message."""
        return self.STOP_OUTCOME

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        if tracker.get_slot("booking_stopped"):
            return []
        return self.questions(tracker)

    @abstractmethod
    def questions(self, tracker: Tracker) -> List[Text]:
        """The slots still to ask, in order, given the answers so far."""
