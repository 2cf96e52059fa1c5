"""Combine the lexicon with the intent classifier into one crisis decision.

Safety first: either source alone can raise a crisis. The classifier's crisis guess is only
overruled when the lexicon found the same kind of crisis words and every one of them was
defused by context the classifier cannot see (it reads a bag of words, so "not suicidal" and
"suicidal" look alike to it, as do "overdosed in 2022" and "overdosed"). When several kinds
are live, the most time-critical one leads (lexicon.KIND_PRIORITY).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from family_guide.crisis import lexicon as lx
from family_guide.crisis.context import CONDITIONAL, FUTURE, INFO, PAST, RESOLVED
from family_guide.crisis.detect import LexiconResult, Mention

LEXICON = "lexicon"
CLASSIFIER = "classifier"


@dataclass(frozen=True)
class Decision:
    """What the safety net concluded about one message."""

    kind: str | None
    sources: tuple[str, ...] = ()
    #: The classifier said crisis, but the lexicon found the words only in defused context.
    overruled_kind: str | None = None
    defusals: tuple[str, ...] = ()
    mention: Mention | None = None
    kinds: tuple[str, ...] = field(default_factory=tuple)

    @property
    def intent(self) -> str | None:
        return lx.INTENT_OF_KIND[self.kind] if self.kind else None


def classifier_kind(
    intent_name: str | None, confidence: float, threshold: float
) -> str | None:
    """The crisis kind the classifier predicts as its top intent with enough confidence."""
    if intent_name in lx.KIND_OF_INTENT and confidence >= threshold:
        return lx.KIND_OF_INTENT[intent_name]
    return None


def decide(
    lexicon: LexiconResult,
    intent_name: str | None,
    confidence: float,
    threshold: float,
) -> Decision:
    """The crisis kind to act on (or None), and why."""
    candidates: dict[str, list[str]] = {kind: [LEXICON] for kind in lexicon.active_kinds}
    overruled: str | None = None
    defusals: tuple[str, ...] = ()
    predicted = classifier_kind(intent_name, confidence, threshold)
    if predicted is not None:
        reasons = lexicon.defusals(predicted)
        if predicted in candidates:
            candidates[predicted].append(CLASSIFIER)
        elif reasons:
            overruled, defusals = predicted, tuple(sorted(reasons))
        else:
            candidates[predicted] = [CLASSIFIER]
    kinds = tuple(kind for kind in lx.KIND_PRIORITY if kind in candidates)
    if not kinds:
        return Decision(None, overruled_kind=overruled, defusals=defusals)
    kind = kinds[0]
    return Decision(
        kind,
        sources=tuple(candidates[kind]),
        overruled_kind=overruled,
        defusals=defusals,
        mention=lexicon.first_active(kind),
        kinds=kinds,
    )


#: A defused overdose guess is still about overdose: past, future and "what if" messages
#: are harm-reduction moments; questions about signs want the overdose-signs answer.
REDIRECTS: dict[tuple[str, str], str] = {
    (lx.OVERDOSE, PAST): "harm_reduction",
    (lx.OVERDOSE, RESOLVED): "harm_reduction",
    (lx.OVERDOSE, FUTURE): "harm_reduction",
    (lx.OVERDOSE, CONDITIONAL): "harm_reduction",
    (lx.OVERDOSE, INFO): "overdose_signs",
}


def replacement_intent(
    decision: Decision, ranking: Sequence[dict[str, Any]], crisis_confidence: float
) -> dict[str, Any] | None:
    """The intent to use instead of an overruled crisis guess.

    A redirect keeps the classifier's confidence (it was sure the message is about overdose;
    the lexicon is sure it is not happening now); otherwise the best non-crisis guess.
    """
    if decision.overruled_kind is not None:
        for reason in (INFO, PAST, RESOLVED, FUTURE, CONDITIONAL):
            redirect = REDIRECTS.get((decision.overruled_kind, reason))
            if redirect and reason in decision.defusals:
                return {"name": redirect, "confidence": crisis_confidence}
    return next((dict(item) for item in ranking if item.get("name") not in lx.KIND_OF_INTENT),
                None)
