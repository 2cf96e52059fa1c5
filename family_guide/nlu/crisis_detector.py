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

from family_guide.crisis.decide import ClassifierThresholds, Decision, decide, demoted_ranking
from family_guide.crisis.detect import SELF, CrisisLexicon
from family_guide.crisis.lexicon import KIND_OF_INTENT
from family_guide.crisis.spelling import strip_invisible
from family_guide.nlu.packaged_spacy import PackagedSpacyNLP
from family_guide.topics import likeliest_topics

CRISIS_ENTITY = "crisis_kind"
CRISIS_PROPERTY = "crisis"
CLASSIFIER_THRESHOLD_KEY = "classifier_threshold"
LETTER_THRESHOLD_KEY = "letter_threshold"


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
        # of its top intent. Chosen by the threshold sweep in reports/crisis_eval.md: 0.6
        # keeps full recall on the short, letter and adversarial sets with the fewest alarms.
        # Lower crisis guesses are replaced by the best non-crisis intent, so no crisis reply
        # is ever sent without the crisis_kind slot that flags it for staff.
        # letter_threshold: the same for messages of a letter's length (decide.LETTER_CHARS).
        return {CLASSIFIER_THRESHOLD_KEY: 0.6, LETTER_THRESHOLD_KEY: 0.6}

    def __init__(self, config: dict[str, Any]) -> None:
        self._thresholds = ClassifierThresholds(
            short=float(config[CLASSIFIER_THRESHOLD_KEY]),
            letter=float(config.get(LETTER_THRESHOLD_KEY, config[CLASSIFIER_THRESHOLD_KEY])),
        )
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
                self._thresholds.for_text(visible),
                message.get(INTENT_RANKING_KEY) or [],
            )
            apply_decision(message, decision, len(text), spans_fit=visible == text)
        return messages


#: Kinds whose reply changes when the writer is the person at risk ("kill myself", "I took
#: all my pills"): the crisis_kind value gets this suffix and the replies speak to the writer.
SELF_SUFFIX = "_self"
KINDS_WITH_SELF_REPLY = frozenset({"suicide", "overdose"})
#: Topics offered back after a crisis reply: the likeliest ones the fallback would offer
#: (no glue, no crisis topics), but not "am I talking to a bot?".
NOT_SET_ASIDE = frozenset({"bot_challenge"})


def crisis_value(decision: Decision) -> str | None:
    """The crisis_kind entity value: the kind, marked when the writer is at risk."""
    if decision.kind is None:
        return None
    if decision.kind in KINDS_WITH_SELF_REPLY and decision.person == SELF:
        return decision.kind + SELF_SUFFIX
    return decision.kind


def set_aside_topics(ranking: list[dict[str, Any]]) -> list[str]:
    """The classifier's likeliest non-crisis topics: what else the message asked, to come back
    to once everyone is safe."""
    return likeliest_topics(ranking, exclude=NOT_SET_ASIDE)


def apply_decision(
    message: Message, decision: Decision, text_length: int, spans_fit: bool = True
) -> None:
    """Write the decision into the message: intent, ranking, entity and `crisis` property.

    `spans_fit` is False when the lexicon read a cleaned copy of the text; the entity then
    spans the whole message, and so does the sentence staff see highlighted."""
    intent = message.get(INTENT) or {}
    ranking = list(message.get(INTENT_RANKING_KEY) or [])
    text = message.get(TEXT) or ""
    sentences = decision.sentences if spans_fit else ((0, text_length),) * bool(decision.kind)
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
            "person": decision.person if decision.kind else None,
            # Every sentence with a live sign, for the staff triage view and the benchmark.
            "sentences": [
                {"start": start, "end": end, "text": text[start:end]} for start, end in sentences
            ],
            "set_aside": set_aside_topics(ranking) if decision.kind else [],
            # No crisis, but words that say there is no way forward: 988 goes with the answer.
            "no_way_forward": list(decision.no_way_forward),
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
        ENTITY_ATTRIBUTE_VALUE: crisis_value(decision),
        ENTITY_ATTRIBUTE_START: start,
        ENTITY_ATTRIBUTE_END: end,
        ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
        EXTRACTOR: CrisisDetector.__name__,
    }
    message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
