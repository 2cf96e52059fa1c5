"""The anchored matcher finds exactly what one spaCy Matcher over every phrase finds.

It only skips phrases whose anchor word is missing from the message, so a difference would
mean a crisis phrase silently stops matching. Checked on every crisis training example (our
own data) against the plain Matcher, and on the anchor choice itself.
"""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.training_data import TrainingData
from spacy.language import Language
from spacy.matcher import Matcher

from family_guide.crisis import lexicon as lx
from family_guide.crisis.patterns import AnchoredMatcher, anchor_of, compile_phrase
from family_guide.spacy_model import load

CRISIS_INTENTS = set(lx.INTENT_OF_KIND.values())


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load()


def plain_matcher(nlp: Language, named_phrases: list[tuple[str, tuple[str, ...]]]) -> Matcher:
    matcher = Matcher(nlp.vocab, validate=True)
    for name, phrases in named_phrases:
        matcher.add(name, [compile_phrase(phrase, lx.MACROS) for phrase in phrases])
    return matcher


@pytest.mark.parametrize("which", ["triggers", "cues"])
def test_same_matches_as_one_plain_matcher(
    nlp: Language, nlu_training_data: TrainingData, which: str
) -> None:
    named = (
        [(spec.name, spec.phrases) for spec in lx.TRIGGERS]
        if which == "triggers"
        else list(lx.CUES.items())
    )
    anchored = AnchoredMatcher(nlp.vocab, named, lx.MACROS)
    plain = plain_matcher(nlp, named)
    texts = [
        example.get("text")
        for example in nlu_training_data.intent_examples
        if example.get("intent") in CRISIS_INTENTS or len(example.get("text")) > 200
    ]
    assert len(texts) > 500
    matched_somewhere = 0
    for text in texts:
        doc = nlp(text.lower())
        expected = sorted(set(plain(doc)))
        assert sorted(anchored(doc)) == expected, text
        matched_somewhere += bool(expected)
    assert matched_somewhere > 100


def test_matches_come_in_message_order(nlp: Language) -> None:
    anchored = AnchoredMatcher(
        nlp.vocab, [(spec.name, spec.phrases) for spec in lx.TRIGGERS], lx.MACROS
    )
    doc = nlp("he said he wants to kill himself and then he stopped breathing".lower())
    starts = [start for _, start, _ in anchored(doc)]
    assert len(starts) >= 2
    assert starts == sorted(starts)


def test_anchor_prefers_a_word_that_is_not_a_stop_word() -> None:
    pattern = compile_phrase("=to gun|knife", lx.MACROS)
    assert anchor_of(pattern) == ("LEMMA", frozenset({"gun", "knife"}))


def test_a_phrase_of_optional_words_and_tags_always_runs() -> None:
    assert anchor_of(compile_phrase("{VBD|VBN} =it? *3", lx.MACROS)) is None
