"""Danger inside a long letter is found wherever it sits, with the right kind first and the
right person at risk; the near-misses that imitate each sign (negated, past, hypothetical,
idiom, a question) stay quiet. The cases are hand-written (long_message_cases.yml), one
family of signs at a time, with the sign in the third sentence or later."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from family_guide.crisis.detect import OTHER, SELF, CrisisLexicon

#: The `run_pipeline` fixture (conftest.py): text + classifier ranking -> processed Message.
RunPipeline = Callable[[str, list[tuple[str, float]]], Message]

CASES = yaml.safe_load(
    (Path(__file__).parent / "long_message_cases.yml").read_text(encoding="utf-8")
)


def case_id(case: dict[str, Any]) -> str:
    return f"{case['sign']}:{case['text'][:40]}"


@pytest.mark.parametrize("case", CASES["positive"], ids=case_id)
def test_a_sign_late_in_a_long_letter_gets_its_crisis_reply_first(
    lexicon: CrisisLexicon, case: dict[str, Any]
) -> None:
    found = lexicon.analyse_text(case["text"])
    assert found.kind == case["kind"]


@pytest.mark.parametrize(
    "case", [c for c in CASES["positive"] if c["kind"] != "danger"], ids=case_id
)
def test_the_reply_knows_whether_the_writer_is_the_one_at_risk(
    lexicon: CrisisLexicon, case: dict[str, Any]
) -> None:
    found = lexicon.analyse_text(case["text"])
    mention = found.first_active(case["kind"])
    assert mention is not None
    assert mention.person == (SELF if case["person"] == "self" else OTHER)


@pytest.mark.parametrize("case", CASES["negative"], ids=case_id)
def test_a_near_miss_in_a_long_letter_raises_no_alarm(
    lexicon: CrisisLexicon, case: dict[str, Any]
) -> None:
    found = lexicon.analyse_text(case["text"])
    live = [m.text for m in found.mentions if m.is_active]
    assert found.kind is None, f"{case['why']}: {live}"


def test_every_sign_family_has_positive_and_negative_cases() -> None:
    positive = {c["sign"] for c in CASES["positive"]}
    negative = {c["sign"] for c in CASES["negative"]}
    assert positive == negative and len(positive) >= 15


LETTER = (
    "My husband has been drinking every night since he lost his job in the spring. "
    "He barely talks to me or the kids and says nothing matters anymore. "
    "Tonight I saw he had taken his rifle out of the gun safe. "
    "How do I get him to see a counselor?"
)


def test_a_partial_sign_alone_is_not_a_crisis_but_two_together_are(
    lexicon: CrisisLexicon,
) -> None:
    """A gun taken out, or hopelessness, alone is a worry; together they are suicide risk."""
    assert lexicon.analyse_text(LETTER).kind == "suicide"
    assert lexicon.analyse_text(LETTER.replace("says nothing matters anymore", "is tired")
                                ).kind is None
    assert lexicon.analyse_text(
        LETTER.replace("Tonight I saw he had taken his rifle out of the gun safe. ", "")
    ).kind is None


def test_someone_on_the_way_is_danger_only_after_violence(lexicon: CrisisLexicon) -> None:
    after_violence = ("He grabbed me by the throat and strangled me last night. I'm at my "
                      "sister's now and he just texted that he's on his way here.")
    visit = "He finished rehab this week. He just texted that he's on his way here for dinner."
    assert lexicon.analyse_text(after_violence).kind == "danger"
    assert lexicon.analyse_text(visit).kind is None


def test_recent_violence_is_live_unless_everyone_is_safe_now(lexicon: CrisisLexicon) -> None:
    assert lexicon.analyse_text("he choked me last night when he was drunk").kind == "danger"
    assert lexicon.analyse_text(
        "he choked me last night when he was drunk. he was arrested and we are safe now"
    ).kind is None
    assert lexicon.analyse_text("he choked me once, years ago, before he got sober").kind is None


def test_the_pipeline_flags_the_writer_at_risk_and_keeps_the_question_and_sentence(
    run_pipeline: RunPipeline,
) -> None:
    text = ("I've been drinking a fifth a day for years and lost my job. Honestly my family "
            "would be better off with the life insurance. How do I talk to my wife about rehab?")
    message: Message = run_pipeline(text, [("how_to_talk", 0.5), ("rehab_support_groups", 0.3),
                                           ("thank", 0.2)])
    assert message.get("intent")["name"] == "crisis_suicide"
    [entity] = [e for e in message.get("entities") if e["entity"] == "crisis_kind"]
    assert entity["value"] == "suicide_self"
    crisis = message.get("crisis")
    assert [s["text"] for s in crisis["sentences"]] == [
        "Honestly my family would be better off with the life insurance."
    ]
    assert crisis["set_aside"] == ["how_to_talk", "rehab_support_groups"]


def test_a_loved_ones_overdose_keeps_the_plain_kind(run_pipeline: RunPipeline) -> None:
    message = run_pipeline(
        "My son has used pills for years. She found him in the bathroom. He took all his "
        "pills and won't wake up. What do I do?",
        [("relapse", 0.6), ("naloxone", 0.4)],
    )
    [entity] = [e for e in message.get("entities") if e["entity"] == "crisis_kind"]
    assert (message.get("intent")["name"], entity["value"]) == ("overdose_emergency", "overdose")


@pytest.mark.parametrize(("text", "words"), [
    ("My son has been on pills for three years. Last night in the driveway he told me he "
     "can't do this anymore. This morning he acted like nothing happened. Am I overreacting?",
     ["can't do this anymore"]),
    ("Our daughter is drinking again and keeps saying she feels hopeless. Could ketamine help?",
     ["hopeless"]),
    ("My partner keeps saying she's tired of fighting and done with everything. She mixes wine "
     "and her Klonopin most nights. What do I do?", ["tired of fighting", "done with everything"]),
    ("The strip showed fentanyl and he used it anyway. So what's the point of testing?", []),
    ("We're planning an intervention and each of us is writing him a letter.", []),
])
def test_no_way_forward_without_a_crisis_is_passed_on_for_988(
    run_pipeline: RunPipeline, text: str, words: list[str]
) -> None:
    message = run_pipeline(text, [("boundaries_enabling", 0.5), ("how_to_talk", 0.3)])
    crisis = message.get("crisis")
    assert crisis["kind"] is None
    assert crisis["no_way_forward"] == words
