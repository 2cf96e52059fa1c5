"""The evaluation arithmetic: a wrong number here would mislead every decision made from it."""

from __future__ import annotations

import pytest

from harness import nlu_scoring as s


def test_macro_f1_averages_topics_present_in_the_set() -> None:
    truth = ["a", "a", "b", "b"]
    pred = ["a", "b", "b", "b"]
    scores = s.per_topic_scores(truth, pred, ["a", "b", "c"])
    expected_a = {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2}
    assert scores["a"] == pytest.approx(expected_a)
    assert scores["b"]["precision"] == pytest.approx(2 / 3)
    assert scores["b"]["recall"] == 1.0
    assert s.macro_f1(scores) == pytest.approx((2 / 3 + 0.8) / 2)


def test_topic_of_reads_retrieval_intents_after_the_slash() -> None:
    assert s.topic_of({"intent": {"name": "naloxone"}}) == "naloxone"
    assert s.topic_of({"intent": {"name": "faq/naloxone"}}) == "naloxone"
    parse = {
        "intent": {"name": "faq"},
        "response_selector": {"faq": {"response": {"intent_response_key": "faq/test_strips"}}},
    }
    assert s.topic_of(parse) == "test_strips"


def test_a_fallback_is_a_miss_but_the_classifier_view_keeps_its_guess() -> None:
    parse = {
        "intent": {"name": "nlu_fallback"},
        "intent_ranking": [{"name": "nlu_fallback"}, {"name": "relapse"}],
    }
    assert s.topic_of(parse) == "nlu_fallback"
    assert s.classifier_topic_of(parse) == "relapse"


def test_entity_scores_count_values_not_spans() -> None:
    expected = [{"substance": "opioids", "relationship": "son"}, {}]
    predicted = [{("substance", "opioids"), ("relationship", "father")}, {("substance", "alcohol")}]
    e = s.entity_scores(expected, predicted)
    assert e["recall"] == pytest.approx(0.5)
    assert e["precision"] == pytest.approx(1 / 3)
    assert e["substance_recall"] == 1.0
    assert e["relationship_recall"] == 0.0


def test_latency_percentiles() -> None:
    p = s.latency_percentiles([float(x) for x in range(1, 101)])
    assert p["p50_ms"] == pytest.approx(50.5)
    assert p["p95_ms"] == pytest.approx(95.05)


def test_contract_gaps_accept_retrieval_keys() -> None:
    assert s.contract_gaps(["greet", "naloxone", "tms"], ["greet", "faq/naloxone"]) == ["tms"]
