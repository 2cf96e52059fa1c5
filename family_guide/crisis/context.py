"""Decide whether one crisis mention is live, from the words around it.

"He's not suicidal" (negated), "he overdosed in 2022 and is doing ok" (past, recovered),
"what if he ODs someday" (conditional / future) and "signs of an overdose?" (information)
are not emergencies. Scopes are deliberately small (the clause, or the sentence for
questions) so a crisis sentence buried in a long message keeps its own meaning.

Suicide mentions are only defused by a denial, an accident ("hurt himself falling"), a past
event the person has recovered from, or one long ago with nothing saying it is back: a fear
("I'm scared she'll hurt herself") or a question about suicide still deserves 988, so
conditionals, future and information questions do not defuse them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from family_guide.crisis import lexicon as lx

ACTIVE = "active"
NEGATED = "negated"
PAST = "past"
RESOLVED = "resolved"
CONDITIONAL = "conditional"
FUTURE = "future"
INFO = "info"
MUNDANE = "mundane"
SAFE_STORAGE = "safe_storage"
#: A word that only signals danger with "right now" / "still" beside it. Not a defusal:
#: "he is drunk and violent" must not overrule a classifier that says danger.
WEAK = "weak"

#: Defused by an explicit statement about this person (used by the classifier combination).
EXPLICIT_DEFUSALS = frozenset({NEGATED, PAST, RESOLVED})


@dataclass(frozen=True)
class Segments:
    """Clause and sentence number of every token, and the token range of each number."""

    clause_of: tuple[int, ...]
    sentence_of: tuple[int, ...]
    clause_bounds: tuple[tuple[int, int], ...]
    sentence_bounds: tuple[tuple[int, int], ...]

    def clause_range(self, start: int, end: int) -> tuple[int, int]:
        first, last = self.clause_of[start], self.clause_of[end - 1]
        return self.clause_bounds[first][0], self.clause_bounds[last][1]

    def sentence_range(self, start: int, end: int) -> tuple[int, int]:
        first, last = self.sentence_of[start], self.sentence_of[end - 1]
        return self.sentence_bounds[first][0], self.sentence_bounds[last][1]


def _bounds(ids: list[int]) -> tuple[tuple[int, int], ...]:
    """(first token, end token) of each number; numbers start at 0 and never decrease."""
    bounds: list[list[int]] = []
    for index, number in enumerate(ids):
        while len(bounds) <= number:
            bounds.append([index, index])
        bounds[number][1] = index + 1
    return tuple((lo, hi) for lo, hi in bounds)


def _is_sentence_break(text: str) -> bool:
    return text in lx.SENTENCE_BREAK_TEXTS or "\n" in text


def segment(doc: Doc) -> Segments:
    """Split at sentence punctuation, commas and joining words (and, but, so, now ...)."""
    clause_of: list[int] = []
    sentence_of: list[int] = []
    clause = sentence = 0
    for token in doc:
        is_sentence_break = _is_sentence_break(token.text)
        is_clause_break = is_sentence_break or token.is_punct or (
            token.lower_ in lx.CLAUSE_BREAK_WORDS
        )
        if is_clause_break:
            clause += 1
        clause_of.append(clause)
        sentence_of.append(sentence)
        if is_sentence_break:
            sentence += 1
    return Segments(
        tuple(clause_of), tuple(sentence_of), _bounds(clause_of), _bounds(sentence_of)
    )


class CueIndex:
    """Where each kind of context cue was found, as token spans."""

    def __init__(self, spans: Iterable[tuple[str, int, int]]) -> None:
        self._spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for name, start, end in spans:
            self._spans[name].append((start, end))
        for name in [n for n in self._spans if n.startswith("not_")]:
            cancelled = self._spans.pop(name)
            self._spans[name[4:]] = [
                (start, end)
                for start, end in self._spans.get(name[4:], [])
                if not any(lo < end and start < hi for lo, hi in cancelled)
            ]
        for found in self._spans.values():
            found.sort()
        self._tokens: dict[str, frozenset[int]] = {}

    def tokens(self, name: str) -> frozenset[int]:
        if name not in self._tokens:
            self._tokens[name] = frozenset(
                i for start, end in self._spans.get(name, []) for i in range(start, end)
            )
        return self._tokens[name]

    def spans(self, name: str) -> list[tuple[int, int]]:
        return list(self._spans.get(name, []))

    def anywhere(self, name: str) -> bool:
        return bool(self._spans.get(name))

    def _starting_in(self, name: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Spans of a cue that start in [lo, hi), found by bisection (long messages)."""
        found = self._spans.get(name, [])
        return found[bisect_left(found, (lo, -1)) : bisect_left(found, (hi, -1))]

    def within(self, name: str, lo: int, hi: int, exclude: tuple[int, int] = (0, 0)) -> bool:
        """A cue lies inside [lo, hi) and outside the excluded span (the mention itself)."""
        return any(
            end <= hi and not (exclude[0] <= start < exclude[1])
            for start, end in self._starting_in(name, lo, hi)
        )

    def before(self, name: str, lo: int, position: int, ignored: frozenset[int]) -> bool:
        """A cue starts in [lo, position) on a token not explained away by another cue."""
        return any(start not in ignored for start, _ in self._starting_in(name, lo, position))


def is_negated(doc: Doc, start: int, segments: Segments, cues: CueIndex) -> bool:
    """A denial word shortly before the mention, in the same clause, that is not doubt."""
    clause_lo, _ = segments.clause_range(start, start + 1)
    doubtful = cues.tokens("uncertain")
    # "never hit me or choked me": a list joined by "or" stays under the same denial.
    reach = lx.NEGATION_WINDOW
    i = start - 1
    while i >= max(clause_lo, start - reach):
        if doc[i].lemma_.lower() in lx.NEGATION_LEMMAS and i not in doubtful:
            return True
        if doc[i].lower_ in ("or", "nor"):
            reach = start - i + 2 * lx.NEGATION_WINDOW
        i -= 1
    return False


def _past_scope(
    doc: Doc, start: int, end: int, segments: Segments, cues: CueIndex
) -> tuple[int, int]:
    """The mention's clause, plus a verbless clause just before it ("Last year, he OD'd").
    A clause told in the past tense with no time of its own takes its sentence's time:
    "last month he overdosed and we saw his lips turn blue" is one past event."""
    lo, hi = segments.clause_range(start, end)
    if any(doc[i].tag_ == "VBD" for i in range(lo, hi)) and not any(
        cues.within(name, lo, hi) for name in ("past", "present", "recent")
    ):
        return segments.sentence_range(start, end)
    if lo > 0:
        prev_lo, prev_hi = segments.clause_range(lo - 1, lo)
        if segments.sentence_of[prev_lo] == segments.sentence_of[lo] and not any(
            doc[i].tag_.startswith(("VB", "MD")) for i in range(prev_lo, prev_hi)
        ):
            lo = prev_lo
    return lo, hi


def assess(
    doc: Doc,
    start: int,
    end: int,
    spec: lx.TriggerSpec,
    segments: Segments,
    cues: CueIndex,
) -> str:
    """The status of one mention: ACTIVE, or the reason it is not a crisis now."""
    if not spec.negation_inside and is_negated(doc, start, segments, cues):
        if not cues.anywhere("doubt"):
            return NEGATED
    clause_lo, clause_hi = segments.clause_range(start, end)
    sentence_lo, sentence_hi = segments.sentence_range(start, end)
    mention = (start, end)
    if cues.within("present", clause_lo, clause_hi, exclude=mention):
        return ACTIVE
    past_lo, past_hi = _past_scope(doc, start, end, segments, cues)
    is_past = cues.within("past", past_lo, past_hi, exclude=mention) and not cues.within(
        "repeat", clause_lo, clause_hi, exclude=mention
    )
    scopes = {"clause": (clause_lo, clause_hi), "sentence": (sentence_lo, sentence_hi),
              "message": (0, len(doc))}
    if spec.needs_cue and not cues.within(spec.needs_cue, *scopes[spec.needs_cue_scope]):
        return WEAK
    if spec.everyday_cue and cues.within(spec.everyday_cue, *scopes[spec.everyday_scope]):
        return MUNDANE
    if spec.everyday_message_cue and cues.anywhere(spec.everyday_message_cue):
        return MUNDANE
    if spec.trigger_class == lx.IDEATION:
        if cues.within("accident", sentence_lo, sentence_hi, exclude=mention):
            return MUNDANE
        if (cues.before("fear", sentence_lo, start, frozenset())
                and cues.within("or_others", sentence_lo, sentence_hi, exclude=mention)
                and cues.anywhere("at_the_wheel")):
            # "She drives drunk... I'm scared she'll kill herself or someone else": a crash the
            # family fears, not suicide (the danger of driving impaired is answered on its own).
            return MUNDANE
        if cues.before("asked_if", sentence_lo, start, frozenset()) and cues.anywhere(
            "answered_no"
        ):
            return NEGATED
        if is_past and cues.anywhere("resolved"):
            return RESOLVED
        # "Again" or "right now" in this sentence or the next says it is back.
        near_lo = sentence_lo
        near_hi = segments.sentence_bounds[
            min(segments.sentence_of[sentence_hi - 1] + 1, len(segments.sentence_bounds) - 1)
        ][1]
        back_now = cues.within("present", near_lo, near_hi) or cues.within(
            "repeat", near_lo, near_hi
        )
        if not back_now and cues.within("distant_past", past_lo, past_hi, exclude=mention):
            return PAST
        return ACTIVE

    conditional = cues.before("conditional", sentence_lo, start, cues.tokens("doubt_if"))
    if spec.trigger_class in (lx.ACUTE_SIGN, lx.OD_EVENT):
        if spec.trigger_class == lx.ACUTE_SIGN and cues.within("mundane", clause_lo, clause_hi):
            return MUNDANE
        if conditional:
            return CONDITIONAL
        if cues.within("info", sentence_lo, sentence_hi, exclude=mention) or (
            spec.trigger_class == lx.OD_EVENT and start in cues.tokens("od_noun")
        ):
            return INFO
        if cues.before("future", clause_lo, start, frozenset()) or cues.within(
            "vague_time", clause_lo, clause_hi, exclude=mention
        ):
            return FUTURE
        if spec.trigger_class == lx.OD_EVENT:
            if is_past:
                return PAST
            return RESOLVED if cues.anywhere("resolved") else ACTIVE
        return PAST if is_past else ACTIVE

    if spec.trigger_class in lx.PARTIAL_CLASSES:
        return _assess_partial(spec, cues, past_lo, past_hi, sentence_lo, sentence_hi, mention,
                               conditional)
    if spec.trigger_class == lx.HEATED:
        if cues.within("right_now", sentence_lo, sentence_hi, exclude=mention):
            return ACTIVE
        return PAST if is_past else WEAK
    if cues.within("vague_future", sentence_lo, sentence_hi, exclude=mention):
        return FUTURE
    if spec.trigger_class == lx.THREAT:
        if cues.within("idiom", sentence_lo, sentence_hi):
            return MUNDANE
        return PAST if is_past else ACTIVE

    # Violence and weapons.
    if conditional:
        return CONDITIONAL
    if spec.trigger_class == lx.WEAPON and cues.within("safe_storage", sentence_lo, sentence_hi):
        return SAFE_STORAGE
    if cues.within("idiom", sentence_lo, sentence_hi):
        return MUNDANE
    if is_past and cues.within("recent", past_lo, past_hi, exclude=mention):
        # Last night's violence is tonight's danger, unless the writer says all are safe now.
        return PAST if cues.anywhere("safe_now") else ACTIVE
    return PAST if is_past else ACTIVE


def _assess_partial(
    spec: lx.TriggerSpec,
    cues: CueIndex,
    past_lo: int,
    past_hi: int,
    sentence_lo: int,
    sentence_hi: int,
    mention: tuple[int, int],
    conditional: bool,
) -> str:
    """A partial sign (lexicon.MEANS, DESPAIR, ARRIVAL) is a candidate (ACTIVE) unless its own
    context defuses it; `detect` then keeps it live only when its partner is in the message."""
    if spec.trigger_class == lx.MEANS and cues.within("safe_storage", sentence_lo, sentence_hi):
        return SAFE_STORAGE
    if spec.trigger_class == lx.ARRIVAL and conditional:
        return CONDITIONAL
    if cues.within("distant_past", past_lo, past_hi, exclude=mention) and not (
        cues.anywhere("present") or cues.anywhere("repeat")
    ):
        return PAST
    return ACTIVE
