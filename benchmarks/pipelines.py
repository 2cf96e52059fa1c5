"""`make bench-pipelines`: choose the NLU pipeline and policies by measurement, and time start-up.

Every candidate is derived from config.yml by swapping one part (tokenizer, classifier, or
policies), so the comparison always matches the real configuration. For each NLU candidate it
records training time, dev-set macro-F1 and entity recall; for each policy set, training time;
then the cold start of `rasa run` with the real model. Writes reports/pipeline_benchmark.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from benchmarks import nlu_eval
from benchmarks.reporting import write_report
from harness import nlu_scoring as scoring
from harness.stack import ROOT

WORK = ROOT / "var" / "bench"
CLASSIFIER = "TunedLogisticRegressionClassifier"
RASA_CLASSIFIER = "LogisticRegressionClassifier"
WORD_FEATURES = "TfidfFeaturizer"
SPACY_PARTS = ("PackagedSpacyNLP", "SpacyTokenizer")
EMBEDDINGS = "MiniLMFeaturizer"

Variant = Callable[[dict[str, Any]], dict[str, Any]]


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def chosen(config: dict[str, Any]) -> dict[str, Any]:
    """config.yml as it is."""
    return copy.deepcopy(config)


def without_embeddings(config: dict[str, Any]) -> dict[str, Any]:
    """The same pipeline without the MiniLM sentence embeddings (words only)."""
    new = copy.deepcopy(config)
    new["pipeline"] = [c for c in new["pipeline"] if _short(c["name"]) != EMBEDDINGS]
    return new


def count_vectors(config: dict[str, Any]) -> dict[str, Any]:
    """The previous pipeline: Rasa's raw word and char count vectors instead of TF-IDF, with
    the embeddings weighted 6 and Rasa's own logistic regression (C=1) as it was tuned then."""
    new = copy.deepcopy(config)
    pipeline = []
    for component in new["pipeline"]:
        short = _short(component["name"])
        if short == WORD_FEATURES:
            pipeline += [
                {"name": "CountVectorsFeaturizer"},
                {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2,
                 "max_ngram": 5},
            ]
        elif short == EMBEDDINGS:
            pipeline.append({**component, "weight": 6.0})
        elif short == CLASSIFIER:
            pipeline.append({"name": RASA_CLASSIFIER, "max_iter": 500})
        else:
            pipeline.append(component)
    new["pipeline"] = pipeline
    return new


def whitespace_tokens(config: dict[str, Any]) -> dict[str, Any]:
    """The same pipeline with Rasa's WhitespaceTokenizer instead of spaCy lemmas.

    spaCy itself stays: the crisis detector matches over its lemmas either way.
    """
    new = copy.deepcopy(config)
    new["pipeline"] = [
        {"name": "WhitespaceTokenizer"} if _short(c["name"]) == SPACY_PARTS[1] else c
        for c in new["pipeline"]
    ]
    return new


def diet_classifier(epochs: int) -> Variant:
    """DIET (intents only; entities stay with the lookup extractor) on the count vectors:
    DIET needs per-token (sequence) features, which our TF-IDF featurizer does not make."""

    def variant(config: dict[str, Any]) -> dict[str, Any]:
        new = count_vectors(config)
        new["pipeline"] = [
            {
                "name": "DIETClassifier",
                "epochs": epochs,
                "batch_size": [32, 128],
                "entity_recognition": False,
                "constrain_similarities": True,
                "random_seed": 42,
            }
            if _short(c["name"]) == RASA_CLASSIFIER
            else c
            for c in new["pipeline"]
        ]
        return new

    variant.__doc__ = f"DIETClassifier, {epochs} epochs, intents only."
    return variant


def with_ted(epochs: int) -> Variant:
    """Rule + Memoization policies plus TEDPolicy."""

    def variant(config: dict[str, Any]) -> dict[str, Any]:
        new = copy.deepcopy(config)
        new["policies"] = [*new["policies"], {"name": "TEDPolicy", "epochs": epochs,
                                               "max_history": 5, "constrain_similarities": True}]
        return new

    variant.__doc__ = f"RulePolicy + MemoizationPolicy + TEDPolicy ({epochs} epochs)."
    return variant


#: The NLU candidates by short name (`make cv CV_ARGS="--variant previous"` cross-validates one).
NLU_VARIANTS: dict[str, tuple[str, Variant]] = {
    "chosen": ("spaCy lemmas + TF-IDF + MiniLM + LogisticRegression C=10 (chosen)", chosen),
    "previous": (
        "spaCy lemmas + count vectors + MiniLM + LogisticRegression C=1 (previous)",
        count_vectors,
    ),
    "no-embeddings": (
        "spaCy lemmas + TF-IDF + LogisticRegression C=10 (no embeddings)", without_embeddings
    ),
    "whitespace": (
        "whitespace tokens + TF-IDF + MiniLM + LogisticRegression C=10", whitespace_tokens
    ),
}


def run_timed(command: list[str], log: Path) -> tuple[float, bool]:
    """Run a command, logging its output; returns seconds taken and success.

    Each run gets an empty Rasa training cache, so no candidate reuses another's work.
    """
    cache = log.parent / "rasa-cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(cache)}
    start = time.perf_counter()
    with log.open("w") as out:
        ok = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                            env=env).returncode == 0
    return time.perf_counter() - start, ok


def rasa(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "rasa"), *args]


def bench_nlu(name: str, config: dict[str, Any], items: list[scoring.LabelledItem],
              topics: list[str]) -> dict[str, Any]:
    """Train one NLU candidate, time it, and score it on the dev set."""
    folder = WORK / name
    folder.mkdir(parents=True, exist_ok=True)
    config_path = folder / "config.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    seconds, ok = run_timed(
        rasa("train", "nlu", "--config", str(config_path), "--nlu", "data", "--domain",
             "domain", "--out", str(folder), "--fixed-model-name", "nlu"),
        folder / "train.log",
    )
    result: dict[str, Any] = {"name": name, "train_seconds": round(seconds, 1), "trained": ok}
    if not ok:
        return result
    parses, latencies, intents = asyncio.run(
        nlu_eval.parse_all(folder / "nlu.tar.gz", [i.text for i in items])
    )
    report = nlu_eval.score(items, parses, latencies, topics, intents)
    result.update(
        macro_f1=round(report["macro_f1"], 3),
        accuracy=round(report["accuracy"], 3),
        classifier_macro_f1=round(report["classifier_macro_f1"], 3),
        entity_recall=round(report["entities"]["recall"], 3),
        entity_precision=round(report["entities"]["precision"], 3),
        parse_p95_ms=round(report["latency"]["p95_ms"], 1),
    )
    return result


def bench_core(name: str, config: dict[str, Any]) -> dict[str, Any]:
    """Train one policy set on the real stories and rules, and time it."""
    folder = WORK / name
    folder.mkdir(parents=True, exist_ok=True)
    config_path = folder / "config.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    seconds, ok = run_timed(
        rasa("train", "core", "--config", str(config_path), "--domain", "domain",
             "--stories", "data", "--out", str(folder), "--fixed-model-name", "core"),
        folder / "train.log",
    )
    return {"name": name, "train_seconds": round(seconds, 1), "trained": ok}


def cold_start(model: Path, port: int = 5099, limit: float = 600.0) -> float | None:
    """Seconds from `rasa run` to the server answering, with the real model."""
    start = time.perf_counter()
    log = (WORK / "cold_start.log").open("w")
    server = subprocess.Popen(
        rasa("run", "--model", str(model), "--interface", "127.0.0.1", "--port", str(port)),
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )
    try:
        while time.perf_counter() - start < limit:
            if server.poll() is not None:
                return None
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    return round(time.perf_counter() - start, 1)
            except OSError:
                time.sleep(0.5)
        return None
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Pipeline benchmark",
        "",
        f"Machine: {report['cores']} cores; load average at start {report['load_at_start']}"
        " (other processes share the CPU, so absolute times are upper bounds).",
        "",
        "## NLU pipelines (dev set)",
        "",
        "| pipeline | train s | macro-F1 | accuracy | classifier macro-F1 | entity recall |"
        " entity precision | parse p95 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in report["nlu"]:
        if not r["trained"]:
            lines.append(f"| {r['name']} | {r['train_seconds']} | failed to train | | | | | |")
            continue
        lines.append(
            f"| {r['name']} | {r['train_seconds']} | {r['macro_f1']} | {r['accuracy']} | "
            f"{r['classifier_macro_f1']} | {r['entity_recall']} | {r['entity_precision']} | "
            f"{r['parse_p95_ms']} |"
        )
    lines += ["", "## Dialogue policies", "", "| policies | train s |", "|---|---|"]
    lines += [f"| {r['name']} | {r['train_seconds']} |" for r in report["core"]]
    lines += ["", f"Cold start of `rasa run` to ready: {report['cold_start_seconds']} s.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, default=nlu_eval.DEFAULT_DEV)
    parser.add_argument("--topics", type=Path, default=nlu_eval.DEFAULT_TOPICS)
    parser.add_argument("--diet-epochs", type=int, default=40)
    parser.add_argument("--ted-epochs", type=int, default=30)
    parser.add_argument("--skip-diet", action="store_true", help="leave out the slow DIET run")
    args = parser.parse_args(argv)

    config = yaml.safe_load((ROOT / "config.yml").read_text())
    items = scoring.load_labelled(args.dev)
    topics = scoring.load_topics(args.topics)
    nlu_variants: dict[str, Variant] = dict(NLU_VARIANTS.values())
    if not args.skip_diet:
        diet_name = f"spaCy lemmas + count vectors + MiniLM + DIET ({args.diet_epochs} epochs)"
        nlu_variants[diet_name] = diet_classifier(args.diet_epochs)
    core_variants: dict[str, Variant] = {
        "RulePolicy + MemoizationPolicy (chosen)": chosen,
        f"+ TEDPolicy ({args.ted_epochs} epochs)": with_ted(args.ted_epochs),
    }

    report: dict[str, Any] = {"cores": os.cpu_count(), "load_at_start": os.getloadavg()[0]}
    report["nlu"] = [
        bench_nlu(f"nlu-{i}", variant(config), items, topics) | {"name": name}
        for i, (name, variant) in enumerate(nlu_variants.items())
    ]
    report["core"] = [
        bench_core(f"core-{i}", variant(config)) | {"name": name}
        for i, (name, variant) in enumerate(core_variants.items())
    ]
    report["cold_start_seconds"] = cold_start(nlu_eval.DEFAULT_MODEL)

    write_report("pipeline_benchmark", report, markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
