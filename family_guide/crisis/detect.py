"""Find crisis mentions in a message with the lexicon, and say which are live.

Works on a spaCy Doc (the one Rasa's pipeline already made, or one made here), so the Rasa
component and the offline benchmark run exactly the same logic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Token

from family_guide.crisis import lexicon as lx
from family_guide.crisis.context import (
    ACTIVE,
    CONDITIONAL,
    MUNDANE,
    NEGATED,
    SAFE_STORAGE,
    WEAK,
    CueIndex,
    Segments,
    assess,
    segment,
)
from family_guide.crisis.patterns import AnchoredMatcher
from family_guide.crisis.spelling import correct_words

#: Who a crisis phrase is about: the writer, someone else, or not said (UNKNOWN: no person
#: word near it, as in "took everything in the bottle").
SELF = "self"
OTHER = "other"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Mention:
    """One crisis phrase in the message and whether it describes a crisis now.

    The sentence around it is kept too: staff see which sentence of a long letter raised the
    alarm, and the benchmark reports it."""

    kind: str
    trigger: str
    status: str
    start_char: int
    end_char: int
    text: str
    trigger_class: str = ""
    person: str = OTHER
    sentence_start_char: int = 0
    sentence_end_char: int = 0

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

    def only_weapons(self, kind: str) -> bool:
        """Every live mention of this kind is a weapon at hand (no violence, no threat)."""
        live = [m for m in self.mentions if m.kind == kind and m.is_active]
        return bool(live) and all(m.trigger_class == lx.WEAPON for m in live)

    @property
    def no_way_forward(self) -> tuple[Mention, ...]:
        """Words that say there is no way forward ("he says he can't go on") that raised no
        crisis alone: the answer to such a message carries 988 (family_guide.nlg)."""
        return tuple(m for m in self.mentions
                     if m.status == WEAK and m.trigger in lx.NO_WAY_FORWARD_TRIGGERS)

    def first_active(self, kind: str) -> Mention | None:
        """The mention to act on and show staff: a full sign before a partial one."""
        live = [m for m in self.mentions if m.kind == kind and m.is_active]
        full = [m for m in live if m.trigger_class not in lx.PARTIAL_CLASSES]
        return (full or live or [None])[0]

    def sentences(self, kind: str) -> tuple[tuple[int, int], ...]:
        """(start, end) characters of every sentence holding a live sign of this kind."""
        spans = {
            (m.sentence_start_char, m.sentence_end_char)
            for m in self.mentions
            if m.kind == kind and m.is_active
        }
        return tuple(sorted(spans))


#: A violence word in these contexts does not make someone's arrival dangerous.
_NOT_VIOLENCE = frozenset({NEGATED, CONDITIONAL, MUNDANE, SAFE_STORAGE})


class CrisisLexicon:
    """The compiled lexicon, bound to one spaCy pipeline's vocabulary."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._specs = {spec.name: spec for spec in lx.TRIGGERS}
        self._triggers = AnchoredMatcher(
            nlp.vocab, [(spec.name, spec.phrases) for spec in lx.TRIGGERS], lx.MACROS
        )
        self._cues = AnchoredMatcher(nlp.vocab, lx.CUES.items(), lx.MACROS)

    def analyse_text(self, text: str) -> LexiconResult:
        """Lower-cased first, as Rasa's SpacyNLP does, so both paths see the same tokens."""
        return self.analyse_doc(self._nlp((text or "").lower()))

    def analyse_doc(self, doc: Doc) -> LexiconResult:
        """All mentions in the Doc; character offsets refer to the Doc's own text."""
        if len(doc) == 0:
            return LexiconResult(())
        matched = self._spelling_repaired(doc)
        triggers = self._triggers(matched)
        if not triggers:
            # Most messages name no sign at all: the context cues only qualify a sign.
            return LexiconResult(())
        segments = segment(matched)
        strings = self._nlp.vocab.strings
        cues = CueIndex((strings[key], start, end) for key, start, end in self._cues(matched))
        found: dict[tuple[str, int, int], Mention] = {}
        for key, start, end in triggers:
            spec = self._specs[strings[key]]
            status = assess(matched, start, end, spec, segments, cues)
            span = doc[start:end]
            sentence_lo, sentence_hi = segments.sentence_range(start, end)
            mention = Mention(
                spec.kind, spec.name, status, span.start_char, span.end_char, span.text,
                trigger_class=spec.trigger_class,
                person=person_at_risk(matched, start, end, segments, spec.at_risk_is_absent),
                sentence_start_char=doc[sentence_lo].idx,
                sentence_end_char=doc[sentence_hi - 1].idx + len(doc[sentence_hi - 1].text),
            )
            previous = found.get((spec.kind, start, end))
            if previous is None or (mention.is_active and not previous.is_active):
                found[(spec.kind, start, end)] = mention
        return LexiconResult(_pair_partial_signs(_drop_nested(list(found.items()))))

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

    Earliest first and, at the same start, longest first (the phrase worth showing). A
    partial sign (lexicon.MEANS) swallows nothing: "pulled his gun out" is still a weapon."""
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
        if mention.trigger_class in lx.PARTIAL_CLASSES:
            continue
        if kind not in reach or end > reach[kind][1]:
            reach[kind] = (start, end)
    return tuple(kept)


#: Words that put the writer at risk, or someone else. "me" alone decides nothing: in "she
#: sent me a goodbye text" the writer only received it.
_FIRST_PERSON = frozenset({"i", "myself", "my", "mine", "im", "i'm", "ive", "i've", "id",
                           "i'd", "ill", "i'll"})
_THIRD_PERSON = frozenset({
    "he", "she", "they", "him", "her", "his", "hers", "them", "their", "himself", "herself",
    "themselves", "themself", "hes", "shes", "he's", "she's", "son", "daughter", "husband", "wife",
    "partner", "boyfriend", "girlfriend", "brother", "sister", "mom", "dad", "mother", "father",
    "friend", "grandson", "granddaughter", "nephew", "niece", "uncle", "aunt", "cousin", "kid",
    "kids", "children", "family", "parents",
})
_POSSESSIVE_FIRST = frozenset({"my", "our"})
#: "I found / I think / I'm scared ..." introduces what the writer saw in someone else.
_WITNESS_LEMMAS = frozenset({
    "find", "see", "notice", "hear", "know", "worry", "fear", "scare", "afraid", "worried",
    "scared", "terrified", "suspect", "realize", "discover", "catch", "walk", "come", "get",
    "read", "check", "go", "look", "just",
})
#: Things, not people: "letters ... where they'll find them".
_NOT_A_PERSON = frozenset({"them", "it", "they"})
#: "He told me the kids would be better off": "me" only heard it. ("texted" lemmatises to
#: "texte" in the packaged model.)
_SAYING_LEMMAS = frozenset({"tell", "text", "texte", "say", "write", "message", "email", "ask",
                            "call", "phone", "snapchat", "dm"})


_QUOTES = frozenset({"'", '"', "“", "”", "‘", "’", "``", "''"})
_REFLEXIVE_FIRST = frozenset({"myself"})
_REFLEXIVE_THIRD = frozenset({"himself", "herself", "themselves", "themself"})


def _is_witness(doc: Doc, index: int) -> bool:
    """Whether the "I" at `index` reports on someone else ("I found", "I'm scared")."""
    for token in doc[index + 1 : index + 4]:
        if token.lemma_.lower() in ("be", "'m", "m", "have", "'ve", "really", "just", "also"):
            continue
        return token.lemma_.lower() in _WITNESS_LEMMAS or token.lower_ in _WITNESS_LEMMAS
    return False


def _quoted_speaker(doc: Doc, start: int, segments: Segments) -> str | None:
    """Inside a quotation ("she texted me 'i swallowed the whole bottle'"), the person who
    said it: OTHER when the words before the quote name someone else, else None."""
    quotes = [token.i for token in doc[:start] if token.text in _QUOTES]
    if len(quotes) % 2 == 0:
        return None
    opening = quotes[-1]
    lo = segments.sentence_range(opening, opening + 1)[0]
    for token in reversed(doc[lo:opening]):
        if token.lower_ in _THIRD_PERSON:
            return OTHER
    return None


_OWNER_FIRST = frozenset({"me", "my", "our", "i", "us", "myself"})
_OWNER_THIRD = frozenset({"him", "her", "them", "his", "their", "he", "she", "they", "himself",
                          "herself", "themselves"})


def _absent_one(doc: Doc, start: int, end: int, segments: Segments) -> str:
    """Who the others would be better off without: the last person word of the phrase, else
    the nearest before it ("my family would be better off" -> the writer). With no person
    word at all ("honestly everyone would be better off") it is UNKNOWN, so who wrote the
    message decides (decide.Decision.person)."""
    lo = segments.sentence_range(start, end)[0]
    for token in (*reversed(doc[start:end]), *reversed(doc[lo:start])):
        heard = token.i > 0 and doc[token.i - 1].lemma_.lower() in _SAYING_LEMMAS
        if token.i < start and _relative_told(doc, token.i):
            continue  # "he sent our mom a text saying ...": the writer's relative only heard it
        if token.lower_ in _OWNER_FIRST and not (token.lower_ in ("me", "us") and heard):
            return SELF
        if token.lower_ in _OWNER_THIRD:
            return OTHER
    return UNKNOWN


def _relative_told(doc: Doc, index: int) -> bool:
    """"(he sent) our mom a text": the possessive at `index` names the writer's relative as
    someone told, not as the subject of a verb ("my family would be better off" is the
    writer's own family, better off without the writer)."""
    person = index + 1
    if person >= len(doc) or doc[person].lower_ not in _THIRD_PERSON:
        return False
    if not _relative_of_writer(doc, person):
        return False
    after = doc[index + 2] if index + 2 < len(doc) else None
    return after is None or not after.tag_.startswith(("MD", "VB"))


def _relative_of_writer(doc: Doc, index: int) -> bool:
    """"my mom", "our kids": a person word that names the writer's relative."""
    return index > 0 and doc[index - 1].lower_ in _POSSESSIVE_FIRST


def _someone_else(token: Token) -> bool:
    """A word for another person at risk: not a thing ("them" letters), not "my mom"."""
    return (token.lower_ in _THIRD_PERSON and token.lower_ not in _NOT_A_PERSON
            and not _relative_of_writer(token.doc, token.i))


def person_at_risk(
    doc: Doc, start: int, end: int, segments: Segments, at_risk_is_absent: bool = False
) -> str:
    """SELF when the phrase is about the writer ("kill myself", "I took all my pills", "better
    off without me"), else OTHER. Evidence in order of strength: a reflexive in the phrase;
    a quotation of someone else; the nearest person before the phrase in its clause, then
    its sentence ("I found ..." reports on someone else); the phrase's own person words."""
    own = doc[start:end]
    lowered = {token.lower_ for token in own}
    if lowered & _REFLEXIVE_THIRD:
        return OTHER
    if lowered & _REFLEXIVE_FIRST:
        return SELF
    speaker = _quoted_speaker(doc, start, segments)
    if speaker is not None:
        return speaker
    if at_risk_is_absent:
        return _absent_one(doc, start, end, segments)
    if any(_someone_else(token) for token in own):
        return OTHER  # "took all his pills", "can't rouse him"
    if start > 0 and doc[start - 1].lower_ in _POSSESSIVE_FIRST:
        return SELF  # "my chest feels tight"
    for lo in (segments.clause_range(start, end)[0], segments.sentence_range(start, end)[0]):
        for token in reversed(doc[lo:start]):
            if _someone_else(token):
                return OTHER
            if token.lower_ in ("i", "im", "i'm", "ive", "i've", "id", "i'd"):
                return OTHER if _is_witness(doc, token.i) else SELF
    if segments.sentence_range(start, end)[0] == start and doc[start].tag_.startswith("VB"):
        return SELF  # "took a bunch of ...": a text message drops its "I"
    for token in own:
        if token.lower_ in _FIRST_PERSON and not (
            token.lower_ in _POSSESSIVE_FIRST and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ in _THIRD_PERSON
        ):
            return SELF
    return SELF if "me" in lowered else UNKNOWN


def _pair_partial_signs(mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """Partial signs stay live only beside their partner (lexicon.MEANS): a gun taken out
    with hopelessness, or someone on the way after violence. Unpaired, they are WEAK: not a
    crisis, and not a reason to overrule the classifier either."""
    def live(trigger_class: str) -> bool:
        return any(m.trigger_class == trigger_class and m.is_active for m in mentions)

    violence = any(
        m.trigger_class in lx.VIOLENT_CLASSES and m.status not in _NOT_VIOLENCE for m in mentions
    )
    paired = {
        lx.MEANS: live(lx.DESPAIR) or live(lx.IDEATION),
        lx.DESPAIR: live(lx.MEANS),
        lx.ARRIVAL: violence,
    }
    return tuple(
        replace(m, status=ACTIVE if paired[m.trigger_class] else WEAK)
        if m.trigger_class in lx.PARTIAL_CLASSES and m.is_active
        else m
        for m in mentions
    )
