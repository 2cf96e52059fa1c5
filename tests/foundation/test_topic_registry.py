"""The topic registry (catalogues/topics.yml) agrees with the contract, the domain and the rules.

Adding a topic is one registry entry plus its NLU examples and its answer texts; these checks
catch the entry that names a response nobody wrote, a rule that does not exist, or a topic that
is answered twice (by a rule and by the topic-answer policy).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.shared.core.domain import Domain

from family_guide.topics import Topic, load_topics, situation_offers, situation_topics
from harness.nlu_scoring import load_topics as load_contract

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT.parent / "shared" / "eval" / "topics.yml"
BUILT_IN_ACTIONS = {"action_deactivate_loop", "action_listen"}


@pytest.fixture(scope="module")
def topics() -> dict[str, Topic]:
    return load_topics()


@pytest.fixture(scope="module")
def rules() -> dict[str, list[dict[str, Any]]]:
    """Every rule's steps, by the rules file's stem (its capability)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((ROOT / "data" / "rules").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[path.stem] = [rule["steps"] for rule in data.get("rules") or []]
    return found


@cache
def answers_in(theme: str) -> frozenset[str]:
    """The responses written in domain/answers/<theme>.yml (read once: topics share themes)."""
    path = ROOT / "domain" / "answers" / f"{theme}.yml"
    return frozenset(yaml.safe_load(path.read_text(encoding="utf-8"))["responses"])


def first_intent(steps: list[dict[str, Any]]) -> str | None:
    return steps[0].get("intent") if steps else None


def test_the_registry_lists_the_contract_topics_in_order(topics: dict[str, Topic]) -> None:
    if not CONTRACT.exists():
        pytest.fail(f"The topic contract {CONTRACT} is missing (../shared beside the project).")
    assert list(topics) == load_contract(CONTRACT)


def test_every_topic_is_an_intent_with_a_title_of_its_own(
    topics: dict[str, Topic], rasa_domain: Domain
) -> None:
    assert sorted(set(topics) - set(rasa_domain.intents)) == []
    titles = [topic.title.strip() for topic in topics.values()]
    assert all(titles) and len(set(titles)) == len(titles)


def test_every_topic_is_answered_one_way(topics: dict[str, Topic]) -> None:
    both_or_neither = [n for n, t in topics.items() if bool(t.response) == bool(t.rule)]
    assert both_or_neither == []


def test_plain_answers_are_responses_of_the_topics_theme(
    topics: dict[str, Topic], rasa_domain: Domain
) -> None:
    for topic in topics.values():
        if not topic.response:
            continue
        assert topic.response in answers_in(topic.theme), topic.name
        for step in topic.answer_steps:
            assert step in rasa_domain.responses, f"{topic.name}: {step}"


def test_no_rule_answers_a_topic_the_policy_answers(
    topics: dict[str, Topic], rules: dict[str, list[dict[str, Any]]]
) -> None:
    ruled = {first_intent(steps) for capability in rules.values() for steps in capability}
    assert sorted(n for n, t in topics.items() if t.response and n in ruled) == []


def test_rule_answers_are_the_rules_of_the_topics_theme(
    topics: dict[str, Topic], rules: dict[str, list[dict[str, Any]]], rasa_domain: Domain
) -> None:
    known = set(rasa_domain.action_names_or_texts) | set(rasa_domain.form_names)
    for topic in topics.values():
        if not topic.rule:
            continue
        actions = [
            [step["action"] for step in steps if "action" in step]
            for steps in rules.get(topic.theme, [])
            if first_intent(steps) == topic.name
        ]
        assert actions == [list(topic.rule)], f"{topic.name}: data/rules/{topic.theme}.yml"
        assert set(topic.rule) - known - BUILT_IN_ACTIONS == set(), topic.name


def test_situation_topics_name_real_topics_and_situations(
    topics: dict[str, Topic], rasa_domain: Domain
) -> None:
    """Each situation the registry redirects for is a value of the situation slot, and it is
    answered by a plain-answer topic in place of other real topics."""
    slot_values = set(next(s for s in rasa_domain.slots if s.name == "situation").values)
    for situation, (answered_by, instead_of) in situation_topics().items():
        assert situation in slot_values
        assert topics[answered_by].answer_steps
        assert instead_of and instead_of <= set(topics) and answered_by not in instead_of


def test_situation_offers_name_a_topic_with_a_version_for_the_situation(
    topics: dict[str, Topic], rasa_domain: Domain
) -> None:
    """A fallback offers the topic whose answer has a variation written for the situation, so
    the button's title ("Coming home from rehab or jail") is what the answer is about."""
    slot_values = set(next(s for s in rasa_domain.slots if s.name == "situation").values)
    for situation, (topic, title) in situation_offers().items():
        assert situation in slot_values and topics[topic].answer_steps and title
        variations = rasa_domain.responses[topics[topic].answer_steps[0]]
        assert any({"name": "situation", "value": situation}.items() <= condition.items()
                   for variation in variations for condition in variation.get("condition") or [])


def test_substance_bound_topics_name_substance_values(
    topics: dict[str, Topic], rasa_domain: Domain
) -> None:
    substance = next(s for s in rasa_domain.slots if s.name == "substance")
    for topic in topics.values():
        assert set(topic.substances) <= set(substance.values)
