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
from family_guide.crisis.detect import OTHER, SELF, UNKNOWN, LexiconResult, Mention

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
    #: (start, end) characters of each sentence holding a live sign of the leading kind.
    sentences: tuple[tuple[int, int], ...] = ()

    #: Words that say there is no way forward but raised no crisis alone (see
    #: detect.LexiconResult.no_way_forward).
    no_way_forward: tuple[str, ...] = ()

    #: The classifier read the writer as the person who uses (help_for_myself among its top
    #: guesses): decides who is at risk when the words around the sign do not.
    writer_uses: bool = False

    @property
    def person(self) -> str:
        """Who is at risk: the writer (detect.SELF) or someone else. Without a person word
        near the sign, the writer is at risk when the message reads as written by the person
        who uses; otherwise (and for the classifier alone) someone else."""
        found = self.mention.person if self.mention else UNKNOWN
        if found == UNKNOWN:
            return SELF if self.writer_uses else OTHER
        return found

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


#: From this length a message is a letter. Its several worries spread the classifier's confidence
#: over more topics, so a crisis guess in a letter is trusted from a lower confidence.
LETTER_CHARS = 150


@dataclass(frozen=True)
class ClassifierThresholds:
    """The classifier confidence from which a crisis guess alone raises a crisis: one for short
    messages, one for letters (see LETTER_CHARS)."""

    short: float
    letter: float

    def for_text(self, text: str) -> float:
        return self.letter if len(text or "") >= LETTER_CHARS else self.short


#: The topic that says the writer is the person who drinks, uses or gambles.
WRITER_USES_INTENT = "help_for_myself"
WRITER_USES_CONFIDENCE = 0.2


def writer_uses(
    ranking: Sequence[dict[str, Any]], confidence: float = WRITER_USES_CONFIDENCE, among: int = 2
) -> bool:
    """Whether the classifier reads the writer as the person who uses: help_for_myself among
    its `among` likeliest non-crisis topics, with at least `confidence`."""
    others = [item for item in ranking if item.get("name") not in lx.KIND_OF_INTENT][:among]
    return any(
        item.get("name") == WRITER_USES_INTENT
        and float(item.get("confidence") or 0.0) >= confidence
        for item in others
    )


def decide(
    lexicon: LexiconResult,
    intent_name: str | None,
    confidence: float,
    threshold: float,
    ranking: Sequence[dict[str, Any]] = (),
) -> Decision:
    """The crisis kind to act on (or None), and why; `ranking` (the classifier's intent
    ranking) tells who is at risk when the words do not."""
    candidates: dict[str, list[str]] = {kind: [LEXICON] for kind in lexicon.active_kinds}
    overruled: str | None = None
    defusals: tuple[str, ...] = ()
    guess = lx.KIND_OF_INTENT.get(intent_name or "")
    confident = classifier_kind(intent_name, confidence, threshold) is not None
    if guess is not None:
        reasons = lexicon.defusals(guess)
        if guess in candidates:
            if confident:
                candidates[guess].append(CLASSIFIER)
        elif reasons:
            # Explained away at any confidence, so the reply can go where the words point
            # (a past overdose is a harm-reduction moment, see REDIRECTS).
            overruled, defusals = guess, tuple(sorted(reasons))
        elif confident:
            candidates[guess] = [CLASSIFIER]
    kinds = tuple(kind for kind in lx.KIND_PRIORITY if kind in candidates)
    if not kinds:
        return Decision(None, overruled_kind=overruled, defusals=defusals,
                        no_way_forward=tuple(m.text for m in lexicon.no_way_forward))
    kind = _lead_kind(kinds, lexicon, guess)
    return Decision(
        kind,
        sources=tuple(candidates[kind]),
        overruled_kind=overruled,
        defusals=defusals,
        mention=lexicon.first_active(kind),
        kinds=kinds,
        sentences=lexicon.sentences(kind),
        writer_uses=writer_uses(ranking),
    )


def _lead_kind(
    kinds: tuple[str, ...], lexicon: LexiconResult, classifier_guess: str | None
) -> str:
    """Which reply leads. An overdose the lexicon saw always does (minutes count); a guess of
    the classifier alone does not outrank what the lexicon saw ("he set fire to his room").
    A weapon at hand with
    suicide signs and no violence or threat is suicide risk ("he took his rifle out of the
    safe and says nothing matters"). Otherwise the lexicon's kind, since it names what it saw
    ("hurt herself" is self-harm even if the classifier thinks "danger"); between two lexicon
    kinds the classifier's top guess, at any confidence, breaks the tie ("she has a knife and
    wants to die")."""
    lexicon_kinds = lexicon.active_kinds
    if lx.OVERDOSE in lexicon_kinds:
        return lx.OVERDOSE
    if lx.SUICIDE in lexicon_kinds and lexicon.only_weapons(lx.DANGER):
        return lx.SUICIDE
    if lexicon_kinds:
        return classifier_guess if classifier_guess in lexicon_kinds else lexicon_kinds[0]
    return kinds[0]


#: A defused overdose guess is still about overdose: past, future and "what if" messages
#: are harm-reduction moments; questions about signs want the overdose-signs answer.
REDIRECTS: dict[tuple[str, str], str] = {
    (lx.OVERDOSE, PAST): "harm_reduction",
    (lx.OVERDOSE, RESOLVED): "harm_reduction",
    (lx.OVERDOSE, FUTURE): "harm_reduction",
    (lx.OVERDOSE, CONDITIONAL): "harm_reduction",
    (lx.OVERDOSE, INFO): "overdose_signs",
}


def _redirect(decision: Decision) -> str | None:
    if decision.overruled_kind is None:
        return None
    for reason in (INFO, PAST, RESOLVED, FUTURE, CONDITIONAL):
        redirect = REDIRECTS.get((decision.overruled_kind, reason))
        if redirect and reason in decision.defusals:
            return redirect
    return None


def demoted_ranking(
    decision: Decision, ranking: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The intent ranking once unconfirmed crisis guesses are taken out, best first.

    Their share of confidence goes to the redirect topic when there is one; otherwise the
    rest is renormalised (confidence given "not a crisis"), so FallbackClassifier judges the
    real alternatives instead of falling back because a crisis guess was removed.
    """
    crisis_mass = sum(
        float(item.get("confidence") or 0.0)
        for item in ranking
        if item.get("name") in lx.KIND_OF_INTENT
    )
    rest = [dict(item) for item in ranking if item.get("name") not in lx.KIND_OF_INTENT]
    redirect = _redirect(decision)
    if redirect is not None:
        own = sum(float(item.get("confidence") or 0.0) for item in rest
                  if item.get("name") == redirect)
        others = [item for item in rest if item.get("name") != redirect]
        return [{"name": redirect, "confidence": min(1.0, own + crisis_mass)}, *others]
    remaining = 1.0 - crisis_mass
    if remaining <= 0.0:
        return rest
    return [
        {**item, "confidence": min(1.0, float(item.get("confidence") or 0.0) / remaining)}
        for item in rest
    ]
