"""Which variation of a response a family reads, given the slots.

Rasa sends one variation among those whose conditions all match; the project's picker prefers the
one with the most matching conditions, ties going to the first in file order, and falls back to
the first unconditioned variation. The content tests read answers the same way, so a test of
"the answer for a family whose son is home from jail" checks the text that family would get.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional


def matches(variation: Dict[str, Any], slots: Dict[str, Any]) -> bool:
    return all(slots.get(c["name"]) == c.get("value") for c in variation.get("condition") or [])


def picked(variations: List[Dict[str, Any]], **slots: Optional[str]) -> Dict[str, Any]:
    """The variation sent for these slot values (slots not named are unset)."""
    conditional = [v for v in variations if v.get("condition") and matches(v, slots)]
    if conditional:
        most = max(len(v["condition"]) for v in conditional)
        return next(v for v in conditional if len(v["condition"]) == most)
    return next(v for v in variations if not v.get("condition"))


def answer(responses: Dict[str, List[Dict[str, Any]]], name: str, **slots: Optional[str]) -> str:
    """The lower-cased text of response `name` for these slot values."""
    return picked(responses[name], **slots)["text"].lower()
