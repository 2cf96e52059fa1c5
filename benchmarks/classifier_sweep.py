"""`make sweep`: the classifier's settings chosen by 5-fold cross-validation, in minutes, not hours.

`make cv` runs Rasa's own cross-validation of the whole pipeline (about 40 minutes for 6,000
examples on 2 cores), too slow to compare settings. This sweep builds the pipeline's features once
(spaCy lemmas, the same sublinear TF-IDF settings as family_guide/nlu/tfidf_featurizer.py, the
MiniLM embeddings), then cross-validates the class-balanced logistic regression for each
word-feature set (lemmas as the pipeline reads them, raw words as the peers do, or both),
regularisation strength C and embedding weight in the grid, on the same stratified folds.
The crisis detector and entity extraction are left out: they do not choose intents. The winner
still has to be confirmed by `make cv` and the dev sets before config.yml changes.
Training data only; the dev sets are never read.
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.peers import training_examples
from benchmarks.reporting import write_report
from harness.stack import ROOT

DEFAULT_C = (10.0, 30.0)
DEFAULT_WEIGHTS = (1.5, 2.0, 2.5)


def lemma_texts(texts: list[str]) -> list[str]:
    """The texts as the pipeline's TF-IDF sees them: lower-case spaCy lemmas joined by spaces."""
    from family_guide import spacy_model

    nlp = spacy_model.load(disable=spacy_model.UNUSED_BY_THE_BOT)
    return [" ".join((t.lemma_ or t.text).lower() for t in doc if not t.is_space)
            for doc in nlp.pipe(texts, batch_size=64)]


# The word-feature sets compared: "lemma" is the pipeline without raw words, "both" with them
# (TfidfFeaturizer's raw_words option), "raw" the peers' choice: every vectorizer on the text
# as written.
FEATURE_SETS = ("lemma", "both", "raw")


def vectorizers_of(feature_set: str) -> dict[str, tuple[dict[str, Any], str]]:
    """Each vectorizer of a feature set: the featurizer's own settings, and the text it reads."""
    from family_guide.nlu.tfidf_featurizer import (
        TEXT_OF,
        TfidfFeaturizer,
        _vectorizer_settings,
        raw_text,
    )

    config = {**TfidfFeaturizer.get_default_config(), "raw_words": feature_set == "both"}
    return {name: (setting, "raw" if feature_set == "raw" or TEXT_OF[name] is raw_text
                   else "lemma")
            for name, setting in _vectorizer_settings(config).items()}


def sparse_features(texts: dict[str, list[str]], train: np.ndarray, test: np.ndarray,
                    feature_set: str) -> tuple[Any, Any]:
    """TF-IDF with the pipeline's own vectorizer settings, fitted on the training fold."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    train_parts, test_parts = [], []
    for setting, source in vectorizers_of(feature_set).values():
        column = texts[source]
        vectorizer = TfidfVectorizer(**setting).fit([column[i] for i in train])
        train_parts.append(vectorizer.transform([column[i] for i in train]))
        test_parts.append(vectorizer.transform([column[i] for i in test]))
    return hstack(train_parts).tocsr(), hstack(test_parts).tocsr()


def sweep(texts: list[str], intents: list[str], grid: list[tuple[str, float, float]], folds: int,
          seed: int) -> list[dict[str, Any]]:
    """Macro-F1 and accuracy of every (feature set, C, weight) on the same stratified folds."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    from family_guide import minilm

    sources = {"lemma": lemma_texts(texts), "raw": [t.lower() for t in texts]}
    embeddings = minilm.load().embed(texts)
    labels = np.asarray(intents)
    predicted = {setting: np.empty(len(texts), dtype=object) for setting in grid}
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fold, (train, test) in enumerate(splitter.split(texts, labels), start=1):
        for feature_set in dict.fromkeys(setting[0] for setting in grid):
            words_train, words_test = sparse_features(sources, train, test, feature_set)
            for setting in [s for s in grid if s[0] == feature_set]:
                _, c, weight = setting
                x_train = hstack([words_train, csr_matrix(embeddings[train] * weight)]).tocsr()
                x_test = hstack([words_test, csr_matrix(embeddings[test] * weight)]).tocsr()
                classifier = LogisticRegression(C=c, max_iter=1000, class_weight="balanced",
                                                random_state=42)
                classifier.fit(x_train, labels[train])
                predicted[setting][test] = classifier.predict(x_test)
                print(f"fold {fold}/{folds}: {setting} done", flush=True)
    return [{"features": name, "C": c, "minilm_weight": weight,
             "macro_f1": round(float(f1_score(labels, predicted[(name, c, weight)],
                                              average="macro")), 4),
             "accuracy": round(float(accuracy_score(labels, predicted[(name, c, weight)])), 4)}
            for name, c, weight in grid]


def markdown(report: dict[str, Any]) -> str:
    lines = ["# Classifier settings by 5-fold cross-validation (training data)", "",
             f"Written by `python -m benchmarks.classifier_sweep` ({report['examples']} examples, "
             f"{report['folds']} stratified folds, seed {report['seed']}, "
             f"{report['seconds']:.0f} s). Features as the pipeline builds them; crisis detector "
             "and entities left out. Confirm a change with `make cv` and the dev sets.", "",
             "| word features | C | MiniLM weight | macro-F1 | accuracy |",
             "|---|---|---|---|---|"]
    lines += [f"| {r['features']} | {r['C']:g} | {r['minilm_weight']:g} | {r['macro_f1']:.4f} "
              f"| {r['accuracy']:.4f} |" for r in report["results"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", nargs="+", default=["lemma"], choices=FEATURE_SETS)
    parser.add_argument("--c", type=float, nargs="+", default=list(DEFAULT_C))
    parser.add_argument("--weights", type=float, nargs="+", default=list(DEFAULT_WEIGHTS))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--nlu", type=Path, default=ROOT / "data" / "nlu")
    args = parser.parse_args(argv)
    texts, intents = training_examples(args.nlu)
    start = time.perf_counter()
    grid = list(itertools.product(args.features, args.c, args.weights))
    results = sweep(texts, intents, grid, args.folds, args.seed)
    report = {"examples": len(texts), "folds": args.folds, "seed": args.seed,
              "seconds": round(time.perf_counter() - start, 1), "results": results}
    write_report("classifier_sweep", report, markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
