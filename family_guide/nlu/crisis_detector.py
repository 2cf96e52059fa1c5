"""Rasa NLU component: the crisis safety net.

Runs after the intent classifier and before FallbackClassifier. When the crisis lexicon or a
confident classifier finds a live crisis, the message's intent becomes the crisis intent with
confidence 1.0 (so FallbackClassifier leaves it alone and the crisis rules answer first) and a
`crisis_kind` entity is added, which fills the `crisis_kind` slot: the SlotSet event in the
tracker store is what the staff console looks for. A crisis guess the lexicon can explain
away ("he's not suicidal", "overdosed in 2022 and is fine") is replaced by the classifier's
best non-crisis intent. Every decision is exposed as the `crisis` property of the parse.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from family_guide.crisis.decide import Decision, decide, demoted_ranking
from family_guide.crisis.detect import CrisisLexicon
from family_guide.crisis.lexicon import KIND_OF_INTENT
from family_guide.crisis.spelling import strip_invisible
from family_guide.nlu.packaged_spacy import PackagedSpacyNLP

CRISIS_ENTITY = "crisis_kind"
CRISIS_PROPERTY = "crisis"
CLASSIFIER_THRESHOLD_KEY = "classifier_threshold"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
    is_trainable=False,
    model_from="PackagedSpacyNLP",
)
class CrisisDetector(GraphComponent, IntentClassifier):
    """Lexicon + classifier crisis decision; see the module docstring."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [PackagedSpacyNLP]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # The classifier alone (no live lexicon match) raises a crisis from this confidence
        # of its top intent. Chosen by the threshold sweep in reports/crisis_eval.md (the
        # adversarial set): 0.55 gives the best recall at 2/65 false alarms.
        # Lower crisis guesses are replaced by the best non-crisis intent, so no crisis reply
        # is ever sent without the crisis_kind slot that flags it for staff.
        return {CLASSIFIER_THRESHOLD_KEY: 0.55}

    def __init__(self, config: dict[str, Any]) -> None:
        self._threshold = float(config[CLASSIFIER_THRESHOLD_KEY])
        self._lexicons: dict[int, CrisisLexicon] = {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        return cls(config)

    def _lexicon(self, model: SpacyModel) -> CrisisLexicon:
        key = id(model.model)
        if key not in self._lexicons:
            self._lexicons[key] = CrisisLexicon(model.model)
        return self._lexicons[key]

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        lexicon = self._lexicon(model)
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            visible = strip_invisible(text)
            doc = message.get(SPACY_DOCS[TEXT])
            if visible != text or doc is None:
                found = lexicon.analyse_text(visible)
            else:
                found = lexicon.analyse_doc(doc)
            intent = message.get(INTENT) or {}
            decision = decide(
                found,
                intent.get(INTENT_NAME_KEY),
                float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0),
                self._threshold,
            )
            apply_decision(message, decision, len(text), spans_fit=visible == text)
        return messages


def apply_decision(
    message: Message, decision: Decision, text_length: int, spans_fit: bool = True
) -> None:
    """Write the decision into the message: intent, ranking, entity and `crisis` property.

    `spans_fit` is False when the lexicon read a cleaned copy of the text; the entity then
    spans the whole message."""
    intent = message.get(INTENT) or {}
    ranking = list(message.get(INTENT_RANKING_KEY) or [])
    message.set(
        CRISIS_PROPERTY,
        {
            "kind": decision.kind,
            "kinds": list(decision.kinds),
            "sources": list(decision.sources),
            "classifier_intent": intent.get(INTENT_NAME_KEY),
            "classifier_confidence": intent.get(PREDICTED_CONFIDENCE_KEY),
            "overruled_kind": decision.overruled_kind,
            "defusals": list(decision.defusals),
            "matched_text": decision.mention.text if decision.mention else None,
        },
        add_to_output=True,
    )
    if decision.kind is None:
        if intent.get(INTENT_NAME_KEY) in KIND_OF_INTENT:
            replaced = demoted_ranking(decision, ranking)
            if replaced:
                message.set(INTENT, replaced[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, replaced, add_to_output=True)
        return
    crisis_intent = {INTENT_NAME_KEY: decision.intent, PREDICTED_CONFIDENCE_KEY: 1.0}
    message.set(INTENT, crisis_intent, add_to_output=True)
    message.set(
        INTENT_RANKING_KEY,
        [crisis_intent] + [r for r in ranking if r.get(INTENT_NAME_KEY) != decision.intent],
        add_to_output=True,
    )
    start, end = (
        (decision.mention.start_char, decision.mention.end_char)
        if decision.mention and spans_fit
        else (0, text_length)
    )
    entity = {
        ENTITY_ATTRIBUTE_TYPE: CRISIS_ENTITY,
        ENTITY_ATTRIBUTE_VALUE: decision.kind,
        ENTITY_ATTRIBUTE_START: start,
        ENTITY_ATTRIBUTE_END: end,
        ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
        EXTRACTOR: CrisisDetector.__name__,
    }
    message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
