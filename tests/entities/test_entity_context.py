"""EntityContextFilter on real Rasa Messages: which looked-up entities survive their context.

Entities are given as the lookup + synonym stage would hand them over (surface, type, value),
so each row pins one rule a family would notice: no "substance: ketamine" when they ask about
ketamine therapy, no "relationship: mother" when the writer is the mother, and so on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Text, Tuple

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from family_guide.nlu.entity_context import EntityContextFilter

S, R = "substance", "relationship"
Found = Tuple[Text, Text, Text]  # (surface, entity type, normalised value)


def entities_for(text: Text, found: List[Found]) -> List[Dict[str, Any]]:
    """Entity dicts as RegexEntityExtractor + EntitySynonymMapper produce them."""
    entities, cursor = [], 0
    for surface, kind, value in found:
        start = text.lower().index(surface.lower(), cursor)
        cursor = start + len(surface)
        entities.append(
            {
                "entity": kind,
                "start": start,
                "end": cursor,
                "value": value,
                "extractor": "RegexEntityExtractor",
            }
        )
    return entities


@pytest.fixture(scope="module")
def component(tmp_path_factory: pytest.TempPathFactory) -> EntityContextFilter:
    storage = LocalModelStorage(Path(tmp_path_factory.mktemp("context")))
    context = ExecutionContext(GraphSchema({}), "context-tests")
    return EntityContextFilter.create({}, storage, Resource("context"), context)


def run(component: EntityContextFilter, text: Text, found: List[Found]) -> List[Found]:
    message = Message.build(text=text)
    message.set("entities", entities_for(text, found))
    component.process([message])
    return [(text[e["start"] : e["end"]], e["entity"], e["value"]) for e in message.get("entities")]


ROWS: List[Tuple[Text, List[Found], List[Found]]] = [
    # Ketamine: a therapy unless someone is described using it.
    ("is ketamine therapy right for him", [("ketamine", S, "ketamine")], []),
    ("how many ketamine infusions", [("ketamine", S, "ketamine")], []),
    ("does ketamine help with cravings", [("ketamine", S, "ketamine")], []),
    ("could she get addicted to ketamine", [("ketamine", S, "ketamine")], []),
    ("he's hooked on special k", [("special k", S, "ketamine")], [("special k", S, "ketamine")]),
    (
        "my son is abusing ketamine",
        [("son", R, "son"), ("ketamine", S, "ketamine")],
        [("son", R, "son"), ("ketamine", S, "ketamine")],
    ),
    ("she does ketamine at raves", [("ketamine", S, "ketamine")], [("ketamine", S, "ketamine")]),
    ("his ketamine use scares me", [("ketamine", S, "ketamine")], [("ketamine", S, "ketamine")]),
    # Test strips name what they detect; the substance used is still kept.
    ("where do i get fentanyl test strips", [("fentanyl", S, "fentanyl")], []),
    ("do strips pick up xylazine", [("xylazine", S, "xylazine")], []),
    (
        "how do i test his pills for fentanyl",
        [("pills", S, "opioids"), ("fentanyl", S, "fentanyl")],
        [("pills", S, "opioids")],
    ),
    (
        "he uses fentanyl, can he get test strips",
        [("fentanyl", S, "fentanyl")],
        [("fentanyl", S, "fentanyl")],
    ),
    # Treatment medicines are never the problem substance.
    ("he is on methadone", [("methadone", S, "opioids")], []),
    ("is suboxone safe", [("suboxone", S, "opioids")], []),
    # Ordinary phrases that only look like drug words.
    ("how do i break the ice with him", [("ice", S, "meth")], []),
    (
        "he was drinking a diet coke",
        [("drinking", S, "alcohol"), ("coke", S, "cocaine")],
        [("drinking", S, "alcohol")],
    ),
    ("she goes to bars with friends", [("bars", S, "benzodiazepines")], []),
    ("he takes blood pressure pills too, does that matter?", [("pills", S, "opioids")], []),
    ("she takes her pills with wine", [("pills", S, "opioids")], [("pills", S, "opioids")]),
    ("he pops bars every day", [("bars", S, "benzodiazepines")], [("bars", S, "benzodiazepines")]),
    ("he goes to alcoholics anonymous", [("alcoholics", S, "alcohol")], []),
    ("she's had the blues since winter", [("blues", S, "opioids")], []),
    ("any open slots friday", [("slots", S, "gambling")], []),
    ("he plays the slots", [("slots", S, "gambling")], [("slots", S, "gambling")]),
    ("i'm betting he lied", [("betting", S, "gambling")], []),
    (
        "my business partner drinks",
        [("partner", R, "partner"), ("drinks", S, "alcohol")],
        [("drinks", S, "alcohol")],
    ),
    # The writer's own role is not the loved one.
    ("i'm his mom", [("mom", R, "mother")], []),
    ("as a father i feel helpless", [("father", R, "father")], []),
    ("dad here, need advice", [("dad", R, "father")], []),
    ("any advice - a worried mom", [("mom", R, "mother")], []),
    (
        "i'm a single mom and my son drinks",
        [("mom", R, "mother"), ("son", R, "son"), ("drinks", S, "alcohol")],
        [("son", R, "son"), ("drinks", S, "alcohol")],
    ),
    (
        "my mom drinks",
        [("mom", R, "mother"), ("drinks", S, "alcohol")],
        [("mom", R, "mother"), ("drinks", S, "alcohol")],
    ),
    # Side characters give way to the loved one, but never leave the message empty.
    (
        "my husband and i are worried about our son",
        [("husband", R, "husband"), ("son", R, "son")],
        [("son", R, "son")],
    ),
    (
        "my husband and i argue all the time",
        [("husband", R, "husband")],
        [("husband", R, "husband")],
    ),
    (
        "my daughter's boyfriend sells her pills",
        [("daughter", R, "daughter"), ("boyfriend", R, "partner"), ("pills", S, "opioids")],
        [("daughter", R, "daughter"), ("pills", S, "opioids")],
    ),
    # A relative who gives a view on what to do steps aside for the one the family worries
    # about; one who speaks about themself, or wants something for themself, does not.
    (
        "my wife wants to cut our son off until he stops drinking",
        [("wife", R, "wife"), ("son", R, "son"), ("drinking", S, "alcohol")],
        [("son", R, "son"), ("drinking", S, "alcohol")],
    ),
    (
        "my mom says I should kick my boyfriend out until he gets clean from pills",
        [("mom", R, "mother"), ("boyfriend", R, "partner"), ("pills", S, "opioids")],
        [("boyfriend", R, "partner"), ("pills", S, "opioids")],
    ),
    (
        "my husband says he's fine, but our daughter hides in her room every night he drinks",
        [("husband", R, "husband"), ("daughter", R, "daughter"), ("drinks", S, "alcohol")],
        [("husband", R, "husband"), ("drinks", S, "alcohol")],
    ),
    (
        "my wife wants to try AA but she's scared, and our son keeps asking what's wrong",
        [("wife", R, "wife"), ("son", R, "son")],
        [("wife", R, "wife")],
    ),
    # One value per slot: the first named wins, but the specific beats the vague.
    (
        "he drinks wine and beer",
        [("drinks", S, "alcohol"), ("wine", S, "alcohol"), ("beer", S, "alcohol")],
        [("drinks", S, "alcohol")],
    ),
    (
        "pills laced with fent",
        [("pills", S, "opioids"), ("fent", S, "fentanyl")],
        [("fent", S, "fentanyl")],
    ),
    ("she vapes weed", [("vapes", S, "other"), ("weed", S, "cannabis")], [("weed", S, "cannabis")]),
    # A use going on now beats one someone is in recovery from.
    (
        "my husband is sober from alcohol but his brother, who uses heroin, wants to move in",
        [("alcohol", S, "alcohol"), ("heroin", S, "heroin")],
        [("heroin", S, "heroin")],
    ),
    (
        "she quit drinking last year and now she smokes weed all day",
        [("drinking", S, "alcohol"), ("weed", S, "cannabis")],
        [("weed", S, "cannabis")],
    ),
    # ... but wanting to stop is a use going on now.
    (
        "she wants to quit drinking and weed",
        [("drinking", S, "alcohol"), ("weed", S, "cannabis")],
        [("drinking", S, "alcohol")],
    ),
    (
        "he drinks and gambles",
        [("drinks", S, "alcohol"), ("gambles", S, "gambling")],
        [("drinks", S, "alcohol")],
    ),
    (
        "a mom in my group says my son should try it",
        [("mom", R, "mother"), ("son", R, "son")],
        [("son", R, "son")],
    ),
    (
        # The relative named with the use is the loved one, not the ones cared for.
        "my mom drinks every night and I make dinner for my little brothers",
        [("mom", R, "mother"), ("drinks", S, "alcohol"), ("brothers", R, "brother")],
        [("mom", R, "mother"), ("drinks", S, "alcohol")],
    ),
    (
        "my sister and my brother both drink",
        [("sister", R, "sister"), ("brother", R, "brother"), ("drink", S, "alcohol")],
        [("sister", R, "sister"), ("drink", S, "alcohol")],
    ),
    # A sober relative is not the one whose use is named after them: the answer is for the
    # relative who uses (another relative when it is "his brother").
    (
        "My husband has been in recovery for six years. His brother just got out of rehab for"
        " heroin and wants to stay with us",
        [("husband", R, "husband"), ("brother", R, "brother"), ("heroin", S, "heroin")],
        [("brother", R, "other_relative"), ("heroin", S, "heroin")],
    ),
    (
        "my husband has been sober two years. my brother just got out of rehab for heroin",
        [("husband", R, "husband"), ("brother", R, "brother"), ("heroin", S, "heroin")],
        [("brother", R, "brother"), ("heroin", S, "heroin")],
    ),
    # ... but not when the sober relative is back at it, or was only sober once.
    (
        "my son has been clean for a year but his friends got him back on heroin",
        [("son", R, "son"), ("friends", R, "friend"), ("heroin", S, "heroin")],
        [("son", R, "son"), ("heroin", S, "heroin")],
    ),
    (
        "my husband was sober for years. his brother uses heroin and now he drinks again",
        [("husband", R, "husband"), ("brother", R, "brother"), ("heroin", S, "heroin")],
        [("husband", R, "husband"), ("heroin", S, "heroin")],
    ),
    # One situation per message, the one whose answer matters most (the slot holds one).
    (
        "she pawned my ring for pills and she still lives with us",
        [("pawned my", "situation", "stealing"), ("pills", S, "opioids"),
         ("lives with us", "situation", "living_at_home")],
        [("pawned my", "situation", "stealing"), ("pills", S, "opioids")],
    ),
    # A relative who died is not the one drinking now ...
    (
        "Since my mom passed in March my dad, who is 74, has been drinking from the afternoon on",
        [("mom", R, "mother"), ("dad", R, "father"), ("drinking", S, "alcohol")],
        [("dad", R, "father"), ("drinking", S, "alcohol")],
    ),
    (
        "my husband, who died last year, left me with our son, who now drinks every day",
        [("husband", R, "husband"), ("son", R, "son"), ("drinks", S, "alcohol")],
        [("son", R, "son"), ("drinks", S, "alcohol")],
    ),
    # ... but one who died of the use is the loved one the family grieves.
    (
        "my brother died of an overdose and my sister can't stop crying",
        [("brother", R, "brother"), ("overdose", S, "opioids"), ("sister", R, "sister")],
        [("brother", R, "brother"), ("overdose", S, "opioids")],
    ),
    (
        "my mom keeps giving my brother money",
        [("mom", R, "mother"), ("brother", R, "brother")],
        [("brother", R, "brother")],
    ),
    ("she's back on the bars", [("bars", S, "benzodiazepines")], [("bars", S, "benzodiazepines")]),
    # Names are not drugs.
    (
        "my daughter molly drinks",
        [("daughter", R, "daughter"), ("molly", S, "other"), ("drinks", S, "alcohol")],
        [("daughter", R, "daughter"), ("drinks", S, "alcohol")],
    ),
    ("he took molly at a concert", [("molly", S, "other")], [("molly", S, "other")]),
    # A use the message denies is not the one to answer for: a gambler who says "I don't
    # drink" is not told how to stop drinking safely.
    (
        "I don't drink or use anything, it's just the sports betting",
        [("drink", S, "alcohol"), ("sports betting", S, "gambling")],
        [("sports betting", S, "gambling")],
    ),
    (
        "he doesn't even smoke weed, it's the pills",
        [("weed", S, "cannabis"), ("pills", S, "opioids")],
        [("pills", S, "opioids")],
    ),
    ("my dad has never used heroin", [("heroin", S, "heroin")], []),
    # ...but the loved one's own denial is the family's worry, and a past pause or a bare "not"
    # still names what they use.
    (
        "she swears she doesn't drink anymore but I keep finding bottles",
        [("drink", S, "alcohol")],
        [("drink", S, "alcohol")],
    ),
    ("he says it's not gambling, just investing", [("gambling", S, "gambling")],
     [("gambling", S, "gambling")]),
    ("after three years of not gambling he is at it again", [("gambling", S, "gambling")],
     [("gambling", S, "gambling")]),
    ("he didn't drink for a year and now he's back at it", [("drink", S, "alcohol")],
     [("drink", S, "alcohol")]),
    ("he can't stop drinking", [("drinking", S, "alcohol")], [("drinking", S, "alcohol")]),
]


@pytest.mark.parametrize(("text", "found", "kept"), ROWS)
def test_context_rules(component, text: Text, found: List[Found], kept: List[Found]) -> None:
    assert run(component, text, found) == kept


def test_other_entities_and_empty_messages_pass_through(component) -> None:
    message = Message.build(text="next tuesday")
    message.set("entities", [{"entity": "time", "start": 0, "end": 12, "value": "2026-12-01"}])
    empty = Message.build(text="")
    component.process([message, empty])
    assert message.get("entities")[0]["value"] == "2026-12-01"
    assert not empty.get("entities")
