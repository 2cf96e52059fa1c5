"""The peer comparison scores every candidate the same way, on our own held-out letters too."""

from __future__ import annotations

from pathlib import Path

from benchmarks import dialogue_eval, peers
from harness.nlu_scoring import LabelledItem


def test_own_held_out_letters_leave_the_crisis_letters_out(tmp_path: Path) -> None:
    letters = tmp_path / "letters_holdout9.yml"
    letters.write_text(
        "- {text: 'he relapsed after rehab, what now', topic: relapse, writer: family}\n"
        "- {text: 'she took too many pills and will not wake up', topic: overdose_emergency}\n",
        encoding="utf-8")
    assert peers.own_held_out_letters([letters]) == [
        {"text": "he relapsed after rehab, what now", "topic": "relapse"}]


def test_the_real_held_out_sets_are_found_and_hold_no_crisis_topic() -> None:
    letters = peers.own_held_out_letters()
    assert len(letters) >= 100
    assert not {item["topic"] for item in letters} & dialogue_eval.CRISIS_TOPICS


def test_a_candidate_is_scored_on_short_messages_dev_letters_and_own_letters() -> None:
    def predict(batch: list[str]) -> list[str]:
        return ["relapse" if "relapse" in text else "naloxone" for text in batch]

    short = [LabelledItem("he had a relapse", "relapse"), LabelledItem("narcan?", "naloxone")]
    dev_letters = [{"text": "a relapse again", "topic": "relapse", "also": []},
                   {"text": "what now", "topic": "relapse", "also": ["naloxone"]}]
    own = [{"text": "relapse", "topic": "relapse"}, {"text": "x", "topic": "relapse"}]
    scores = peers.score(predict, short, dev_letters, ["relapse", "naloxone"], own)
    assert scores["short_accuracy"] == 1.0
    assert scores["letters_main"] == 0.5 and scores["letters_acceptable"] == 1.0
    assert scores["own_letters_main"] == 0.5
