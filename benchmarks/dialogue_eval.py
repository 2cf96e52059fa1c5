"""`make eval` part two: how the bot does on long family letters and multi-turn conversations.

Short single-topic questions (eval/evaluate.py) flatter a bot that fails real families, who write
letters and then follow up in turns. This scores the two dev sets written that way:

- letters (../shared/eval/dev_letters.yml): main-topic accuracy, acceptable (main or an `also`
  topic), fallback rate and crisis recall, from the trained model's parses;
- conversations (../shared/eval/dev_conversations.yml): each conversation runs on the live bot in a
  fresh sender id; a turn passes when every `has` group finds one alternative in the turn's replies
  (joined, lower-cased, button titles included) and nothing from `not` appears.

Writes reports/dialogue_eval.{json,md}. With --replies FILE it also writes every letter's reply
(under results/, which git ignores) for reading as the writer would
(../shared/eval/reading_replies.md).
A benchmark, not a test: it exits 0 once it has run.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from benchmarks.nlu_eval import parse_all, quiet_libraries
from benchmarks.reporting import REPORTS, write_report
from harness import nlu_scoring as scoring
from harness.live_bot import DEFAULT_MODEL
from harness.stack import ROOT

SHARED_EVAL = ROOT.parent / "shared" / "eval"
DEV_LETTERS = SHARED_EVAL / "dev_letters.yml"
DEV_CONVERSATIONS = SHARED_EVAL / "dev_conversations.yml"
CRISIS_TOPICS = frozenset({"crisis_suicide", "overdose_emergency", "immediate_danger"})

Reply = list[dict[str, Any]]


def load_letters(path: Path) -> list[dict[str, Any]]:
    """Letters as {text, topic, also: [topics]}."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        {"text": str(item["text"]), "topic": str(item["topic"]),
         "also": [str(t) for t in (item.get("also") or [])]}
        for item in raw
    ]


def score_letters(letters: list[dict[str, Any]], parses: list[dict[str, Any]]) -> dict[str, Any]:
    """Main-topic accuracy, acceptable rate, fallback rate and crisis recall of the parses."""
    predicted = [scoring.topic_of(parse) for parse in parses]
    total = len(letters) or 1
    main = sum(pred == item["topic"] for pred, item in zip(predicted, letters))
    acceptable = sum(
        pred == item["topic"] or pred in item["also"] for pred, item in zip(predicted, letters)
    )
    fallback = sum(pred == scoring.FALLBACK_INTENT for pred in predicted)
    crisis = [
        (pred, item) for pred, item in zip(predicted, letters) if item["topic"] in CRISIS_TOPICS
    ]
    caught = sum(pred in CRISIS_TOPICS for pred, _ in crisis)
    false_alarms = sum(
        pred in CRISIS_TOPICS for pred, item in zip(predicted, letters)
        if item["topic"] not in CRISIS_TOPICS
    )
    misses = [
        {"true": item["topic"], "also": item["also"], "predicted": pred, "chars": len(item["text"])}
        for pred, item in zip(predicted, letters)
        if pred != item["topic"]
    ]
    return {
        "letters": len(letters),
        "main_topic": round(main / total, 3),
        "acceptable": round(acceptable / total, 3),
        "fallback_rate": round(fallback / total, 3),
        "crisis_recall": f"{caught}/{len(crisis)}",
        "crisis_false_alarms": false_alarms,
        "misses": misses,
    }


def reply_text(replies: Reply) -> str:
    """What the writer sees for one turn: every bubble and button title, joined and lower-cased."""
    parts: list[str] = []
    for bubble in replies:
        parts.append(str(bubble.get("text") or ""))
        parts.extend(str(button.get("title") or "") for button in bubble.get("buttons") or [])
    return "\n".join(parts).lower()


def turn_passes(turn: dict[str, Any], seen: str) -> tuple[bool, list[str]]:
    """Whether one turn's replies meet its expectations, and which expectations failed."""
    failed = [
        " | ".join(map(str, group))
        for group in turn.get("has") or []
        if not any(str(alternative).lower() in seen for alternative in group)
    ]
    failed += [f"not: {text}" for text in turn.get("not") or [] if str(text).lower() in seen]
    return not failed, failed


def score_conversations(
    conversations: list[dict[str, Any]], say: Callable[[str, str], Reply]
) -> dict[str, Any]:
    """Run every conversation through `say(sender, text)`; pass rates overall and by phenomenon."""
    by_phenomenon: dict[str, dict[str, int]] = defaultdict(
        lambda: {"conversations": 0, "passed": 0, "turns": 0, "turns_passed": 0}
    )
    failures: list[dict[str, Any]] = []
    for conversation in conversations:
        sender = f"eval-{secrets.token_hex(8)}"
        row = by_phenomenon[str(conversation.get("phenomenon", "other"))]
        row["conversations"] += 1
        all_passed = True
        for number, turn in enumerate(conversation["turns"], start=1):
            passed, failed = turn_passes(turn, reply_text(say(sender, str(turn["user"]))))
            row["turns"] += 1
            row["turns_passed"] += passed
            if not passed:
                all_passed = False
                failures.append({"id": conversation.get("id"), "turn": number, "failed": failed})
        row["passed"] += all_passed
    totals = {key: sum(row[key] for row in by_phenomenon.values())
              for key in ("conversations", "passed", "turns", "turns_passed")}
    return {
        "conversation_pass_rate": round(totals["passed"] / (totals["conversations"] or 1), 3),
        "turn_pass_rate": round(totals["turns_passed"] / (totals["turns"] or 1), 3),
        **totals,
        "by_phenomenon": dict(sorted(by_phenomenon.items())),
        "failures": failures,
    }


def markdown(report: dict[str, Any]) -> str:
    """The report for people: the headline numbers, then per phenomenon."""
    letters, conversations = report["letters"], report["conversations"]
    lines = [
        "# Long letters and conversations (dev sets)",
        "",
        "Written by `python -m benchmarks.dialogue_eval` (part of `make eval`). Evaluation only:",
        "nothing from these sets is trained on.",
        "",
        "## Letters",
        "",
        "| letters | main topic | acceptable | fallback | crisis recall | crisis false alarms |",
        "|---|---|---|---|---|---|",
        f"| {letters['letters']} | {letters['main_topic']:.3f} | {letters['acceptable']:.3f} | "
        f"{letters['fallback_rate']:.3f} | {letters['crisis_recall']} | "
        f"{letters['crisis_false_alarms']} |",
        "",
        "## Conversations",
        "",
        f"Conversations passing every turn: **{conversations['passed']}/"
        f"{conversations['conversations']}** ({conversations['conversation_pass_rate']:.0%}); "
        f"turns: **{conversations['turns_passed']}/{conversations['turns']}** "
        f"({conversations['turn_pass_rate']:.0%}).",
        "",
        "| phenomenon | conversations passed | turns passed |",
        "|---|---|---|",
    ]
    for name, row in conversations["by_phenomenon"].items():
        lines.append(f"| {name} | {row['passed']}/{row['conversations']} | "
                     f"{row['turns_passed']}/{row['turns']} |")
    return "\n".join(lines) + "\n"


def run_conversations(path: Path) -> dict[str, Any]:
    """Start the live bot in a temporary folder and score the conversations on it."""
    from harness.live_bot import running_bot

    conversations = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    with tempfile.TemporaryDirectory(prefix="fg-dialogue-eval-") as work:
        with running_bot(Path(work)) as bot:
            return score_conversations(conversations, bot.say)


def write_letter_replies(letters: list[dict[str, Any]], target: Path) -> None:
    """Every letter's live replies, for reading as the writer would (kept out of git)."""
    from harness.live_bot import running_bot

    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="fg-letter-replies-") as work:
        with running_bot(Path(work)) as bot:
            for item in letters:
                sender = f"letter-{secrets.token_hex(8)}"
                out.append({"topic": item["topic"], "also": item["also"], "text": item["text"],
                            "reply": reply_text(bot.say(sender, item["text"]))})
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=100),
                      encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    quiet_libraries()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=Path, default=DEV_LETTERS)
    parser.add_argument("--conversations", type=Path, default=DEV_CONVERSATIONS)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--out", type=Path, default=REPORTS)
    parser.add_argument("--replies", type=Path, help="also write every letter's reply here")
    args = parser.parse_args(argv)
    for path in (args.letters, args.conversations, args.model):
        if not path.exists():
            print(f"Cannot evaluate: {path} does not exist.")
            return 0

    letters = load_letters(args.letters)
    parses, _, _ = asyncio.run(parse_all(args.model, [item["text"] for item in letters]))
    report = {"letters": score_letters(letters, parses),
              "conversations": run_conversations(args.conversations)}
    if args.replies:
        write_letter_replies(letters, args.replies)
    write_report("dialogue_eval", report, markdown(report), folder=args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
