"""`make eval`: score the trained model on the dev set under the topic contract.

Writes reports/eval.json and reports/eval.md and prints a summary. It is a benchmark, not a
test: it always exits 0 once it has run, so a dip in a score is read, not hidden by a red build.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
import warnings
from pathlib import Path
from typing import Any

from benchmarks.reporting import REPORTS, write_report
from harness import nlu_scoring as scoring
from harness.live_bot import DEFAULT_MODEL
from harness.stack import ROOT

DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "dev.yml"
DEFAULT_TOPICS = ROOT.parent / "shared" / "eval" / "topics.yml"


async def parse_all(
    model: Path, texts: list[str]
) -> tuple[list[dict[str, Any]], list[float], list[str]]:
    """Parse every text with the model; returns parses, latencies (ms) and the model's intents."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    await agent.parse_message("warm up")
    parses, latencies = [], []
    for text in texts:
        start = time.perf_counter()
        parses.append(await agent.parse_message(text))
        latencies.append((time.perf_counter() - start) * 1000)
    intents = list(agent.domain.intents) if agent.domain else []
    return parses, latencies, intents


def score(
    items: list[scoring.LabelledItem],
    parses: list[dict[str, Any]],
    latencies: list[float],
    topics: list[str],
    intents: list[str],
) -> dict[str, Any]:
    """Every number of the report, from labelled items and the model's parses."""
    truth = [item.topic for item in items]
    answered = [scoring.topic_of(p) for p in parses]
    classified = [scoring.classifier_topic_of(p) for p in parses]
    per_topic = scoring.per_topic_scores(truth, answered, topics)
    entities = scoring.entity_scores(
        [item.entities for item in items], [scoring.entity_pairs(p) for p in parses]
    )
    misses = [
        {"text": item.text, "true": item.topic, "predicted": pred,
         "confidence": round(float((p.get("intent") or {}).get("confidence") or 0.0), 3)}
        for item, pred, p in zip(items, answered, parses)
        if pred != item.topic
    ]
    return {
        "items": len(items),
        "accuracy": sum(t == p for t, p in zip(truth, answered)) / len(items) if items else 0.0,
        "macro_f1": scoring.macro_f1(per_topic),
        "classifier_accuracy": (
            sum(t == p for t, p in zip(truth, classified)) / len(items) if items else 0.0
        ),
        "classifier_macro_f1": scoring.macro_f1(
            scoring.per_topic_scores(truth, classified, topics)
        ),
        "fallback_rate": answered.count(scoring.FALLBACK_INTENT) / len(items) if items else 0.0,
        "entities": entities,
        "latency": scoring.latency_percentiles(latencies),
        "per_topic": per_topic,
        "top_confusions": scoring.top_confusions(truth, answered),
        "contract_gaps": scoring.contract_gaps(topics, intents),
        "misses": misses,
    }


def markdown(report: dict[str, Any], dev: Path, model: Path) -> str:
    """A short human-readable report."""
    e = report["entities"]
    weakest = sorted(
        ((t, s) for t, s in report["per_topic"].items() if s["support"]), key=lambda ts: ts[1]["f1"]
    )[:5]
    lines = [
        "# NLU evaluation",
        "",
        f"Model `{model.name}` on `{dev}` ({report['items']} items).",
        "",
        "| metric | value |",
        "|---|---|",
        f"| accuracy (as answered; a fallback counts as a miss) | {report['accuracy']:.3f} |",
        f"| macro-F1 (as answered) | {report['macro_f1']:.3f} |",
        f"| classifier accuracy (top intent, ignoring the fallback threshold) | "
        f"{report['classifier_accuracy']:.3f} |",
        f"| classifier macro-F1 | {report['classifier_macro_f1']:.3f} |",
        f"| fallback rate | {report['fallback_rate']:.3f} |",
        f"| entity recall / precision (all) | {e['recall']:.3f} / {e['precision']:.3f} |",
        f"| substance recall / precision | {e['substance_recall']:.3f} / "
        f"{e['substance_precision']:.3f} |",
        f"| relationship recall / precision | {e['relationship_recall']:.3f} / "
        f"{e['relationship_precision']:.3f} |",
        f"| parse latency p50 / p95 | {report['latency']['p50_ms']:.1f} ms / "
        f"{report['latency']['p95_ms']:.1f} ms |",
        "",
        f"Topics missing from the contract: {', '.join(report['contract_gaps']) or 'none'}.",
        "",
        "## Weakest five topics (F1)",
        "",
        "| topic | precision | recall | F1 |",
        "|---|---|---|---|",
        *[
            f"| {t} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} |"
            for t, s in weakest
        ],
        "",
        "## Top confusions",
        "",
        "| true | predicted | count |",
        "|---|---|---|",
        *[f"| {c['true']} | {c['predicted']} | {c['count']} |" for c in report["top_confusions"]],
        "",
    ]
    return "\n".join(lines)


def quiet_libraries() -> None:
    """Rasa, TensorFlow and their dependencies warn loudly on import; the report is what matters."""
    warnings.filterwarnings("ignore")
    logging.getLogger().setLevel(logging.ERROR)
    for name in ("rasa", "tensorflow", "absl"):
        logging.getLogger(name).setLevel(logging.ERROR)
    # Rasa logs every parse (with the message text) through structlog, which ignores the above.
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))


def main(argv: list[str] | None = None) -> int:
    quiet_libraries()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="labelled messages")
    parser.add_argument("--topics", type=Path, default=DEFAULT_TOPICS, help="topic contract")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="trained model")
    parser.add_argument("--out", type=Path, default=REPORTS, help="report folder")
    parser.add_argument("--name", default="eval", help="report file stem")
    args = parser.parse_args(argv)

    inputs = ((args.dev, "dev set"), (args.topics, "topic contract"), (args.model, "model"))
    for path, what in inputs:
        if not path.exists():
            print(f"Cannot evaluate: the {what} {path} does not exist.")
            return 0

    items = scoring.load_labelled(args.dev)
    topics = scoring.load_topics(args.topics)
    parses, latencies, intents = asyncio.run(parse_all(args.model, [i.text for i in items]))
    report = score(items, parses, latencies, topics, intents)

    write_report(args.name, report, markdown(report, args.dev, args.model), folder=args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
