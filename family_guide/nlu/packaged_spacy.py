"""A SpacyNLP that loads the spaCy model from an installed package by path.

Rasa's SpacyNLP calls `spacy.load(name)`, which fails for our repackaged model (see
family_guide.spacy_model). This subclass only changes how the model is found; Rasa's own
SpacyTokenizer accepts it because required components are checked with issubclass.
"""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

from family_guide.spacy_model import MODEL_PACKAGE, model_path


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
        loaded = SpacyNLP.load_model(str(model_path(spacy_model_name or MODEL_PACKAGE)))
        # Fingerprint by package name, not by a machine-specific venv path.
        return SpacyModel(model=loaded.model, model_name=spacy_model_name or MODEL_PACKAGE)
