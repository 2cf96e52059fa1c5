"""A family asking about the words of the answer they just got.

"You said ask open questions, what would that sound like with her?" or "what do you mean by
enabling?" asks for more on the answer in focus. The NLU cannot know that: "questions" can read
as the stage check-in, "enabling" as the boundaries topic. Such a turn quotes the bot (a cue like
"you said"), and the words it quotes are in the bot's last answer.
"""

from __future__ import annotations

import re

from family_guide.crisis.decide import LETTER_CHARS

# "you said ...", "you mentioned ...", "what do you mean by ...", "when you say ...".
_QUOTE_CUE = re.compile(
    r"\b(?:you (?:said|say|mentioned|mention|wrote|suggested|suggest|told me(?: to)?"
    r"|talked about)|what (?:do|did) you mean(?: by)?|when you say)\b"
)
# The quoted words end at the first punctuation or question word after the cue.
_QUOTE_END = re.compile(r"[,.;:?!\"()]|\b(?:what|how|but|and so|so what|does|do|is|can)\b")
_WORD = re.compile(r"[a-z][a-z'-]*")
# Quoted words this short, or this common, do not show which answer is meant.
_MIN_QUOTED_LETTERS = 4
_TOO_COMMON = frozenset({
    "that", "this", "them", "they", "their", "with", "about", "your", "something", "should",
    "would", "could", "like", "thing", "things", "just", "really", "even", "also",
})


def words_of(text: str) -> list[str]:
    """The lower-cased words of a text, in order (apostrophes and hyphens kept inside)."""
    return _WORD.findall((text or "").lower())


def _quoted(text: str) -> list[str]:
    """The distinctive words the message quotes, or [] if it quotes nothing."""
    lowered = (text or "").lower()
    if len(lowered) >= LETTER_CHARS:
        return []
    cue = _QUOTE_CUE.search(lowered)
    if cue is None:
        return []
    rest = lowered[cue.end():]
    end = _QUOTE_END.search(rest)
    clause = rest[: end.start()] if end else rest
    return [word for word in words_of(clause)
            if len(word) >= _MIN_QUOTED_LETTERS and word not in _TOO_COMMON]


def quotes_the_bot(text: str) -> bool:
    """Whether a short message quotes something the bot said (whatever that was)."""
    return bool(_quoted(text))


def asks_about_answer(text: str, answer: str) -> bool:
    """Whether a short message quotes words of `answer`: at least half of the distinctive
    words it quotes are there (as words, or the start of one: "question" in "questions")."""
    quoted = _quoted(text)
    if not quoted:
        return False
    answer_words = words_of(answer)
    found = sum(any(word.startswith(q) or (q.startswith(word) and len(word) >= _MIN_QUOTED_LETTERS)
                    for word in answer_words) for q in quoted)
    return found * 2 >= len(quoted)
