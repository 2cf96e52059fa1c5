"""Every topic of the shared contract is an intent of the bot and has a button title."""

from __future__ import annotations

from pathlib import Path

import pytest

from family_guide.topics import topic_titles
from harness.nlu_scoring import contract_gaps, load_topics

TOPICS_FILE = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "topics.yml"


@pytest.fixture(scope="module")
def topics() -> list[str]:
    if not TOPICS_FILE.exists():
        pytest.fail(f"The topic contract {TOPICS_FILE} is missing (../shared beside the project).")
    return load_topics(TOPICS_FILE)


def test_every_contract_topic_is_an_intent(topics: list[str], rasa_domain) -> None:
    assert contract_gaps(topics, rasa_domain.intents) == []


def test_every_contract_topic_has_a_readable_button_title(topics: list[str]) -> None:
    assert sorted(topic_titles()) == sorted(topics)
