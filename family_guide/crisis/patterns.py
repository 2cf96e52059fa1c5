"""Compile the lexicon's compact phrase notation into spaCy `Matcher` patterns.

The notation keeps the lexicon readable for reviewers who are not programmers:
`word` (lemma), `=word` (lower-cased text), `a|b` (either), `@NAME` (macro from the lexicon),
`{VBD|VBN}` (part-of-speech tag), `*N` (up to N other words, never across punctuation) and a
trailing `?` (optional token).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from spacy.matcher import Matcher
from spacy.vocab import Vocab

TokenPattern = dict[str, Any]


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


def build_matcher(
    vocab: Vocab,
    named_phrases: Iterable[tuple[str, Iterable[str]]],
    macros: Mapping[str, TokenPattern],
) -> Matcher:
    """A Matcher whose match ids are the given names (trigger or cue names)."""
    matcher = Matcher(vocab, validate=True)
    for name, phrases in named_phrases:
        matcher.add(name, [compile_phrase(phrase, macros) for phrase in phrases])
    return matcher
