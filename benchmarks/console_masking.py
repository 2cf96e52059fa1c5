"""How much personal data the masking catches, on hand-written family-style messages.

    python -m benchmarks.console_masking            writes reports/console_masking.{json,md}
    python -m benchmarks.console_masking /tmp/mask  writes /tmp/mask.{json,md} instead

Each case lists the personal strings that must disappear; recall is the share that did. The
clean cases carry no personal data and count how often ordinary words were masked anyway; the
term cases count how often the clinic's own words (substances, medicines, services, its town)
were masked, in families' messages and in the bot's replies. The messages are written for this
check (not taken from any evaluation set).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from benchmarks.reporting import REPORTS, write_report
from console.masking import Recogniser, default_recogniser, mask_texts

REPORT = REPORTS / "console_masking"

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
    # Annapolis is the clinic's own town, kept (see TERMS); the street is the family's.
    ("my husband Greg and I live at 9 Elm Street, Annapolis",
     [("Greg", "name"), ("9 Elm Street", "address")]),
    ("she goes to Towson University", [("Towson", "place")]),
    ("you can reach me on 4105550166", [("4105550166", "phone")]),
    ("my sister Rachel found needles", [("Rachel", "name")]),
    ("policy number HMO44821907", [("HMO44821907", "id")]),
    ("my grandson tyler is 19", [("tyler", "name")]),
    # Names next to the clinic's words.
    ("my son Jake is on ketamine", [("Jake", "name")]),
    ("Ketamine helped my daughter Emily", [("Emily", "name")]),
    # International phone numbers.
    ("call me on +44 20 7946 0958 tonight", [("+44 20 7946 0958", "phone")]),
    ("my brother in Mexico: +52 55 1234 5678", [("+52 55 1234 5678", "phone")]),
    ("0044 20 7946 0958 is my sister", [("0044 20 7946 0958", "phone")]),
    # E-mail addresses written out.
    ("write to jane at gmail dot com", [("jane at gmail dot com", "email")]),
    ("or jane(at)example.org", [("jane(at)example.org", "email")]),
    ("jane [at] example [dot] org works too", [("jane [at] example [dot] org", "email")]),
    ("JANE AT EXAMPLE DOT COM", [("JANE AT EXAMPLE DOT COM", "email")]),
    # Addresses in other formats.
    ("we moved to 12B Main St last month", [("12B Main St", "address")]),
    ("our house is 40 Severn Run", [("40 Severn Run", "address")]),
    ("send the forms to PO Box 123", [("PO Box 123", "address")]),
    ("or to P.O. Box 4567", [("P.O. Box 4567", "address")]),
    # Social security numbers with spaces or dots.
    ("his ssn is 123 45 6789", [("123 45 6789", "id")]),
    ("ssn 123.45.6789 if you need it", [("123.45.6789", "id")]),
    # Booking codes and calendar links, in the bot's reply and typed back by the family.
    ("Your booking code is **K7Q3MX**. [Add it to your calendar]"
     "(http://localhost:8081/ics/K7Q3MX?t=Qx3_abcDEF12-ghiJKL4567)",
     [("K7Q3MX", "code"), ("Qx3_abcDEF12-ghiJKL4567", "link")]),
    ("my code is k7q-3mx, can I move it", [("k7q-3mx", "code")]),
]
# (message, [clinic words that must stay readable]): families' messages and bot replies.
TERMS: List[Tuple[str, List[str]]] = [
    ("my son Jake is on ketamine", ["ketamine"]),
    ("i'm on kpins", ["kpins"]),
    ("He takes Kpin every night", ["Kpin"]),
    ("She took Adderall and Xanax", ["Adderall", "Xanax"]),
    ("Klonopin and Valium and Ativan, all of it", ["Klonopin", "Valium", "Ativan"]),
    ("Acamprosate or Antabuse, which is better?", ["Acamprosate", "Antabuse"]),
    ("my husband Greg and I live at 9 Elm Street, Annapolis", ["Annapolis"]),
    ("Ketamine is used for treatment-resistant depression.", ["Ketamine"]),
    ("Our clinic is in Annapolis, Maryland. We offer ketamine infusion therapy, TMS, and "
     "consultations for families. For a crisis, call or text 988.",
     ["Annapolis", "Maryland", "ketamine", "infusion", "TMS", "988"]),
    ("Carry Narcan or Kloxxado with you.", ["Narcan", "Kloxxado"]),
    ("Al-Anon and Nar-Anon focus on your own well-being; SMART Recovery teaches skills.",
     ["Al-Anon", "Nar-Anon", "SMART Recovery"]),
    ("Safe Stations in Anne Arundel County are open 24/7.", ["Safe Stations", "Anne Arundel"]),
    ("Call the SAMHSA National Helpline, 1-800-662-4357.", ["SAMHSA", "1-800-662-4357"]),
    ("Fentanyl is now often cut with Xylazine.", ["Fentanyl", "Xylazine"]),
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
    "he is at home",
    "look at that dot on the map",
    "3 times in a row he relapsed",
    "he ran 5 miles up the hill",
    "Ketamine helped a lot and Spravato is next",
]


def terms_masked(recognise: Recogniser) -> Tuple[int, int, List[str]]:
    """How many clinic words stayed readable, out of how many, and which were masked."""
    kept, total, masked_terms = 0, 0, []
    for text, terms in TERMS:
        masked = mask_texts([text], recognise)[0]
        for term in terms:
            total += 1
            if term in masked:
                kept += 1
            else:
                masked_terms.append(f"{term!r} in {masked!r}")
    return kept, total, masked_terms


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
    kept, term_total, masked_terms = terms_masked(recognise)
    seconds = time.perf_counter() - start
    return {
        "cases": len(CASES),
        "recall_overall": round(sum(found.values()) / sum(total.values()), 3),
        "recall_by_kind": {k: f"{found[k]}/{total[k]}" for k in sorted(total)},
        "missed": missed,
        "clean_messages": len(CLEAN),
        "clean_messages_changed": over_masked,
        "clinic_terms_kept": f"{kept}/{term_total}",
        "clinic_terms_masked": masked_terms,
        "ms_per_message": round(seconds * 1000 / (len(CASES) + len(CLEAN) + len(TERMS)), 1),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def markdown(result: Dict[str, object]) -> str:
    """A short summary for people: recall by kind, and every miss listed."""
    lines = [
        "# Staff console masking check", "",
        f"{result['cases']} hand-written messages with personal data; overall recall "
        f"**{result['recall_overall']:.0%}**; {len(result['clean_messages_changed'])} of "
        f"{result['clean_messages']} clean messages changed; clinic terms kept "
        f"**{result['clinic_terms_kept']}**.", "",
        "| kind | caught |", "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in result["recall_by_kind"].items()],
        "", "Missed:", *([f"- {m}" for m in result["missed"]] or ["- nothing"]),
        "", "Clean messages changed:",
        *([f"- {m!r}" for m in result["clean_messages_changed"]] or ["- none"]),
        "", "Clinic terms masked:",
        *([f"- {m}" for m in result["clinic_terms_masked"]] or ["- none"]),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the check; the report goes to reports/ unless another path stem is given."""
    args = list(sys.argv[1:] if argv is None else argv)
    stem = Path(args[0]) if args else REPORT
    result = run()
    write_report(stem.name, result, markdown(result), folder=stem.parent)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
