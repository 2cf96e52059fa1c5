"""Shared fixtures for the crisis tests: the real spaCy model, the compiled lexicon, and the
real Rasa components (PackagedSpacyNLP -> CrisisDetector -> FallbackClassifier) run on real
Message objects, exactly as the trained pipeline runs them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.training_data.message import Message

from family_guide.crisis.detect import CrisisLexicon
from family_guide.nlu.crisis_detector import CrisisDetector
from family_guide.nlu.packaged_spacy import PackagedSpacyNLP
from family_guide.spacy_model import load

#: A classifier's output for one message: ranking of (intent, confidence), best first.
Ranking = list[tuple[str, float]]
RunPipeline = Callable[[str, Ranking], Message]


@pytest.fixture(scope="session")
def lexicon() -> CrisisLexicon:
    return CrisisLexicon(load())


@pytest.fixture(scope="session")
def run_pipeline(
    tmp_path_factory: pytest.TempPathFactory,
    packaged_spacy: tuple[PackagedSpacyNLP, SpacyModel],
) -> RunPipeline:
    """Runs a text through the real components, given what the intent classifier said.

    The intent classifier itself is the one part not run here (it needs a trained model);
    its output is the test's input, so each case states what the classifier believed.
    """
    storage = LocalModelStorage(tmp_path_factory.mktemp("crisis_pipeline"))
    context = ExecutionContext(GraphSchema({}), "crisis-tests")

    def component(cls, config: dict):
        return cls.create(
            {**cls.get_default_config(), **config}, storage, Resource(cls.__name__), context
        )

    spacy_nlp, model = packaged_spacy
    detector = component(CrisisDetector, {"classifier_threshold": 0.6})
    fallback = component(FallbackClassifier, {"threshold": 0.25, "ambiguity_threshold": 0.02})

    def run(text: str, ranking: Ranking) -> Message:
        message = Message(data={"text": text})
        spacy_nlp.process([message], model)
        intents = [{"name": name, "confidence": confidence} for name, confidence in ranking]
        message.set("intent", intents[0], add_to_output=True)
        message.set("intent_ranking", intents, add_to_output=True)
        message.set("entities", [], add_to_output=True)
        detector.process([message], model)
        fallback.process([message])
        return message

    return run
