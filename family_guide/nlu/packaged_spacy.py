"""A SpacyNLP that loads the spaCy model from an installed package by path.

Rasa's SpacyNLP calls `spacy.load(name)`, which fails for our repackaged model (see
family_guide.spacy_model). This subclass only changes how the model is found; Rasa's own
SpacyTokenizer accepts it because required components are checked with issubclass.
"""

from __future__ import annotations

from typing import Any, Dict, Text

import spacy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

from family_guide.spacy_model import MODEL_PACKAGE, UNUSED_BY_THE_BOT, model_path


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="PackagedSpacyNLP",
)
class PackagedSpacyNLP(SpacyNLP):
    """Provides the spaCy model named by `model` (a package name), loaded by path."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SpacyNLP.get_default_config(), "model": MODEL_PACKAGE}

    @staticmethod
    def load_model(spacy_model_name: Text) -> SpacyModel:
        # Without the parts nothing in the pipeline reads (spacy_model.UNUSED_BY_THE_BOT).
        model = spacy.load(model_path(spacy_model_name or MODEL_PACKAGE),
                           exclude=list(UNUSED_BY_THE_BOT))
        # Fingerprint by package name, not by a machine-specific venv path.
        return SpacyModel(model=model, model_name=spacy_model_name or MODEL_PACKAGE)
