"""NLU component that drops looked-up entities which the context shows are not what they seem.

Runs after RegexEntityExtractor and EntitySynonymMapper (see config.yml). Lookup tables cannot
tell "ketamine infusion" (a therapy) from "hooked on ketamine" (a substance), or "my mom" from
"I'm his mom"; the rules in `family_guide.nlu.entity_rules` can, and this component applies
them to every parsed message so the `substance` and `relationship` slots stay trustworthy.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from family_guide.nlu.entity_rules import filter_entities


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class EntityContextFilter(GraphComponent, EntityExtractorMixin):
    """Removes substance/relationship entities that the surrounding words rule out."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EntityContextFilter:
        """Stateless: nothing to train or persist."""
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        """Keeps only the entities that survive the context rules."""
        for message in messages:
            entities = message.get(ENTITIES)
            if not entities:
                continue
            kept = filter_entities(message.get(TEXT), entities)
            message.set(ENTITIES, kept, add_to_output=True)
        return messages
