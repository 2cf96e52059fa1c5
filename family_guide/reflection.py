"""One sentence that shows a family their letter was read, and the second worry they raised.

Families write letters: the situation first, often two worries, a generic question last. An
answer that starts on the main topic reads as if the rest was skipped. So a long message opens
with a reflection built from what the writer said (who, what they use or do, what is happening
around it) and, when a second clear worry is there, one line offering it next with a button.

Everything comes from the NLU's reading of the latest message (its entities and intent ranking)
and a few general cue phrases, so it runs inside Rasa (family_guide.nlg) with the action server
down. It says nothing when it found nothing specific: generic sympathy is not a reflection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Optional

from family_guide.crisis.decide import LETTER_CHARS, WRITER_USES_INTENT
from family_guide.followups import Turn, loved_one_is_minor
from family_guide.nlu.entity_rules import BEREAVED
from family_guide.topics import (
    answered_topics,
    load_topics,
    situation_offers,
    situation_topics,
)

# Intents that can be the second worry only through the ranking's second place at this
# confidence: below it the ranking is mostly noise spread over near topics.
SECOND_TOPIC_CONFIDENCE = 0.15
# Never offered as "the other worry": conversation glue, crises (answered first anyway), booking.
_NOT_A_WORRY_THEMES = {"conversation", "crisis", "booking", "articles", "stage_assessment"}

# What is happening around the use, in general words families use; each becomes a short phrase.
_SITUATIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (phrase, re.compile(pattern))
    for phrase, pattern in (
        ("a baby at home", r"\b(baby|infant|newborn|\d+[ -]?(?:month|week)[ -]?old)\b"),
        ("children in the house", r"\b(our|my|the|his|her|their|young|little|two|three|four|\d)"
                                  r" (kids|children|grandkids|grandchildren|little ones)\b"),
        ("trouble at work", r"\b(lost (his|her|their|my) job|got fired|was fired|fired from"
                            r"|warning at work|got a warning|late (to|for) work|missing work"
                            r"|calling in sick|on thin ice at work)\b"),
        ("school slipping", r"\b(fail(ed|ing) (two |three |a |his |her |their )?"
                            r"(class|classes|exams?|courses?)|grades|dropped out"
                            r"|suspended from school|expelled)\b"),
        ("money going missing", r"\b(stole|stealing|steals|missing money|money (is |keeps )?"
                                r"(going )?missing|pawn(ed|ing|s)?|emptied|maxed out|drained)\b"),
        ("trouble with the law", r"\b(arrested|dui|dwi|charged with|court date|probation|parole"
                                 r"|in jail|out of jail|locked up)\b"),
        ("a recent hospital visit", r"\b(was|were|been|ended up|landed|rushed|taken|went|is|are)"
                                    r" (in|to|into) (the )?(er|emergency room|hospital|icu)\b"
                                    r"|\bhospitali[sz]ed\b|\bambulance\b|\bfrom the er\b"),
        ("anxiety or low mood too", r"\b(panic attacks?|anxiety|anxious|depress(ed|ion)|ptsd"
                                    r"|trauma|suicidal thoughts)\b"),
        ("a relapse", r"\b(relapsed|started using again|back to (using|drinking)|slipped)\b"),
        ("you carrying it alone", r"\b(doing everything alone|on my own with|all by myself"
                              r"|exhausted|burn(ed|t) out|at my wits'? end)\b"),
    )
)


def grief_topic() -> str:
    """The topic whose answer has the grief version for a loved one who died (the registry's
    answer for a bereaved family; domain/answers/family.yml)."""
    return situation_topics()[BEREAVED][0]


# How a substance entity is said back: drinking for alcohol, the writer's own word otherwise.
_BEHAVIOURS = {"gambling", "other"}
# Behaviours named by a noun that "use" would not fit ("your husband's food use").
_BEHAVIOUR_NOUNS = {"food": "eating", "sex": "sexual behaviour"}
_GAMING = re.compile(r"\b(video ?games?|gaming)\b")
_OWN_USE = "your own"
_SOMEONE = "your loved one's"
# "my 14 year old", "our teenager", "my kid": the writer's own child, named without a relation word.
_OWN_CHILD = re.compile(
    r"\b(?:my|our)\s+(?:(?P<age>1[0-9]|[2-9][0-9])[\s-]*(?:years?|yrs?)[\s-]*old\b"
    r"|(?P<word>teenager|teen|kid|child)\b)", re.IGNORECASE)
# "my", "our", "my older", "our 35 year old": the writer's own relative, just before the word.
_OWN = re.compile(r"\b(my|our)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# Someone else named as the one who uses, between the relative and the substance: "my daughter
# has been on Suboxone for a year, but she moved in with a boyfriend who still uses heroin" is
# not her heroin use ("her roommate found her passed out after xanax" still is).
_ANOTHER_PERSON_USES = re.compile(
    r"\b(?:a|an|the|his|her|their|new|older|younger)\s+(?:boyfriend|girlfriend|husband|wife"
    r"|partner|fianc[eé]e?|friends?|roommates?|dealer|cousin|guy|man|woman)"
    r"\s+(?:who|that|(?:is |are |was |were )?(?:still )?(?:uses|using|drinks|drinking|sells"
    r"|selling|deals|dealing|smokes|smoking))\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reflection:
    """What to say back to a letter, and the other worry to offer (intent, button title)."""

    text: str
    second_topic: Optional[tuple[str, str]] = None


def _said(entity: Mapping[str, Any], text: str) -> str:
    """The writer's own word for an entity (Rasa's entities carry offsets, not the text)."""
    start, end = entity.get("start"), entity.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return text[start:end].lower().strip()
    return str(entity.get("text") or entity.get("value") or "").lower().strip()


def _concern_phrase(entity: Mapping[str, Any], text: str) -> str:
    value = str(entity.get("value") or "")
    said = _said(entity, text)
    if value == "alcohol":
        return "drinking"
    if _GAMING.search(said):
        return "gaming"
    if value in _BEHAVIOURS and re.search(r"ing\b", said):
        return said  # "betting on sports", "vaping", "binge eating"
    if value == "gambling":
        return "gambling"  # not "your loved one's slots"
    if said in _BEHAVIOUR_NOUNS:
        return _BEHAVIOUR_NOUNS[said]
    if re.fullmatch(r"[a-z ]*[a-z]+s", said) and not said.endswith("ss"):
        said = said[:-1]  # "pain pills" -> "pain pill use", "opioids" -> "opioid use"
    return f"{said} use"


def _join(phrases: Sequence[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def situations(text: str) -> list[str]:
    """The situation phrases a message describes, in the order of the list above."""
    lowered = (text or "").lower()
    return [phrase for phrase, pattern in _SITUATIONS if pattern.search(lowered)]


def _who(entities: Sequence[Mapping[str, Any]], text: str, writer_uses: bool) -> str:
    """Whose use it is: the writer's own relative ("my son", "our daughter"; "another mom told
    me" is not the one they worry about) named before the first substance, as letters open
    with who and what ("my mom drinks ... I make dinner for my brothers"), unless someone else
    is named in between ("...moved in with a boyfriend who uses")."""
    if writer_uses:
        return _OWN_USE
    first_use = min((e["start"] for e in entities if e.get("entity") == "substance"
                     and isinstance(e.get("start"), int)), default=len(text))
    relatives = [_said(e, text) for e in entities if e.get("entity") == "relationship"
                 and isinstance(e.get("start"), int) and e["start"] < first_use
                 and _OWN.search(text[: e["start"]])
                 and not _ANOTHER_PERSON_USES.search(text[e["start"]:first_use])]
    if not relatives:
        child = _OWN_CHILD.search(text[:first_use])
        if child is None:
            return _SOMEONE
        if child["age"]:
            return f"your {child['age']}-year-old's"
        return "your teen's" if child["word"].startswith("teen") else f"your {child['word']}'s"
    return f"your {relatives[0]}'" if relatives[0].endswith("s") else f"your {relatives[0]}'s"


def _names_the_clinics_treatments(text: str) -> bool:
    """Whether the letter names ketamine or TMS (the subjects of the ketamine theme's topics)."""
    subjects = {word for topic in load_topics().values() if topic.theme == "ketamine"
                for word in topic.subjects}
    pattern = "|".join(re.escape(word) for word in sorted(subjects))
    return bool(pattern) and re.search(rf"\b(?:{pattern})\b", text.lower()) is not None


def second_topic(main: Optional[str], ranking: Sequence[Mapping[str, Any]],
                 about_someone_else: bool = False, text: str = "") -> Optional[str]:
    """The ranking's runner-up, when it is a different topic a family can be offered. A letter
    about a named relative's use is not offered help for the writer's own use, and one that
    never names ketamine or TMS is not offered them ("how do I bring it up with him?" reads
    close to bringing up ketamine); the cost answer also covers rehab and Medicaid."""
    topics, answered = load_topics(), answered_topics()
    main_theme = topics[main].theme if main in topics else None
    for entry in ranking[1:3]:
        name = str(entry.get("name") or "")
        topic = topics.get(name)
        if (topic is None or name == main or name not in answered or not topic.button
                or topic.theme in _NOT_A_WORRY_THEMES
                or (about_someone_else and name == WRITER_USES_INTENT)
                or (topic.theme == "ketamine" and name != "cost_insurance"
                    and not _names_the_clinics_treatments(text))):
            continue
        if float(entry.get("confidence") or 0.0) < SECOND_TOPIC_CONFIDENCE:
            return None
        if main_theme == "ketamine" and topic.theme == "ketamine" and name != "ketamine_info":
            return None  # facets of one ketamine question, not a second worry
        # ... except whether it could help at all ("could that help him, and would insurance
        # pay?"): the cost or safety answer alone leaves the first question unanswered.
        return name
    return None


# Themes whose topics are treatments a family weighs against each other.
_TREATMENT_THEMES = {"ketamine", "treatment"}
# "TMS or ketamine", "ketamine vs. Suboxone", "rehab instead of ketamine": a choice between two.
_CHOICE = (r"\s*,?\s*(?:or|vs\.?|versus|compared (?:to|with)|instead of|rather than"
           r"|better than|over)\s+(?:(?:the|a|an|some|just|get|go|try|start|on|to|into)\s+)"
           r"{0,3}")


def alternative_named(main: Optional[str], text: str) -> Optional[str]:
    """The other treatment in a choice the writer asks about ("would TMS or ketamine be better
    for him?"). The ranking gives it little weight, since the message asks one question, yet an
    answer on one half alone leaves the family to find the other."""
    topics, answered = load_topics(), answered_topics()
    if main not in topics or topics[main].theme not in _TREATMENT_THEMES:
        return None
    lowered = (text or "").lower()
    mine = "|".join(re.escape(word) for word in topics[main].subjects)
    if not mine:
        return None
    for name, topic in topics.items():
        if (name == main or name not in answered or not topic.button or not topic.subjects
                or topic.theme not in _TREATMENT_THEMES
                or set(topic.subjects) & set(topics[main].subjects)):
            continue
        theirs = "|".join(re.escape(word) for word in topic.subjects)
        if re.search(rf"\b(?:{mine})\b{_CHOICE}(?:{theirs})\b"
                     rf"|\b(?:{theirs})\b{_CHOICE}(?:{mine})\b", lowered):
            return name
    return None


def _the_child_uses(text: str, entities: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the one who uses is the child in the home: a teen, or a grandchild in the
    grandparents' custody ("custody of our granddaughter... she's 17... drinking")."""
    return any(e.get("entity") == "relationship" and e.get("value") == "grandchild"
               for e in entities) or loved_one_is_minor([Turn(None, text, (), tuple(entities))])


def situation_offer(main: Optional[str], entities: Sequence[Mapping[str, Any]],
                    text: str = "") -> Optional[tuple[str, str]]:
    """The answer written for the situation a letter describes (children in the home: the
    boundaries answer's version for them), with its title, when the main answer is another
    topic's: a grandmother raising the children asks how she copes, and the rules that keep
    the children safe are one button away. Not when the child is the one who uses: that
    answer protects children from an adult's use."""
    offers = situation_offers(beside_answers_only=True)
    for entity in entities:
        if entity.get("entity") != "situation":
            continue
        if entity.get("value") == "kids_at_home" and _the_child_uses(text, entities):
            continue
        offer = offers.get(str(entity.get("value")))
        if offer is not None and offer[0] != main and offer[0] in answered_topics():
            return offer
    return None


def _offering(sentence: str, other: Optional[str], title: Optional[str] = None) -> Reflection:
    """The reflection, with the other worry offered as a button when there is one."""
    if other is None:
        return Reflection(sentence)
    title = title or load_topics()[other].title
    return Reflection(
        f"{sentence} I'll start with what seems most pressing; \"{title}\" is below for when "
        "you want it.",
        (other, title),
    )


def reflect(text: str, entities: Sequence[Mapping[str, Any]], intent: Optional[str],
            ranking: Sequence[Mapping[str, Any]], writer_uses: bool) -> Optional[Reflection]:
    """The reflection for a letter, or None for a short message or one with nothing specific."""
    if len(text or "") < LETTER_CHARS:
        return None
    if any(e.get("entity") == "situation" and e.get("value") == BEREAVED for e in entities):
        # Never "your son's heroin use is weighing on you" to a parent whose son has died; the
        # grief answer opens with its own sympathy.
        return None if intent == grief_topic() else Reflection("I'm so sorry for your loss.")
    concerns = _unique([*(["gaming"] if _GAMING.search(text.lower()) else []),
                        *(_concern_phrase(e, text) for e in entities
                          if e.get("entity") == "substance")])
    around = situations(text)
    alternative = alternative_named(intent, text)
    if not concerns and not around:
        if alternative is None:
            return None
        return _offering("You're weighing more than one treatment.", alternative)
    who = _who(entities, text, writer_uses)
    if concerns:
        sentence = f"It sounds like {who} {_join(concerns)}"
        sentence += " are weighing on you" if len(concerns) > 1 else " is weighing on you"
        sentence += f", with {_join(around[:2])}." if around else "."
    elif len(around) == 1:
        sentence = f"It sounds like you're dealing with {around[0]} on top of everything."
    else:
        sentence = f"It sounds like a lot is happening at once: {_join(around[:3])}."
    # Its answers are written for the family, never for the writer who uses.
    offer = None if alternative or writer_uses else situation_offer(intent, entities, text)
    if offer is not None:
        return _offering(sentence, *offer)
    other = alternative or second_topic(
        intent, ranking, about_someone_else=concerns != [] and who not in (_OWN_USE, _SOMEONE),
        text=text)
    return _offering(sentence, other)
