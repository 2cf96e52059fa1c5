"""The topic registry (catalogues/topics.yml): each topic's title, theme, button and answer.

It lives in family_guide/ rather than with the actions because Rasa loads it too: the crisis
detector offers back the topics a crisis message set aside, and the topic-answer policy sends
the plain answers. The actions (knowledge follow-ups, fallback buttons, article reasons) read the
same registry, so a topic is described once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Optional

import yaml

REGISTRY_PATH = Path(__file__).resolve().parents[1] / "catalogues" / "topics.yml"


@dataclass(frozen=True)
class Topic:
    """One topic of the contract, as the registry describes it."""

    name: str
    title: str
    theme: str
    button: bool
    response: Optional[str] = None  # the plain answer, sent by the topic-answer policy
    then: Optional[str] = None  # the follow-up turn after it
    rule: tuple[str, ...] = ()  # or: the actions of the rule that answers it
    subjects: tuple[str, ...] = ()  # words that name the topic itself
    substances: tuple[str, ...] = ()  # the only substances its answer is written for, if any
    facets: tuple[tuple[str, str], ...] = ()  # facet -> response, where not utter_<topic>_<facet>

    def facet_response(self, facet: str, responses: Collection[str]) -> Optional[str]:
        """The response answering this facet of the topic, if the domain has one."""
        named = dict(self.facets).get(facet) or f"utter_{self.name}_{facet}"
        return named if named in responses else None

    @property
    def answer_steps(self) -> tuple[str, ...]:
        """The responses the topic-answer policy sends, in order (empty: a rule answers it)."""
        return tuple(step for step in (self.response, self.then) if step)


def parse_topic(name: str, entry: dict[str, Any]) -> Topic:
    """A registry entry as a Topic; an answer is either a response (+ then) or a rule."""
    answer = entry.get("answer") or {}
    return Topic(
        name=name,
        title=str(entry["title"]),
        theme=str(entry["theme"]),
        button=bool(entry["button"]),
        response=answer.get("response"),
        then=answer.get("then"),
        rule=tuple(answer.get("rule") or ()),
        subjects=tuple(str(word).lower() for word in entry.get("subjects") or ()),
        substances=tuple(str(value) for value in entry.get("substances") or ()),
        facets=tuple((str(k), str(v)) for k, v in (entry.get("facets") or {}).items()),
    )


@cache
def load_topics(path: Path = REGISTRY_PATH) -> dict[str, Topic]:
    """Every topic of the registry by name, in the registry's order (read once per process)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {name: parse_topic(name, entry) for name, entry in data["topics"].items()}


@cache
def facet_intents(path: Path = REGISTRY_PATH) -> dict[str, str]:
    """Intents that can ask a facet of the topic in focus, and the facet each asks."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (data.get("facet_intents") or {}).items()}


@cache
def situation_topics(path: Path = REGISTRY_PATH) -> dict[str, tuple[str, frozenset[str]]]:
    """Situation value -> (the topic that answers it, the topics that give way to it)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(situation): (str(entry["answered_by"]),
                             frozenset(str(t) for t in entry.get("instead_of") or ()))
            for situation, entry in (data.get("situation_topics") or {}).items()}


@cache
def situation_offers(path: Path = REGISTRY_PATH,
                     beside_answers_only: bool = False) -> dict[str, tuple[str, str]]:
    """Situation value -> (the topic whose version for it a fallback offers first, its title).
    `beside_answers_only`: those a letter's reflection may also offer next to another topic's
    answer, since only their topic has the version for the situation (children in the home)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(situation): (str(entry["topic"]), str(entry["title"]))
            for situation, entry in (data.get("situation_offers") or {}).items()
            if entry.get("beside_answers") or not beside_answers_only}


def topic_titles() -> dict[str, str]:
    """Every topic's human-readable title."""
    return {name: topic.title for name, topic in load_topics().items()}


def answered_topics() -> dict[str, tuple[str, ...]]:
    """The topics answered with plain responses, and those responses in order."""
    return {name: t.answer_steps for name, t in load_topics().items() if t.answer_steps}


def button_title(intent: str) -> str | None:
    """The button title for an intent, or None when it should not be offered as a button."""
    topic = load_topics().get(intent)
    return topic.title if topic and topic.button else None


def likeliest_topics(
    intent_ranking: Iterable[dict[str, Any]], limit: int = 3, exclude: Collection[str] = ()
) -> list[str]:
    """The top-ranked intents that make sense to offer back as topics, best first: the
    fallback's "did you mean" buttons, and the topics a crisis message set aside."""
    topics: list[str] = []
    for entry in intent_ranking:
        name = entry.get("name")
        if name and button_title(name) and name not in exclude and name not in topics:
            topics.append(name)
        if len(topics) == limit:
            break
    return topics
