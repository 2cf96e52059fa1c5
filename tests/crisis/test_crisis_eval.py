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
