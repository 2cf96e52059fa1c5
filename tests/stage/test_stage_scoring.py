"""The stage estimate: each stage is reachable, and the reason names the deciding answer."""

import pytest

from actions.stage_answers import (
    NOT_USING,
    RETURNED_TO_USE,
    SEES_PROBLEM,
    TALKED_CHANGE,
    TOOK_STEP,
)
from actions.stage_scoring import REASONS, STAGES, estimate_stage


def answers(sees=None, talked=None, step=None, use_now=None, returned=None):
    return {
        SEES_PROBLEM: sees,
        TALKED_CHANGE: talked,
        TOOK_STEP: step,
        NOT_USING: use_now,
        RETURNED_TO_USE: returned,
    }


TABLE = [
    # answers, expected stage, expected reason
    (answers("no", "no", "no", "using", "no"), "precontemplation", "no_problem_seen"),
    (answers("unsure", "no", "no", "using", "unsure"), "precontemplation", "no_talk_no_step"),
    (answers("mixed", "no", "no", "using", "no"), "contemplation", "mixed_feelings"),
    (answers("yes", "no", "no", "using", "no"), "contemplation", "sees_problem"),
    (answers("no", "yes", "no", "using", "no"), "contemplation", "talked_change"),
    (answers("yes", "yes", "yes", "using", "no"), "preparation", "took_step"),
    (answers("no", "unsure", "yes", "unsure", "unsure"), "preparation", "took_step"),
    (answers("yes", "yes", "yes", "stopped_recent", "no"), "action", "stopped_recent"),
    (answers(None, None, None, "stopped", None), "action", "stopped_unknown_length"),
    (answers("yes", "yes", "yes", "stopped_long", "no"), "maintenance", "stopped_long"),
    (answers("yes", "yes", "yes", "using", "yes"), "recurrence", "returned_to_use"),
    (answers("unsure", "unsure", "unsure", "unsure", "yes"), "recurrence", "returned_to_use"),
    # Stopped again after a return to use: current behaviour decides.
    (answers("yes", "yes", "yes", "stopped_recent", "yes"), "action", "stopped_recent"),
]


@pytest.mark.parametrize("given,stage,reason", TABLE)
def test_estimate(given, stage, reason):
    estimate = estimate_stage(given)
    assert (estimate.stage, estimate.reason) == (stage, reason)
    assert estimate.response == f"utter_stage_estimate_{reason}"


@pytest.mark.parametrize(
    "given",
    [answers(), answers("unsure", "unsure", "unsure", "unsure", "unsure"),
     answers(None, None, None, "using", "no")],
)
def test_too_little_shared_gives_no_estimate(given):
    assert estimate_stage(given) is None


def test_every_stage_and_reason_is_reachable():
    results = [estimate_stage(given) for given, _, _ in TABLE]
    assert {r.stage for r in results} == set(STAGES)
    assert {r.reason for r in results} == set(REASONS)
