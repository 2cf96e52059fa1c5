"""Every fact the bot states is traceable: sources from facts.md, a review date, no made-up numbers.

Conversational lines carry `kind: conversational`; the clinic's own details carry `kind: clinic`
and stay clearly-marked placeholders, in one file, until the clinic fills them in.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Tuple
from urllib.parse import unquote

import yaml

Variation = Tuple[str, int, Dict[str, Any]]

KINDS_WITHOUT_SOURCES = {"conversational", "clinic"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SOURCE = re.compile(r"^(?P<name>.+\S)\s+—\s+(?P<url>https://\S+)$")
PHONE = re.compile(r"\b(?:1-)?\d{3}-\d{3}-\d{4}\b")
# Phone numbers the bot may quote: each is in facts.md (as written there) and not marked "verify".
VERIFIED_NUMBERS = {
    "1-800-662-4357": "1-800-662-HELP (4357)",  # SAMHSA National Helpline
    "1-800-487-4889": "TTY 1-800-487-4889",  # SAMHSA helpline, TTY
    "1-800-222-1222": "1-800-222-1222",  # Poison Help
    "1-800-799-7233": "1-800-799-SAFE (7233)",  # National Domestic Violence Hotline
    "1-800-426-2537": "1-800-GAMBLER (1-800-426-2537)",  # Maryland problem-gambling helpline
}


def _metadata(variation: Dict[str, Any]) -> Dict[str, Any]:
    return variation.get("metadata") or {}


def _page(url_or_text: str) -> str:
    """A page address without scheme, URL-encoding or doubled slashes, for comparing.

    facts.md lists some pages as http:// or inside a proxy link; the bot cites the page itself
    over https."""
    text = unquote(url_or_text).replace("https://", "").replace("http://", "")
    return re.sub(r"/{2,}", "/", text).rstrip("/")


def test_every_variation_is_reviewed_and_either_sourced_or_marked(
    variations: List[Variation],
) -> None:
    problems = []
    for name, index, variation in variations:
        meta = _metadata(variation)
        if not DATE.match(str(meta.get("reviewed", ""))):
            problems.append(f"{name}[{index}]: no reviewed date (YYYY-MM-DD)")
        if meta.get("kind") not in KINDS_WITHOUT_SOURCES and not meta.get("sources"):
            problems.append(f"{name}[{index}]: states facts but has no sources "
                            "(or mark it kind: conversational)")
    assert not problems, "\n".join(problems)


def test_sources_name_an_https_page_from_facts_md(
    variations: List[Variation], facts_text: str
) -> None:
    known_pages = _page(facts_text)
    problems = []
    for name, index, variation in variations:
        for source in _metadata(variation).get("sources") or []:
            match = SOURCE.match(str(source))
            if not match:
                problems.append(f"{name}[{index}]: {source!r} is not '<name> — <https URL>'")
                continue
            if _page(match["url"]) not in known_pages:
                problems.append(f"{name}[{index}]: {match['url']} is not a source in facts.md")
    assert not problems, "\n".join(problems)


def test_phone_numbers_are_only_verified_ones(
    variations: List[Variation], facts_text: str
) -> None:
    for written in VERIFIED_NUMBERS.values():
        assert written in facts_text
    problems = [
        f"{name}[{index}]: {number} is not a verified number from facts.md"
        for name, index, variation in variations
        for number in PHONE.findall(variation.get("text") or "")
        if number not in VERIFIED_NUMBERS
    ]
    assert not problems, "\n".join(problems)


def test_clinic_details_are_placeholders_in_one_file(content_dir, responses) -> None:
    """No invented address or phone: the clinic's details live only in domain/answers/clinic.yml."""
    clinic = yaml.safe_load((content_dir / "clinic.yml").read_text(encoding="utf-8"))["responses"]
    placeholders = {name for name, variations in responses.items()
                    if any(_metadata(v).get("placeholder") for v in variations)}
    assert placeholders and placeholders <= set(clinic)
    for name in clinic:
        for variation in responses[name]:
            meta = _metadata(variation)
            assert meta.get("kind") == "clinic"
            if meta.get("placeholder"):
                assert "CLINIC TO FILL" in meta.get("todo", "")
                assert "Contact page" in variation["text"] or "consultation" in variation["text"]
