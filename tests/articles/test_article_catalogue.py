"""The article catalogue: safe links, known tags, and something to read for every topic."""

import pytest

from actions.article_catalogue import (
    CATALOGUE_PATH,
    PLACEHOLDER_BASE_URL,
    catalogue_problems,
    load_articles,
    read_entries,
)
from actions.stage_scoring import STAGES

# Conversation glue: nothing to read about "hello" or "no". Every other topic needs an article.
CONVERSATIONAL_TOPICS = {"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge",
                         "out_of_scope"}


def test_catalogue_has_no_problems(contract_topics, substance_values):
    problems = catalogue_problems(read_entries(), contract_topics, STAGES, substance_values)
    assert problems == [], "\n".join(problems)


def test_catalogue_has_at_least_25_articles():
    assert len(read_entries()) >= 25


def test_every_topic_in_the_contract_has_an_article(contract_topics):
    covered = {topic for article in load_articles() for topic in article.topics}
    missing = [t for t in contract_topics if t not in covered and t not in CONVERSATIONAL_TOPICS]
    assert missing == [], f"topics with nothing to read: {missing}"


def test_every_stage_has_stage_specific_articles():
    for stage in STAGES:
        assert any(stage in article.stages for article in load_articles()), stage


def test_clinic_pages_use_the_configured_base_url():
    load_articles.cache_clear()
    articles = load_articles(CATALOGUE_PATH, "https://clinic.example.net/")
    clinic = [a for a in articles if a.url_from == "clinic"]
    assert clinic and all(a.url.startswith("https://clinic.example.net/") for a in clinic)
    assert all("{clinic}" not in a.url for a in articles)


def test_without_a_site_clinic_pages_resolve_to_the_documented_placeholder(monkeypatch):
    """Only for checking and listing them: tests/articles/test_clinic_pages.py proves a page
    under the placeholder is never offered."""
    monkeypatch.delenv("CLINIC_BASE_URL", raising=False)
    load_articles.cache_clear()
    ketamine = next(a for a in load_articles() if a.id == "clinic_ketamine_for_addiction")
    assert ketamine.url == f"{PLACEHOLDER_BASE_URL}/ketamine-for-addiction"
    assert "clinic_launch.yml" in CATALOGUE_PATH.read_text(encoding="utf-8")
    load_articles.cache_clear()


GOOD = {
    "id": "x", "title": "T", "url": "https://a.org", "summary": "S", "topics": ["naloxone"],
    "stages": [], "substances": [], "audience": "family", "owner": "O", "reviewed": "2026-11-25",
    "url_from": "facts.md",
}


@pytest.mark.parametrize(
    "change,expected",
    [
        ({"url": "http://a.org"}, "URL is not https"),
        ({"topics": ["naloxon"]}, "unknown topic tag 'naloxon'"),
        ({"stages": ["denial"]}, "unknown stage tag 'denial'"),
        ({"substances": ["xanax"]}, "unknown substance tag 'xanax'"),
        ({"audience": "kids"}, "unknown audience 'kids'"),
        ({"url_from": "clinic", "reviewed": "pending"}, "must use {clinic}"),
        ({"url_from": "clinic", "url": "{clinic}/x"}, "review goes in catalogues/clinic_launch"),
        ({"topics": []}, "no topics"),
    ],
)
def test_validation_catches_each_kind_of_mistake(change, expected):
    problems = catalogue_problems([{**GOOD, **change}], ["naloxone"], STAGES, ["opioids"])
    assert len(problems) == 1 and expected in problems[0]


def test_validation_catches_missing_fields_and_duplicate_ids():
    entry = {k: v for k, v in GOOD.items() if k != "owner"}
    assert "missing owner" in catalogue_problems([entry], ["naloxone"], STAGES, [])[0]
    problems = catalogue_problems([GOOD, GOOD], ["naloxone"], STAGES, [])
    assert problems == ["article 2 (x): duplicate id"]
