"""The dev set stays evaluation-only: no training example copies or closely rewords a dev item.

If one did, `make eval` would score memory, not understanding, and overstate what families
with new wordings (the hidden set) will get. Word overlap (Jaccard) of 0.6 or more with a dev
item of the same topic counts as a copy; a different topic is a contrast, not a leak.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.training_data import TrainingData

from harness.nlu_scoring import load_labelled

ROOT = Path(__file__).resolve().parents[2]
DEV_FILE = ROOT.parent / "shared" / "eval" / "dev.yml"
MAX_OVERLAP = 0.6


def words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9']+", text.lower()))


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def near_copies(
    training: list[tuple[str, str]], dev: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(training text, dev text) pairs of the same topic that overlap too much."""
    dev_words = [(text, topic, words(text)) for text, topic in dev]
    found = []
    for text, intent in training:
        own = words(text)
        for dev_text, topic, other in dev_words:
            if topic == intent and overlap(own, other) >= MAX_OVERLAP:
                found.append((text, dev_text))
    return found


def test_the_overlap_check_catches_a_reworded_copy_and_spares_a_contrast() -> None:
    dev = [("can my son get narcan for free", "naloxone")]
    assert near_copies([("can my son get Narcan free", "naloxone")], dev)
    assert not near_copies([("can my son get narcan for free", "cost_insurance")], dev)
    assert not near_copies([("where is naloxone sold near annapolis", "naloxone")], dev)


def test_no_training_example_copies_a_dev_item(nlu_training_data: TrainingData) -> None:
    if not DEV_FILE.exists():
        pytest.fail(f"The dev set {DEV_FILE} is missing (../shared beside the project).")
    data = nlu_training_data
    training = [(str(e.get("text")), str(e.get("intent"))) for e in data.intent_examples]
    dev = [(item.text, item.topic) for item in load_labelled(DEV_FILE)]
    copies = near_copies(training, dev)
    assert not copies, f"{len(copies)} training examples copy dev items, e.g. {copies[0][0]!r}"
