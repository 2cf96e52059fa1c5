"""Hide personal data in conversation text before staff see it.

Names and places come from spaCy's named-entity recogniser (plus self-introductions such as
"my name is tom", which the recogniser misses in lower case); phone numbers, e-mail addresses,
street addresses and dates come from patterns. Every function here is pure: text in, text out,
so the masking rules are tested directly against a table of examples.
"""

from __future__ import annotations

import re
import threading
from typing import Callable, Iterable, List, Optional, Sequence, Tuple

Span = Tuple[int, int, str]
Recogniser = Callable[[Sequence[str]], List[List[Span]]]

NER_LABELS = {"PERSON": "NAME", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
INSTITUTION = re.compile(
    r"\b(?:university|college|school|academy|high|middle|elementary|hospital|clinic|church|"
    r"prison|jail|detention|base)\b",
    re.IGNORECASE,
)

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PHONE = re.compile(
    r"(?<![\w])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w])"
    r"|(?<![\w])\d{10}(?![\w])"
)
STREET_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"terrace|ter|circle|cir|parkway|pkwy|highway|hwy|route|rte)"
)
ADDRESS = re.compile(
    r"\b\d{1,6}\s+(?:[A-Za-z0-9.'-]+\s+){0,4}" + STREET_SUFFIX + r"\b\.?"
    r"(?:,?\s*(?:apt|apartment|unit|suite|ste|#)\s*\.?\s*\w+)?",
    re.IGNORECASE,
)
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b" + MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH + r"\b(?:,?\s+\d{4})?",
    re.IGNORECASE,
)
# "my name is tom", "i'm Sarah", "this is maria", "call me jo", "a son named leo": the word
# after is a name.
NOT_NAMES = (
    r"(?:so|not|very|really|just|worried|scared|afraid|sorry|here|the|a|an|his|her|their|"
    r"my|calling|trying|looking|writing|asking|going|still|at|in|on|from|about|with|worried|"
    r"tired|done|okay|ok|fine|lost|desperate|concerned|his|mom|dad|mother|father|wife|husband)"
)
INTRODUCTION = re.compile(
    r"\b(?:my name is|my name's|i am|i'm|im|this is|call me|name is|named)\s+"
    r"(?!" + NOT_NAMES + r"\b)([a-z][a-z'-]+)(?:\s+(?!" + NOT_NAMES + r"\b)([a-z][a-z'-]+))?",
    re.IGNORECASE,
)
# "my daughter Emily", "our son Jake": a capitalised word right after a relative is a name
# (the small spaCy model often misses these).
RELATIVE_NAME = re.compile(
    r"(?i:\b(?:my|our|his|her|their)\s+(?:son|daughter|husband|wife|partner|boyfriend|"
    r"girlfriend|fianc[eé]e?|brother|sister|mom|mum|dad|mother|father|friend|grandson|"
    r"granddaughter|nephew|niece|cousin|uncle|aunt|stepson|stepdaughter))\s+"
    r"(?!I\b)([A-Z][a-z'-]+)"
)
# Social security numbers, and member / policy / case numbers: a token with 6+ digits in it.
IDENTIFIER = re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\b(?=(?:[A-Za-z]*\d){6})[A-Za-z0-9]{6,}\b")
PATTERNS = (
    ("EMAIL", EMAIL), ("PHONE", PHONE), ("ADDRESS", ADDRESS), ("DATE", DATE), ("ID", IDENTIFIER)
)
# "i am" is often followed by a feeling; only trust it when the next word is capitalised.
WEAK_INTRODUCTIONS = {"i am", "i'm", "im"}


def pattern_spans(text: str) -> List[Span]:
    """Spans of e-mails, phone numbers, street addresses and dates found by patterns."""
    spans: List[Span] = []
    for label, pattern in PATTERNS:
        spans.extend((m.start(), m.end(), label) for m in pattern.finditer(text))
    return spans


def introduction_spans(text: str) -> List[Span]:
    """Spans of a name given in a self-introduction (even in lower case) or after a relative."""
    spans: List[Span] = []
    for match in INTRODUCTION.finditer(text):
        lead = match.group(0)[: match.start(1) - match.start(0)].strip().lower()
        if lead in WEAK_INTRODUCTIONS and not match.group(1)[0].isupper():
            continue
        end = match.end(2) if match.group(2) and match.group(2)[0].isupper() else match.end(1)
        spans.append((match.start(1), end, "NAME"))
    spans.extend((m.start(1), m.end(1), "NAME") for m in RELATIVE_NAME.finditer(text))
    return spans


def ner_spans(doc_ents: Iterable[Tuple[int, int, str, str]]) -> List[Span]:
    """Keep the recogniser's people and places (NAME, PLACE), and organisations that are
    institutions someone attends (a school, a hospital): those identify a person too. Other
    organisations stay, because they are what families ask about (TMS, FDA, Medicaid, NA).
    """
    spans: List[Span] = []
    for start, end, label, text in doc_ents:
        if label in NER_LABELS:
            spans.append((start, end, NER_LABELS[label]))
        elif label == "ORG" and INSTITUTION.search(text):
            spans.append((start, end, "PLACE"))
    return spans


def merge_spans(spans: Iterable[Span]) -> List[Span]:
    """Sort spans and merge overlaps; the longer (earlier) span's label wins."""
    merged: List[Span] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, label))
    return merged


def apply_spans(text: str, spans: Iterable[Span]) -> str:
    """Replace each span by its label in brackets, e.g. "[PHONE]"."""
    out: List[str] = []
    cursor = 0
    for start, end, label in merge_spans(spans):
        out.append(text[cursor:start])
        out.append(f"[{label}]")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def known_name_spans(text: str, names: Iterable[str]) -> List[Span]:
    """Every other mention of a name already found in the conversation, in any case."""
    spans: List[Span] = []
    for name in names:
        if len(name) < 2:
            continue
        for match in re.finditer(r"\b" + re.escape(name) + r"\b", text, re.IGNORECASE):
            spans.append((match.start(), match.end(), "NAME"))
    return spans


def spacy_recogniser(nlp: object) -> Recogniser:
    """Adapt a spaCy pipeline to a batch function returning people/place spans per text.

    Only the entity recogniser runs (the tagger and lemmatizer are not needed here, and skipping
    them makes masking about five times faster); one batch at a time, as spaCy models are not
    meant to be shared by threads.
    """
    lock = threading.Lock()
    others = [name for name in nlp.pipe_names if name != "ner"]  # type: ignore[attr-defined]

    def recognise(texts: Sequence[str]) -> List[List[Span]]:
        with lock:
            docs = list(nlp.pipe(texts, batch_size=64, disable=others))  # type: ignore[attr-defined]
        return [
            ner_spans((e.start_char, e.end_char, e.label_, e.text) for e in doc.ents)
            for doc in docs
        ]

    return recognise


def default_recogniser() -> Recogniser:
    """The project's packaged spaCy model, loaded once per process."""
    from family_guide.spacy_model import load

    return spacy_recogniser(load())


def _spans(texts: Sequence[str], recognise: Optional[Recogniser]) -> List[List[Span]]:
    """Pattern, self-introduction and (when given) recogniser spans of each text."""
    recognised = recognise(list(texts)) if recognise is not None and texts else [[]] * len(texts)
    return [
        pattern_spans(text) + introduction_spans(text) + list(ner)
        for text, ner in zip(texts, recognised)
    ]


def mask_patterns(text: str) -> str:
    """The cheap part of masking (patterns and self-introductions, no NER), for search."""
    return apply_spans(text, pattern_spans(text) + introduction_spans(text))


def mask_text(text: str, recognise: Optional[Recogniser] = None) -> str:
    """Mask one text on its own (patterns, self-introductions and, if given, NER)."""
    return mask_texts([text], recognise)[0]


def mask_each(texts: Sequence[str], recognise: Optional[Recogniser] = None) -> List[str]:
    """Mask unrelated texts (say, each conversation's first message) in one batch."""
    return [apply_spans(text, spans) for text, spans in zip(texts, _spans(texts, recognise))]


def mask_texts(texts: Sequence[str], recognise: Optional[Recogniser] = None) -> List[str]:
    """Mask the texts of one conversation together.

    A name found once (say "Jake" in a capitalised sentence) is masked in every text of the
    conversation, including lower-case mentions the recogniser would miss on their own.
    """
    found = _spans(texts, recognise)
    names: set[str] = set()
    for text, spans in zip(texts, found):
        for start, end, label in spans:
            if label == "NAME":
                names.update(part for part in text[start:end].split() if part[:1].isalpha())
    return [
        apply_spans(text, spans + known_name_spans(text, names))
        for text, spans in zip(texts, found)
    ]
