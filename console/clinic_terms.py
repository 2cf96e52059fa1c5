"""The clinic's own vocabulary, which masking must never hide.

Families write "my son is on ketamine" or "he takes kpins", and the bot answers about Spravato,
Narcan and Safe Stations in Annapolis. The name recogniser often tags these words as people or
places; masking them would hide exactly what a reviewer needs to read, while protecting no one.
Substances and their slang come from the bot's own lookup (`data/lookups/substance.yml`), so a
form added there for the bot is kept readable here too.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Iterable, List, Sequence, Tuple

import yaml

from console.config import PROJECT_ROOT

log = logging.getLogger(__name__)

SUBSTANCE_LOOKUP = PROJECT_ROOT / "data" / "lookups" / "substance.yml"

MEDICINES = (
    "ketamine", "esketamine", "spravato", "tms", "transcranial magnetic stimulation",
    "suboxone", "subutex", "zubsolv", "buprenorphine", "brixadi", "methadone", "naltrexone",
    "vivitrol", "sublocade", "naloxone", "narcan", "kloxxado", "zimhi", "acamprosate", "campral",
    "disulfiram", "antabuse", "lofexidine", "lucemyra", "xanax", "klonopin", "valium", "ativan",
    "adderall", "ritalin", "vyvanse", "fentanyl", "xylazine", "gabapentin", "neurontin",
    "chantix", "varenicline", "wellbutrin", "bupropion", "zoloft", "prozac", "lexapro",
    "seroquel", "trazodone", "percocet", "oxycontin", "dilaudid",
)
# Street names the lookup does not list (it is tuned for the bot's entity extraction).
SLANG = (
    "kpin", "k-pin", "k pin", "klonnies", "klonies", "zannies", "xanny", "subs", "sub strips",
    "oxys", "percs", "fetty", "tranq dope", "special k",
)
SERVICES = (
    "infusion", "ketamine infusion", "ketamine therapy", "consultation", "consult",
    "safe station", "safe stations", "988", "911", "samhsa", "al-anon", "alanon", "nar-anon",
    "naranon", "smart recovery", "aa", "na", "alcoholics anonymous", "narcotics anonymous",
    "craft", "iop", "php", "detox", "rehab", "iv", "intravenous", "medicaid", "medicare",
    "family guide",
)
# The places the clinic publishes about itself, and the countries its answers mention (a
# country identifies no one); a family's own town is still masked.
PLACES = ("annapolis", "anne arundel", "maryland", "md", "us", "usa", "united states", "uk")
# Terms that are also given names: kept readable unless a strong cue says they are someone's
# name ("my daughter Molly", "my name is Crystal").
GIVEN_NAMES = frozenset({"molly", "crystal", "mary jane", "maryjane", "roxy"})
# Words that may sit next to clinic terms inside one recogniser span ("Anne Arundel County").
FILLERS = frozenset({"county", "the", "and", "or", "of", "state", "&"})

# Helplines the bot gives out (last ten digits): a number the clinic publishes is not personal.
HELPLINES = frozenset({
    "8006624357",  # SAMHSA National Helpline
    "8002221222",  # Poison Control
    "8007997233",  # National Domestic Violence Hotline
    "8004262537",  # Maryland problem-gambling helpline, 1-800-GAMBLER
})
SHORT_CODES = frozenset({"741741", "435748"})  # Crisis Text Line, SAMHSA's text line

POSSESSIVE = re.compile(r"['’]s$")
WORD = re.compile(r"[\w'’-]+")


def normalise(term: str) -> str:
    """Lower case, hyphens as spaces, no possessive: "Al-Anon's" and "al anon" are one term."""
    text = POSSESSIVE.sub("", term.strip().strip(".,;:!?\"()*[]").lower())
    return " ".join(text.replace("-", " ").split())


def lookup_terms(path: Path) -> List[str]:
    """Every example and synonym name of a Rasa lookup/synonym file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms: List[str] = []
    for item in data.get("nlu") or []:
        terms.extend(str(item[key]) for key in ("lookup", "synonym") if item.get(key))
        for line in str(item.get("examples") or "").splitlines():
            if line.strip().startswith("- "):
                terms.append(line.strip()[2:])
    return terms


def substance_terms(path: Path = SUBSTANCE_LOOKUP) -> List[str]:
    """The bot's substance vocabulary, or nothing (and a warning) when the file is missing."""
    try:
        return lookup_terms(path)
    except (OSError, yaml.YAMLError) as error:
        log.warning("Substance lookup %s unreadable (%s); masking may hide substances", path,
                    error)
        return []


@lru_cache(maxsize=1)
def vocabulary() -> FrozenSet[str]:
    """All clinic terms, normalised, loaded once per process."""
    terms: Iterable[str] = (*substance_terms(), *MEDICINES, *SLANG, *SERVICES, *PLACES)
    return frozenset(normalise(term) for term in terms if normalise(term))


def is_term(words: str, allow_given_names: bool = True) -> bool:
    """One term of the vocabulary, also in the plural ("kpins", "Narcans")."""
    key = normalise(words)
    if not allow_given_names and key in GIVEN_NAMES:
        return False
    terms = vocabulary()
    return key in terms or (key.endswith("s") and key[:-1] in terms)


def is_helpline(number: str) -> bool:
    """A phone number or text short code the bot itself publishes (SAMHSA, Poison Control,
    Crisis Text Line ...)."""
    digits = re.sub(r"\D", "", number)
    return digits[-10:] in HELPLINES if len(digits) >= 10 else digits in SHORT_CODES


def words_of(text: str) -> List[Tuple[int, int, str]]:
    """The words of a text with their offsets, normalised ("Al-Anon's" -> "al anon")."""
    found = ((m.start(), m.end(), normalise(m.group())) for m in WORD.finditer(text))
    return [word for word in found if word[2]]


def term_marks(words: Sequence[str], allow_given_names: bool = True) -> List[bool]:
    """For each word, whether it belongs to a clinic term; longest terms are tried first, so
    "Anne Arundel" and "Safe Stations" are one term each."""
    marks = [False] * len(words)
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            if is_term(" ".join(words[start:end]), allow_given_names):
                marks[start:end] = [True] * (end - start)
                start = end
                break
        else:
            start += 1
    return marks


def is_clinic_text(text: str, allow_given_names: bool = True) -> bool:
    """Whether a text is made only of clinic terms (and fillers such as "county")."""
    words = [word for _, _, word in words_of(text)]
    marks = term_marks(words, allow_given_names)
    return any(marks) and all(mark or word in FILLERS for word, mark in zip(words, marks))
