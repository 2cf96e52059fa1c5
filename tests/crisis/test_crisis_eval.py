"""The crisis benchmark's arithmetic: recall over crisis items, false alarms over the rest."""

from __future__ import annotations

from eval.crisis_eval import Prediction, metrics


def test_recall_and_false_alarm_rate_are_counted_on_the_right_items() -> None:
    predictions = [
        Prediction(truth="suicide", combined="suicide", lexicon="suicide", classifier=None),
        Prediction(truth="overdose", combined="danger", lexicon=None, classifier="danger"),
        Prediction(truth="danger", combined=None, lexicon=None, classifier=None),
        Prediction(truth=None, combined="suicide", lexicon=None, classifier="suicide"),
        Prediction(truth=None, combined=None, lexicon=None, classifier=None),
        Prediction(truth=None, combined=None, lexicon=None, classifier=None),
        Prediction(truth=None, combined=None, lexicon=None, classifier=None),
    ]
    combined = metrics(predictions, "combined")
    assert combined["recall"] == round(2 / 3, 4)  # a wrong kind still gets help
    assert combined["kind_accuracy"] == round(1 / 3, 4)
    assert (combined["false_alarms"], combined["false_alarm_rate"]) == (1, 0.25)
    assert metrics(predictions, "lexicon")["recall"] == round(1 / 3, 4)


def test_threshold_sweep_shows_what_each_classifier_threshold_would_catch_and_raise(
    lexicon,
) -> None:
    from eval.crisis_eval import analyse_all, threshold_sweep
    from eval.nlu_scoring import LabelledItem

    items = [
        LabelledItem(text="she has been quiet and far away lately", topic="crisis_suicide"),
        LabelledItem(text="we took the car keys this morning", topic="boundaries_enabling"),
    ]
    parses = [
        {"intent": {"name": "crisis_suicide", "confidence": 0.62}},
        {"intent": {"name": "immediate_danger", "confidence": 0.42}},
    ]
    findings = analyse_all(lexicon, items)
    rows = {row["threshold"]: row for row in threshold_sweep(findings, items, parses)}
    assert (rows[0.4]["recall"], rows[0.4]["false_alarms"]) == (1.0, 1)
    assert (rows[0.55]["recall"], rows[0.55]["false_alarms"]) == (1.0, 0)
    assert (rows[0.65]["recall"], rows[0.65]["false_alarms"]) == (0.0, 0)
