"""The real action_recommend_articles with a real Tracker, dispatcher and merged domain."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from tracker_builders import tracker_for, user_event

from actions.article_catalogue import load_articles
from actions.articles import ActionRecommendArticles


def run_action(domain, intents, slots):
    tracker = tracker_for([user_event(i, i) for i in intents], slots)
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ActionRecommendArticles().run(dispatcher, tracker, domain))
    return dispatcher.messages, result


def links(messages):
    return [m for m in messages if m.get("response") == "utter_article_link"]


def test_links_follow_the_topic_with_a_reason_and_are_remembered(domain):
    messages, events = run_action(domain, ["naloxone", "request_articles"], {})
    shown = links(messages)
    assert 1 <= len(shown) <= 3
    assert all(m["url"].startswith("https://") for m in shown)
    assert all(m["reason"].startswith("Why this one:") for m in shown)
    assert "naloxone" in shown[0]["reason"].lower()
    assert messages[0]["response"] == "utter_articles_intro"
    assert messages[-1]["response"] == "utter_articles_more"
    assert events[0]["name"] == "articles_shown"
    ids_by_title = {a.title: a.id for a in load_articles()}
    assert events[0]["value"] == [ids_by_title[m["title"]] for m in shown]


def test_more_never_repeats_and_runs_out_kindly(domain):
    shown, seen_ids = [], set()
    for _ in range(40):
        messages, events = run_action(domain, ["tms", "request_articles"],
                                      {"articles_shown": shown})
        if not events:
            assert [m["response"] for m in messages] == ["utter_articles_none_left"]
            break
        new = events[0]["value"][len(shown):]
        assert not seen_ids & set(new)
        seen_ids |= set(new)
        shown = events[0]["value"]
    else:
        pytest.fail("the articles never ran out")


def test_stage_and_substance_shape_the_choice(domain):
    messages, _ = run_action(domain, ["request_articles"],
                             {"stage": "recurrence", "substance": "opioids"})
    reasons = [m["reason"] for m in links(messages)]
    assert reasons and all("recurrence" in r or "opioids" in r for r in reasons)


def test_every_reason_has_its_response(domain):
    for reason in ("topic", "stage", "substance", "general"):
        assert domain["responses"].get(f"utter_article_reason_{reason}")
