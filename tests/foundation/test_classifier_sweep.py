"""The fast classifier sweep scores every setting on the same folds."""

from __future__ import annotations

import numpy as np

from benchmarks import classifier_sweep

TOPICS = {
    "naloxone": ["where do I get narcan", "is naloxone free", "narcan nasal spray at the pharmacy",
                 "how do I use the narcan", "can I buy naloxone without a prescription",
                 "does narcan expire"],
    "relapse": ["he started using again", "she relapsed after rehab", "he slipped last weekend",
                "using again after 8 months clean", "my son went back to drinking",
                "she was sober and now she's drinking again"],
    "tms": ["what is tms", "how does magnetic stimulation work", "is tms painful",
            "transcranial magnetic stimulation for addiction", "tms sessions every day",
            "does tms help cravings"],
}


def test_every_setting_gets_a_score_on_the_same_folds() -> None:
    texts = [t for examples in TOPICS.values() for t in examples]
    intents = [name for name, examples in TOPICS.items() for _ in examples]
    grid = [("lemma", 10.0, 1.5), ("raw", 10.0, 1.5), ("both", 30.0, 1.0)]
    rows = classifier_sweep.sweep(texts, intents, grid, folds=2, seed=0)
    assert [(r["features"], r["C"], r["minilm_weight"]) for r in rows] == grid
    assert all(0.5 <= r["accuracy"] <= 1.0 for r in rows)


def test_the_feature_sets_read_the_texts_they_say() -> None:
    sources = {"lemma": ["he be use again", "she relapse"], "raw": ["he was using again",
                                                                   "she relapsed"]}
    train, test = np.array([0]), np.array([1])
    lemma, _ = classifier_sweep.sparse_features(sources, train, test, "lemma")
    both, _ = classifier_sweep.sparse_features(sources, train, test, "both")
    assert both.shape[1] > lemma.shape[1]


def test_both_is_the_featurizer_with_raw_words_and_raw_reads_only_the_text_as_written() -> None:
    assert {name: source for name, (_, source) in
            classifier_sweep.vectorizers_of("both").items()} == {
        "words": "lemma", "chars": "lemma", "raw_words": "raw"}
    assert {source for _, source in classifier_sweep.vectorizers_of("raw").values()} == {"raw"}
