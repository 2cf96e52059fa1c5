"""Plain language: families read these answers under stress, so they must stay easy to read.

Flesch-Kincaid grade by textstat, over every distinct response text of every capability:
the average must stay at grade 8 or below and no single text may go above grade 11.
"""

from __future__ import annotations

from statistics import mean
from typing import Any, Dict, List, Tuple

from tools.content.readability import as_read, reading_grade

Variation = Tuple[str, int, Dict[str, Any]]

MAX_AVERAGE_GRADE = 8.0
MAX_GRADE = 11.0


def _grades(variations: List[Variation]) -> Dict[str, Tuple[str, float]]:
    """Grade per distinct text (a text shared by several variations counts once)."""
    grades: Dict[str, Tuple[str, float]] = {}
    for name, index, variation in variations:
        text = variation.get("text") or ""
        if text and text not in grades:
            grades[text] = (f"{name}[{index}]", reading_grade(text))
    return grades


def test_reading_level(variations: List[Variation]) -> None:
    grades = _grades(variations)
    average = mean(grade for _, grade in grades.values())
    too_hard = sorted(f"{where}: grade {grade:.1f}" for where, grade in grades.values()
                      if grade > MAX_GRADE)
    print(f"\nreading level: {len(grades)} texts, average grade {average:.2f}, "
          f"hardest {max(g for _, g in grades.values()):.1f}")
    assert not too_hard, f"Above grade {MAX_GRADE}:\n" + "\n".join(too_hard)
    assert average <= MAX_AVERAGE_GRADE, f"average grade {average:.2f} > {MAX_AVERAGE_GRADE}"


def test_reading_grade_tells_plain_from_dense() -> None:
    plain = "Keep naloxone at home. Call 911 if they can't wake up. Stay with them."
    dense = ("Pharmacological management of precontemplative individuals necessitates "
             "comprehensive multidisciplinary evaluation of concurrent psychiatric comorbidity.")
    assert reading_grade(plain) <= MAX_AVERAGE_GRADE < MAX_GRADE < reading_grade(dense)


def test_bullets_and_placeholders_are_read_as_a_reader_meets_them() -> None:
    assert as_read("Tips:\n- keep naloxone\n- call 911.\nHi {name}") == (
        "Tips:\n- keep naloxone.\n- call 911.\nHi this.")
