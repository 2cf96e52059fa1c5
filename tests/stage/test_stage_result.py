"""The check-in result: estimate with its reason, the stage's guidance, and a fresh start."""

import asyncio
import re

import pytest
from rasa_sdk.executor import CollectingDispatcher
from tracker_builders import tracker_for, user_event

from actions.stage_answers import QUESTION_SLOTS
from actions.stage_result import ActionStageResult
from actions.stage_scoring import REASONS, STAGES

NO_PROBLEM_SEEN = {**dict.fromkeys(QUESTION_SLOTS, "no"), "stage_not_using": "using"}


def run_result(answers, events=()):
    tracker = tracker_for(list(events), answers, latest_action="stage_form")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionStageResult().run(dispatcher, tracker, {}))
    return [m["response"] for m in dispatcher.messages], events


def test_result_gives_estimate_and_guidance_without_ketamine_then_clears_answers():
    responses, events = run_result(NO_PROBLEM_SEEN)
    assert responses == [
        "utter_stage_estimate_no_problem_seen",
        "utter_stage_guidance_precontemplation",
        "utter_stage_next",
    ]
    slots = {e["name"]: e["value"] for e in events}
    assert slots["stage"] == "precontemplation"
    assert all(slots[slot] is None for slot in QUESTION_SLOTS)


@pytest.mark.parametrize("intent", ["ketamine_info", "ketamine_safety", "ketamine_suggest",
                                    "ketamine_opioid_bridge", "ketamine_process"])
def test_ketamine_note_only_for_a_family_who_asked_about_ketamine(intent):
    asked = [user_event("could ketamine help my son?", intent),
             user_event("/stage_assessment", "stage_assessment")]
    responses, _ = run_result(NO_PROBLEM_SEEN, asked)
    assert responses == [
        "utter_stage_estimate_no_problem_seen",
        "utter_stage_guidance_precontemplation",
        "utter_stage_ketamine_precontemplation",
        "utter_stage_next",
    ]


@pytest.mark.parametrize("intent", ["tms", "cost_insurance", "how_to_talk", "naloxone"])
def test_other_topics_never_bring_the_ketamine_note(intent):
    other = [user_event("something else", intent),
             user_event("/stage_assessment", "stage_assessment")]
    responses, _ = run_result(NO_PROBLEM_SEEN, other)
    assert not any("ketamine" in response for response in responses)


def test_everyone_else_can_still_ask_about_ketamine_with_a_button(domain):
    buttons = domain["responses"]["utter_stage_next"][0]["buttons"]
    assert {"title": "Ketamine therapy", "payload": "/ketamine_info"} in buttons


@pytest.mark.parametrize("stage", STAGES)
def test_no_ketamine_note_frames_a_consultation_around_sleep_mood_or_pain(domain, stage):
    text = domain["responses"][f"utter_stage_ketamine_{stage}"][0]["text"].lower()
    assert not re.search(r"sleep, mood|mood or pain|framed around", text)


def test_all_skipped_says_so_kindly_and_keeps_no_stage():
    responses, events = run_result(dict.fromkeys(QUESTION_SLOTS, "unsure"))
    assert responses == ["utter_stage_estimate_unknown", "utter_stage_next"]
    assert "stage" not in {e["name"] for e in events}


def every_result_response():
    names = [f"utter_stage_estimate_{reason}" for reason in REASONS]
    names += ["utter_stage_estimate_unknown", "utter_stage_next"]
    for stage in STAGES:
        names += [f"utter_stage_guidance_{stage}", f"utter_stage_ketamine_{stage}"]
    return names


@pytest.mark.parametrize("name", every_result_response())
def test_every_result_response_exists_with_sources(domain, name):
    variations = domain["responses"].get(name)
    assert variations, f"{name} is missing from the content catalogue"
    for variation in variations:
        metadata = variation.get("metadata") or {}
        assert metadata.get("reviewed")
        if name != "utter_stage_next":
            assert all(" — https://" in source for source in metadata.get("sources") or [None])


@pytest.mark.parametrize("stage", STAGES)
def test_guidance_has_three_things_one_to_avoid_one_for_you(domain, stage):
    text = domain["responses"][f"utter_stage_guidance_{stage}"][0]["text"]
    assert re.findall(r"^[123]\. ", text, flags=re.MULTILINE) == ["1. ", "2. ", "3. "]
    assert "One thing to avoid:" in text
    assert "For you:" in text


def test_estimates_are_worded_as_estimates_never_a_diagnosis(domain):
    for reason in REASONS:
        text = domain["responses"][f"utter_stage_estimate_{reason}"][0]["text"]
        assert "may be" in text and "not a diagnosis" in text


FORBIDDEN = [
    r"(?<!not )fda[- ]approved for (addiction|alcohol|opioid)",
    r"\bcures?\b",
    r"\baddicts?\b",
    r"\babusers?\b",
    r"\balcoholics?\b",
    r"\bjunkies?\b",
    r"\b(clean|dirty)\b",
    r"rock bottom(?!\")",
]


@pytest.mark.parametrize("stage", STAGES)
def test_stage_texts_avoid_forbidden_claims_and_stigmatising_words(domain, stage):
    for name in (f"utter_stage_guidance_{stage}", f"utter_stage_ketamine_{stage}"):
        text = domain["responses"][name][0]["text"].lower()
        for pattern in FORBIDDEN:
            assert not re.search(pattern, text), f"{name} matches {pattern}"
    ketamine = domain["responses"][f"utter_stage_ketamine_{stage}"][0]["text"]
    assert "not FDA-approved for addiction" in ketamine or "off-label" in ketamine
