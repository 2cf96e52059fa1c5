"""End to end: the lookup tables, synonyms and context filter, run as the pipeline runs them.

Families name substances and relatives in slang, typos and plurals; the bot tailors its
answers (and never talks about "your son's suboxone" as if it were the problem) only if the
chain normalises them correctly.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Dict, List, Text, Tuple

import pytest
import yaml
from rasa.shared.nlu.training_data.entities_parser import parse_training_example
from rasa.shared.nlu.training_data.training_data import TrainingData

from harness.nlu_scoring import entity_scores, load_labelled
from tools.entity_chain import to_markup

Parse = Callable[[Text], List[Tuple[Text, Text]]]
CASES = load_labelled(Path(__file__).with_name("entity_cases.yml"))
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain" / "core.yml").read_text(encoding="utf-8"))
SLOT_VALUES = {
    name: set(DOMAIN["slots"][name]["values"])
    for name in ("substance", "relationship", "situation")
}

# The conventions, one row each: these must hold exactly.
CONVENTIONS = [
    ("my stepson is on percs", {"relationship": "son", "substance": "opioids"}),
    ("my bf and his xanax bars", {"relationship": "partner", "substance": "benzodiazepines"}),
    ("my mom drinks too much vodka", {"relationship": "mother", "substance": "alcohol"}),
    ("my dad does coke", {"relationship": "father", "substance": "cocaine"}),
    ("my grandson smokes pot", {"relationship": "grandchild", "substance": "cannabis"}),
    ("my cousin is on special k", {"relationship": "other_relative", "substance": "ketamine"}),
    ("my husband lost it all on draftkings", {"relationship": "husband", "substance": "gambling"}),
    ("my wife is addicted to porn", {"relationship": "wife", "substance": "other"}),
    ("there was xylazine in what my son bought", {"relationship": "son", "substance": "xylazine"}),
    ("my brother is on suboxone", {"relationship": "brother"}),
    ("is methadone safe for my sister", {"relationship": "sister"}),
    ("should we keep narcan for my nephew", {"relationship": "other_relative"}),
    ("how many ketamine infusions does my daughter need", {"relationship": "daughter"}),
    ("where can i get fentanyl test strips", {}),
    ("do they make xylazine test strips", {}),
    ("I'm his father and I'm lost", {}),
    ("he uses fent", {"substance": "fentanyl"}),
    ("my friend uses heroin", {"relationship": "friend", "substance": "heroin"}),
    ("my fiance takes kratom", {"relationship": "partner", "substance": "kratom"}),
    ("my daughter smokes meth", {"relationship": "daughter", "substance": "meth"}),
    ("friends hand my son ketamine at parties", {"relationship": "son", "substance": "ketamine"}),
    ("my niece takes ketamine to get high",
     {"relationship": "other_relative", "substance": "ketamine"}),
    ("is recreational ketamine the same drug as ketamine treatment", {}),
    ("can ketamine at the clinic help my wife", {"relationship": "wife"}),
    ("I don't drink or use anything, my problem is sports betting", {"substance": "gambling"}),
    ("my mom swears she doesn't drink anymore", {"relationship": "mother", "substance": "alcohol"}),
]


def as_values(parse: Parse, text: Text) -> Dict[Text, List[Text]]:
    found: Dict[Text, List[Text]] = {}
    for entity, value in parse(text):
        found.setdefault(entity, []).append(value)
    return found


@pytest.mark.parametrize(("text", "expected"), CONVENTIONS)
def test_conventions_hold_end_to_end(parse_entities: Parse, text: Text, expected: dict) -> None:
    assert as_values(parse_entities, text) == {k: [v] for k, v in expected.items()}


def plain_context(table: Text, form: Text) -> Text:
    """A plain sentence around a lookup form: 'using' for most, the loved one as the subject of
    a death ("she died of an overdose"), which the context rules require."""
    if table == "situation" and re.search(r"\b(?:died|death|lost|passed)\b", form):
        return f"her {form} and" if "death" in form else f"she {form} and"
    return f"hooked on {form} and"


def test_every_lookup_form_normalises_to_a_slot_value(
    parse_entities: Parse, entity_training_data: TrainingData
) -> None:
    """Each surface form, in a plain 'using' context, lands on one of the slot's categories."""
    data = entity_training_data
    unmapped = []
    for table in data.lookup_tables:
        for form in table["elements"]:
            values = [v for e, v in parse_entities(plain_context(table["name"], form))
                      if e == table["name"]]
            if not values or any(v not in SLOT_VALUES[table["name"]] for v in values):
                unmapped.append((table["name"], form, values))
    assert unmapped == []


def test_longer_forms_come_before_their_prefixes(entity_training_data: TrainingData) -> None:
    """Rasa joins a lookup into one alternation; a prefix listed first would cut a phrase."""
    for table in entity_training_data.lookup_tables:
        elements = [e.lower() for e in table["elements"]]
        for i, early in enumerate(elements):
            later = [e for e in elements[i + 1 :] if e.startswith(early + " ")]
            assert later == [], f"{table['name']}: {early!r} listed before {later}"


def test_annotations_agree_with_the_lookup(entity_training_data: TrainingData) -> None:
    """Training annotations must not teach a synonym that contradicts the lookup tables."""
    data = entity_training_data
    forms = {(t["name"], e.lower()) for t in data.lookup_tables for e in t["elements"]}
    disagreements = []
    for example in data.entity_examples:
        text = example.get("text")
        for entity in example.get("entities", []):
            surface = text[entity["start"] : entity["end"]].lower()
            if (entity["entity"], surface) not in forms:
                continue
            expected = data.entity_synonyms.get(surface, surface)
            if entity["value"] != expected:
                disagreements.append((text, surface, entity["value"], expected))
    assert disagreements == []


def test_recall_and_precision_on_made_up_messages(parse_entities: Parse) -> None:
    """Scored like `make eval`: (entity, value) pairs per message, micro-averaged."""
    predicted = [set(parse_entities(case.text)) for case in CASES]
    scores = entity_scores([case.entities for case in CASES], predicted)
    misses = [
        (case.text, case.entities, sorted(p))
        for case, p in zip(CASES, predicted)
        if set(case.entities.items()) != p
    ]
    print(f"\nentity table: {len(CASES)} messages, scores {scores}\nmisses: {misses}")
    assert scores["recall"] >= 0.9, misses
    assert scores["precision"] >= 0.9, misses


def test_markup_round_trips_through_rasa(entity_chain) -> None:
    """The command-line markup is what Rasa reads back as the same entities."""
    text = "my stepson is on percs and my mom drinks"
    entities = entity_chain(text)
    parsed = parse_training_example(to_markup(text, entities))
    assert parsed.get("text") == text
    assert [(e["entity"], e["value"]) for e in parsed.get("entities")] == [
        (e["entity"], e["value"]) for e in entities
    ]
    assert to_markup(text, entities).startswith('my [stepson]{"entity": "relationship"')
