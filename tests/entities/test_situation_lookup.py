"""The `situation` lookup names what is happening around the loved one, and nothing else.

It picks the variation of a family answer written for that situation (home from jail or rehab,
after an overdose or an ER visit, stealing, children in the home, living at home; issue #15), so a
miss costs a family the answer for their night, and a false hit hands them an answer about
stealing or prison when they wrote about groceries or work.
"""

from __future__ import annotations

from typing import Callable, List, Text, Tuple

import pytest

Parse = Callable[[Text], List[Tuple[Text, Text]]]

# Written for these tests, long and short, the way families write.
SITUATIONS = [
    ("my son gets out of jail on monday, what do we do", "homecoming"),
    ("she's coming home from rehab after 28 days and I want to be ready", "homecoming"),
    ("my husband was released from prison last week", "homecoming"),
    ("he finished detox", "homecoming"),
    ("my brother came home from 90 days in jail last tuesday", "homecoming"),
    ("our son is back after 45 days of rehab and sleeping all day", "homecoming"),
    ("my nephew overdosed a few weeks ago and the family acts like nothing happened", "after_er"),
    ("she's back from rehab since friday and seems shaky", "homecoming"),
    ("he's been in county jail since june and gets out next month", "homecoming"),
    ("my husband's release date is in march and we don't know what to expect", "homecoming"),
    ("my son is out on parole and we are worried about the summer", "homecoming"),
    ("our daughter gets home from a wilderness program in two weeks", "homecoming"),
    ("he's just out of detox and staying on my couch", "homecoming"),
    ("she was kicked out of rehab for breaking a rule", "homecoming"),
    ("my daughter was sent home from the ER after they gave her narcan", "after_er"),
    ("after his overdose the hospital just let him go", "after_er"),
    ("my brother survived an overdose on saturday", "after_er"),
    ("my sister overdosed last night and the doctors say she will make it", "after_er"),
    ("he's in intensive care after taking pills", "after_er"),
    ("she was discharged from the hospital this morning", "after_er"),
    ("my son has been stealing from us for months", "stealing"),
    ("he pawned my mother's ring", "stealing"),
    ("my grandmother's ring was gone and I'm sure she pawned it for pills", "stealing"),
    ("things keep going missing in our house", "stealing"),
    ("my pain pills from my knee surgery were going missing", "stealing"),
    ("I counted my mother's meds and some pills are missing again", "stealing"),
    ("we are raising our grandchildren and their dad uses", "kids_at_home"),
    ("I'm 68 and raising my two grandsons because their mother is on meth", "kids_at_home"),
    ("my husband gets drunk in front of the kids", "kids_at_home"),
    ("there are kids in the house, can she stay", "kids_at_home"),
    ("my son is 35 and still living at home", "living_at_home"),
    ("should we kick him out", "living_at_home"),
    ("how do we move her out without her ending up on the street", "living_at_home"),
    ("our daughter is a sophomore in college and drinks every weekend", "college"),
    ("our son died of a fentanyl overdose in march", "bereaved"),
    ("my little brother overdosed and died two weeks ago", "bereaved"),
    ("she was 19 when she died of an overdose", "bereaved"),
    ("i lost my husband to an overdose last spring", "bereaved"),
    ("my sister's son died of an overdose in june and she won't get out of bed", "bereaved"),
    ("he's away at school and stopped answering our calls", "college"),
    ("he says he'll quit drinking cold turkey this weekend", "stopping_alone"),
    ("she wants to detox at home so nobody finds out", "stopping_alone"),
    ("she's been going cold turkey off her xanax for three days", "stopping_alone"),
    ("she called from her dorm room at 3am, slurring", "college"),
    ("my fiance used heroin in his twenties and has been clean for three years", "in_recovery"),
    ("she's two years sober and doing great", "in_recovery"),
    ("he has been clean for a year and is back on track at work", "in_recovery"),
    ("I think she's drinking during the day while she takes care of her toddler",
     "kids_at_home"),
    ("she's drinking again and hides bottles. how do I protect the kids?", "kids_at_home"),
    ("my kids ask why daddy is always sleeping. what do I tell them?", "kids_at_home"),
    ("my son overdosed at a party and his friends dropped him at the ER", "after_er"),
    ("my mother-in-law has been taking my pain pills from my surgery", "stealing"),
]

EVERYDAY = [
    "he came home from work late again",
    "my kids are grown and moved away",
    "she took money out for groceries",
    "he can't get out of bed",
    "the kids are fine",
    "he stole the show at the wedding",
    "i live in annapolis",
    "when he was a kid he loved baseball",
    "he moved out of state years ago",
    "my son is in rehab right now",
    "she has been back from work for an hour",
    "how do i talk to my daughter about her drinking",
    "he has used pills since college",
    "we met in college and he drank even then",
    "he keeps going missing for days at a time",
    "he pawned his own guitar last year",
    "he hasn't been sober for a single day since christmas",
    "she's never been clean for more than a week",
    "after two years clean she relapsed last month",
    "he had been sober for a year before he started drinking again",
    "she gets out of bed at noon and drinks",
    # Someone else died, or the loved one nearly did, or the loss is a figure of speech: the
    # grief answer would be wrong, and the naloxone line must stay.
    "his best friend died of an overdose last week and he still uses",
    "my son's friend died of an overdose and even that didn't stop him",
    "my best friend's son died of an overdose and now i watch mine like a hawk",
    "he nearly died of an overdose last year",
    "i'm so afraid she'll end up like her cousin, who died from fentanyl",
    "i feel like i've lost my son to drugs",
    # A stop long past is not one to make safe now.
    "he went cold turkey in 2019 and stayed sober for two years",
    "she quit cold turkey five years ago, but now she's drinking again",
]


def situations(parse: Parse, text: Text) -> List[Text]:
    return [value for entity, value in parse(text) if entity == "situation"]


@pytest.mark.parametrize(("text", "expected"), SITUATIONS)
def test_the_lookup_finds_each_situation(parse_entities: Parse, text: Text, expected: str) -> None:
    assert situations(parse_entities, text) == [expected]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_phrases_are_no_situation(parse_entities: Parse, text: Text) -> None:
    assert situations(parse_entities, text) == []
