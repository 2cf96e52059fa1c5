"""Write reviewers' intent corrections as Rasa NLU training data (YAML, `version: "3.1"`).

The output can be saved as data/nlu/<file>.yml as is; texts are the masked versions, so no
personal data enters the training set.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Dict, Iterable, List

from console.review import Correction


def _one_line(text: str) -> str:
    """Training examples are single lines: collapse any whitespace run to one space."""
    return " ".join(text.split())


def corrections_to_nlu_yaml(corrections: Iterable[Correction]) -> str:
    """Group corrected examples by intent, de-duplicated, in Rasa's NLU YAML format."""
    grouped: Dict[str, List[str]] = defaultdict(list)
    for correction in corrections:
        text = _one_line(correction.text)
        if text and text not in grouped[correction.corrected_intent]:
            grouped[correction.corrected_intent].append(text)
    lines = [
        "# Intent corrections exported from the staff console; review before adding to data/nlu/.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent in sorted(grouped):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {text}" for text in grouped[intent])
    if not grouped:
        lines[-1] = "nlu: []"
    return "\n".join(lines) + "\n"

