"""Base for our policies that learn nothing: each decides the next action from the tracker alone."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker


class UntrainedPolicy(Policy):
    """Predicts `next_action` with full confidence, or nothing; training is a no-op."""

    def next_action(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
        """The action to predict now, or None to leave the turn to the other policies."""
        raise NotImplementedError

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self.next_action(tracker, domain)
        if not action:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities, events=self.events_before(tracker, domain))

    def events_before(self, tracker: DialogueStateTracker, domain: Domain) -> List[Event]:
        """Events Rasa applies before running the predicted action (none unless overridden)."""
        return []
