"""Is the bot's NLU better than a plain classifier trained on the same data? Measured, not assumed.

Two scikit-learn peers learn from exactly the bot's training examples (data/nlu, intents only):
TF-IDF (word 1-2 grams + character 2-5 grams) + class-balanced logistic regression, without and
with the same MiniLM sentence embeddings. They and the trained bot are scored on the short dev
set (macro-F1 under the topic contract) and the dev letters (main topic, acceptable topic).
The peers have no fallback, no crisis detector and no dialogue, so the dev conversations (which
judge whole replies) are scored for the bot only, in reports/dialogue_eval.md.
Sixty dev letters move 0.017 per letter, so every candidate is also scored on our own held-out
letters: the non-crisis letters of benchmarks/crisis_sets/letters_holdout*.yml (144, written by
hand for the crisis detector, never trained on; their topic labels are coarser than the dev
set's, so they compare candidates rather than grade any one).

Evaluation only: the dev sets are read to score, never to train.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from benchmarks import dialogue_eval, nlu_eval
from benchmarks.reporting import REPORTS, write_report
from harness import nlu_scoring as scoring
from harness.live_bot import DEFAULT_MODEL
from harness.stack import ROOT

MINILM_WEIGHT = 1.5  # the weight config.yml gives the embeddings in the bot's own pipeline
HELD_OUT_LETTERS = sorted((ROOT / "benchmarks" / "crisis_sets").glob("letters_holdout*.yml"))
Predict = Callable[[list[str]], list[str]]


def training_examples(nlu_dir: Path) -> tuple[list[str], list[str]]:
    """The bot's own NLU examples (texts, intents), as Rasa reads them."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(nlu_dir))
    pairs = [(m.get("text"), m.get("intent")) for m in data.intent_examples]
    return [str(t) for t, _ in pairs], [str(i) for _, i in pairs]


def train_peer(texts: list[str], intents: list[str], embeddings: bool) -> Predict:
    """A TF-IDF + logistic regression classifier, optionally with MiniLM embeddings beside it."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from family_guide import minilm

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)

    def features(batch: list[str], fit: bool = False) -> Any:
        parts = [words.fit_transform(batch) if fit else words.transform(batch),
                 chars.fit_transform(batch) if fit else chars.transform(batch)]
        if embeddings:
            parts.append(csr_matrix(minilm.load().embed(batch) * MINILM_WEIGHT))
        return hstack(parts).tocsr()

    classifier = LogisticRegression(C=10, max_iter=2000, class_weight="balanced")
    classifier.fit(features(texts, fit=True), intents)
    return lambda batch: [str(label) for label in classifier.predict(features(batch))]


def own_held_out_letters(paths: list[Path] = HELD_OUT_LETTERS) -> list[dict[str, Any]]:
    """Our own held-out letters about a non-crisis topic, as {text, topic}."""
    import yaml

    return [{"text": str(item["text"]), "topic": str(item["topic"])}
            for path in paths for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if item.get("topic") not in dialogue_eval.CRISIS_TOPICS]


def bot_predictor(model: Path) -> Predict:
    """The trained bot's answered topic for each text (its fallback included)."""
    def predict(batch: list[str]) -> list[str]:
        parses, _, _ = asyncio.run(nlu_eval.parse_all(model, batch))
        return [scoring.topic_of(parse) for parse in parses]
    return predict


def score(predict: Predict, short: list[scoring.LabelledItem], letters: list[dict[str, Any]],
          topics: list[str], own_letters: list[dict[str, Any]]) -> dict[str, Any]:
    """Short-set macro-F1 and accuracy; letters' main-topic and acceptable rates; the main-topic
    rate on our own held-out letters."""
    predicted_short = predict([item.text for item in short])
    truth = [item.topic for item in short]
    predicted_letters = predict([letter["text"] for letter in letters])
    predicted_own = predict([letter["text"] for letter in own_letters])
    total = len(letters) or 1
    return {
        "own_letters_main": round(sum(p == item["topic"] for p, item in
                                      zip(predicted_own, own_letters)) / (len(own_letters) or 1),
                                  3),
        "short_macro_f1": round(scoring.macro_f1(
            scoring.per_topic_scores(truth, predicted_short, topics)), 3),
        "short_accuracy": round(float(np.mean([t == p for t, p in zip(truth, predicted_short)])),
                                3),
        "letters_main": round(sum(p == item["topic"]
                                  for p, item in zip(predicted_letters, letters))
                              / total, 3),
        "letters_acceptable": round(sum(p == item["topic"] or p in item["also"]
                                        for p, item in zip(predicted_letters, letters)) / total, 3),
    }


def markdown(report: dict[str, Any]) -> str:
    rows = report["candidates"]
    best_peer = max((r for r in rows if r["name"] != "bot"), key=lambda r: r["letters_main"])
    bot = next(r for r in rows if r["name"] == "bot")
    lines = [
        "# The bot against plain peers (same training data)",
        "",
        "Written by `python -m benchmarks.peers` (part of `make eval`). Peers: scikit-learn,",
        f"trained on the bot's own {report['training_examples']} examples; scored on the dev sets,",
        "which nothing trains on. Conversations judge whole replies, so only the bot has that",
        "score (reports/dialogue_eval.md).",
        "",
        "| candidate | short macro-F1 | short accuracy | letters main | letters acceptable "
        f"| own held-out letters main ({report['own_letters']}) | train s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['label']} | {r['short_macro_f1']:.3f} | {r['short_accuracy']:.3f} | "
                     f"{r['letters_main']:.3f} | {r['letters_acceptable']:.3f} | "
                     f"{r['own_letters_main']:.3f} | {r['train_seconds']} |")
    lines += [
        "",
        "Lead over the best peer on letters (main topic): "
        f"**{bot['letters_main'] - best_peer['letters_main']:+.3f}** (target >= +0.03); "
        "on the short set (macro-F1): "
        f"**{bot['short_macro_f1'] - best_peer['short_macro_f1']:+.3f}** (target >= 0); "
        "on our own held-out letters: "
        f"**{bot['own_letters_main'] - best_peer['own_letters_main']:+.3f}**.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    nlu_eval.quiet_libraries()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, default=nlu_eval.DEFAULT_DEV)
    parser.add_argument("--letters", type=Path, default=dialogue_eval.DEV_LETTERS)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--out", type=Path, default=REPORTS)
    args = parser.parse_args(argv)

    short = scoring.load_labelled(args.dev)
    letters = dialogue_eval.load_letters(args.letters)
    topics = scoring.load_topics(nlu_eval.DEFAULT_TOPICS)
    own_letters = own_held_out_letters()
    texts, intents = training_examples(ROOT / "data" / "nlu")
    candidates: list[dict[str, Any]] = []
    for name, label, embeddings in (
        ("tfidf", "TF-IDF + logistic regression", False),
        ("tfidf_minilm", "TF-IDF + MiniLM + logistic regression", True),
    ):
        start = time.perf_counter()
        predict = train_peer(texts, intents, embeddings)
        seconds = round(time.perf_counter() - start, 1)
        candidates.append({"name": name, "label": label, "train_seconds": seconds,
                           **score(predict, short, letters, topics, own_letters)})
    candidates.append({"name": "bot", "label": "the bot (trained model, fallback included)",
                       "train_seconds": "see models/train_time.json",
                       **score(bot_predictor(args.model), short, letters, topics, own_letters)})
    report = {"training_examples": len(texts), "own_letters": len(own_letters),
              "candidates": candidates}
    write_report("peers", report, markdown(report), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
