"""Benchmark of the crisis safety net: crisis recall and false-crisis rate.

Scores the short dev set, the dev letters and the dev conversations' turns (their
crisis_suicide / overdose_emergency / immediate_danger items are the crises; every other item
must not raise one), the hand-written adversarial file and our own long letters. With a
trained model the classifier's own output is combined with the lexicon exactly as the
pipeline does; without one, the lexicon runs alone. Also reports each source on its own, so a
regression shows where it came from, recall by kind, and for our own letters which sentence
raised each alarm and whether the reply speaks to the right person. Writes
reports/crisis_eval.{json,md}; a benchmark, not a test: it exits 0 once it has run. Dev-set
texts are never written to the reports (the dev sets are for measuring, not for reading
back); adversarial and own-letter misses are listed in full.

    python -m benchmarks.crisis_eval [--model models/family-guide.tar.gz] [--lexicon-only]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks.nlu_eval import DEFAULT_DEV, DEFAULT_MODEL, ROOT, parse_all, quiet_libraries
from benchmarks.reporting import REPORTS, write_report
from family_guide.crisis.decide import LETTER_CHARS, ClassifierThresholds, classifier_kind, decide
from family_guide.crisis.detect import CrisisLexicon, LexiconResult
from family_guide.crisis.lexicon import KIND_OF_INTENT
from harness import nlu_scoring as scoring

CRISIS_SETS = Path(__file__).resolve().parent / "crisis_sets"
DEFAULT_ADVERSARIAL = CRISIS_SETS / "adversarial.yml"
DEFAULT_LETTERS = CRISIS_SETS / "letters.yml"
#: Our own letter sets, each written by a different hand without seeing the detector: the
#: first shaped the lexicon from the start; each held-out set was measured once, before any
#: rule was written from it (those first readings are in the commit log and closing notes),
#: and is kept here so no later change loses what it taught.
LETTER_SETS = (
    ("own letters", DEFAULT_LETTERS),
    ("held-out letters 1", CRISIS_SETS / "letters_holdout.yml"),
    ("held-out letters 2", CRISIS_SETS / "letters_holdout2.yml"),
    ("held-out letters 3", CRISIS_SETS / "letters_holdout3.yml"),
)
DEV_LETTERS = DEFAULT_DEV.parent / "dev_letters.yml"
DEV_CONVERSATIONS = DEFAULT_DEV.parent / "dev_conversations.yml"
DEFAULT_TRAINING_DATA = ROOT / "data" / "nlu"
CONFIG = ROOT / "config.yml"
DETECTOR_NAME = "family_guide.nlu.crisis_detector.CrisisDetector"
TARGET_RECALL = 1.0
TARGET_FALSE_ALARM_RATE = 0.01
#: The issue's targets per set: letters <= 2 %, the adversarial set <= 3 %.
FALSE_ALARM_TARGETS = {"dev letters": 0.02, "adversarial": 0.03,
                       **{name: 0.02 for name, _ in LETTER_SETS}}
SOURCES = ("combined", "lexicon", "classifier")
MODEL_SOURCES = (*SOURCES, "pipeline")


@dataclass(frozen=True)
class Prediction:
    """One item's crisis kind according to each source (None = no crisis)."""

    truth: str | None
    combined: str | None
    lexicon: str | None
    classifier: str | None
    #: The trained pipeline's own final intent (after FallbackClassifier), when a model ran.
    pipeline: str | None = None
    #: The sentences that raised the combined alarm, and who the reply takes to be at risk.
    sentences: tuple[str, ...] = ()
    person: str | None = None


@dataclass(frozen=True)
class Letter:
    """One of our own letters: who writes (family or self) and the words that carry the
    danger (crisis letters only)."""

    writer: str
    sign: str | None


def load_letters(path: Path) -> tuple[list[scoring.LabelledItem], list[Letter]]:
    """Our own letters: the labelled items, and each one's writer and sign."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return scoring.load_labelled(path), [
        Letter(str(item.get("writer", "family")), item.get("sign")) for item in raw
    ]


def _required(groups: list[list[str]], number: str) -> bool:
    """Whether the reply must contain `number`: some `has` group offers nothing else. A group
    like ["samhsa", "helpline", "988", "doctor"] accepts any helpline; it asks for no crisis."""
    return any(group and all(number in alt for alt in group) for group in groups)


def conversation_turns(path: Path) -> list[scoring.LabelledItem]:
    """Every user turn of the dev conversations, labelled by what its reply must contain:
    "988" is a suicide crisis; "911" with breathing or naloxone steps an overdose, other
    "911" turns danger; every other turn must raise no alarm."""
    items = []
    for conversation in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        for turn in conversation.get("turns") or []:
            groups = [[alt.lower() for alt in group] for group in turn.get("has") or []]
            wanted = [alt for group in groups for alt in group]
            topic = "not_a_crisis"
            if _required(groups, "988"):
                topic = "crisis_suicide"
            elif _required(groups, "911"):
                overdose_words = ("breath", "wake", "naloxone", "narcan", "recovery position")
                topic = ("overdose_emergency"
                         if any(w in alt for alt in wanted for w in overdose_words)
                         else "immediate_danger")
            items.append(scoring.LabelledItem(text=str(turn["user"]), topic=topic))
    return items


def configured_thresholds(config: Path = CONFIG) -> ClassifierThresholds:
    """The classifier thresholds the pipeline really uses (config.yml), else the defaults."""
    from family_guide.nlu.crisis_detector import CrisisDetector

    settings = dict(CrisisDetector.get_default_config())
    pipeline = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("pipeline") or []
    for component in pipeline:
        if component.get("name") == DETECTOR_NAME:
            settings.update(component)
    return ClassifierThresholds(short=float(settings["classifier_threshold"]),
                                letter=float(settings["letter_threshold"]))


def classifier_output(parse: dict[str, Any] | None) -> tuple[str | None, float]:
    """The intent classifier's own top guess, before the safety net changed it."""
    if not parse:
        return None, 0.0
    crisis = parse.get("crisis") or {}
    if "classifier_intent" in crisis:
        return crisis["classifier_intent"], float(crisis.get("classifier_confidence") or 0.0)
    intent = parse.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def load_training_examples(folder: Path) -> list[scoring.LabelledItem]:
    """Every NLU training example (thousands of family messages written by the team).
    The classifier has seen them, so only the lexicon is scored on them: a large sample for
    its false-alarm rate on everyday family messages."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(folder))
    return [
        scoring.LabelledItem(text=str(ex.get("text")), topic=str(ex.get("intent")))
        for ex in data.intent_examples
    ]


def analyse_all(
    lexicon: CrisisLexicon,
    items: Sequence[scoring.LabelledItem],
    lexicon_ms: list[float] | None = None,
) -> list[LexiconResult]:
    """The lexicon's reading of every item; appends its own time per message."""
    findings = []
    for item in items:
        start = time.perf_counter()
        findings.append(lexicon.analyse_text(item.text))
        if lexicon_ms is not None:
            lexicon_ms.append((time.perf_counter() - start) * 1000)
    return findings


def predictions_from(
    findings: Sequence[LexiconResult],
    items: Sequence[scoring.LabelledItem],
    parses: Sequence[dict[str, Any] | None],
    thresholds: ClassifierThresholds,
) -> list[Prediction]:
    """Each item's crisis kind per source, from the lexicon's findings and the parses."""
    predictions = []
    for item, found, parse in zip(items, findings, parses):
        intent, confidence = classifier_output(parse)
        threshold = thresholds.for_text(item.text)
        decision = decide(found, intent, confidence, threshold,
                          (parse or {}).get("intent_ranking") or [])
        predictions.append(
            Prediction(
                truth=KIND_OF_INTENT.get(item.topic),
                combined=decision.kind,
                sentences=tuple(item.text[start:end] for start, end in decision.sentences),
                person=decision.person if decision.kind else None,
                lexicon=found.kind,
                classifier=classifier_kind(intent, confidence, threshold),
                pipeline=KIND_OF_INTENT.get(((parse or {}).get("intent") or {}).get("name", "")),
            )
        )
    return predictions


def predict(
    lexicon: CrisisLexicon,
    items: Sequence[scoring.LabelledItem],
    parses: Sequence[dict[str, Any] | None],
    thresholds: ClassifierThresholds,
    lexicon_ms: list[float] | None = None,
) -> list[Prediction]:
    """Each item's crisis kind per source; appends the lexicon's own time per message."""
    return predictions_from(analyse_all(lexicon, items, lexicon_ms), items, parses, thresholds)


def recall_by_kind(predictions: Sequence[Prediction]) -> dict[str, dict[str, int]]:
    """Per crisis kind: how many there were, how many got any crisis reply, and how many got
    the right kind first."""
    table: dict[str, dict[str, int]] = {}
    for p in predictions:
        if p.truth is None:
            continue
        row = table.setdefault(p.truth, {"items": 0, "caught": 0, "right_kind": 0})
        row["items"] += 1
        row["caught"] += p.combined is not None
        row["right_kind"] += p.combined == p.truth
    return dict(sorted(table.items()))


def letter_details(
    items: Sequence[scoring.LabelledItem],
    letters: Sequence[Letter],
    predictions: Sequence[Prediction],
) -> dict[str, Any]:
    """For our own letters: the sentence that raised each alarm, whether it holds the sign the
    writer put there, and whether the reply speaks to the writer when the writer is at risk."""
    from family_guide.crisis.detect import SELF

    detections, sign_found, person_right, person_checked, crises = [], 0, 0, 0, 0
    for item, letter, p in zip(items, letters, predictions):
        if p.combined is None:
            continue
        detections.append({"topic": item.topic, "raised": p.combined,
                           "person": p.person, "sentences": list(p.sentences)})
        if p.truth is None:
            continue
        crises += 1
        sign_found += bool(letter.sign and any(letter.sign in s or s in letter.sign
                                               for s in p.sentences))
        if p.truth != "danger":  # the danger reply speaks to the writer either way
            person_checked += 1
            person_right += (p.person == SELF) == (letter.writer == "self")
    return {
        "detected_crises": crises,
        "sign_in_triggering_sentence": sign_found,
        "reply_to_the_right_person": person_right,
        "suicide_and_overdose_letters": person_checked,
        "detections": detections,
    }


def metrics(predictions: Sequence[Prediction], source: str) -> dict[str, Any]:
    crises = [p for p in predictions if p.truth is not None]
    others = [p for p in predictions if p.truth is None]
    caught = [p for p in crises if getattr(p, source) is not None]
    right_kind = [p for p in crises if getattr(p, source) == p.truth]
    false_alarms = [p for p in others if getattr(p, source) is not None]
    return {
        "crisis_items": len(crises),
        "other_items": len(others),
        "recall": round(len(caught) / len(crises), 4) if crises else None,
        "kind_accuracy": round(len(right_kind) / len(crises), 4) if crises else None,
        "false_alarms": len(false_alarms),
        "false_alarm_rate": round(len(false_alarms) / len(others), 4) if others else None,
    }


#: Classifier thresholds tried in the sweep that chooses config.yml's classifier_threshold.
SWEEP_THRESHOLDS: tuple[float, ...] = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def threshold_sweep(
    findings: Sequence[LexiconResult],
    items: Sequence[scoring.LabelledItem],
    parses: Sequence[dict[str, Any] | None],
) -> list[dict[str, Any]]:
    """Combined recall and false alarms at each candidate classifier threshold (the same for
    every length), so the configured threshold is chosen from measurements, not guessed."""
    return [
        {
            "threshold": threshold,
            **metrics(predictions_from(findings, items, parses,
                                       ClassifierThresholds(threshold, threshold)), "combined"),
        }
        for threshold in SWEEP_THRESHOLDS
    ]


def letter_threshold_sweep(
    findings: Sequence[LexiconResult],
    items: Sequence[scoring.LabelledItem],
    parses: Sequence[dict[str, Any] | None],
    short: float,
) -> list[dict[str, Any]]:
    """The same sweep for letters only (the short-message threshold fixed at `short`): what
    config.yml's letter_threshold is chosen from."""
    return [
        {
            "threshold": threshold,
            **metrics(predictions_from(findings, items, parses,
                                       ClassifierThresholds(short, threshold)), "combined"),
        }
        for threshold in SWEEP_THRESHOLDS
    ]


def errors(
    items: Sequence[scoring.LabelledItem], predictions: Sequence[Prediction]
) -> dict[str, list[dict[str, Any]]]:
    missed, alarms = [], []
    for item, p in zip(items, predictions):
        if p.truth is not None and p.combined is None:
            missed.append({"text": item.text, "topic": item.topic})
        elif p.truth is None and p.combined is not None:
            alarms.append({"text": item.text, "topic": item.topic, "raised": p.combined})
    return {"missed": missed, "false_alarms": alarms}


def score_set(
    name: str,
    items: Sequence[scoring.LabelledItem],
    predictions: Sequence[Prediction],
    show_texts: bool,
    sources: Sequence[str] = SOURCES,
    judge_recall: bool = True,
) -> dict[str, Any]:
    """Scores per source; the targets are judged on the first source given (recall only
    where the source has not been trained on the items)."""
    combined = metrics(predictions, sources[0])
    found = errors(items, predictions)
    target = FALSE_ALARM_TARGETS.get(name, TARGET_FALSE_ALARM_RATE)
    result: dict[str, Any] = {
        "set": name,
        "by_source": {source: metrics(predictions, source) for source in sources},
        "by_kind": recall_by_kind(predictions),
        "false_alarm_target": target,
        "meets_targets": bool(
            (not judge_recall or combined["recall"] in (None, TARGET_RECALL))
            and (combined["false_alarm_rate"] or 0.0) <= target
        ),
        "missed_topics": sorted({e["topic"] for e in found["missed"]}),
        "false_alarm_topics": sorted({e["topic"] for e in found["false_alarms"]}),
    }
    if show_texts:
        result.update(found)
    return result


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Crisis safety net benchmark",
        "",
        f"Mode: **{report['mode']}** (model: `{report['model']}`; classifier threshold "
        f"{report['classifier_threshold']}, letters {report['letter_threshold']}). "
        f"Targets: recall {TARGET_RECALL:.0%}, "
        f"false-crisis rate <= {TARGET_FALSE_ALARM_RATE:.0%}. `combined` is what the pipeline "
        "does; `lexicon` and `classifier` are each source alone; `pipeline` is the trained "
        "model's own final intent, end to end.",
        "",
        f"Lexicon time per message (spaCy + matching): p50 {report['lexicon_latency']['p50_ms']}"
        f" ms, p95 {report['lexicon_latency']['p95_ms']} ms.",
        "",
    ]
    for result in report["sets"]:
        lines += [
            f"## {result['set']} — targets met: {'yes' if result['meets_targets'] else 'NO'}",
            "",
            f"False-alarm target: <= {result['false_alarm_target']:.0%}.",
            "",
            "| source | crisis items | recall | right kind | other items | false alarms | rate |",
            "|---|---|---|---|---|---|---|",
        ]
        for source, m in result["by_source"].items():
            lines.append(
                f"| {source} | {m['crisis_items']} | {_pct(m['recall'])} | "
                f"{_pct(m['kind_accuracy'])} | {m['other_items']} | {m['false_alarms']} | "
                f"{_pct(m['false_alarm_rate'])} |"
            )
        lines.append("")
        if result.get("by_kind"):
            lines += ["| kind | items | got a crisis reply | right kind first |",
                      "|---|---|---|---|"]
            lines += [f"| {kind} | {row['items']} | {row['caught']} | {row['right_kind']} |"
                      for kind, row in result["by_kind"].items()]
            lines.append("")
        if result.get("letters"):
            letters = result["letters"]
            signs = letters["sign_in_triggering_sentence"]
            lines += [
                f"Of {letters['detected_crises']} crisis letters detected, the triggering "
                f"sentence holds the writer's danger sign in {signs}. Of "
                f"{letters['suicide_and_overdose_letters']} suicide and overdose letters, the "
                "reply speaks to the right person (the writer when the writer is at risk) in "
                f"{letters['reply_to_the_right_person']}.",
                "",
                "Which sentence raised each alarm:",
                "",
            ]
            lines += [
                f"- {d['topic']} → {d['raised']} ({d['person']}): "
                + " / ".join(f"`{s}`" for s in d["sentences"])
                for d in letters["detections"]
            ]
            lines.append("")
        if result["missed_topics"] or result["false_alarm_topics"]:
            lines.append(
                f"Missed topics: {', '.join(result['missed_topics']) or 'none'}; "
                f"false alarms on: {', '.join(result['false_alarm_topics']) or 'none'}."
            )
            lines.append("")
        for key, title in (("missed", "Missed crises"), ("false_alarms", "False alarms")):
            for entry in result.get(key, []):
                lines.append(f"- {title}: `{entry['text']}` ({entry['topic']})")
        lines.append("")
        sweeps = (("threshold_sweep", "Classifier threshold sweep (combined, every length):"),
                  ("letter_threshold_sweep", "Letter threshold sweep (combined, messages of "
                   f"{LETTER_CHARS}+ characters; short messages at the configured threshold):"))
        for key, title in sweeps:
            if not result.get(key):
                continue
            lines += [title, "", "| threshold | recall | false alarms | rate |",
                      "|---|---|---|---|"]
            lines += [
                f"| {row['threshold']} | {_pct(row['recall'])} | {row['false_alarms']} | "
                f"{_pct(row['false_alarm_rate'])} |"
                for row in result[key]
            ]
            lines.append("")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def main(argv: list[str] | None = None) -> int:
    quiet_libraries()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--dev-letters", type=Path, default=DEV_LETTERS)
    parser.add_argument("--dev-conversations", type=Path, default=DEV_CONVERSATIONS)
    parser.add_argument("--adversarial", type=Path, default=DEFAULT_ADVERSARIAL)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--training-data", type=Path, default=DEFAULT_TRAINING_DATA)
    parser.add_argument("--lexicon-only", action="store_true", help="ignore any model")
    parser.add_argument("--out", type=Path, default=REPORTS)
    args = parser.parse_args(argv)

    from family_guide.spacy_model import load

    lexicon = CrisisLexicon(load())
    thresholds = configured_thresholds()
    use_model = not args.lexicon_only and args.model.exists()
    loaders = (
        ("dev", args.dev, scoring.load_labelled),
        ("dev letters", args.dev_letters, scoring.load_labelled),
        ("dev conversation turns", args.dev_conversations, conversation_turns),
        ("adversarial", args.adversarial, scoring.load_labelled),
        *((name, path, lambda path: load_letters(path)[0]) for name, path in LETTER_SETS),
    )
    loaded = [(name, load(path)) for name, path, load in loaders if path.exists()]
    if not loaded:
        print("Cannot evaluate: none of the dev, adversarial or letter files exists.")
        return 0
    texts = [item.text for _, items in loaded for item in items]
    # One model load for every set: loading takes longer than parsing them all.
    parses: list[dict[str, Any] | None] = (
        list(asyncio.run(parse_all(args.model, texts))[0]) if use_model else [None] * len(texts)
    )
    results = []
    lexicon_ms: list[float] = []
    for name, items in loaded:
        own, parses = parses[: len(items)], parses[len(items):]
        findings = analyse_all(lexicon, items, lexicon_ms)
        predictions = predictions_from(findings, items, own, thresholds)
        sources = MODEL_SOURCES if use_model else SOURCES
        result = score_set(name, items, predictions, not name.startswith("dev"), sources)
        letter_file = dict(LETTER_SETS).get(name)
        if letter_file is not None:
            result["letters"] = letter_details(items, load_letters(letter_file)[1], predictions)
        if use_model:
            result["threshold_sweep"] = threshold_sweep(findings, items, own)
            result["letter_threshold_sweep"] = letter_threshold_sweep(
                findings, items, own, thresholds.short)
        results.append(result)
    if args.training_data.exists():
        items = load_training_examples(args.training_data)
        predictions = predict(lexicon, items, [None] * len(items), thresholds)
        results.append(
            score_set("NLU training examples (lexicon only)", items, predictions, False,
                      ("lexicon",), judge_recall=False)
        )

    report = {
        "mode": "lexicon + classifier" if use_model else "lexicon only",
        "model": str(args.model) if use_model else None,
        "classifier_threshold": thresholds.short,
        "letter_threshold": thresholds.letter,
        # spaCy parse + matching + context, per message (the pipeline reuses its spaCy Doc,
        # so inside Rasa only the matching part is added).
        "lexicon_latency": {k: round(v, 2) for k, v in
                            scoring.latency_percentiles(lexicon_ms).items()},
        "sets": results,
    }
    write_report("crisis_eval", report, markdown(report), folder=args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
