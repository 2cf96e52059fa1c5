"""How much personal data the masking catches, on hand-written family-style messages.

    python -m console.masking_bench      writes reports/console_masking.{json,md}

Each case lists the personal strings that must disappear; recall is the share that did. The
clean cases carry no personal data and count how often ordinary words were masked anyway.
The messages are written for this check (not taken from any evaluation set).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Dict, List, Tuple

from console.config import PROJECT_ROOT
from console.masking import default_recogniser, mask_texts

REPORT = PROJECT_ROOT / "reports" / "console_masking"

# (message, [(personal string, kind), ...])
CASES: List[Tuple[str, List[Tuple[str, str]]]] = [
    ("Hi, I'm Carla and my son Marcus is drinking again", [("Carla", "name"), ("Marcus", "name")]),
    ("my name is dave, my wife is using pills", [("dave", "name")]),
    ("This is Priya Shah, please call 443-555-0134", [("Priya", "name"), ("Shah", "name"),
                                                       ("443-555-0134", "phone")]),
    ("my daughter Tasha moved to Glen Burnie", [("Tasha", "name"), ("Glen Burnie", "place")]),
    ("we live in Severna Park near the school", [("Severna Park", "place")]),
    ("he stays with his dad in Baltimore", [("Baltimore", "place")]),
    ("email me at ron.k@example.net", [("ron.k@example.net", "email")]),
    ("text (410) 555-0187 after 6", [("(410) 555-0187", "phone")]),
    ("our address is 221 Chesapeake Avenue", [("221 Chesapeake Avenue", "address")]),
    ("he was born on 04/12/1999", [("04/12/1999", "date")]),
    ("his court date is June 14th", [("June 14th", "date")]),
    ("Kevin won't answer his phone", [("Kevin", "name")]),
    ("my boyfriend Luis says he is fine", [("Luis", "name")]),
    ("call me jo", [("jo", "name")]),
    ("my husband Greg and I live at 9 Elm Street, Annapolis",
     [("Greg", "name"), ("9 Elm Street", "address"), ("Annapolis", "place")]),
    ("she goes to Towson University", [("Towson", "place")]),
    ("you can reach me on 4105550166", [("4105550166", "phone")]),
    ("my sister Rachel found needles", [("Rachel", "name")]),
    ("policy number HMO44821907", [("HMO44821907", "id")]),
    ("my grandson tyler is 19", [("tyler", "name")]),
]
CLEAN: List[str] = [
    "I am worried about my son",
    "how much does TMS cost",
    "is ketamine safe for someone who drinks",
    "he relapsed again last week",
    "I'm so tired of the lies",
    "what should I say to my daughter",
    "does insurance cover this",
    "he uses every day and hides it",
    "can I come with him to the first visit",
    "my partner says I'm overreacting",
]


def run() -> Dict[str, object]:
    """Mask every case and count what stayed visible."""
    recognise = default_recogniser()
    found: Counter = Counter()
    total: Counter = Counter()
    missed: List[str] = []
    start = time.perf_counter()
    for text, secrets in CASES:
        masked = mask_texts([text], recognise)[0]
        for secret, kind in secrets:
            total[kind] += 1
            if secret in masked:
                missed.append(f"{kind}: {secret!r} in {masked!r}")
            else:
                found[kind] += 1
    over_masked = [t for t, m in zip(CLEAN, mask_texts(CLEAN, recognise)) if m != t]
    seconds = time.perf_counter() - start
    return {
        "cases": len(CASES),
        "recall_overall": round(sum(found.values()) / sum(total.values()), 3),
        "recall_by_kind": {k: f"{found[k]}/{total[k]}" for k in sorted(total)},
        "missed": missed,
        "clean_messages": len(CLEAN),
        "clean_messages_changed": over_masked,
        "ms_per_message": round(seconds * 1000 / (len(CASES) + len(CLEAN)), 1),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def main() -> int:
    result = run()
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Staff console masking check", "",
        f"{result['cases']} hand-written messages with personal data; overall recall "
        f"**{result['recall_overall']:.0%}**; {len(result['clean_messages_changed'])} of "
        f"{result['clean_messages']} clean messages changed.", "",
        "| kind | caught |", "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in result["recall_by_kind"].items()],
        "", "Missed:", *([f"- {m}" for m in result["missed"]] or ["- nothing"]),
    ]
    REPORT.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
