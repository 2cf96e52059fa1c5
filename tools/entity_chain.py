"""The entity part of the NLU pipeline, built from the project's data without a full training run.

RegexEntityExtractor -> EntitySynonymMapper -> EntityContextFilter learn only regex patterns and
synonyms, which takes a second. Tests use this to check entities end to end, and authors of
NLU data and test stories use the command line to see the exact markup the bot will produce
(`rasa test` fails a story whose user text is annotated differently from the prediction):

    python -m tools.entity_chain "my stepson is on percs"
    -> my [stepson]{"entity": "relationship", "value": "son"} is on [percs]{...}
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Text

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.entity_synonyms import EntitySynonymMapper
from rasa.nlu.extractors.regex_entity_extractor import RegexEntityExtractor
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from family_guide.nlu.entity_context import EntityContextFilter

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENTITY_DATA_DIRS = ("data/lookups", "data/nlu")
# As in config.yml.
REGEX_CONFIG = {"use_lookup_tables": True, "use_regexes": True, "use_word_boundaries": True}

Chain = Callable[[Text], List[Dict[Text, Any]]]


def load_entity_training_data(
    root: Path = PROJECT_ROOT, read: Callable[[Text], TrainingData] = load_data
) -> TrainingData:
    """Lookup tables, synonyms and annotated examples, as Rasa reads them.

    `read` reads one file (Rasa's `load_data`); the tests pass one that remembers the files
    other checks have already read.
    """
    files = sorted(str(p) for folder in ENTITY_DATA_DIRS for p in (root / folder).glob("*.yml"))
    return TrainingData().merge(*[read(f) for f in files])


def build_entity_chain(data: TrainingData, storage_dir: Path) -> Chain:
    """A function text -> entities that runs the three real components in pipeline order."""
    storage = LocalModelStorage(storage_dir)
    context = ExecutionContext(GraphSchema({}), "entity-chain")
    regex = RegexEntityExtractor.create(
        {**RegexEntityExtractor.get_default_config(), **REGEX_CONFIG},
        storage,
        Resource("regex"),
        context,
    )
    regex.train(data)
    synonyms = EntitySynonymMapper.create({}, storage, Resource("synonyms"), context)
    synonyms.train(data)
    context_filter = EntityContextFilter.create({}, storage, Resource("context"), context)

    def run(text: Text) -> List[Dict[Text, Any]]:
        message = Message.build(text=text)
        for component in (regex, synonyms, context_filter):
            component.process([message])
        return list(message.get("entities") or [])

    return run


def to_markup(text: Text, entities: Iterable[Dict[Text, Any]]) -> Text:
    """Rasa's inline annotation: [word](type) when word == value, else the JSON form."""
    marked = text
    for entity in sorted(entities, key=lambda e: e["start"], reverse=True):
        surface = text[entity["start"] : entity["end"]]
        if surface == entity["value"]:
            tag = f"[{surface}]({entity['entity']})"
        else:
            attributes = json.dumps({"entity": entity["entity"], "value": entity["value"]})
            tag = f"[{surface}]{attributes}"
        marked = marked[: entity["start"]] + tag + marked[entity["end"] :]
    return marked


def main(texts: List[Text]) -> int:
    """Prints each text with the entity markup the pipeline would produce."""
    if not texts:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as storage_dir:
        chain = build_entity_chain(load_entity_training_data(), Path(storage_dir))
        for text in texts:
            print(to_markup(text, chain(text)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
