"""Repair misspelled crisis words before matching.

People in a panic type fast on phones: "sucidal", "overdosng", "not breating". A known-variant
table catches the common forms; an edit-distance check catches the rest, but only for long
keywords (short words collide with everyday words) and never for real words listed below.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

#: Misspellings (and spellings that spaCy tokenises badly) -> the intended word.
KNOWN_VARIANTS: dict[str, str] = {
    "sucide": "suicide", "suiside": "suicide", "suicde": "suicide", "suicid": "suicide",
    "suacide": "suicide", "suecide": "suicide", "siucide": "suicide", "suicied": "suicide",
    "sucidie": "suicide", "suside": "suicide", "sewercide": "suicide",
    "sucidal": "suicidal", "suicdal": "suicidal", "suisidal": "suicidal", "suicidel": "suicidal",
    "suicidial": "suicidal", "suacidal": "suicidal", "sucicidal": "suicidal",
    "suisidle": "suicidal", "suicidle": "suicidal", "sucidial": "suicidal",
    "overdosd": "overdosed", "overdossed": "overdosed", "overdoesed": "overdosed",
    "overdozed": "overdosed", "overdossing": "overdosing", "overdoseing": "overdosing",
    "overdozing": "overdosing", "overdosin": "overdosing", "odin": "oding",
    "breating": "breathing", "breathng": "breathing", "brething": "breathing",
    "breahting": "breathing", "breathin": "breathing",
    "braething": "breathing",
    "unresponsve": "unresponsive", "unresponive": "unresponsive", "unrespnsive": "unresponsive",
    "unresponcive": "unresponsive", "unconcious": "unconscious", "unconsious": "unconscious",
    "unconcius": "unconscious",
    "kniffe": "knife", "knive": "knife", "nife": "knife",
    "gurgeling": "gurgling", "gurgleing": "gurgling", "gargling": "gurgling",
    "threating": "threatening", "threatning": "threatening", "thretening": "threatening",
    "himslef": "himself", "hisself": "himself", "herslef": "herself", "myslef": "myself",
    "themselfs": "themselves", "themselfes": "themselves",
    "wnats": "wants", "wnat": "want",
    "kil": "kill", "kiling": "killing", "killin": "killing",
    "cuting": "cutting", "cutin": "cutting", "cuttin": "cutting",
    "wakeup": "wake", "wakin": "waking",
}

#: Keywords the edit-distance repair may produce.
FUZZY_KEYWORDS: tuple[str, ...] = (
    "suicide", "suicidal", "overdose", "overdosed", "overdosing", "breathing", "unresponsive",
    "unconscious", "himself", "herself", "myself", "themselves", "threatening", "gurgling",
)

#: Real words one edit away from a keyword: never "repair" these.
REAL_WORDS: frozenset[str] = frozenset({
    "overdone", "overdoes", "overused", "breaching", "breathing", "breeding", "wreathing",
    "sheathing", "seething", "teething", "threatened", "threatens", "threading",
    "suicides", "overdoses", "hersey", "herself", "himself", "myself",
    "gurgled", "gurgles",
})

MIN_FUZZY_LENGTH = 7


def _edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """Damerau-Levenshtein distance (adjacent swaps count once) is <= limit."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return False
        previous_previous, previous = previous, current
    return previous[-1] <= limit


def correct_word(word: str) -> str:
    """The intended crisis keyword for a misspelled word, or the word itself."""
    lower = word.lower()
    if lower in KNOWN_VARIANTS:
        return KNOWN_VARIANTS[lower]
    if len(lower) < MIN_FUZZY_LENGTH or lower in REAL_WORDS or not lower.isalpha():
        return word
    if lower in FUZZY_KEYWORDS:
        return word
    for limit in (1, 2):
        for keyword in FUZZY_KEYWORDS:
            if (limit == 1 or len(keyword) >= 10) and _edit_distance_at_most(
                lower, keyword, limit
            ):
                return keyword
    return word


def correct_words(words: Sequence[str]) -> list[str]:
    """Word-by-word repair; the result has the same length, so token positions line up."""
    return [correct_word(word) for word in words]


#: Zero-width and direction-control characters: invisible, but they split words for spaCy
#: ("sui\u200bcidal"). Copied text from phones and social apps carries them.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")


def strip_invisible(text: str) -> str:
    """The text without invisible characters and with accents folded (NFKD, no combining
    marks), so a crisis word cannot hide behind them."""
    folded = unicodedata.normalize("NFKD", _INVISIBLE.sub("", text))
    return "".join(char for char in folded if not unicodedata.combining(char))
