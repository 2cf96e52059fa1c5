"""Fixtures every test area shares."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Tuple

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import list_files

if TYPE_CHECKING:  # imported where used: they pull in TensorFlow (seconds)
    from rasa.nlu.utils.spacy_utils import SpacyModel

    from family_guide.nlu.packaged_spacy import PackagedSpacyNLP

PROJECT_ROOT = Path(__file__).resolve().parents[1]

ReadNLUFile = Callable[[str], TrainingData]


@pytest.fixture(scope="session")
def domain_dir() -> Path:
    """The domain folder: core, one file per capability, answers/ (the content catalogue)."""
    return PROJECT_ROOT / "domain"


@pytest.fixture(scope="session")
def rasa_domain(domain_dir: Path) -> Domain:
    """The whole domain, loaded by Rasa itself from the folder, as `rasa train` loads it."""
    return Domain.load(str(domain_dir))


@pytest.fixture(scope="session")
def read_nlu_file() -> ReadNLUFile:
    """Rasa's `load_data` for one file, each file read once per test session.

    Several areas check the same NLU files, and Rasa takes seconds to read them (it validates
    every entity annotation against a JSON schema). The result is shared: merge it
    (`TrainingData().merge(...)` copies) rather than change it.
    """
    return cache(load_data)


@pytest.fixture(scope="session")
def nlu_training_data(read_nlu_file: ReadNLUFile) -> TrainingData:
    """Everything under data/nlu, as `load_data("data/nlu")` reads the folder."""
    files = list_files(str(PROJECT_ROOT / "data" / "nlu"))
    return TrainingData().merge(*[read_nlu_file(file) for file in files])


@pytest.fixture(scope="session")
def packaged_spacy(
    tmp_path_factory: pytest.TempPathFactory,
) -> Tuple[PackagedSpacyNLP, SpacyModel]:
    """The pipeline's first component and the spaCy model it provides, as training runs them.

    Loading the model takes about a second; every test area that needs it shares this one
    (the component keeps no state between messages).
    """
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from family_guide.nlu.packaged_spacy import PackagedSpacyNLP

    spacy_nlp = PackagedSpacyNLP.create(
        PackagedSpacyNLP.get_default_config(),
        LocalModelStorage(tmp_path_factory.mktemp("packaged_spacy")),
        Resource("PackagedSpacyNLP"),
        ExecutionContext(GraphSchema({}), "tests"),
    )
    return spacy_nlp, spacy_nlp.provide()
