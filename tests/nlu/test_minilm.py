"""Our numpy MiniLM gives the same tokens and embeddings as sentence-transformers itself.

minilm_reference.json was produced by sentence-transformers (PyTorch) from the same weights, for
texts chosen to stress the tokenizer: accents, CJK, emoji, punctuation, control white space,
an over-long word, an empty message, and a text longer than the model's 256 tokens.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from family_guide import minilm
from family_guide.nlu.sentence_embeddings import MiniLMFeaturizer

REFERENCE = json.loads((Path(__file__).parent / "minilm_reference.json").read_text())["cases"]
IDS = [repr(case["text"][:30]) for case in REFERENCE]


@pytest.fixture(scope="module")
def model() -> minilm.MiniLM:
    return minilm.load()


@pytest.mark.parametrize("case", REFERENCE, ids=IDS)
def test_tokens_match_the_reference_tokenizer(model: minilm.MiniLM, case: dict) -> None:
    assert model.tokenizer.encode(case["text"]) == case["input_ids"]


def test_embeddings_match_the_reference_model(model: minilm.MiniLM) -> None:
    ours = model.embed([case["text"] for case in REFERENCE])
    reference = np.array([case["embedding"] for case in REFERENCE])
    cosine = (ours * reference).sum(axis=1)
    assert cosine.min() > 0.9999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_messages(model: minilm.MiniLM) -> None:
    denial, paraphrase, unrelated = model.embed([
        "my son keeps saying he doesn't have a problem",
        "he insists his drinking is fine and won't admit anything is wrong",
        "what time does the clinic open on saturday",
    ])
    assert denial @ paraphrase > denial @ unrelated + 0.2


def test_a_missing_model_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FG_MINILM_DIR", str(tmp_path))
    with pytest.raises(OSError, match="make setup"):
        minilm.model_dir()


def test_the_rasa_component_adds_one_scaled_sentence_vector(tmp_path: Path) -> None:
    featurizer = MiniLMFeaturizer.create(
        {**MiniLMFeaturizer.get_default_config(), "weight": 6.0},
        LocalModelStorage(tmp_path), Resource("minilm"), ExecutionContext(None, "node"),
    )
    message = Message(data={TEXT: "how do I get narcan in annapolis"})
    featurizer.process([message])
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None
    assert sentence.features.shape == (1, 384)
    assert np.linalg.norm(sentence.features) == pytest.approx(6.0, rel=1e-4)
