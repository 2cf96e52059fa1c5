"""`make cv`: 5-fold cross-validation of the NLU pipeline over our own training data.

Runs Rasa's `rasa test nlu --cross-validation` with config.yml and summarises the accumulated
test-fold reports (intents and entities) into reports/cross_validation.{json,md}. It tells how
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

from eval.reporting import write_report

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "cross_validation"


def run_rasa_cross_validation(folds: int) -> tuple[float, bool]:
    """Rasa's own cross-validation; returns seconds taken and success."""
    WORK.mkdir(parents=True, exist_ok=True)
    rasa = str(Path(sys.executable).parent / "rasa")
    start = time.perf_counter()
    with (WORK / "rasa.log").open("w") as log:
        ok = subprocess.run(
            [rasa, "test", "nlu", "--nlu", "data", "--config", "config.yml", "--domain",
             "domain.yml", "--cross-validation", "--folds", str(folds), "--out", str(WORK),
             "--no-plot"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        ).returncode == 0
    return time.perf_counter() - start, ok


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
        f"Pipeline from config.yml; {result['seconds']:.0f} s in all.",
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
    args = parser.parse_args(argv)
    seconds, ok = run_rasa_cross_validation(args.folds)
    if not ok:
        print(f"Cross-validation failed; see {WORK / 'rasa.log'}.")
        return 0
    extractor = "RegexEntityExtractor"
    result = {
        "folds": args.folds,
        "seconds": round(seconds, 1),
        "entity_extractor": extractor,
        "intents": summarise(WORK / "intent_report.json"),
        "entities": summarise(WORK / f"{extractor}_report.json"),
    }
    write_report("cross_validation", result, markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
