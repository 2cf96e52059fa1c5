"""`make cv`: 5-fold cross-validation of the NLU pipeline over our own training data.

Runs Rasa's `rasa test nlu --cross-validation` with config.yml (or, with `--variant`, one of the
pipeline benchmark's candidates derived from it) and summarises the accumulated test-fold reports
(intents and entities) into reports/cross_validation[_<variant>].{json,md}. It tells how
well the training data teaches itself, which the dev set alone cannot. A benchmark: exits 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from benchmarks.pipelines import NLU_VARIANTS
from benchmarks.reporting import write_report
from harness.stack import ROOT

WORK = ROOT / "var" / "cross_validation"


def run_rasa_cross_validation(folds: int, config: dict[str, Any], work: Path,
                              data: Path = ROOT / "data") -> tuple[float, bool]:
    """Rasa's own cross-validation of one pipeline on the training data in `data`; returns
    seconds taken and success."""
    work.mkdir(parents=True, exist_ok=True)
    config_path = work / "config.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    rasa = str(Path(sys.executable).parent / "rasa")
    start = time.perf_counter()
    with (work / "rasa.log").open("w") as log:
        ok = subprocess.run(
            [rasa, "test", "nlu", "--nlu", str(data), "--config", str(config_path), "--domain",
             "domain", "--cross-validation", "--folds", str(folds), "--out", str(work),
             "--no-plot"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        ).returncode == 0
    return time.perf_counter() - start, ok


def shown_path(path: Path) -> str:
    """A folder as the report names it: relative to the project when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def summarise(report_file: Path) -> dict[str, Any]:
    """Accuracy, macro averages and the weakest labels of one Rasa report file."""
    if not report_file.exists():
        return {}
    report = json.loads(report_file.read_text())
    labels = {
        k: v for k, v in report.items()
        if isinstance(v, dict) and "f1-score" in v and k not in
        {"macro avg", "weighted avg", "micro avg"}
    }
    weakest = sorted(labels.items(), key=lambda kv: kv[1]["f1-score"])[:8]
    macro = report.get("macro avg", {})
    return {
        "accuracy": report.get("accuracy"),
        "macro_f1": macro.get("f1-score"),
        "macro_precision": macro.get("precision"),
        "macro_recall": macro.get("recall"),
        "micro_f1": (report.get("micro avg") or {}).get("f1-score"),
        "weakest": [{"label": k, "f1": round(v["f1-score"], 3), "support": v["support"]}
                    for k, v in weakest],
    }


def markdown(result: dict[str, Any]) -> str:
    def fmt(value: Any) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    intents, entities = result["intents"], result["entities"]
    lines = [
        f"# {result['folds']}-fold cross-validation (training data)",
        "",
        f"Pipeline: {result['pipeline']}; training data: {result['data']}; "
        f"{result['seconds']:.0f} s in all.",
        "",
        "| | accuracy | macro-F1 | macro precision | macro recall | micro-F1 |",
        "|---|---|---|---|---|---|",
        f"| intents | {fmt(intents.get('accuracy'))} | {fmt(intents.get('macro_f1'))} | "
        f"{fmt(intents.get('macro_precision'))} | {fmt(intents.get('macro_recall'))} | "
        f"{fmt(intents.get('micro_f1'))} |",
        f"| entities ({result['entity_extractor']}) | {fmt(entities.get('accuracy'))} | "
        f"{fmt(entities.get('macro_f1'))} | {fmt(entities.get('macro_precision'))} | "
        f"{fmt(entities.get('macro_recall'))} | {fmt(entities.get('micro_f1'))} |",
        "",
        "Weakest intents (F1): "
        + ", ".join(f"{w['label']} {w['f1']}" for w in intents.get("weakest", [])),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--variant", choices=sorted(NLU_VARIANTS), default="chosen",
                        help="which pipeline-benchmark candidate to cross-validate")
    # Another commit's training data (for example the data an earlier figure was measured on,
    # exported with `git archive <rev> data`) shows whether a change in the score comes from
    # the pipeline or from the data; its report is named after the folder.
    parser.add_argument("--data", type=Path, default=ROOT / "data",
                        help="the training data folder (default: data/)")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    description, variant = NLU_VARIANTS[args.variant]
    config = variant(yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8")))
    own_data = data == (ROOT / "data").resolve()
    data_suffix = "" if own_data else f"_{data.name}"
    work = WORK / f"{args.variant}{data_suffix}"
    seconds, ok = run_rasa_cross_validation(args.folds, config, work, data)
    if not ok:
        print(f"Cross-validation failed; see {work / 'rasa.log'}.")
        return 0
    extractor = "RegexEntityExtractor"
    result = {
        "pipeline": description,
        "data": "data/" if own_data else shown_path(data),
        "folds": args.folds,
        "seconds": round(seconds, 1),
        "entity_extractor": extractor,
        "intents": summarise(work / "intent_report.json"),
        "entities": summarise(work / f"{extractor}_report.json"),
    }
    variant_suffix = "" if args.variant == "chosen" else f"_{args.variant}"
    write_report(f"cross_validation{variant_suffix}{data_suffix}", result, markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
