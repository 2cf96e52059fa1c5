"""Builds the real entity chain (RegexEntityExtractor -> EntitySynonymMapper ->
EntityContextFilter) from the project's own lookup tables and NLU data, without training
a full model: only the regex patterns and synonyms are learned, which takes a second."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, List, Text, Tuple

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.entity_synonyms import EntitySynonymMapper
from rasa.nlu.extractors.regex_entity_extractor import RegexEntityExtractor
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from family_guide.nlu.entity_context import EntityContextFilter

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENTITY_DATA_DIRS = ("data/lookups", "data/nlu")

Parse = Callable[[Text], List[Tuple[Text, Text]]]


def load_entity_training_data() -> TrainingData:
    """Lookup tables, synonyms and annotated examples, as Rasa reads them."""
    files = sorted(
        str(path) for folder in ENTITY_DATA_DIRS for path in (PROJECT_ROOT / folder).glob("*.yml")
    )
    return TrainingData().merge(*[load_data(f) for f in files])


@pytest.fixture(scope="session")
def entity_training_data() -> TrainingData:
    """The project's lookup tables, synonyms and annotated examples."""
    return load_entity_training_data()


@pytest.fixture(scope="session")
def entity_chain(
    tmp_path_factory: pytest.TempPathFactory, entity_training_data: TrainingData
) -> Callable[[Text], Message]:
    """Returns a function that runs a text through the real three-component chain."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("entity_chain"))
    context = ExecutionContext(GraphSchema({}), "entity-tests")
    data = entity_training_data
    config = {"use_lookup_tables": True, "use_regexes": True, "use_word_boundaries": True}
    regex = RegexEntityExtractor.create(
        {**RegexEntityExtractor.get_default_config(), **config},
        storage,
        Resource("regex"),
        context,
    )
    regex.train(data)
    synonyms = EntitySynonymMapper.create({}, storage, Resource("synonyms"), context)
    synonyms.train(data)
    context_filter = EntityContextFilter.create({}, storage, Resource("context"), context)

    def run(text: Text) -> Message:
        message = Message.build(text=text)
        for component in (regex, synonyms, context_filter):
            component.process([message])
        return message

    return run


@pytest.fixture(scope="session")
def parse_entities(entity_chain: Callable[[Text], Message]) -> Parse:
    """(entity type, value) pairs the chain finds in a text, in order."""

    def parse(text: Text) -> List[Tuple[Text, Text]]:
        return [(e["entity"], e["value"]) for e in entity_chain(text).get("entities", [])]

    return parse
