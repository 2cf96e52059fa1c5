"""Every crisis reply carries the numbers a family needs, comes first, and needs no action
server: the rules use only utter_ responses and Rasa's own action_deactivate_loop."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rasa.shared.core.domain import Domain

from family_guide.importer import PROJECT_ROOT, load_domain

RULES_FILE = PROJECT_ROOT / "data" / "rules" / "crisis.yml"
CRISIS_INTENTS = ("crisis_suicide", "overdose_emergency", "immediate_danger")
BUILT_IN_ACTIONS = {"action_deactivate_loop", "action_listen"}


@pytest.fixture(scope="module")
def domain() -> Domain:
    return load_domain()


@pytest.fixture(scope="module")
def rules() -> dict[str, list[str]]:
    """Crisis intent -> the actions its rule runs, in order."""
    data = yaml.safe_load(Path(RULES_FILE).read_text(encoding="utf-8"))
    by_intent: dict[str, list[str]] = {}
    for rule in data["rules"]:
        steps = rule["steps"]
        intents = [step["intent"] for step in steps if "intent" in step]
        by_intent[intents[0]] = [step["action"] for step in steps if "action" in step]
    return by_intent


def texts(domain: Domain, response: str) -> list[str]:
    variations = domain.responses.get(response)
    assert variations, f"{response} is missing from the content catalogue"
    return [variation["text"] for variation in variations]


def path_text(domain: Domain, rules: dict[str, list[str]], intent: str) -> str:
    """Everything the bot says on one crisis path, in order."""
    return "\n".join(
        text
        for action in rules[intent]
        if action.startswith("utter_")
        for text in texts(domain, action)
    )


def test_every_crisis_intent_has_a_rule(rules: dict[str, list[str]]) -> None:
    assert sorted(rules) == sorted(CRISIS_INTENTS)


@pytest.mark.parametrize("intent", CRISIS_INTENTS)
def test_crisis_paths_need_no_action_server(rules: dict[str, list[str]], intent: str) -> None:
    custom = [a for a in rules[intent] if not a.startswith("utter_") and a not in BUILT_IN_ACTIONS]
    assert custom == []


@pytest.mark.parametrize("intent", CRISIS_INTENTS)
def test_crisis_reply_is_the_whole_turn(rules: dict[str, list[str]], intent: str) -> None:
    """An open form is closed first; then only crisis replies, nothing else asked."""
    actions = rules[intent]
    assert actions[0] == "action_deactivate_loop"
    assert all(a.startswith("utter_") for a in actions[1:])
    replies = actions[1:]
    assert replies[0] == f"utter_{intent}"


@pytest.mark.parametrize("intent", CRISIS_INTENTS)
def test_every_reply_on_a_crisis_path_exists(
    domain: Domain, rules: dict[str, list[str]], intent: str
) -> None:
    for action in rules[intent]:
        if action.startswith("utter_"):
            assert texts(domain, action)


def test_suicide_reply_gives_988_and_911_first(domain: Domain) -> None:
    for text in texts(domain, "utter_crisis_suicide"):
        assert re.search(r"\b988\b", text)
        assert "988lifeline.org" in text
        assert re.search(r"\b911\b", text)
        assert "someone else" in text  # you can call about a loved one


def test_suicide_path_covers_staying_with_them_and_removing_means(
    domain: Domain, rules: dict[str, list[str]]
) -> None:
    said = path_text(domain, rules, "crisis_suicide").lower()
    assert "stay with them" in said
    assert "medicines" in said and "firearms" in said
    assert said.rstrip().endswith("?")  # ends by offering to keep talking


def test_overdose_first_message_is_short_and_says_911_and_naloxone(domain: Domain) -> None:
    for text in texts(domain, "utter_overdose_emergency"):
        assert re.search(r"\b911\b", text)
        assert "naloxone" in text.lower() or "narcan" in text.lower()
        assert len(text.split()) <= 25, "the first overdose message must be readable at a glance"


def test_overdose_steps_cover_waking_breathing_second_dose_and_staying(
    domain: Domain, rules: dict[str, list[str]]
) -> None:
    said = path_text(domain, rules, "overdose_emergency").lower()
    for step in ("wake", "rescue breaths", "onto their side", "2 to 3 minutes", "second dose",
                 "until help arrives"):
        assert step in said, step


def test_good_samaritan_law_is_described_with_its_limits(domain: Domain) -> None:
    for text in texts(domain, "utter_overdose_good_samaritan"):
        lower = text.lower()
        assert "good samaritan" in lower
        assert "possession" in lower or "having drugs" in lower
        assert "paraphernalia" in lower
        for limit in ("warrants", "felonies", "immigration"):
            assert limit in lower, limit
        assert "call 911" in lower
        assert "can't get in trouble" not in lower and "cannot get in trouble" not in lower


def test_danger_reply_gives_911_and_a_safe_place_first(domain: Domain) -> None:
    for text in texts(domain, "utter_immediate_danger"):
        assert re.search(r"\b911\b", text)
        lower = text.lower()
        assert "leave" in lower and "neighbour" in lower and "lock" in lower
        assert "children" in lower


def test_danger_path_then_gives_988_and_maryland_211(
    domain: Domain, rules: dict[str, list[str]]
) -> None:
    said = path_text(domain, rules, "immediate_danger")
    assert re.search(r"\b988\b", said)
    assert "211, then press 1" in said


def test_crisis_kind_slot_is_filled_from_the_detector_entity(domain: Domain) -> None:
    assert "crisis_kind" in domain.entities
    slot = next(s for s in domain.slots if s.name == "crisis_kind")
    assert slot.mappings == [{"type": "from_entity", "entity": "crisis_kind"}]
    assert {"danger", "overdose", "suicide"} <= set(slot.values)
