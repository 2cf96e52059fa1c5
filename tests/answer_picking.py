"""Which variation of a response a family reads, given the slots.

The content tests read answers through the bot's own generator (family_guide.nlg: the variation
matching the most conditions wins, ties to the first in file order), so a test of "the answer for
a family whose son is home from jail" checks the text that family would get.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from family_guide.nlg import FamilyGuideNLG


def answer(responses: Dict[str, List[Dict[str, Any]]], name: str, **slots: Optional[str]) -> str:
    """The lower-cased text of response `name` for these slot values (others unset)."""
    message = FamilyGuideNLG(responses=responses).generate_from_slots(name, dict(slots), "rest")
    assert message is not None, f"{name} has no variation for {slots}"
    return str(message["text"]).lower()
