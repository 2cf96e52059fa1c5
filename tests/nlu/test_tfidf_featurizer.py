"""The TF-IDF featurizer and the tuned classifier, run as real Rasa components."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from family_guide.nlu.packaged_spacy import PackagedSpacyNLP
from family_guide.nlu.tfidf_featurizer import TfidfFeaturizer, lemma_text
from family_guide.nlu.tuned_logistic_regression import TunedLogisticRegressionClassifier

TRAINING = [
    ("my son drinks every night", "boundaries_enabling"),
    ("should my son keep living with us", "boundaries_enabling"),
    ("where can my son get narcan", "naloxone"),
    ("my son says he is fine", "precontemplation"),
]


@pytest.fixture(scope="module")
def storage(tmp_path_factory: pytest.TempPathFactory) -> LocalModelStorage:
    return LocalModelStorage(tmp_path_factory.mktemp("tfidf"))


@pytest.fixture(scope="module")
def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "tfidf-tests")


@pytest.fixture(scope="module")
def tokenize(
    storage: LocalModelStorage,
    context: ExecutionContext,
    packaged_spacy: tuple[PackagedSpacyNLP, SpacyModel],
) -> Callable:
    """Messages tokenised by the real spaCy model and Rasa's SpacyTokenizer (lemmas set)."""
    spacy_nlp, model = packaged_spacy
    tokenizer = SpacyTokenizer.create(
        SpacyTokenizer.get_default_config(), storage, Resource("tokens"), context
    )

    def run(texts: list[str]) -> list[Message]:
        messages = [Message(data={TEXT: text}) for text in texts]
        spacy_nlp.process(messages, model)
        tokenizer.process(messages)
        return messages

    return run


def sentence_vector(message: Message) -> np.ndarray:
    sparse = message.get_sparse_features(TEXT)[1]
    return sparse.features.toarray()[0]


@pytest.fixture(scope="module")
def trained(tokenize: Callable, storage: LocalModelStorage, context: ExecutionContext):
    messages = tokenize([text for text, _ in TRAINING])
    for message, (_, intent) in zip(messages, TRAINING):
        message.set("intent", intent)
    featurizer = TfidfFeaturizer.create(
        TfidfFeaturizer.get_default_config(), storage, Resource("tfidf"), context
    )
    featurizer.train(TrainingData(messages))
    return featurizer


def test_lemmas_make_word_forms_one_feature(tokenize: Callable) -> None:
    drinks, drinking = tokenize(["He DRINKS", "he is drinking"])
    assert "drink" in lemma_text(drinks).split()
    assert "drink" in lemma_text(drinking).split()


def test_a_word_every_topic_shares_weighs_less_than_the_one_that_decides(
    trained: TfidfFeaturizer, tokenize: Callable
) -> None:
    featurizer = trained
    message = tokenize(["son narcan"])[0]
    featurizer.process([message])
    vector = sentence_vector(message)
    words = featurizer._vectorizers["words"]
    assert vector[words.vocabulary_["narcan"]] > vector[words.vocabulary_["son"]] > 0


def test_the_saved_model_gives_the_same_features_as_the_trained_one(
    trained: TfidfFeaturizer,
    tokenize: Callable,
    storage: LocalModelStorage,
    context: ExecutionContext,
) -> None:
    loaded = TfidfFeaturizer.load(
        TfidfFeaturizer.get_default_config(), storage, Resource("tfidf"), context
    )
    first, second = tokenize(["my son drinks and says he is fine"] * 2)
    trained.process([first])
    loaded.process([second])
    assert np.allclose(sentence_vector(first), sentence_vector(second))
    assert sentence_vector(first).any()


def test_a_message_with_unknown_words_gets_an_empty_vector_not_an_error(
    trained: TfidfFeaturizer, tokenize: Callable
) -> None:
    message = tokenize(["qqq zzz"])[0]
    trained.process([message])
    words = trained._vectorizers["words"]
    assert not sentence_vector(message)[: len(words.vocabulary_)].any()


def test_bad_ngram_settings_are_refused() -> None:
    config = {**TfidfFeaturizer.get_default_config(), "char_ngram_min": 5, "char_ngram_max": 2}
    with pytest.raises(ValueError, match="char_ngram_min"):
        TfidfFeaturizer.validate_config(config)


def test_classifier_takes_its_regularisation_from_config(
    storage: LocalModelStorage,
) -> None:
    config = {**TunedLogisticRegressionClassifier.get_default_config(), "C": 10}
    classifier = TunedLogisticRegressionClassifier(config, "clf", storage, Resource("clf"))
    assert classifier.clf.C == 10.0
    with pytest.raises(ValueError, match="C must be positive"):
        TunedLogisticRegressionClassifier(
            {**config, "C": 0}, "clf", storage, Resource("clf0")
        )


@pytest.fixture(scope="module")
def trained_with_raw_words(tokenize: Callable, storage: LocalModelStorage,
                           context: ExecutionContext) -> TfidfFeaturizer:
    messages = tokenize(["he used again after rehab", "he uses every day", "where is narcan"])
    featurizer = TfidfFeaturizer.create(
        {**TfidfFeaturizer.get_default_config(), "raw_words": True}, storage,
        Resource("tfidf_raw"), context,
    )
    featurizer.train(TrainingData(messages))
    return featurizer


def test_raw_words_keep_the_tense_that_lemmas_fold_away(
    trained_with_raw_words: TfidfFeaturizer, tokenize: Callable
) -> None:
    raw = trained_with_raw_words._vectorizers["raw_words"]
    lemmas = trained_with_raw_words._vectorizers["words"]
    assert {"used", "uses"} <= set(raw.vocabulary_)
    assert "used" not in lemmas.vocabulary_ and "use" in lemmas.vocabulary_
    used, uses = tokenize(["he used", "he uses"])
    trained_with_raw_words.process([used, uses])
    assert not np.allclose(sentence_vector(used), sentence_vector(uses))


def test_raw_words_survive_saving_and_loading(
    trained_with_raw_words: TfidfFeaturizer, tokenize: Callable, storage: LocalModelStorage,
    context: ExecutionContext,
) -> None:
    loaded = TfidfFeaturizer.load(
        {**TfidfFeaturizer.get_default_config(), "raw_words": True}, storage,
        Resource("tfidf_raw"), context,
    )
    first, second = tokenize(["he used again"] * 2)
    trained_with_raw_words.process([first])
    loaded.process([second])
    assert np.allclose(sentence_vector(first), sentence_vector(second))
    assert sentence_vector(first).shape == sentence_vector(second).shape


def test_the_classifier_gives_scikit_learns_probabilities_and_ranking(
    trained: TfidfFeaturizer, tokenize: Callable, storage: LocalModelStorage,
) -> None:
    examples = tokenize([text for text, _ in TRAINING])
    for message, (_, intent) in zip(examples, TRAINING):
        message.set("intent", intent)
    trained.process(examples)
    classifier = TunedLogisticRegressionClassifier(
        {**TunedLogisticRegressionClassifier.get_default_config(), "C": 10}, "clf", storage,
        Resource("clf_proba"))
    classifier.train(TrainingData(examples))
    asked = tokenize(["where do we get narcan for my son", "he says he is fine"])
    trained.process(asked)
    expected = classifier.clf.predict_proba(classifier._create_X(asked))
    assert np.allclose(classifier.probabilities(asked), expected)
    classifier.process(asked)
    best = classifier.clf.classes_[expected.argmax(axis=1)]
    assert [m.get("intent")["name"] for m in asked] == list(best)
    assert asked[0].get("intent_ranking")[0] == asked[0].get("intent")
