"""No `rasa data validate` warning is left unexplained.

Rasa warns about responses and intents that no story or rule mentions. Ours are responses that
custom actions send by name (some built from a template such as f"utter_{topic}_more"), topics
and their answers that the topic registry (catalogues/topics.yml) names for the topic-answer
policy, and intents that only forms read through slot mappings. This test explains every such
warning, so a truly dead response or intent (or a typo in a name) fails the build instead of
scrolling past.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Callable

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.data import get_data_files, is_nlu_file
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.validator import Validator

from family_guide.followups import sendable_responses
from family_guide.topics import answered_topics, facet_intents

ROOT = Path(__file__).resolve().parents[2]
UNUSED = re.compile(r"The (utterance|intent) '([\w/]+)' is not used in any story or rule")


@pytest.fixture(scope="module")
def unused() -> dict[str, set[str]]:
    """The names Rasa's validator warns about, by kind.

    These warnings compare the domain with the stories and rules. NLU data could change them
    only by adding retrieval intents to the domain, and it declares none (checked below), so
    the validator is given the stories and rules without the NLU files Rasa takes seconds
    (twice, in its importer) to read.
    """
    stories_and_rules = get_data_files([str(ROOT / "data")], YAMLStoryReader.is_stories_file)
    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain"), sorted(stories_and_rules)
    )
    validator = Validator.from_importer(importer)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        validator.verify_utterances_in_stories(ignore_warnings=True)
        validator.verify_intents_in_stories(ignore_warnings=True)
    found: dict[str, set[str]] = {"utterance": set(), "intent": set()}
    for warning in caught:
        match = UNUSED.search(str(warning.message))
        if match:
            found[match.group(1)].add(match.group(2))
    return found


def test_no_nlu_file_declares_retrieval_intents_or_responses(
    read_nlu_file: Callable[[str], TrainingData]
) -> None:
    """What lets `unused` leave the NLU files out: Rasa would add these to the domain."""
    for file in get_data_files([str(ROOT / "data")], is_nlu_file):
        data = read_nlu_file(file)
        assert not data.retrieval_intents and not data.responses, file


def action_sources() -> str:
    return "\n".join(p.read_text() for p in sorted((ROOT / "actions").glob("*.py")))


def names_actions_can_send(source: str) -> list[re.Pattern[str]]:
    """Response names the actions use: literal strings, and f-string templates as patterns."""
    patterns = []
    for quoted in re.findall(r"[\"'](utter_[^\"'\s]*)[\"']", source):
        template = re.escape(quoted)
        template = re.sub(r"\\\{[^}]*\\\}", r"\\w+", template)
        patterns.append(re.compile(f"^{template}$"))
    return patterns


def intents_read_elsewhere(source: str, domain: Domain) -> set[str]:
    """Intents named by slot mappings, sent by button payloads, or named by the actions' code."""
    named: set[str] = set()
    for variations in domain.responses.values():
        for variation in variations:
            for button in variation.get("buttons") or []:
                named.update(re.findall(r"^/(\w+)", str(button.get("payload", ""))))
    named.update(re.findall(r"/(\w+)\{", source))
    for slot in domain.slots:
        for mapping in slot.mappings:
            for key in ("intent", "not_intent"):
                value = mapping.get(key) or []
                named.update([value] if isinstance(value, str) else value)
    named.update(re.findall(r"[\"'](\w+)[\"']", source))
    return named


def test_every_response_no_story_uses_is_sent_by_an_action(
    unused: dict[str, set[str]], rasa_domain: Domain
) -> None:
    patterns = names_actions_can_send(action_sources())
    registry = {step for steps in answered_topics().values() for step in steps}
    registry |= sendable_responses(set(rasa_domain.responses))
    unexplained = sorted(
        name for name in unused["utterance"] - registry
        if name != "utter_default" and not any(p.match(name) for p in patterns)
    )
    assert unexplained == [], "responses nothing sends (dead, or a misspelt name)"


def test_every_intent_no_story_uses_is_read_by_a_form_or_an_action(
    unused: dict[str, set[str]], rasa_domain: Domain
) -> None:
    named = intents_read_elsewhere(action_sources(), rasa_domain) | set(answered_topics())
    named |= set(facet_intents())
    assert sorted(unused["intent"] - named) == []


def test_the_default_fallback_response_is_kept_for_rasa(rasa_domain: Domain) -> None:
    """utter_default is what Rasa's own action_default_fallback says; no story names it."""
    assert "utter_default" in rasa_domain.responses
