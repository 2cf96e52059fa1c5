"""Compile the lexicon's compact phrase notation into spaCy `Matcher` patterns.

The notation keeps the lexicon readable for reviewers who are not programmers:
`word` (lemma), `=word` (lower-cased text), `a|b` (either), `@NAME` (macro from the lexicon),
`{VBD|VBN}` (part-of-speech tag), `*N` (up to N other words, never across punctuation) and a
trailing `?` (optional token).

spaCy's Matcher tries every pattern at every token, so one Matcher over the 600 phrases cost
about 15 ms for a 600-character letter (reports/parse_cost.md). `AnchoredMatcher` files each
phrase under one word it cannot match without (its anchor) and runs only the phrases whose
anchor occurs in the message: the same matches, found for a fraction of the work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

TokenPattern = dict[str, Any]
#: (attribute, values): a pattern token a phrase cannot match without.
Anchor = tuple[str, frozenset[str]]
Match = tuple[int, int, int]


def _values(spec: str) -> Any:
    options = [option for option in spec.split("|") if option]
    return options[0] if len(options) == 1 else {"IN": options}


def compile_token(token: str, macros: Mapping[str, TokenPattern]) -> TokenPattern:
    """One notation token -> one spaCy token pattern."""
    if token.startswith("*") and token[1:].isdigit():
        return {"IS_PUNCT": False, "OP": "{0," + token[1:] + "}"}
    optional = len(token) > 1 and token.endswith("?")
    if optional:
        token = token[:-1]
    if token.startswith("@"):
        name = token[1:]
        if name not in macros:
            raise ValueError(f"Unknown macro @{name} in the crisis lexicon.")
        pattern = dict(macros[name])
    elif token.startswith("{") and token.endswith("}"):
        pattern = {"TAG": _values(token[1:-1])}
    elif token.startswith("=") and len(token) > 1:
        pattern = {"LOWER": _values(token[1:])}
    else:
        pattern = {"LEMMA": _values(token)}
    if optional:
        pattern["OP"] = "?"
    return pattern


def compile_phrase(phrase: str, macros: Mapping[str, TokenPattern]) -> list[TokenPattern]:
    """A whole phrase of the notation -> a spaCy Matcher pattern."""
    tokens = phrase.split()
    if not tokens:
        raise ValueError("Empty phrase in the crisis lexicon.")
    return [compile_token(token, macros) for token in tokens]


def _values_of(token: TokenPattern, attribute: str) -> frozenset[str] | None:
    """The words a token must be one of, or None when it is not a plain word list."""
    value = token.get(attribute)
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    return None


def anchor_of(pattern: list[TokenPattern]) -> Anchor | None:
    """A word the pattern cannot match without, preferring one that is not a stop word (so it
    rules the phrase out of most messages); None when every token is optional or a tag."""
    required = [
        (attribute, values)
        for token in pattern
        if "OP" not in token
        for attribute in ("LEMMA", "LOWER")
        if (values := _values_of(token, attribute))
    ]
    if not required:
        return None
    rare = [anchor for anchor in required if not anchor[1] & STOP_WORDS]
    return min(rare or required, key=lambda anchor: len(anchor[1]))


class AnchoredMatcher:
    """A spaCy Matcher split by anchor word; only the parts whose anchor is in the Doc run.

    Returns what one Matcher over every phrase returns, as (match id, start, end) without
    duplicates, in one fixed order: by start, then end, then the order the names were given.
    """

    def __init__(
        self,
        vocab: Vocab,
        named_phrases: Iterable[tuple[str, Iterable[str]]],
        macros: Mapping[str, TokenPattern],
    ) -> None:
        self._order: dict[int, int] = {}
        by_anchor: dict[Anchor | None, list[tuple[str, list[TokenPattern]]]] = {}
        for name, phrases in named_phrases:
            self._order[vocab.strings.add(name)] = len(self._order)
            for phrase in phrases:
                pattern = compile_phrase(phrase, macros)
                by_anchor.setdefault(anchor_of(pattern), []).append((name, pattern))
        self._parts: list[tuple[Anchor | None, Matcher]] = []
        for anchor, named_patterns in by_anchor.items():
            matcher = Matcher(vocab, validate=True)
            for name, pattern in named_patterns:
                matcher.add(name, [pattern])
            self._parts.append((anchor, matcher))

    def __call__(self, doc: Doc) -> list[Match]:
        present = {
            "LEMMA": {token.lemma_ for token in doc},
            "LOWER": {token.lower_ for token in doc},
        }
        found: set[Match] = set()
        for anchor, matcher in self._parts:
            if anchor is None or not anchor[1].isdisjoint(present[anchor[0]]):
                found.update(matcher(doc))
        return sorted(found, key=lambda match: (match[1], match[2], self._order[match[0]]))
