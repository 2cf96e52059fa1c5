"""Launch honesty: a clinic page is linked only once the clinic has set its site and reviewed the
page (catalogues/clinic_launch.yml); until then families get the outside sources (#15).

An invented page on a placeholder domain, ranked first, would send a family to a dead end at the
moment they reached out.
"""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from tracker_builders import tracker_for, user_event

from actions.article_catalogue import (
    PLACEHOLDER_BASE_URL,
    load_articles,
    offered_articles,
)
from actions.article_ranking import NOT_A_TOPIC
from actions.articles import ActionRecommendArticles
from actions.clinic_launch import LaunchSettings, load_launch_settings

CLINIC_PAGES = {a.id: a for a in load_articles() if a.url_from == "clinic"}
# What only the clinic's own pages can answer: nothing outside fits them before launch.
CLINIC_ONLY_TOPICS = {"capabilities", "book_appointment", "manage_appointment", "clinic_info",
                      "privacy"}


@pytest.fixture(autouse=True)
def no_site_from_the_environment(monkeypatch):
    monkeypatch.delenv("CLINIC_BASE_URL", raising=False)
    load_articles.cache_clear()
    yield
    load_articles.cache_clear()


def test_the_catalogue_proposes_clinic_pages():
    assert len(CLINIC_PAGES) >= 10


def test_as_shipped_the_clinic_has_set_no_site_and_reviewed_no_page():
    settings = load_launch_settings()
    assert settings.base_url == "" and settings.reviewed_pages == {}


def test_as_shipped_no_clinic_page_is_offered():
    offered = offered_articles(load_articles())
    assert not [a.id for a in offered if a.url_from == "clinic"]
    assert not [a.url for a in offered if a.url.startswith(PLACEHOLDER_BASE_URL)]


@pytest.mark.parametrize("topic", sorted({t for a in CLINIC_PAGES.values() for t in a.topics}))
def test_the_action_never_links_an_unreviewed_clinic_page(domain, topic):
    tracker = tracker_for([user_event(topic, topic), user_event("more", "request_articles")], {})
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionRecommendArticles().run(dispatcher, tracker, domain))
    urls = [m["url"] for m in dispatcher.messages if m.get("response") == "utter_article_link"]
    assert not [u for u in urls if u.startswith(PLACEHOLDER_BASE_URL) or "{clinic}" in u]
    if topic not in CLINIC_ONLY_TOPICS:
        assert urls, f"{topic}: the outside sources should stand in for the clinic's page"


def test_a_page_is_offered_once_the_site_is_set_and_the_page_reviewed():
    articles = load_articles(base_url="https://clinic.example.net")
    reviewed = {"clinic_ketamine_safety": "2027-01-15"}
    live = LaunchSettings("https://clinic.example.net", reviewed, ())
    offered = {a.id: a for a in offered_articles(articles, live) if a.url_from == "clinic"}
    assert list(offered) == ["clinic_ketamine_safety"]
    assert offered["clinic_ketamine_safety"].url == "https://clinic.example.net/ketamine-safety"
    no_site = LaunchSettings("", reviewed, ())
    assert not [a for a in offered_articles(articles, no_site) if a.url_from == "clinic"]


def test_the_site_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CLINIC_BASE_URL", "https://clinic.example.net/")
    assert load_launch_settings().base_url == "https://clinic.example.net"


def test_reviewed_pages_name_clinic_pages():
    assert set(load_launch_settings().reviewed_pages) <= set(CLINIC_PAGES)


def test_before_launch_only_clinic_topics_have_nothing_to_read(contract_topics):
    covered = {t for a in offered_articles(load_articles()) for t in a.topics}
    missing = set(contract_topics) - covered - NOT_A_TOPIC
    assert missing <= CLINIC_ONLY_TOPICS, sorted(missing - CLINIC_ONLY_TOPICS)
