"""The real entity chain (RegexEntityExtractor -> EntitySynonymMapper -> EntityContextFilter),
built once per session from the project's lookup tables and NLU data."""

from __future__ import annotations

from typing import Callable, List, Text, Tuple

import pytest
from rasa.shared.nlu.training_data.training_data import TrainingData

from tools.entity_chain import Chain, build_entity_chain, load_entity_training_data

Parse = Callable[[Text], List[Tuple[Text, Text]]]


@pytest.fixture(scope="session")
def entity_training_data(read_nlu_file: Callable[[Text], TrainingData]) -> TrainingData:
    """The project's lookup tables, synonyms and annotated examples."""
    return load_entity_training_data(read=read_nlu_file)


@pytest.fixture(scope="session")
def entity_chain(
    tmp_path_factory: pytest.TempPathFactory, entity_training_data: TrainingData
) -> Chain:
    """Text -> entities, through the three real components."""
    return build_entity_chain(entity_training_data, tmp_path_factory.mktemp("entity_chain"))


@pytest.fixture(scope="session")
def parse_entities(entity_chain: Chain) -> Parse:
    """(entity type, value) pairs the chain finds in a text, in order."""

    def parse(text: Text) -> List[Tuple[Text, Text]]:
        return [(e["entity"], e["value"]) for e in entity_chain(text)]

    return parse
