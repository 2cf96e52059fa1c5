"""Estimates a loved one's stage of change from the family member's check-in answers.

The stages (precontemplation, contemplation, preparation, action, maintenance, and recurrence as
a sixth) follow facts.md §1. The estimate is deliberately simple and explainable: the strongest
sign in the answers decides, and the reason names that sign so the bot can say "because ...".
It is an estimate from what one family member shared, never a diagnosis (forbidden claim 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Tuple

from actions.stage_answers import (
    MIXED,
    NO,
    NOT_USING,
    RETURNED_TO_USE,
    SEES_PROBLEM,
    STOPPED,
    STOPPED_LONG,
    STOPPED_RECENT,
    TALKED_CHANGE,
    TOOK_STEP,
    YES,
)

STAGES: Tuple[str, ...] = (
    "precontemplation",
    "contemplation",
    "preparation",
    "action",
    "maintenance",
    "recurrence",
)

# Every reason the estimate can give; each has a response utter_stage_estimate_<reason>.
REASONS: Tuple[str, ...] = (
    "stopped_long",
    "stopped_recent",
    "stopped_unknown_length",
    "returned_to_use",
    "took_step",
    "talked_change",
    "mixed_feelings",
    "sees_problem",
    "no_problem_seen",
    "no_talk_no_step",
)


@dataclass(frozen=True)
class StageEstimate:
    """A stage and the one sign in the answers that points to it."""

    stage: str
    reason: str

    @property
    def response(self) -> str:
        """The content-catalogue response that tells the family member the estimate and why."""
        return f"utter_stage_estimate_{self.reason}"


def estimate_stage(answers: Mapping[str, Optional[str]]) -> Optional[StageEstimate]:
    """The likeliest stage given the answers, or None when too little was shared to say.

    Current behaviour outweighs words: not using for about six months or more points to
    maintenance, a recent stop to action, a recent return to use to recurrence. Otherwise the
    furthest step towards change the family member has seen decides.
    """
    not_using = answers.get(NOT_USING)
    if not_using == STOPPED_LONG:
        return StageEstimate("maintenance", "stopped_long")
    if not_using == STOPPED_RECENT:
        return StageEstimate("action", "stopped_recent")
    if not_using == STOPPED:
        return StageEstimate("action", "stopped_unknown_length")
    if answers.get(RETURNED_TO_USE) == YES:
        return StageEstimate("recurrence", "returned_to_use")
    if answers.get(TOOK_STEP) == YES:
        return StageEstimate("preparation", "took_step")
    if answers.get(TALKED_CHANGE) == YES:
        return StageEstimate("contemplation", "talked_change")
    sees_problem = answers.get(SEES_PROBLEM)
    if sees_problem == MIXED:
        return StageEstimate("contemplation", "mixed_feelings")
    if sees_problem == YES:
        return StageEstimate("contemplation", "sees_problem")
    if sees_problem == NO:
        return StageEstimate("precontemplation", "no_problem_seen")
    if answers.get(TALKED_CHANGE) == NO and answers.get(TOOK_STEP) == NO:
        return StageEstimate("precontemplation", "no_talk_no_step")
    return None
