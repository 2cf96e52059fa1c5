"""Find crisis mentions in a message with the lexicon, and say which are live.

Works on a spaCy Doc (the one Rasa's pipeline already made, or one made here), so the Rasa
component and the offline benchmark run exactly the same logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc

from family_guide.crisis import lexicon as lx
from family_guide.crisis.context import ACTIVE, WEAK, CueIndex, assess, segment
from family_guide.crisis.patterns import build_matcher
from family_guide.crisis.spelling import correct_words


@dataclass(frozen=True)
class Mention:
    """One crisis phrase in the message and whether it describes a crisis now."""

    kind: str
    trigger: str
    status: str
    start_char: int
    end_char: int
    text: str

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE


@dataclass(frozen=True)
class LexiconResult:
    """Every mention found, live or defused."""

    mentions: tuple[Mention, ...]

    @cached_property
    def active_kinds(self) -> tuple[str, ...]:
        """Live kinds, most time-critical first."""
        live = {mention.kind for mention in self.mentions if mention.is_active}
        return tuple(kind for kind in lx.KIND_PRIORITY if kind in live)

    @property
    def kind(self) -> str | None:
        return self.active_kinds[0] if self.active_kinds else None

    def defusals(self, kind: str) -> set[str]:
        """Why mentions of this kind were not live (empty if none was found or all live)."""
        return {
            m.status
            for m in self.mentions
            if m.kind == kind and not m.is_active and m.status != WEAK
        }

    def first_active(self, kind: str) -> Mention | None:
        return next((m for m in self.mentions if m.kind == kind and m.is_active), None)


class CrisisLexicon:
    """The compiled lexicon, bound to one spaCy pipeline's vocabulary."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._specs = {spec.name: spec for spec in lx.TRIGGERS}
        self._triggers = build_matcher(
            nlp.vocab, [(spec.name, spec.phrases) for spec in lx.TRIGGERS], lx.MACROS
        )
        self._cues = build_matcher(nlp.vocab, lx.CUES.items(), lx.MACROS)

    def analyse_text(self, text: str) -> LexiconResult:
        """Lower-cased first, as Rasa's SpacyNLP does, so both paths see the same tokens."""
        return self.analyse_doc(self._nlp((text or "").lower()))

    def analyse_doc(self, doc: Doc) -> LexiconResult:
        """All mentions in the Doc; character offsets refer to the Doc's own text."""
        if len(doc) == 0:
            return LexiconResult(())
        matched = self._spelling_repaired(doc)
        segments = segment(matched)
        strings = self._nlp.vocab.strings
        cues = CueIndex((strings[key], start, end) for key, start, end in self._cues(matched))
        found: dict[tuple[str, int, int], Mention] = {}
        for key, start, end in self._triggers(matched):
            spec = self._specs[strings[key]]
            status = assess(matched, start, end, spec, segments, cues)
            span = doc[start:end]
            mention = Mention(
                spec.kind, spec.name, status, span.start_char, span.end_char, span.text
            )
            previous = found.get((spec.kind, start, end))
            if previous is None or (mention.is_active and not previous.is_active):
                found[(spec.kind, start, end)] = mention
        return LexiconResult(_drop_nested(list(found.items())))

    def _spelling_repaired(self, doc: Doc) -> Doc:
        """The same tokens with crisis keywords respelled (re-tagged, so lemmas are right)."""
        words = [token.text for token in doc]
        repaired = correct_words(words)
        if repaired == words:
            return doc
        spaces = [bool(token.whitespace_) for token in doc]
        return self._nlp(Doc(self._nlp.vocab, words=repaired, spaces=spaces))


def _drop_nested(items: list[tuple[tuple[str, int, int], Mention]]) -> tuple[Mention, ...]:
    """A phrase inside a longer phrase of another kind belongs to that phrase:
    "go to sleep and not wake up" is about suicide, not an overdose sign.

    Earliest first and, at the same start, longest first (the phrase worth showing)."""
    ordered = sorted(items, key=lambda item: (item[0][1], -item[0][2]))
    kept = []
    # Per kind, the phrase reaching furthest among those starting at or before this one.
    reach: dict[str, tuple[int, int]] = {}
    for (kind, start, end), mention in ordered:
        nested = any(
            other_kind != kind and other_end >= end and other_end - other_start > end - start
            for other_kind, (other_start, other_end) in reach.items()
        )
        if not nested:
            kept.append(mention)
        if kind not in reach or end > reach[kind][1]:
            reach[kind] = (start, end)
    return tuple(kept)
