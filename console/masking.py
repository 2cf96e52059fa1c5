"""Hide personal data in conversation text before staff see it.

Names and places come from spaCy's named-entity recogniser (plus self-introductions such as
"my name is tom", which the recogniser misses in lower case); phone numbers (US and
international), e-mail addresses (also written out, "jane at gmail dot com"), street addresses,
PO boxes, dates, social security numbers, booking codes and calendar-link tokens come from
patterns. The clinic's own vocabulary (substances and their slang, medicines, services, the
places it publishes) is never masked as a name or a place: see console.clinic_terms. Every
function here is pure: text in, text out, so the masking rules are tested directly against a
table of examples.
"""

from __future__ import annotations

import re
import threading
from itertools import groupby
from typing import Callable, Iterable, List, Optional, Sequence, Set, Tuple

from console.clinic_terms import FILLERS, is_clinic_text, is_helpline, term_marks, words_of

Span = Tuple[int, int, str]
Recogniser = Callable[[Sequence[str]], List[List[Span]]]

NER_LABELS = {"PERSON": "NAME", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
INSTITUTION = re.compile(
    r"\b(?:university|college|school|academy|high|middle|elementary|hospital|clinic|church|"
    r"prison|jail|detention|base|medical\s+cent(?:er|re))\b",
    re.IGNORECASE,
)

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Written out against spam harvesters: "jane at gmail dot com", "jane(at)example.org",
# "jane [at] example [dot] org". Only with a domain-like ending. After a plain " at " the
# domain's dots must be spelled too, or the name before it must look like an address (a dot, a
# digit): "he is at home", "chat at 988lifeline.org" and "I read it at samhsa dot gov" stay.
SPELLED_AT = r"(?:\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+@\s*|\s*@\s+)"
SPELLED_DOT = r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+)"
ANY_DOT = r"(?:" + SPELLED_DOT + r"|\.)"
TOP_DOMAIN = r"(?:com|org|net|edu|gov|us|io|co|info|me|uk|ca)(?![\w-])"
NOT_LOCAL = (
    r"(?:is|was|are|were|be|been|am|it|me|him|her|them|us|you|we|they|he|she|i|look|looked|"
    r"looking|stay|stays|stayed|staying|live|lives|lived|living|work|works|worked|working|read|"
    r"found|saw|see|seen|online|info|information|home|here|there|that|this|someone|something|"
    r"up|out|go|goes|went|going|meet|met|help|available|meetings|treatment|support|more|says|"
    r"said|listed|posted|anyone|everyone|people|email|mail|text|call|chat|reach|contact|write)"
)
LOCAL = r"(?<![\w.+-])[\w+-]+(?:" + ANY_DOT + r"[\w+-]+){0,4}"  # bounded: no slow backtracking
SPELLED_EMAIL = re.compile(
    "|".join((
        LOCAL + SPELLED_AT + r"[\w-]+(?:" + ANY_DOT + r"[\w-]+){0,3}?" + ANY_DOT + TOP_DOMAIN,
        r"(?!" + NOT_LOCAL + r"\b)" + LOCAL + r"\s+at\s+[\w-]+(?:" + SPELLED_DOT
        + r"[\w-]+){0,3}?" + SPELLED_DOT + TOP_DOMAIN,
        r"(?<![\w.+-])(?=[\w+-]*[\d._+])[\w.+-]+\s+at\s+[\w-]+(?:\.[\w-]+){0,3}?\."
        + TOP_DOMAIN,
    )),
    re.IGNORECASE,
)
PHONE = re.compile(
    r"(?<![\w])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w])"
    r"|(?<![\w])\d{10}(?![\w])"
)
# "+44 20 7946 0958", "0044 20 7946 0958", "+52 55 1234 5678", "+44 (0)20 7946 0958".
INTL_PHONE = re.compile(
    r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s.-]?\(0\))?"
    r"(?:[\s.-]?\(?\d{1,5}\)?){1,5}[\s.-]?\d{2,5}(?![\w])"
)
HOUSE_NUMBER = r"\d{1,6}(?:-?[A-Za-z](?![A-Za-z]))?"  # 12, 12B, 12-B
UNIT = r"(?i:,?\s*(?:apt|apartment|unit|suite|ste|#)\s*\.?\s*\w+)?"
STREET_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"terrace|ter|circle|cir|parkway|pkwy|highway|hwy|route|rte)"
)
ADDRESS = re.compile(
    r"\b" + HOUSE_NUMBER + r"\s+(?:[A-Za-z0-9.'-]+\s+){0,4}" + STREET_SUFFIX + r"\b\.?" + UNIT,
    re.IGNORECASE,
)
# These suffixes are also ordinary words ("3 times in a row", "5 miles up the hill"), so the
# street name and the suffix must be capitalised: "12B Oak Hill", "40 Severn Run".
PROPER_STREET_SUFFIX = (
    r"(?:Row|Square|Sq|Alley|Aly|Pike|Trail|Trl|Crescent|Cres|Close|Heights|Hts|Loop|Run|Hill|"
    r"Point|Pt|Landing|Lndg)"
)
PROPER_ADDRESS = re.compile(
    r"\b" + HOUSE_NUMBER + r"\s+(?:[A-Z0-9][A-Za-z0-9.'-]*\s+){0,4}" + PROPER_STREET_SUFFIX
    + r"\b\.?" + UNIT
)
PO_BOX = re.compile(r"\b(?:P\.?\s?O\.?|post\s+office)\s*box\s*#?\s*\d+\b", re.IGNORECASE)
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
    r"tired|done|okay|ok|fine|lost|desperate|concerned|his|mom|dad|mother|father|wife|husband|"
    r"called|happening|normal|hard|when|what|why|how|where|who|it|that|because|serious|scary|"
    r"difficult|important|common|true|urgent|exactly|one|your|our|all|only|too|getting|new|"
    r"taking|having|being|doing|tough|awful|horrible|terrible|crazy|overwhelming|for|to)"
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
# Social security numbers (123-45-6789, 123 45 6789, 123.45.6789), and member / policy / case
# numbers: a token with 6+ digits in it.
IDENTIFIER = re.compile(
    r"\b\d{3}([-\s.])\d{2}\1\d{4}\b|\b(?=(?:[A-Za-z]*\d){6})[A-Za-z0-9]{6,}\b"
)
# Booking codes (booking.codes: six characters without 0/O, 1/I/L, 5/S, 8) and the secret token
# of a calendar link, /ics/<CODE>?t=<token>. With the code and the family's phone number anyone
# could move or cancel the booking; with the token anyone could download it.
CODE_CHAR = "[A-HJKMNP-RT-Z234679]"
CODE_SHAPE = CODE_CHAR + "{3}-?" + CODE_CHAR + "{3}"
CODE_AFTER_WORD = re.compile(
    r"\bcode(?:\s+(?:is|was|stays|will\s+be))?\s*[:#]?\s*\**(?P<v>(?<![\w-])" + CODE_SHAPE
    + r")(?![\w-])",
    re.IGNORECASE,
)
CODE_ALONE = re.compile(r"(?<![\w-])" + CODE_SHAPE + r"(?![\w-])", re.IGNORECASE)
CODE_REPLY = re.compile(r"^\W*(?P<v>" + CODE_SHAPE + r")\W*$", re.IGNORECASE)
TIME_RANGE = re.compile(r"\d{1,2}[ap]m-?\d{1,2}[ap]m", re.IGNORECASE)
CALENDAR_CODE = re.compile(r"/ics/(?P<v>[A-Za-z0-9-]{1,20})")
LINK_TOKEN = re.compile(r"(?<=[?&]t=)[\w-]{8,}")
# A pasted secret: 20+ URL-safe characters mixing upper case, lower case and digits.
SECRET = re.compile(
    r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[a-z])(?=[\w-]*[A-Z])[\w-]{20,}(?![\w-])"
)
# "i am" is often followed by a feeling; only trust it when the next word is capitalised.
WEAK_INTRODUCTIONS = {"i am", "i'm", "im"}
# After these, a clinic term that is also a given name ("Molly", "Crystal") is taken as a name.
STRONG_INTRODUCTIONS = {"my name is", "my name's", "name is", "named", "call me"}


def private_number(found: str) -> bool:
    """Any number but the helplines the bot gives out (SAMHSA's is no one's secret)."""
    return not is_helpline(found)


def international_number(found: str) -> bool:
    """An international number has 8 to 15 digits after its "+" or "00" (E.164)."""
    digits = re.sub(r"\D", "", re.sub(r"^(?:\+|00)|\(0\)", "", found))
    return 8 <= len(digits) <= 15 and private_number(found)


def _code_like(found: str) -> bool:
    """Letters and digits mixed (codes are random, words are not), and not "6pm-9pm"."""
    return (any(c.isdigit() for c in found) and any(c.isalpha() for c in found)
            and not TIME_RANGE.fullmatch(found))


def code_reply(found: str) -> bool:
    """A whole message that is only a code: typed in capitals or with a digit in it."""
    return (found.isupper() or any(c.isdigit() for c in found)) and not TIME_RANGE.fullmatch(
        found)


Check = Optional[Callable[[str], bool]]
PATTERNS: Tuple[Tuple[str, re.Pattern[str], Check], ...] = (
    ("EMAIL", EMAIL, None),
    ("EMAIL", SPELLED_EMAIL, None),
    ("PHONE", PHONE, private_number),
    ("PHONE", INTL_PHONE, international_number),
    ("ADDRESS", ADDRESS, None),
    ("ADDRESS", PROPER_ADDRESS, None),
    ("ADDRESS", PO_BOX, None),
    ("DATE", DATE, None),
    ("ID", IDENTIFIER, private_number),
    ("LINK", LINK_TOKEN, None),
    ("LINK", SECRET, None),
    ("CODE", CALENDAR_CODE, None),
    ("CODE", CODE_AFTER_WORD, None),
    ("CODE", CODE_ALONE, _code_like),
    ("CODE", CODE_REPLY, code_reply),
)


def pattern_spans(text: str) -> List[Span]:
    """Spans of contact details, addresses, dates, identifiers, booking codes and calendar-link
    tokens found by patterns (a pattern's group "v", when it has one, is what is masked)."""
    spans: List[Span] = []
    for label, pattern, check in PATTERNS:
        for match in pattern.finditer(text):
            group = "v" if "v" in pattern.groupindex else 0
            if check is None or check(match.group(group)):
                spans.append((match.start(group), match.end(group), label))
    return spans


def without_clinic_terms(
    text: str, start: int, label: str, allow_given_names: bool = True
) -> List[Span]:
    """A name or place span (`text` found at `start`) minus the clinic's own words.

    "Ketamine" or "Anne Arundel County" alone is dropped; in "Carry Narcan" only "Carry" stays
    masked: the clinic's words never carry personal data, the rest may.
    """
    words = words_of(text)
    marks = term_marks([word for _, _, word in words], allow_given_names)
    if not any(marks):
        return [(start, start + len(text), label)]
    spans: List[Span] = []
    for is_term, group in groupby(zip(words, marks), key=lambda pair: pair[1]):
        run = [word for word, _ in group]
        if not is_term and any(word not in FILLERS for _, _, word in run):
            spans.append((start + run[0][0], start + run[-1][1], label))
    return spans


def introduction_spans(text: str) -> List[Span]:
    """Spans of a name given in a self-introduction (even in lower case) or after a relative.

    "i'm on kpins" or "my son Ketamine..." give no name; after a strong cue ("my daughter
    Molly", "my name is Crystal") a term that is also a given name is still masked.
    """
    spans: List[Span] = []
    for match in INTRODUCTION.finditer(text):
        lead = " ".join(match.group(0)[: match.start(1) - match.start(0)].lower().split())
        if lead in WEAK_INTRODUCTIONS and not match.group(1)[0].isupper():
            continue
        end = match.end(2) if match.group(2) and match.group(2)[0].isupper() else match.end(1)
        spans.extend(without_clinic_terms(text[match.start(1):end], match.start(1), "NAME",
                                          lead not in STRONG_INTRODUCTIONS))
    for match in RELATIVE_NAME.finditer(text):
        spans.extend(without_clinic_terms(match.group(1), match.start(1), "NAME", False))
    return spans


def ner_spans(doc_ents: Iterable[Tuple[int, int, str, str]]) -> List[Span]:
    """Keep the recogniser's people and places (NAME, PLACE), and organisations that are
    institutions someone attends (a school, a hospital): those identify a person too. Other
    organisations stay, because they are what families ask about (TMS, FDA, Medicaid, NA).
    The clinic's own words are taken out: the small model often calls "Ketamine" a person.
    """
    spans: List[Span] = []
    for start, end, label, text in doc_ents:
        institution = bool(INSTITUTION.search(text))
        kind = NER_LABELS.get(label) or ("PLACE" if label == "ORG" and institution else "")
        if not kind:
            continue
        if not institution:
            spans.extend(without_clinic_terms(text, start, kind))
        elif not is_clinic_text(text):  # whole: "Anne Arundel Community College" identifies
            spans.append((start, end, kind))
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


def known_code_spans(text: str, codes: Iterable[str]) -> List[Span]:
    """Every other mention of a booking code found in the conversation: the bot gives it as
    "K7Q3MX", the family may type it back as "k7q-3mx" in a later message."""
    spans: List[Span] = []
    for code in codes:
        pattern = r"(?<![\w-])" + re.escape(code[:3]) + "-?" + re.escape(code[3:]) + r"(?![\w-])"
        spans.extend((m.start(), m.end(), "CODE")
                     for m in re.finditer(pattern, text, re.IGNORECASE))
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


def found_words(texts: Sequence[str], found: Sequence[List[Span]]) -> Tuple[Set[str], Set[str]]:
    """The name words and booking codes found anywhere in a conversation."""
    names: Set[str] = set()
    codes: Set[str] = set()
    for text, spans in zip(texts, found):
        for start, end, label in spans:
            if label == "NAME":
                names.update(part for part in text[start:end].split() if part[:1].isalpha())
            elif label == "CODE":
                code = re.sub(r"[^A-Za-z0-9]", "", text[start:end]).upper()
                if len(code) == 6:
                    codes.add(code)
    return names, codes


def mask_texts(texts: Sequence[str], recognise: Optional[Recogniser] = None) -> List[str]:
    """Mask the texts of one conversation together.

    A name found once (say "Jake" in a capitalised sentence) is masked in every text of the
    conversation, including lower-case mentions the recogniser would miss on their own; so is
    a booking code the bot gave ("HUNTER") when the family types it back ("hunter").
    """
    return mask_conversations([texts], recognise)[0]


def mask_conversations(
    conversations: Sequence[Sequence[str]], recognise: Optional[Recogniser] = None
) -> List[List[str]]:
    """Mask several conversations, each as `mask_texts` would, with one recogniser batch."""
    flat = [text for texts in conversations for text in texts]
    found = _spans(flat, recognise)
    masked: List[List[str]] = []
    first = 0
    for texts in conversations:
        spans = found[first : first + len(texts)]
        first += len(texts)
        names, codes = found_words(texts, spans)
        masked.append([
            apply_spans(text, own + known_name_spans(text, names) + known_code_spans(text, codes))
            for text, own in zip(texts, spans)
        ])
    return masked
