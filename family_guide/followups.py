"""Follow-ups that lean on what came before: the facet of the topic in focus, and who it is for.

Families follow an answer with questions that have no subject of their own: "is it safe?", "how
much is it?", "how would I bring it up with him?". They mean the topic just answered, not the
ketamine answer a bare "is it safe?" would get on its own. And what they told us earlier (the
loved one is 15; actually it is the writer who drinks) must shape every later answer.

Everything here is derived from the user's turns (intent and text), so the topic-answer policy
(which works with the action server down) and the follow-up actions agree without extra slots.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Optional

from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.crisis.decide import LETTER_CHARS, WRITER_USES_INTENT
from family_guide.crisis.decide import writer_uses as ranking_reads_writer_as_user
from family_guide.quoting import quotes_the_bot, words_of
from family_guide.topics import (
    answered_topics,
    facet_intents,
    likeliest_topics,
    load_topics,
    situation_offers,
    situation_topics,
)

# A message that refers back to something already said, or to the place just talked about
# ("how long will he be in there"; not the "is there" / "there are" that only says something is).
_REFERS_BACK = re.compile(
    r"\b(it|its|it's|that|this|those|these|them|one)\b"
    r"|\b(in|at|from|stay|stays|staying|leave|leaves|leaving|out of) there\b"
)
# "Is it safe?" and "how long does it take?" after an answer on another topic ask about that
# topic: answered with another topic's text (the ketamine course after a detox), they mislead.
# Where the topic in focus has no answer for them, the honest "I don't have that" is sent.
FACETS_NEVER_BORROWED = ("safety", "duration")
# A few words are a follow-up even without a pronoun: "and the cost?", "side effects?".
SHORT_FOLLOW_UP_WORDS = 4
NO_TOPIC_YET = "utter_followup_no_topic"
# Answers switch to the version for the person who uses only when help_for_myself is the
# classifier's likeliest non-crisis topic with at least this confidence. On 402 labelled letters
# never trained on (benchmarks/crisis_sets/) that found 32 of 63 writers who use and took no
# family writer for one; the crisis detector's looser reading (top two, 0.2) found 42 but took
# 2 family members for the person who uses, and telling a worried family member they are the
# one who uses costs more than answering a writer who uses as family.
READER_SWITCH_CONFIDENCE = 0.3
READER_SWITCH_AMONG = 1
# A letter that answers another topic first ("I was clean eleven months and I relapsed last
# week: am I back at zero?") can still say plainly that the writer is the one who uses. Those
# words, with help_for_myself anywhere among the classifier's five likeliest non-crisis topics,
# also switch the reader: on the same 402 letters that found 31 of 63 writers who use instead of
# 25, and still took no family writer for one (32 with "I've lost $900 on sports betting" and
# "how do I quit drinking"). Left out on purpose: "I've been sober twelve years" and "I drank"
# (a parent in recovery writing about a child), "I take a" ("how do I use a test strip"), and a
# bare "how do I stop", which ends family letters too.
_USE_WORDS = (r"(?:drinking|using|gambling|betting|drugs|pills|opioids|heroin|fentanyl|meth"
              r"|coke|cocaine|weed|xanax|alcohol|oxy\w*|percs?|benzos?|kratom|adderall)")
_WRITER_SAYS_THEY_USE = re.compile(
    r"\bi(?:'?m| am) (?:an? )?(?:recovering )?(?:addict|alcoholic|gambler)\b"
    r"|\bi(?:'?m| am) (?:still |so |really )?(?:addicted|hooked|dependent)\b"
    r"|\bmy (?:own )?(?:drinking|using|drug use|gambling|addiction|habit|relapse|dealer"
    r"|withdrawals?|detox)\b"
    r"|\bi (?:relapsed|got high|shot up|snorted|overdosed|od'?d)\b"
    r"|\bi was (?:\S+ ){1,2}(?:days?|weeks?|months?|years?) (?:clean|sober)\b"
    r"|\bi (?:used|drank|gambled|picked up|slipped|started using) again\b"
    r"|\bi(?:'ve| have) been (?:drinking|using|gambling|betting|taking|smoking|snorting"
    r"|shooting)\b"
    r"|\bi can'?t (?:stop|quit|control) (?:my )?" + _USE_WORDS + r"\b"
    r"|\bi can'?t (?:stop|quit) (?:playing|betting on) (?:\S+ ){0,2}?(?:slots|poker|blackjack"
    r"|roulette|keno|scratch[- ]offs|the lottery|sports|casino games)\b"
    r"|\bi (?:started|keep|kept) (?:drinking|using|gambling|betting|taking|smoking|snorting)\b"
    r"|\bi (?:use|smoke|drink|snort) (?:every day|daily|every night|too much)\b"
    r"|\bi(?:'?m| am) the one (?:who(?:'s| is)? |that(?:'s| is)? )?(?:taking (?!care)|using"
    r"|drinking|gambling|betting|smoking|snorting|addicted|hooked)"
    r"|\bi(?:'ve| have)? (?:lost|blown|blew|spent) (?:\S+ ){0,5}?(?:on|gambling|betting)"
    r" (?:\S+ )?(?:bets?|betting|sports ?books?|slots|poker|casinos?|gambling|scratch[- ]offs)\b"
    r"|\bhow (?:do|can) i (?:stop|quit) " + _USE_WORDS + r"\b",
    re.IGNORECASE,
)
SAYS_THEY_USE_AMONG = 5
SAYS_THEY_USE_CONFIDENCE = 0.02

# The loved one's age, as families say it. A later statement wins over an earlier one. A
# grandchild or stepchild counts (grandparents raising them are the parent here); a brother or a
# nephew does not: the answers for a minor speak to the parent.
_MINOR = re.compile(
    r"\b(1[3-7])[\s-]*(?:years?|yrs?)[\s-]*old\b|\b(1[3-7])\s*(?:yo|y/o)\b"
    r"|\b(?:he|she|they|(?:grand|step)?(?:son|daughter|kid|child))"
    r"(?:'s| is| are| just turned| turned)\s+(1[3-7])\b(?!\s*(?:years?|yrs?)\s+(?:sober|clean))"
    r"|\bteen(?:ager)?s?\b|\bteenage (?:son|daughter|boy|girl|kid)\b"
    r"|\b(?:freshman|sophomore|junior|senior) in high school\b|\bhigh school(?:er)?\b"
    r"|\bmiddle school(?:er)?\b|\b(?:8th|9th|10th|11th|eighth|ninth|tenth|eleventh) grade\b"
    r"|\b(?:a|is a|still a) minor\b|\bunder 18\b"
)
_ADULT = re.compile(
    r"\b(1[89]|[2-9]\d)[\s-]*(?:years?|yrs?)[\s-]*old\b|\b(1[89]|[2-9]\d)\s*(?:yo|y/o)\b"
    r"|\b(?:he|she|they|son|daughter)(?:'s|s| is| are| just turned| turned)\s+(1[89]|[2-9]\d)\b"
    r"|\b(?:in|at|off to|finished|graduated from) college\b|\badult (?:son|daughter|child)\b"
)
# The writer's own age when they are under 18 ("im 15", "I'm in 9th grade"): a young person
# writing about a parent or sibling. "I'm 15 years sober", "I'm 15 minutes away" and "she treats
# me like I'm 12" are not ages.
_AS_IF = r"(?<!like )(?<!as if )(?<!as though )"
# After "I'm <number>": a duration, distance or sum rather than an age ("years" only with "old").
_NOT_AN_AGE = (r"(?![.,]?\d)(?!\s*(?:years?|yrs?)[\s-]+(?!old\b))"
               r"(?!\s*(?:months?|weeks?|days?|minutes?|mins?|miles?|hours?|hrs?|%|percent"
               r"|dollars?|grand|k\b))")
_WRITER_MINOR = re.compile(
    _AS_IF + r"\b(?:i'?m|i am)\s+(?:only\s+|just\s+)?(?:an?\s+)?(?:1[0-7])\b" + _NOT_AN_AGE
    + r"|" + _AS_IF + r"\b(?:i'?m|i am)\s+(?:only\s+)?(?:a\s+)?(?:teen(?:ager)?|minor|kid)\b"
    r"|\b(?:i'?m|i am)\s+in\s+(?:middle school|high school|(?:7th|8th|9th|10th|11th|12th"
    r"|seventh|eighth|ninth|tenth|eleventh|twelfth) grade)\b"
)
_WRITER_ADULT = re.compile(r"\b(?:i'?m|i am)\s+(?:1[89]|[2-9]\d)\b" + _NOT_AN_AGE)
# "Since he was a teenager" says when it started, not how old they are now.
_PAST_AGE = re.compile(
    r"\b(?:since|when|as|back when) (?:he|she|they|i) (?:was|were) (?:a |in )?"
    r"(?:teen|1[3-7]|high school|middle school)"
    r"|\bsince (?:his|her|their|my) teens?\b|\bas a teen(?:ager)?\b"
)


@dataclass(frozen=True)
class Turn:
    """One user message: what the NLU made of it, and what they wrote."""

    intent: Optional[str]
    text: str
    ranking: tuple[dict, ...] = ()
    entities: tuple[dict, ...] = ()


@dataclass(frozen=True)
class FacetAnswer:
    """A follow-up read as one facet of a topic, and the response that answers it."""

    topic: Optional[str]
    facet: str
    response: str


def user_turns(tracker: DialogueStateTracker) -> list[Turn]:
    """Every user message so far, oldest first."""
    return [
        Turn(event.intent_name, event.text or "",
             tuple(event.parse_data.get("intent_ranking") or ()),
             tuple(event.parse_data.get("entities") or ()))
        for event in tracker.events
        if isinstance(event, UserUttered)
    ]


def _words(text: str) -> set[str]:
    return set(words_of(text))


def named_topic(text: str) -> Optional[str]:
    """The topic the message names itself ("is narcan safe?" names naloxone), if any."""
    words = _words(text)
    for name, topic in load_topics().items():
        if words.intersection(topic.subjects):
            return name
    return None


def last_named_topic(text: str) -> Optional[str]:
    """The topic whose subject the message names last: "not Klonopin, I meant his Suboxone"
    is about Suboxone."""
    for word in reversed(words_of(text)):
        for name, topic in load_topics().items():
            if word in topic.subjects:
                return name
    return None


# A treatment the loved one is already on ("she has been on Suboxone for a year", "he's on
# methadone", "taking his buprenorphine"): part of the story, never what the family asks how to
# suggest.
_ALREADY_ON_TREATMENT = re.compile(
    r"(?:\b(?:is|was|been|are|were|be|stays?|stayed|staying|started|went|currently|still|now)"
    r"\s+(?:\w+\s+){0,2}?on|'s\s+(?:\w+\s+)?on|'re\s+(?:\w+\s+)?on"
    r"|\b(?:takes|taking|took)(?:\s+(?:his|her|their))?)\s+[\w-]+"
)


def outside_treatments_already_on(turn: Turn) -> str:
    """The message, as the writer typed it, with the treatments the loved one is already on
    blanked out."""
    return _ALREADY_ON_TREATMENT.sub(" ", as_the_writer_typed(turn))


def outside_substances(turn: Turn) -> str:
    """The message with its substance words blanked: "what if it was Xanax" changes the case
    (the substance), not the topic, though "xanax" also names the benzodiazepine topic."""
    text = turn.text or ""
    for entity in turn.entities:
        start, end = entity.get("start"), entity.get("end")
        if entity.get("entity") == "substance" and isinstance(start, int) and isinstance(end, int):
            text = text[:start] + " " * (end - start) + text[end:]
    return text


_TAKEN_BACK = re.compile(r"\bnot\s+(?:the\s+|my\s+|our\s+|his\s+|her\s+|their\s+)?$")


def corrected_case(turn: Turn) -> dict[str, Optional[str]]:
    """What a correction changes, for each of substance and relationship it takes one back:
    the value it names instead ("it's not my boyfriend, it's my brother" -> brother), or None
    when it names no other ("not Xanax, his methadone": methadone is a treatment)."""
    text = as_the_writer_typed(turn)
    corrected: dict[str, Optional[str]] = {}
    for kind in CONTEXT_ENTITIES:
        named = [e for e in turn.entities
                 if e.get("entity") == kind and isinstance(e.get("start"), int)]
        kept = [e for e in named if not _TAKEN_BACK.search(text[: e["start"]])]
        if len(kept) < len(named):
            corrected[kind] = str(kept[-1].get("value")) if kept else None
    return corrected


def refers_back(text: str) -> bool:
    """Whether a message leans on what came before: a pronoun, or only a few words."""
    lowered = (text or "").lower()
    return bool(_REFERS_BACK.search(lowered)) or len(lowered.split()) <= SHORT_FOLLOW_UP_WORDS


# "Is it safe with methadone?", "can he do it while he's on Suboxone?": another treatment named
# only as what the one in focus would be combined with.
_COMBINED_WITH = re.compile(
    r"\b(?:with|alongside|plus|on top of|together with|while\s+(?:\w+\s+){0,2}?on"
    r"|(?:is|are|'s|'re|he's|she's|they're)\s+(?:already\s+|still\s+)?on)"
    r"\s+(?:(?:his|her|their|the|a|an|some|my)\s+)?$")
#: The facet a combining question asks when the ranking names none: whether the two mix.
COMBINING_FACET = "safety"
#: Below this, a facet intent in the ranking is noise, not what the combining question asks.
COMBINING_FACET_CONFIDENCE = 0.02


def asks_about_combining(turn: Turn, focus: Optional[str]) -> Optional[str]:
    """The facet a short follow-up asks of the topic in focus when the only treatment it names
    is the one it would be combined with: "is it safe with methadone?" after the ketamine answer
    asks about ketamine (the classifier reads methadone and says medication)."""
    text = as_the_writer_typed(turn)
    if focus is None or len(text) >= LETTER_CHARS or not _REFERS_BACK.search(text):
        return None
    topics = load_topics()
    named = [(match.start(), name) for name, topic in topics.items() for word in topic.subjects
             for match in re.finditer(rf"\b{re.escape(word)}\b", text)]
    if not named or any(name == focus or not _COMBINED_WITH.search(text[:start])
                        for start, name in named):
        return None
    facets = facet_intents()
    asked = [facets[str(item.get("name"))] for item in turn.ranking[:5]
             if str(item.get("name")) in facets
             and float(item.get("confidence") or 0.0) >= COMBINING_FACET_CONFIDENCE]
    return asked[0] if asked else COMBINING_FACET


# A short question that opens by asking one facet of the thing its topic is about: where to get
# it ("how do we find him a doctor for Suboxone?", "where can I get Narcan?") or how long it
# takes ("how long does rehab usually take?"). The classifier rightly says the topic, and the
# topic's facet answer meets the question better than its general one. Only a message that
# opens with the question: "what is narcan and where can I get it" asks both, and the general
# answer covers both. "Where do I even start?" is no place; "how long should I wait before I
# bring it up?" is no length.
_OPENING = r"^\W*(?:(?:and|so|ok|okay|but|then|thanks|thank you|hi)\W+)?"
_ASKS_OWN_FACET = {
    "where": re.compile(
        _OPENING + r"(?:where (?:can|could|do|does|would|should|might)"
        r" (?:i|we|he|she|they|you|someone|people) (?:\w+ ){0,2}?(?:get|find|buy|go|take|pick"
        r"|sign|order)\b"
        r"|where(?:'s| is) the (?:nearest|closest)\b"
        r"|how (?:do|can|would|should) (?:i|we|he|she|they) (?:find|locate)\b"
        r"|who (?:prescribes|gives out|hands out|sells)\b)"),
    "duration": re.compile(
        _OPENING + r"how long (?:does|do|will|would|is|are|did) (?:\w+ ){0,3}?(?:take|last"
        r"|programs?|stays?|courses?)\b"),
}


def asks_own_facet(turn: Turn, responses: Collection[str]) -> Optional[FacetAnswer]:
    """The facet answer of the message's own topic, when a short message naming it opens by
    asking where to get it or how long it takes, and the topic has an answer for that."""
    topic = load_topics().get(turn.intent or "")
    text = as_the_writer_typed(turn)
    # Only when it names the topic's own subject: a bare "how long does it take?" asks about
    # the topic in focus, whatever the classifier calls it.
    if topic is None or len(text) >= LETTER_CHARS or named_topic(text) != topic.name:
        return None
    for facet, asks in _ASKS_OWN_FACET.items():
        response = topic.facet_response(facet, responses) if asks.search(text) else None
        if response:
            return FacetAnswer(topic.name, facet, response)
    return None


def facet_answer(
    turn: Turn, focus: Optional[str], responses: Collection[str]
) -> Optional[FacetAnswer]:
    """How to answer a message that asks a facet, or None to answer it as its own topic.

    The ask_* intents only ever ask a facet: of the topic they name, else of the topic in focus,
    else an honest "I don't have that". A topic intent that can ask a facet (cost_insurance: how
    much is it?) does so only in a short message that names no subject and refers back, and
    only where the topic in focus has an answer for it, or, for safety and duration, where the
    topic in focus is on another theme (then the honest "I don't have that")."""
    topics = load_topics()
    own = asks_own_facet(turn, responses)
    if own is not None:
        return own
    combining = asks_about_combining(turn, focus)
    if combining is not None and focus is not None:
        response = topics[focus].facet_response(combining, responses)
        if response:
            return FacetAnswer(focus, combining, response)
    facet = facet_intents().get(turn.intent or "")
    if facet is None:
        return None
    asks_only_a_facet = turn.intent not in topics
    missing = f"utter_facet_missing_{facet}"
    # Nobody asks how to suggest a treatment the loved one already takes: "she has been on
    # Suboxone for a year... how do I bring it up?" is about talking, not about Suboxone.
    subject = named_topic(outside_treatments_already_on(turn) if facet == "suggest"
                          else turn.text)
    if subject is not None:
        response = topics[subject].facet_response(facet, responses)
        if response:
            return FacetAnswer(subject, facet, response)
        return FacetAnswer(subject, facet, missing) if asks_only_a_facet else None
    if not asks_only_a_facet and (len(turn.text or "") >= LETTER_CHARS
                                  or not refers_back(turn.text)):
        return None  # a letter, or a message that does not lean on the last answer
    if focus is not None:
        response = topics[focus].facet_response(facet, responses)
        if response:
            return FacetAnswer(focus, facet, response)
        if (not asks_only_a_facet and facet in FACETS_NEVER_BORROWED
                and topics[focus].theme != topics[turn.intent].theme):
            return FacetAnswer(focus, facet, missing)
    if not asks_only_a_facet:
        return None
    return FacetAnswer(focus, facet, missing if focus else NO_TOPIC_YET)


# A message that corrects what we were told ("sorry, I meant my daughter", "not Xanax, his
# methadone") or asks the same answer for another case ("say it was booze, does it change?").
_CORRECTS = re.compile(
    r"\b(i meant|i mean|meant to (say|type|write)|typed (that|it) wrong|typo|wrong (word|person)"
    r"|not (my|his|her|their) \w+|not \w+,? (it'?s|its|i meant|but)|correction|i misspoke"
    r"|actually,? (it'?s|its|he'?s|she'?s|hes|shes) (my|his|her|their|not)|wait,? (no|not|sorry))\b"
)
_SWITCHES = re.compile(
    r"\b(what if|and if|say (it|he|she|they) (was|were|is)|if it (was|were|is)|suppose"
    r"|instead of|rather than|same (for|with|if)|what about (if|when|with)"
    r"|does (that|it|this|the \w+( \w+)?) (change|still apply|work the same|apply))\b"
)
CONTEXT_ENTITIES = ("substance", "relationship")


# "What if the pills have fentanyl in them?": a substance said to be inside what they take is a
# question about what is in it (test strips), not the same answer again for another substance.
_INSIDE_WHAT_THEY_TAKE = re.compile(
    r"\b(?:has|have|had|contains?|containing|contained|laced with|cut with|mixed with"
    r"|pressed with|there(?:'s|\s+is|\s+was|\s+are|s))\s+(?:(?:any|some|a little|traces? of"
    r"|real)\s+)?$")
# "... fentanyl in it", "... fentanyl in his pills": named after, what it is inside.
_INSIDE_AFTER = re.compile(
    r"^\s+in\s+(?:it|them|there|(?:the|his|her|their|my|your|that|those|these)\s+\w+)\b")


def _case_entities(turn: Turn) -> list[dict]:
    """The substances and relationships a message names as the case an answer fits; a
    substance said to be inside what they take is not one."""
    text = as_the_writer_typed(turn)
    return [entity for entity in turn.entities
            if entity.get("entity") in CONTEXT_ENTITIES
            and not (entity.get("entity") == "substance" and isinstance(entity.get("start"), int)
                     and (_INSIDE_WHAT_THEY_TAKE.search(text[: entity["start"]])
                          or _INSIDE_AFTER.match(text[entity.get("end", 0):])))]


def asks_whats_inside(turn: Turn) -> bool:
    """Whether every substance the message names is one said to be inside what they take
    ("what if there's fentanyl in it?"): a question for test strips or naloxone, not the last
    answer again for a new substance."""
    substances = [e for e in turn.entities if e.get("entity") == "substance"]
    return bool(substances) and not any(e.get("entity") == "substance"
                                        for e in _case_entities(turn))


def names_a_case(turn: Turn) -> bool:
    """Whether the message names a substance or a relationship (a case an answer fits)."""
    return bool(_case_entities(turn))


def names_a_new_case(turn: Turn, earlier: Iterable[Turn]) -> bool:
    """Whether the message names a substance or relationship the conversation had not named
    before: "is it dangerous to stop the Ativan?" after a letter about her Ativan is the same
    case asked again, not a new one."""
    named = {(e.get("entity"), e.get("value")) for turn_before in earlier
             for e in _case_entities(turn_before)}
    return any((e.get("entity"), e.get("value")) not in named for e in _case_entities(turn))


def context_turn(turn: Turn) -> bool:
    """Whether a short message corrects or varies the case just answered rather than asking
    something new: a correction or "what if" cue, and a substance, relationship or topic subject
    it names."""
    text = (turn.text or "").lower()
    if len(text) >= LETTER_CHARS or turn.intent == WRITER_USES_INTENT:
        return False
    if not (names_a_case(turn) or last_named_topic(outside_substances(turn))):
        return False
    return bool(_CORRECTS.search(text) or _SWITCHES.search(text))


def answer_name(topic: str) -> str:
    return f"utter_{topic}"


def has_variation_for(variations: list[dict[str, Any]], slot: str, value: Any) -> bool:
    """Whether a response has a variation written for this slot value."""
    return any(
        condition.get("name") == slot and condition.get("value") == value
        for variation in variations or []
        for condition in variation.get("condition") or []
    )


def tailoring_slot(entities: Iterable[dict[str, Any]]) -> Optional[str]:
    """The tailoring slot (substance or relationship) the latest message named, if any."""
    for entity in entities:
        if entity.get("entity") in CONTEXT_ENTITIES:
            return entity["entity"]
    return None


def follow_up_reply(
    topic: Optional[str], slot: Optional[str], value: Any, responses: dict[str, Any]
) -> list[str]:
    """The responses answering "and if it's <value>?" after `topic`, in order."""
    if topic is None or answer_name(topic) not in responses:
        return ["utter_followup_no_topic"]
    variations = responses[answer_name(topic)]
    if slot is not None and has_variation_for(variations, slot, value):
        return [answer_name(topic), "utter_anything_else"]
    if slot == "relationship" and not varies_by(variations, slot):
        # "Actually it's my dad, not my mom" after an answer written for anyone: it holds.
        return ["utter_followup_relationship_same", "utter_anything_else"]
    note = "utter_followup_substance" if slot == "substance" else "utter_followup_relationship"
    return [note, "utter_anything_else"]


def varies_by(variations: list[dict[str, Any]], slot: str) -> bool:
    """Whether any variation of a response is written for a value of this slot."""
    return any(condition.get("name") == slot for variation in variations or []
               for condition in variation.get("condition") or [])


# A message from the person who uses that asks what one of their own answers covers ("I'm not
# ready to stop, how do I stay safer?", "is there a pill to quit drinking?"): the classifier
# puts help_for_myself first and that topic next, at this confidence or more.
OWN_QUESTION_CONFIDENCE = 0.25


def topic_asked(turn: Turn, responses: Collection[str]) -> Optional[str]:
    """The topic a message is answered as: its intent, except that help for myself, when the
    classifier's next topic has an answer for the person who uses and is likely enough, is that
    answer's topic (its version for them): the generic "where to start" would not meet the
    question they asked. A topic written for one substance, asked about another, gives way
    (fitting_the_substance)."""
    return fitting_the_situation(fitting_the_substance(_own_question(turn, responses), turn),
                                 turn)


def _own_question(turn: Turn, responses: Collection[str]) -> Optional[str]:
    if turn.intent != WRITER_USES_INTENT:
        return turn.intent
    others = [item for item in turn.ranking if item.get("name") != WRITER_USES_INTENT]
    if not others:
        return turn.intent
    name = str(others[0].get("name") or "")
    likely = float(others[0].get("confidence") or 0.0) >= OWN_QUESTION_CONFIDENCE
    if likely and f"{answer_name(name)}_self" in responses:
        return name
    return turn.intent


def fitting_the_situation(topic: Optional[str], turn: Turn) -> Optional[str]:
    """The topic, unless the message describes a situation whose own answer it would miss (the
    registry's situation_topics): a family whose loved one died of an overdose gets the grief
    answer, not how to talk with them."""
    for entity in turn.entities:
        if entity.get("entity") != "situation":
            continue
        answered_by, instead_of = situation_topics().get(str(entity.get("value")), (None, ()))
        if answered_by and topic in instead_of:
            return answered_by
    return topic


def written_for_another_substance(topic: Optional[str], turn: Turn) -> bool:
    """Whether the topic's answer is written for one substance only (benzodiazepines) and the
    message names another and never the topic itself."""
    found = load_topics().get(topic or "")
    if found is None or not found.substances:
        return False
    named = {e.get("value") for e in turn.entities if e.get("entity") == "substance"}
    return bool(named) and not named & set(found.substances) and not (
        _words(turn.text) & set(found.subjects))


def _situations(turn: Turn) -> list[str]:
    return [str(e.get("value")) for e in turn.entities if e.get("entity") == "situation"]


def topics_to_offer(turn: Turn, limit: int = 3) -> list[str]:
    """The fallback's "which of these matters most?" topics: the answer written for the
    situation the message describes first (registry situation_topics: quitting cold turkey ->
    readiness, with its never-stop-alone safety; situation_offers: home from rehab -> the
    readiness answer's homecoming version), then the classifier's likeliest, never one written
    for another substance (no benzodiazepine button for a letter about wine)."""
    answers, offers = situation_topics(), situation_offers()
    for_situation = [answers[s][0] if s in answers else offers[s][0]
                     for s in _situations(turn) if s in answers or s in offers]
    ranked = likeliest_topics(turn.ranking, limit=max(len(turn.ranking), limit))
    fitting = [t for t in ranked if not written_for_another_substance(t, turn)]
    return list(dict.fromkeys(for_situation + fitting))[:limit]


def offer_titles(turn: Turn) -> dict[str, str]:
    """Button titles for the topics a fallback offers for the situation the message describes
    ("Coming home from rehab or jail", not "They say they want help")."""
    offers = situation_offers()
    return {offers[s][0]: offers[s][1] for s in reversed(_situations(turn)) if s in offers}


def fitting_the_substance(topic: Optional[str], turn: Turn) -> Optional[str]:
    """The topic, unless its answer is written for one substance only (benzodiazepines) and the
    message names another and never the topic ("kratom every day to get off pills"): then the
    classifier's next answered topic that fits (one not bound to another substance, and naming
    its subject if it has one), else the topic itself. An answer written for one substance is
    never given for another."""
    topics, answered = load_topics(), answered_topics()
    if not written_for_another_substance(topic, turn):
        return topic
    named = {e.get("value") for e in turn.entities if e.get("entity") == "substance"}
    words = _words(turn.text)
    for item in turn.ranking:
        other = topics.get(str(item.get("name") or ""))
        if other is None or other.name == topic or other.name not in answered:
            continue
        bound_elsewhere = other.substances and not named & set(other.substances)
        if not bound_elsewhere and (not other.subjects or words & set(other.subjects)):
            return other.name
    return topic


def topic_in_focus(turns: Iterable[Turn], responses: Collection[str]) -> Optional[str]:
    """The topic the conversation is about after these turns: the last topic answered, kept
    through follow-ups ("tell me more", "is it safe?", "and if it's alcohol?") and small talk,
    ended by anything else the bot does (booking, a crisis reply, the check-in)."""
    answered, topics = answered_topics(), load_topics()
    focus: Optional[str] = None
    for turn in turns:
        followed = facet_answer(turn, focus, responses)
        if followed is not None:
            focus = followed.topic or focus
        elif focus is not None and context_turn(turn):
            focus = last_named_topic(outside_substances(turn)) or focus
        elif focus is not None and turn.intent not in answered and quotes_the_bot(turn.text):
            pass  # "you said ask open questions...": still the answer in focus
        elif turn.intent in answered:
            focus = topic_asked(turn, responses)
        elif turn.intent in topics and topics[turn.intent].theme != "conversation":
            focus = None  # booking, a crisis, the check-in: the knowledge thread has ended
    return focus


def says_only_a_minors_age(turn: Turn) -> bool:
    """Whether a short message adds only that the loved one is 13-17 ("he's 16 by the way"):
    no topic of its own, so it changes who the last answer is for."""
    return (len(turn.text or "") < LETTER_CHARS and turn.intent not in answered_topics()
            and loved_one_is_minor([turn]))


def loved_one_is_minor(turns: Iterable[Turn]) -> bool:
    """Whether the latest thing said about the loved one's age makes them 13-17."""
    minor = False
    for turn in turns:
        text = _PAST_AGE.sub(" ", as_the_writer_typed(turn))
        if _ADULT.search(text):
            minor = False
        if _MINOR.search(text):
            minor = True
    return minor


def as_the_writer_typed(turn: Turn) -> str:
    """The message in lower case with a phone's curly apostrophe made straight ("I’m 15"), as
    the writer patterns read it."""
    return (turn.text or "").lower().replace("\u2019", "'")


def writer_is_minor(turns: Iterable[Turn]) -> bool:
    """Whether the latest thing the writer said about their own age makes them under 18."""
    young = False
    for turn in turns:
        text = as_the_writer_typed(turn)
        if _WRITER_ADULT.search(text):
            young = False
        if _WRITER_MINOR.search(text):
            young = True
    return young


# Military service, as families say it ("he's a veteran", "since she was deployed", "the VA"):
# the 988 line has its own option for veterans.
_MILITARY_SERVICE = re.compile(
    r"\bveterans?\b|\bex-military\b|\bthe va\b|\b(?:was|got|been|being) deployed\b"
    r"|\bdeployments?\b|\btours? (?:in|of) (?:iraq|afghanistan|vietnam|duty|combat)\b"
    r"|\b(?:(?:served|serving|enlisted|was|were|been|is|'s) in|got out of) (?:the )?(?:army"
    r"|navy|marines?|marine corps|air force|coast guard|military|national guard)\b"
    r"|\bserved in (?:iraq|afghanistan|vietnam)\b"
)


# A Vivitrol (extended-release naltrexone) shot missed or worn off ("he skipped his last
# Vivitrol shot", "she was on Vivitrol but stopped going"): tolerance is low, overdose risk high.
_VIVITROL_LAPSE = re.compile(
    r"\b(?:missed|skipped|stopped|quit|came off|went off|didn'?t get|never got)\s+(?:\S+\s+){0,3}?"
    r"(?:vivitrol|naltrexone (?:shot|injection))\b"
    r"|\b(?:vivitrol|naltrexone shot|naltrexone injection)\b[^.!?]{0,60}?\b(?:wore off|wearing off"
    r"|ran out|missed|skipped|stopped|quit|lapsed|overdue)\b"
    # ... or, once Vivitrol is named, a shot to be skipped ("he has been on Vivitrol shots for
    # six months. He says he's going to skip the next one").
    r"|(?s:\b(?:vivitrol|naltrexone)\b.*?\b(?:skip|skipping|miss|missing|stop|stopping|quit"
    r"|quitting|not get|not getting|won'?t get)\s+(?:(?:the|his|her|their|a)\s+)?"
    r"(?:(?:next|last)\s+)?(?:one|shot|shots|injection|injections|dose)\b)"
)


# Pain pills a doctor prescribes ("the doctor prescribes both"), with nothing saying some come
# from elsewhere ("buys extra", "pills from someone else", "runs out early"): the naloxone point
# without "fentanyl can be in what they take".
# Not "prescription pills", which families say of pills from anywhere; and an addiction to them
# ("hooked on the oxycodone his doctor prescribed") keeps the warning: pills often come from
# elsewhere once they run short.
_PRESCRIBED = re.compile(r"\b(?:prescribed|prescribes|prescribing)\b")
_FROM_ELSEWHERE = re.compile(
    r"\b(?:buy|buys|bought|buying|street|dealer|online|extra|someone else'?s?|a friend|friends"
    r"|addicted|addiction|hooked|abus\w*|misus\w*"
    r"|more than (?:prescribed|they should|he should|she should)|runs? out early|ran out early"
    r"|doctor shopping|fake|pressed|counterfeit|stole|steal|stealing|snort\w*|crush\w*)\b")


def only_prescribed_pills(turns: Iterable[Turn]) -> bool:
    """Whether the conversation says the pills are prescribed, and nothing says some come from
    outside a pharmacy."""
    texts = [as_the_writer_typed(turn).lower() for turn in turns]
    return (any(_PRESCRIBED.search(text) for text in texts)
            and not any(_FROM_ELSEWHERE.search(text) for text in texts))


def mentions_vivitrol_lapse(turns: Iterable[Turn]) -> bool:
    """Whether the conversation says a Vivitrol shot was missed or has worn off."""
    return any(_VIVITROL_LAPSE.search(as_the_writer_typed(turn)) for turn in turns)


def mentions_military_service(turns: Iterable[Turn]) -> bool:
    """Whether anyone in the conversation is said to have served (the writer or the loved one)."""
    return any(_MILITARY_SERVICE.search(as_the_writer_typed(turn)) for turn in turns)


def writer_says_they_use(turn: Turn) -> bool:
    """Whether the message says in so many words that the writer uses ("I relapsed", "my
    drinking") and the classifier sees it too (help_for_myself among its likeliest topics)."""
    says_so = _WRITER_SAYS_THEY_USE.search(as_the_writer_typed(turn)) is not None
    return says_so and ranking_reads_writer_as_user(turn.ranking, SAYS_THEY_USE_CONFIDENCE,
                                                    SAYS_THEY_USE_AMONG)


def writer_uses(turns: Iterable[Turn]) -> bool:
    """Whether the writer has said they are the one who drinks, uses or gambles, in a message
    of its own ("actually it's me") or inside a letter about something else."""
    return any(
        turn.intent == WRITER_USES_INTENT
        or ranking_reads_writer_as_user(turn.ranking, READER_SWITCH_CONFIDENCE,
                                        READER_SWITCH_AMONG)
        or writer_says_they_use(turn)
        for turn in turns
    )


# The check-in asks about "your loved one"; the person who uses is offered their own next steps.
CHECK_IN_OFFER = "utter_offer_stage_assessment"
NEXT_STEPS_FOR_THE_WRITER = "utter_help_for_myself_next"


def steps_for_reader(
    steps: Sequence[str], turns: Sequence[Turn], responses: Collection[str]
) -> tuple[str, ...]:
    """An answer's responses in the versions written for this reader (see for_reader); the
    person who uses is never offered the check-in about a loved one."""
    fitted = [for_reader(step, turns, responses) for step in steps]
    if writer_uses(turns):
        own_steps = for_reader(NEXT_STEPS_FOR_THE_WRITER, turns, responses)
        fitted = [own_steps if step == CHECK_IN_OFFER else step for step in fitted]
    return tuple(fitted)


def for_reader(response: str, turns: Sequence[Turn], responses: Collection[str]) -> str:
    """The version of a response written for this reader: the person who uses (under 18: the
    version for a young person who uses, where one exists), a young person writing about
    someone at home, or the parent of a minor, where one exists; otherwise the response itself.
    A young writer never gets the parent's version: they are not the parent."""
    if writer_uses(turns):
        young_self = f"{response}_self_young"
        if young_self in responses and writer_is_minor(turns):
            return young_self
        if f"{response}_self" in responses:
            return f"{response}_self"
    if writer_is_minor(turns):
        return f"{response}_young" if f"{response}_young" in responses else response
    if loved_one_is_minor(turns) and f"{response}_minor" in responses:
        return f"{response}_minor"
    return response


FACETS = ("safety", "cost", "duration", "where", "evidence", "suggest")
READER_VERSIONS = ("_self", "_self_young", "_young", "_minor")


def sendable_responses(responses: Collection[str]) -> set[str]:
    """Every response the follow-up logic can send with this domain's responses: each topic's
    facet answers, the honest "I don't have that" per facet, and the reader versions of both
    answers and facet answers."""
    names = {NO_TOPIC_YET, *(f"utter_facet_missing_{facet}" for facet in FACETS)}
    for topic in load_topics().values():
        facet_answers = set(filter(None, (topic.facet_response(f, responses) for f in FACETS)))
        names.update(facet_answers)
        names.update(f"{name}{version}" for name in facet_answers for version in READER_VERSIONS)
    for steps in answered_topics().values():
        names.update(f"{steps[0]}{version}" for version in READER_VERSIONS)
    return names & set(responses)
