"""Points facts.md marks "unverified" are never stated as fact (issue #15).

Each is a claim families would take at its word: one guide says Maryland does not commit a person
for addiction alone, but the law at hand does not confirm it, so saying it could stop a family from
using the emergency petition when a life is at risk.
"""

from __future__ import annotations

import re

UNVERIFIED = {
    "no commitment for addiction alone": re.compile(
        r"\b(addiction|substance use( disorder)?|drug use|drinking) alone\b", re.IGNORECASE),
}


def test_no_text_states_an_unverified_point(variations) -> None:
    problems = [
        f"{name}[{index}]: {point}"
        for name, index, variation in variations
        for point, pattern in UNVERIFIED.items()
        if pattern.search(variation.get("text") or "")
    ]
    assert not problems, "\n".join(problems)


def test_the_check_catches_the_claim() -> None:
    claim = "Maryland can't commit someone for addiction alone."
    assert UNVERIFIED["no commitment for addiction alone"].search(claim)
