"""Scoring of NLU predictions against a labelled set under the topic contract.

Pure functions on plain data (no Rasa imports), so the pipeline benchmark and `make eval`
share one implementation and the arithmetic is unit-tested on its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles
from typing import Any, Iterable

import yaml

SCORED_ENTITIES = ("substance", "relationship")
FALLBACK_INTENT = "nlu_fallback"


@dataclass(frozen=True)
class LabelledItem:
    """One labelled message: its text, topic and expected entity values."""

    text: str
    topic: str
    entities: dict[str, str] = field(default_factory=dict)


def load_topics(path: Path) -> list[str]:
    """The topic names of the contract file, in file order."""
    return list((yaml.safe_load(path.read_text(encoding="utf-8")) or {})["topics"])


def load_labelled(path: Path) -> list[LabelledItem]:
    """Items of a dev/adversarial file: a YAML list of {text, topic, entities}."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        LabelledItem(
            text=str(item["text"]),
            topic=str(item["topic"]),
            entities={k: str(v) for k, v in (item.get("entities") or {}).items()},
        )
        for item in raw
    ]


def topic_of(parse: dict[str, Any]) -> str:
    """The topic a parse result answers: the intent, or a retrieval intent's key after the slash."""
    intent = (parse.get("intent") or {}).get("name") or ""
    if "/" in intent:
        return intent.split("/", 1)[1]
    selector = parse.get("response_selector") or {}
    for retrieval in selector.values():
        if isinstance(retrieval, dict):
            key = (retrieval.get("response") or {}).get("intent_response_key") or ""
            if key.startswith(f"{intent}/"):
                return key.split("/", 1)[1]
    return intent


def classifier_topic_of(parse: dict[str, Any]) -> str:
    """The classifier's best topic even when the bot fell back (the ranking's first real intent)."""
    topic = topic_of(parse)
    if topic != FALLBACK_INTENT:
        return topic
    for entry in parse.get("intent_ranking") or []:
        if entry.get("name") and entry["name"] != FALLBACK_INTENT:
            return str(entry["name"])
    return topic


def entity_pairs(parse: dict[str, Any]) -> set[tuple[str, str]]:
    """The scored (entity, normalised value) pairs of a parse result."""
    return {
        (str(e["entity"]), str(e.get("value")))
        for e in parse.get("entities") or []
        if e.get("entity") in SCORED_ENTITIES
    }


def per_topic_scores(
    truth: list[str], predicted: list[str], topics: Iterable[str]
) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support for each topic."""
    scores: dict[str, dict[str, float]] = {}
    for topic in topics:
        tp = sum(1 for t, p in zip(truth, predicted) if t == topic and p == topic)
        fp = sum(1 for t, p in zip(truth, predicted) if t != topic and p == topic)
        fn = sum(1 for t, p in zip(truth, predicted) if t == topic and p != topic)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[topic] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": float(tp + fn),
        }
    return scores


def macro_f1(scores: dict[str, dict[str, float]]) -> float:
    """Unweighted mean F1 over topics that occur in the labelled set."""
    present = [s["f1"] for s in scores.values() if s["support"] > 0]
    return sum(present) / len(present) if present else 0.0


def entity_scores(
    expected: list[dict[str, str]], predicted: list[set[tuple[str, str]]]
) -> dict[str, float]:
    """Micro recall and precision of (entity, value) pairs, overall and per entity type."""
    result: dict[str, float] = {}
    for name in (None, *SCORED_ENTITIES):
        want = [{(k, v) for k, v in e.items() if name in (None, k)} for e in expected]
        got = [{pair for pair in p if name in (None, pair[0])} for p in predicted]
        hits = sum(len(w & g) for w, g in zip(want, got))
        n_want = sum(len(w) for w in want)
        n_got = sum(len(g) for g in got)
        prefix = f"{name}_" if name else ""
        result[f"{prefix}recall"] = hits / n_want if n_want else 1.0
        result[f"{prefix}precision"] = hits / n_got if n_got else 1.0
        result[f"{prefix}expected"] = float(n_want)
        result[f"{prefix}predicted"] = float(n_got)
    return result


def latency_percentiles(milliseconds: list[float]) -> dict[str, float]:
    """p50 and p95 of parse latencies."""
    if not milliseconds:
        return {"p50_ms": 0.0, "p95_ms": 0.0}
    if len(milliseconds) == 1:
        return {"p50_ms": milliseconds[0], "p95_ms": milliseconds[0]}
    cuts = quantiles(milliseconds, n=100, method="inclusive")
    return {"p50_ms": cuts[49], "p95_ms": cuts[94]}


def top_confusions(truth: list[str], predicted: list[str], limit: int = 10) -> list[dict[str, Any]]:
    """The most frequent (true topic -> predicted topic) mistakes."""
    counts = Counter((t, p) for t, p in zip(truth, predicted) if t != p)
    return [{"true": t, "predicted": p, "count": n} for (t, p), n in counts.most_common(limit)]


def contract_gaps(topics: Iterable[str], intents: Iterable[str]) -> list[str]:
    """Topics of the contract that are neither an intent nor a retrieval intent key."""
    names = set(intents)
    keys = {name.split("/", 1)[1] for name in names if "/" in name}
    return [t for t in topics if t not in names and t not in keys]
