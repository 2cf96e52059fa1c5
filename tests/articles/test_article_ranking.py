"""Which articles are offered, in what order, and why (pure ranking, table-driven)."""

import pytest
from tracker_builders import action_event, user_event

from actions.article_catalogue import Article
from actions.article_ranking import current_topic, rank_articles


def article(id, topics=(), stages=(), substances=(), audience="everyone"):
    return Article(id, id.title(), f"https://x.org/{id}", "s", tuple(topics), tuple(stages),
                   tuple(substances), audience, "o", "2026-11-25", "facts.md")


CATALOGUE = [
    article("start", topics=["request_articles"], audience="family"),
    article("naloxone_md", topics=["naloxone"], substances=["opioids"]),
    article("naloxone_general", topics=["naloxone", "overdose_signs"]),
    article("craft", topics=["precontemplation", "how_to_talk"], stages=["precontemplation"],
            audience="family"),
    article("talk", topics=["how_to_talk"]),
    article("al_anon", topics=["family_self_care"], substances=["alcohol"], audience="family"),
    article("relapse_help", topics=["relapse"], stages=["recurrence"]),
    article("research", topics=["how_to_talk"], audience="professionals"),
    article("groups", topics=["family_self_care"], stages=["precontemplation"]),
]

TABLE = [
    # topic, stage, substance, shown, expected [(id, reason)]
    ("naloxone", None, None, [],
     [("naloxone_md", "topic"), ("naloxone_general", "topic")]),
    ("naloxone", None, "opioids", [],
     [("naloxone_md", "topic"), ("naloxone_general", "topic")]),
    # An article about another substance drops below the general one.
    ("naloxone", None, "alcohol", [],
     [("naloxone_general", "topic"), ("naloxone_md", "topic"), ("al_anon", "substance")]),
    # Family audience and the stage lift CRAFT above the plain and the research reads.
    ("how_to_talk", "precontemplation", None, [],
     [("craft", "topic"), ("talk", "topic"), ("research", "topic")]),
    # The stage alone is enough to be relevant.
    (None, "precontemplation", None, [], [("craft", "stage"), ("groups", "stage")]),
    (None, None, "alcohol", [], [("al_anon", "substance")]),
    # Nothing to go on: the general starters.
    (None, None, None, [], [("start", "general")]),
    ("clinic_info", None, None, [], [("start", "general")]),
    # Already shown articles never come back.
    ("how_to_talk", None, None, ["craft", "talk"], [("research", "topic")]),
    ("naloxone", None, None, ["naloxone_md", "naloxone_general"], [("start", "general")]),
    (None, None, None, ["start"], []),
]


@pytest.mark.parametrize("topic,stage,substance,shown,expected", TABLE)
def test_ranking(topic, stage, substance, shown, expected):
    picks = rank_articles(CATALOGUE, topic, stage, substance, shown)
    assert [(p.article.id, p.reason) for p in picks] == expected


def test_never_more_than_three():
    many = [article(f"a{i}", topics=["naloxone"]) for i in range(10)]
    assert len(rank_articles(many, "naloxone", None, None)) == 3


def user(intent):
    return user_event("...", intent)


@pytest.mark.parametrize(
    "intents,expected",
    [
        (["naloxone"], "naloxone"),
        (["naloxone", "thank", "more_info", "request_articles"], "naloxone"),
        (["how_to_talk", "naloxone", "affirm"], "naloxone"),
        (["greet", "request_articles"], None),
        (["crisis_suicide", "request_articles"], "crisis_suicide"),
        ([], None),
    ],
)
def test_current_topic_is_the_latest_real_topic(intents, expected):
    topics = {"naloxone", "how_to_talk", "thank", "greet", "affirm", "crisis_suicide",
              "request_articles"}
    events = [user(i) for i in intents] + [action_event("action_listen")]
    assert current_topic(events, topics) == expected
