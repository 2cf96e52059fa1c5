"""Every text the bot can send (all capabilities) is person-first and makes no forbidden claim."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from tools.content.lint import claim_violations, stigma_violations, visible_texts

Variation = Tuple[str, int, Dict[str, Any]]


def _report(variations: List[Variation], check) -> List[str]:
    problems = []
    for name, index, variation in variations:
        for text in visible_texts(variation):
            for violation in check(text):
                problems.append(f"{name}[{index}] {violation.rule_id} ({violation.why}): "
                                f"{violation.excerpt!r}")
    return problems


def test_no_stigmatising_language(variations: List[Variation]) -> None:
    problems = _report(variations, stigma_violations)
    assert not problems, "Stigmatising wording (NIDA Words Matter):\n" + "\n".join(problems)


def test_no_forbidden_claims(variations: List[Variation]) -> None:
    problems = _report(variations, claim_violations)
    assert not problems, "Claims the bot must never make:\n" + "\n".join(problems)
