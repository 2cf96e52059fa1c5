"""Context rules that decide whether a looked-up word really names the loved one's substance
or the loved one's relationship to the writer.

Lookup tables match words, not meanings: "ketamine infusion" is a therapy, "fentanyl test
strips" name what a strip detects, "I'm his mom" is the writer, "break the ice" is not meth.
The slots `substance` and `relationship` tailor answers, so a wrong value does more harm than
a missing one. These are plain functions over Rasa entity dicts so they can be tested directly;
`family_guide.nlu.entity_context` runs them inside the NLU pipeline.

Dedupe decision: one substance and one relationship per message, because the slots hold one
value (and Rasa would otherwise silently fill them from the LAST mention). The subject of a
message is usually named first, so the first mention wins, except that a specific value beats a
vague one: fentanyl/heroin beat "opioids" ("pills laced with fent"), any named substance beats
"other" ("vapes weed", "cigarettes and weed"), and for relatives "my son" beats "his
girlfriend", "my husband and I" and "a mom in my group", and the relative the message is
about beats the one acting ("my mom wants an intervention on my brother" -> brother).
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Pattern, Set, Text

SUBSTANCE = "substance"
RELATIONSHIP = "relationship"

Entity = Dict[Text, Any]

# Treatment medicines are never the substance the family worries about.
TREATMENT_MEDICINE = re.compile(
    r"\b(suboxone|subutex|buprenorphine|bupe|sublocade|zubsolv|methadone|narcan|naloxone|"
    r"vivitrol|naltrexone|lucemyra|lofexidine|spravato|esketamine)\b",
    re.IGNORECASE,
)

# Ordinary phrases that contain a lookup word but mean something else.
FALSE_FRIENDS = re.compile(
    r"\bbreak(?:s|ing)? the ice\b|\bthin ice\b|\bice[- ]?(?:cream|pack|skating|storm|cold|water)\b"
    r"|\bdiet coke\b|\bcoke zero\b|\bcrack(?:s|ed|ing)? down\b|\bcrystal clear\b"
    r"|\b(?:(?:at|in|from|between|hitting|behind) the|(?:go|goes|going|went) to(?: the)?) bars\b"
    r"|\b(?:alcoholics|narcotics|gamblers|cocaine|marijuana|crystal meth|heroin) anonymous\b"
    r"|\bsex (?:offender|ed|education)\b|\bfood (?:stamps|bank|pantry|pantries)\b"
    r"|\b(?:drink|drinking|drinks) (?:of )?water\b|\b(?:energy|soft|sports) drinks?\b"
    r"|\bpill to swallow\b|\ba pill (?:to|for|that)\b|\bbirth control pills?\b"
    r"|\b(?:blood pressure|heart|thyroid|diabetes|cholesterol|vitamin|water|allergy) "
    r"(?:pills?|meds|medicines?|medications?)\b"
    r"|\b(?:the|baby) blues\b"
    r"|\bit'?s a gamble\b|\bpot ?luck\b"
    r"|\b(?:time|open|available|appointment|any|free|morning|afternoon|evening|weekend|"
    r"saturday|next|more|two|few) slots\b|\bslots (?:open|available|left|free)\b"
    r"|\b(?:candy|granola|protein|chocolate|cereal) bars\b"
    r"|\b(?:eat|eats|eating|ate|eaten|cook|cooking|buy|buying|bring|brought|no|any|enough) food\b"
    r"|\b(?:i'?m|i am|we'?re|you'?re) betting\b"
    r"|\b(?:daughter|sister|niece|granddaughter|wife|girlfriend|friend|cousin|aunt|mom|named|"
    r"called)\s+molly\b",
    re.IGNORECASE,
)

RELATIVE_FALSE_FRIENDS = re.compile(
    r"\bbusiness partners?\b|\bpartners? in crime\b|\bson of a\b", re.IGNORECASE
)

KETAMINE_SLANG = re.compile(r"^(special k|k[- ]hole|ket)$", re.IGNORECASE)
THERAPY_AFTER = re.compile(
    r"^[\s-]*(?:\S+\s+){0,2}?(?:therapy|therapies|treatments?|infusions?|clinics?|sessions?|"
    r"assisted|spray|programs?|providers?|doctors?|iv|protocols?|trials?|study|studies|"
    r"centers?|centres?|psychotherapy|appointments?|course|series|boosters?|doses?|dosing|"
    r"consults?|consultations?|options?|route)\b",
    re.IGNORECASE,
)
USE_BEFORE = re.compile(
    r"(?:\b(?:hooked on|addicted to|abus\w*|misus\w*|using|uses|snort\w*|high on|buy\w*|"
    r"sell\w*|bumps? of|binge\w* on|experiment\w* with|messing with)"
    r"|\b(?:got|gotten|getting|gets) into"
    r"|\b(?:he|she|they|who)\s+(?:\S+\s+)?(?:does|do|did|doing|used|takes|took|tried))"
    r"\s+(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
# What follows the word: its use, or a recreational setting ("at parties", "to get high").
USE_AFTER = re.compile(
    r"^\s*(?:use|abuse|misuse|addiction|habit|problem|binges?|for fun|"
    r"to get high|at (?:a |the )?(?:raves?|parties|party|clubs?|festivals?|concerts?)|"
    r"on (?:the )?weekends)\b",
    re.IGNORECASE,
)
HYPOTHETICAL_BEFORE = re.compile(
    r"\b(?:get|getting|become|becoming|be|end up)\s+(?:\S+\s+)?(?:addicted|hooked|dependent)"
    r"\s+(?:on|to)\s+(?:\S+\s+){0,1}$",
    re.IGNORECASE,
)

# "I don't drink, it's just the betting", "he doesn't even smoke weed", "I've never used heroin":
# a use the writer denies. Kept out so a gambler is not told how to stop drinking safely. Only
# present and habitual denials: "he didn't drink for a year" and "after years of not gambling"
# still say what the person uses, and a bare "not" is a correction ("not Xanax, his methadone")
# or the loved one's own denial ("he says it's not gambling").
DENIED_USE_BEFORE = re.compile(
    r"\b(?:don'?t|doesn'?t|dont|doesnt|do not|does not|never|no longer)"
    r"\s+(?:even\s+|really\s+|actually\s+|ever\s+|usually\s+)?"
    r"(?:(?:use|uses|using|used|do|does|doing|did|take|takes|taking|took|touch|touches|touched|"
    r"try|tries|tried|smoke|smokes|smoked|drink|drinks|drank|vape|vapes|vaped)\s+"
    r"(?:any\s+)?)?$",
    re.IGNORECASE,
)
# "sober from alcohol", "in recovery from pills and alcohol", "got off opioids", "quit
# drinking" (not "wants to quit" or "trying to get off"): a use that has stopped, which gives
# way to one going on now (_choose_substance).
RECOVERED_FROM_BEFORE = re.compile(
    r"(?:\b(?:sober|clean|recovery|recovering)\s+(?:from\s+|off\s+|of\s+)?"
    r"|\b(?:got|been|came|stayed)\s+off\s+|(?<!to )(?<!about )\bquit\s+"
    r"|\b(?:stopped|gave up)\s+)"
    r"(?:the\s+)?(?:using\s+|drinking\s+|taking\s+)?(?:[\w-]+\s*(?:,|and|or|&)\s*)?$",
    re.IGNORECASE)
# "My husband has been in recovery for six years", "my son is sober now": a relative who is not
# using now. Not "was sober" (a relapse letter is about them).
IN_RECOVERY_AFTER = re.compile(
    r"^\s+(?:(?:has|have)\s+(?:been|stayed)|is|'s|are|stays?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:sober|clean|in\s+recovery|recovering)\b", re.IGNORECASE)
# "...his brother just got out of rehab for heroin" (he uses), not "his friends got him back on
# heroin" (the sober relative does): nobody referred back between the other person and the use.
REFERS_BACK = re.compile(r"\b(?:he|she|him|her|they|them)\b", re.IGNORECASE)
# Someone named after a sober relative, as "his/her/their X", is family by marriage or a step
# relative: the answers for another relative fit them.
OTHER_RELATIVE = "other_relative"
# "She swears she doesn't drink", "he promised he'd never gamble again": what the loved one
# says is the family's worry, not a fact about them; such a denial keeps the substance.
REPORTED_IN_CLAUSE = re.compile(
    r"\b(?:say|says|said|saying|swear|swears|swore|sworn|claim|claims|claimed|insist|insists|"
    r"insisted|promise|promises|promised|tell|tells|told|deny|denies|denied|thinks|thought|"
    r"believes|pretend|pretends|acts like|acting like|supposedly)\b",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(r"[.!?;\n]")

STRIP_DETECTABLE = re.compile(
    r"^(fentanyl|fentanil|fent|fentynal|fentanol|fentynol|fentenyl|fentonyl|fentinal|"
    r"xylazine|tranq)$",
    re.IGNORECASE,
)
STRIP_AFTER = re.compile(
    r"^[\s-]*(?:test(?:ing)?\s+)?(?:strips?|tests?|testing|test kits?|kits?|detection)\b",
    re.IGNORECASE,
)
# "test his pills for fentanyl", "check if the coke has fentanyl": naming what is tested for.
TEST_BEFORE = re.compile(r"\b(?:test\w*|check\w*|screen\w*)\s+(?:\S+\s+){0,4}?$", re.IGNORECASE)
# "do strips pick up xylazine": only when the message is about testing.
DETECT_BEFORE = re.compile(
    r"\b(?:detect\w*|pick(?:s|ing)? up|catch(?:es)?|shows?|finds?|spots?)\s+(?:\S+\s+){0,4}?$",
    re.IGNORECASE,
)
MENTIONS_TESTING = re.compile(r"\bstrips?\b|\btest", re.IGNORECASE)

SELF_BEFORE = re.compile(
    r"(?:^|\b)(?:i'?m|i am|im|as|being|from|signed|love,?|just)\s+(?:(?:a|an|the|his|her|their|"
    r"your|just|only|single|worried|scared|desperate|tired|concerned|heartbroken|exhausted|"
    r"frustrated|loving|grieving|new|older|young|proud|broken|another|one|sad|lost|"
    r"struggling|caring)\s+){0,3}$",
    re.IGNORECASE,
)
SELF_AFTER = re.compile(
    r"^\s*(?:here\b|of\s+(?:a|an|one|two|three|four|five|\d+)\b)", re.IGNORECASE
)
OWNED_BEFORE = re.compile(r"\b(?:my|our)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
SIGN_OFF_BEFORE = re.compile(r"[-–—]\s*(?:a\s+)?(?:\S+\s+)?$")
CO_WRITER_AFTER = re.compile(r"^\s*(?:and|&)\s+(?:i|me|myself)\b", re.IGNORECASE)
CO_WRITER_BEFORE = re.compile(r"\bme\s+(?:and|&)\s+(?:my\s+)?$", re.IGNORECASE)
# "his girlfriend", "my son's friend": someone else's relative, not the writer's.
THIRD_PARTY_BEFORE = re.compile(r"(?:\b(?:his|her|their)|'s)\s+(?:\S+\s+)?$", re.IGNORECASE)
# "Since my mom passed in March, my dad has been drinking", "my husband, who died last year":
# a relative who died is not the one drinking now, unless the death is the use's own ("my son
# died of an overdose", the grief answer's loved one). Only a side character: named alone, they
# stay the subject.
DECEASED_AFTER = re.compile(
    r"^\s*,?\s*(?:who\s+)?(?:(?:has|had|just|sadly|recently|suddenly)\s+)?"
    r"(?:passed(?:\s+away|\s+on)?|died)\b"
    r"(?![^.!?;,]{0,20}\b(?:of|from|after)\b[^.!?;,]{0,30}"
    r"\b(?:overdos\w*|od|fentanyl|heroin|drugs?|pills|drinking|alcohol|using)\b)",
    re.IGNORECASE)
# "my wife wants to cut our son off", "my mom says I should kick him out": a relative giving
# an opinion on what to do, beside the one the family worries about.
ADVISER_AFTER = re.compile(
    r"^\s+(?:(?:keeps|kept)\s+)?(?:says|said|saying|thinks|thought|believes|insists|insisted"
    r"|suggests|suggested|tells\s+me|told\s+me|feels|felt"
    # "wants to" only with what to do about someone else: "my wife wants to try AA" is her own.
    r"|(?:wants?|wanted)\s+(?:(?:me|us)\s+to|to\s+(?:cut|kick|throw|send|force|make|ground"
    r"|go\s+in|get\s+(?:him|her|them)|take\s+(?:his|her|their)|stop\s+(?:giving|paying"
    r"|helping))))\b"
    r"(?!\s+(?:he|she|they)(?:'s|'re| is| are| was| were| has| have| had| will|'ll)?\s"
    r"+(?:fine|not|never|only|just|done|clean|sober|quit|quitting|stop|stopping|going to stop"
    r"|can|can't|cant|doesn't|does not|don't|isn't|has it|had it)\b)",
    re.IGNORECASE)

# "My son died of an overdose", "she overdosed and died", "our son's overdose death": the loved
# one died. Not "his friend died of an overdose" (someone else), "my son's friend died..." (the
# words after "my" stop at the apostrophe), or "he nearly died of an overdose" (alive): the grief
# answer, and no naloxone line, would be wrong.
SITUATION = "situation"
BEREAVED = "bereaved"
# "He wants to quit cold turkey this weekend", "she'll detox at home": stopping alone, which
# after heavy daily drinking or benzodiazepines can kill. Not a stop long past ("he went cold
# turkey in 2019", "quit cold turkey five years ago and stayed sober").
STOPPING_ALONE = "stopping_alone"
# "He has been clean for three years": in recovery now. Not "he hasn't been sober for a
# single day" or "never been clean since".
IN_RECOVERY = "in_recovery"
RECOVERY_DENIED_BEFORE = re.compile(r"(?:n't|n’t|\bnot|\bnever|\bhardly|\bbarely)\s+(?:\S+\s+)?$",
                                    re.IGNORECASE)
STOPPED_LONG_AGO_BEFORE = re.compile(r"\b(?:went|did|had|was able to)\b[^.!?;]{0,20}$",
                                     re.IGNORECASE)
STOPPED_LONG_AGO_AFTER = re.compile(
    r"^[^.!?;]{0,30}\b(?:ago|back in|in (?:19|20)\d\d|and (?:has|had) been|and stayed"
    r"|for (?:\d+|a|one|two|three|four|five|six|ten) (?:years?|months?))\b", re.IGNORECASE)
DEATH_HEDGE_BEFORE = re.compile(
    r"\b(?:nearly|almost|could(?:n't)?|might|would|should|afraid|scared|terrified|worried|fear"
    r"|before|if|until|not|never|or|will|'ll|going to|gonna)\b[^.!?;]{0,30}$", re.IGNORECASE)
# A relative's relative is family too ("my sister's son", "our daughter's husband"); a
# relative's friend is not ("my son's friend died…" and he still uses).
KIN = (r"(?:son|daughter|boy|girl|kid|child|husband|wife|brother|sister|mom|mother|mum|dad"
       r"|father|nephew|niece|grandson|granddaughter|grandchild|uncle|aunt|cousin|stepson"
       r"|stepdaughter|partner)")
DIED_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:my|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+|\b(?:my|our)\s+" + KIN + r"['’]s\s+" + KIN
    + r"|\b(?:he|she|they))"
    r"\s+(?:(?:just|then|later|sadly|suddenly|tragically|eventually)\s+)?$", re.IGNORECASE)
DEATH_OWNER_BEFORE = re.compile(r"(?:\b(?:my|our)\s+(?:[\w-]+\s+)?[\w-]+'s|\b(?:his|her|their))"
                                r"\s+(?:[\w-]+\s+)?$", re.IGNORECASE)

SPECIFIC_OPIOIDS = {"fentanyl", "heroin"}
# "an intervention on my brother", "giving my son money": the relative the message is about.
ABOUT_BEFORE = re.compile(
    r"\b(?:about|on|for|into|(?:talk\w*|speak\w*|reach out|get through) to|confront\w*|giv\w*|"
    r"help\w*|convinc\w*)\s+(?:my|our)\s+"
    r"(?:\S+\s+)?$",
    re.IGNORECASE,
)


def _before(text: Text, entity: Entity, chars: int = 60) -> Text:
    return text[max(0, entity["start"] - chars) : entity["start"]]


def _after(text: Text, entity: Entity, chars: int = 60) -> Text:
    return text[entity["end"] : entity["end"] + chars]


def _surface(text: Text, entity: Entity) -> Text:
    return text[entity["start"] : entity["end"]]


def _inside(spans: Iterable[re.Match], entity: Entity) -> bool:
    return any(m.start() <= entity["start"] and entity["end"] <= m.end() for m in spans)


def _clause_before(text: Text, entity: Entity) -> Text:
    """The words before the entity in its own clause."""
    return CLAUSE_BREAK.split(_before(text, entity))[-1]


def _matches_before(pattern: Pattern, text: Text, entity: Entity) -> bool:
    return pattern.search(_before(text, entity)) is not None


def is_therapy_ketamine(text: Text, entity: Entity) -> bool:
    """Ketamine is the clinic's treatment unless the writer describes someone using it."""
    if THERAPY_AFTER.match(_after(text, entity)):
        return True
    if _matches_before(HYPOTHETICAL_BEFORE, text, entity):
        return True
    if KETAMINE_SLANG.match(_surface(text, entity)):
        return False
    used = _matches_before(USE_BEFORE, text, entity) or USE_AFTER.match(_after(text, entity))
    return not used


def is_strip_target(text: Text, entity: Entity) -> bool:
    """Fentanyl/xylazine named only as what a test strip detects."""
    if not STRIP_DETECTABLE.match(_surface(text, entity)):
        return False
    if STRIP_AFTER.match(_after(text, entity)):
        return True
    if _matches_before(TEST_BEFORE, text, entity):
        return True
    return bool(MENTIONS_TESTING.search(text)) and _matches_before(DETECT_BEFORE, text, entity)


def is_denied_use(text: Text, entity: Entity) -> bool:
    """ "I don't drink", "he never gambled": a use the message denies as a fact (not the loved
    one's own denial, which the family doubts)."""
    if not _matches_before(DENIED_USE_BEFORE, text, entity):
        return False
    clause = _clause_before(text, entity)
    return REPORTED_IN_CLAUSE.search(clause) is None


def is_loved_ones_death(text: Text, entity: Entity) -> bool:
    """Whether a bereavement phrase says the writer's loved one died (see DIED_SUBJECT_BEFORE)."""
    before = _clause_before(text, entity)
    if DEATH_HEDGE_BEFORE.search(before):
        return False
    surface = _surface(text, entity).lower()
    if surface.startswith("lost "):
        return True
    if "death" in surface:
        return DEATH_OWNER_BEFORE.search(before) is not None
    return DIED_SUBJECT_BEFORE.search(before) is not None


def is_stopping_now(text: Text, entity: Entity) -> bool:
    """Whether "cold turkey" / "detox at home" is a stop planned or under way, not one long
    past (see STOPPING_ALONE)."""
    before = _clause_before(text, entity)
    return not (STOPPED_LONG_AGO_BEFORE.search(before)
                or STOPPED_LONG_AGO_AFTER.match(_after(text, entity)))


# "After two years clean she relapsed", "he had been sober for a year before he started
# drinking again": a return to use, not recovery now.
RETURNED_TO_USE = re.compile(
    r"\b(?:relapsed|relapsing|slipped|fell off the wagon|back on(?! track)"
    r"|back to (?:using|drinking)|(?:using|drinking|gambling|smoking) again)\b", re.IGNORECASE)
HAD_BEEN_BEFORE = re.compile(r"\b(?:had|'d)\s+$", re.IGNORECASE)


def is_in_recovery_now(text: Text, entity: Entity) -> bool:
    """ "Has been clean for three years", not "hasn't been sober for a single day", "had been
    clean for a year", or a message that says they are using again."""
    return not (_matches_before(RECOVERY_DENIED_BEFORE, text, entity)
                or _matches_before(HAD_BEEN_BEFORE, text, entity)
                or RETURNED_TO_USE.search(text))


def is_real_substance(text: Text, entity: Entity, false_friends: List[re.Match]) -> bool:
    """Whether a substance entity names something the loved one (or the writer) uses."""
    if TREATMENT_MEDICINE.search(_surface(text, entity)) or _inside(false_friends, entity):
        return False
    if is_denied_use(text, entity):
        return False
    if entity.get("value") == "ketamine" and is_therapy_ketamine(text, entity):
        return False
    return not is_strip_target(text, entity)


def is_self_reference(text: Text, entity: Entity) -> bool:
    """The writer naming their own role ("I'm his mom", "dad here", "- a worried mum")."""
    if _matches_before(OWNED_BEFORE, text, entity):
        return False
    if _matches_before(SELF_BEFORE, text, entity) or SELF_AFTER.match(_after(text, entity)):
        return True
    at_end = not _after(text, entity).strip(" .!")
    return at_end and _matches_before(SIGN_OFF_BEFORE, text, entity)


def is_co_writer(text: Text, entity: Entity) -> bool:
    """ "my husband and I" / "me and my wife": the writer's side, not the loved one."""
    after = _after(text, entity)
    return bool(CO_WRITER_AFTER.match(after) or _matches_before(CO_WRITER_BEFORE, text, entity))


def is_side_character(text: Text, entity: Entity) -> bool:
    """Someone else's relative ("his girlfriend"), a co-writer ("my husband and I"), a
    relative giving their view on what to do ("my wife wants to cut him off") or one who died
    of something other than the use ("since my mom passed")."""
    after = _after(text, entity)
    return (is_co_writer(text, entity) or _matches_before(THIRD_PARTY_BEFORE, text, entity)
            or bool(ADVISER_AFTER.match(after)) or bool(DECEASED_AFTER.match(after)))


def _substance_rank(entity: Entity, values: Set[Text]) -> int:
    """0 = a named substance; 1 = generic 'opioids' beside fentanyl/heroin; 2 = 'other'."""
    value = entity.get("value")
    if value == "other" and values - {"other"}:
        return 2
    if value == "opioids" and values & SPECIFIC_OPIOIDS:
        return 1
    return 0


def _choose_substance(text: Text, candidates: List[Entity]) -> Entity:
    """A substance used now beats one someone is in recovery from ("my husband has been
    sober from alcohol for two years; his brother uses heroin"), though not the clinic's
    ketamine; the specific beats the generic; otherwise the first one named is the subject."""
    stopped = [e for e in candidates if _matches_before(RECOVERED_FROM_BEFORE, text, e)]
    if stopped:
        candidates = [e for e in candidates
                      if e.get("value") != "ketamine" and e not in stopped] or candidates
    values = {e.get("value") for e in candidates}
    return min(candidates, key=lambda e: (_substance_rank(e, values), e["start"]))


#: "my mom drinks", "my son has been using heroin": the substance follows the relative this
#: closely when the relative is the one who uses.
USE_FOLLOWS_CHARS = 20


_COORDINATED = re.compile(r"^\s*(?:and|or|&)\s+(?:my|our)?\s*$", re.IGNORECASE)


def _named_with_the_use(text: Text, relatives: List[Entity],
                        substances: List[Entity]) -> List[Entity]:
    """The relatives a substance is named right after, as the ones who use it; "my sister and
    my brother both drink" names both."""
    ordered = sorted(relatives, key=lambda e: e["start"])
    using = [e for e in ordered if any(0 <= s["start"] - e["end"] <= USE_FOLLOWS_CHARS
                                       for s in substances if "start" in s)]
    for earlier, later in zip(ordered, ordered[1:]):
        if later in using and earlier not in using and _COORDINATED.match(
                text[earlier["end"]:later["start"]]):
            using.append(earlier)
    return using


def _user_after_sober_relative(text: Text, sober: Entity, candidates: List[Entity],
                               use: Optional[Entity]) -> Optional[Entity]:
    """The person a use belongs to when the relative named first is sober: "My husband has
    been in recovery for six years. His brother just got out of rehab for heroin" is about the
    brother (as another relative), not the husband."""
    if use is None or not IN_RECOVERY_AFTER.match(_after(text, sober)):
        return None
    for other in sorted(candidates, key=lambda e: e["start"]):
        if not sober["end"] < other["start"] < use.get("start", -1):
            continue
        between = text[other["end"]:use["start"]]
        if CLAUSE_BREAK.search(between) or REFERS_BACK.search(between):
            continue
        if _matches_before(OWNED_BEFORE, text, other):
            return other
        return {**other, "value": OTHER_RELATIVE}
    return None


def _choose_relationship(text: Text, candidates: List[Entity],
                         substances: List[Entity], use: Optional[Entity] = None) -> Entity:
    """Side characters give way; "my X" beats "a X"; the relative named with the use ("my mom
    drinks ... I cook for my sisters") beats the others; then "about/on/for my X" beats the
    other family members in the sentence; otherwise the first one named, unless they are
    sober and someone named after them has the use."""
    main = [e for e in candidates if not is_side_character(text, e)] or candidates
    owned = [e for e in main if _matches_before(OWNED_BEFORE, text, e)] or main
    using = _named_with_the_use(text, owned, substances) or owned
    about = [e for e in using if _matches_before(ABOUT_BEFORE, text, e)] or using
    first = min(about, key=lambda e: e["start"])
    return _user_after_sober_relative(text, first, candidates, use) or first


#: When a letter names several situations, the one whose answer matters most: a death, then
#: the weeks of lost tolerance, stopping alone, children, theft, then where they live. ("She
#: pawned my ring for pills. She lives with us": the answer for theft, not for living at home.)
SITUATION_PRIORITY = (BEREAVED, "after_er", "homecoming", STOPPING_ALONE, "kids_at_home",
                      "stealing", "living_at_home", "college", IN_RECOVERY)


def _situation_rank(entity: Entity) -> int:
    value = entity.get("value")
    return SITUATION_PRIORITY.index(value) if value in SITUATION_PRIORITY else len(
        SITUATION_PRIORITY)


def _one_per_type(text: Text, entities: List[Entity]) -> List[Entity]:
    """Keep one substance, one relationship and one situation, as the single-valued slots can
    hold (Rasa would fill a slot with the last one named)."""
    substances = [e for e in entities if e.get("entity") == SUBSTANCE]
    relatives = [e for e in entities if e.get("entity") == RELATIONSHIP]
    situations = [e for e in entities if e.get("entity") == SITUATION]
    use = _choose_substance(text, substances) if substances else None
    relative = _choose_relationship(text, relatives, substances, use) if relatives else None
    situation = min(situations, key=_situation_rank) if situations else None
    kept = []
    for e in entities:
        if e.get("entity") not in (SUBSTANCE, RELATIONSHIP, SITUATION) or e is use or (
                e is situation):
            kept.append(e)
        elif relative is not None and e.get("start") == relative.get("start"):
            kept.append(relative)  # the chosen relative, maybe read as another relative
    return kept


def filter_entities(text: Optional[Text], entities: List[Entity]) -> List[Entity]:
    """The entities of a message that survive the context rules, deduplicated, in order."""
    if not text or not entities:
        return list(entities or [])
    false_friends = list(FALSE_FRIENDS.finditer(text))
    ordered = sorted(entities, key=lambda e: (e.get("start", 0), e.get("end", 0)))
    kept: List[Entity] = []
    for entity in ordered:
        kind = entity.get("entity")
        if "start" not in entity or "end" not in entity:
            kept.append(entity)
        elif kind == SUBSTANCE:
            if is_real_substance(text, entity, false_friends):
                kept.append(entity)
        elif kind == RELATIONSHIP:
            not_relative = RELATIVE_FALSE_FRIENDS.finditer(text)
            if not is_self_reference(text, entity) and not _inside(not_relative, entity):
                kept.append(entity)
        elif kind == SITUATION and entity.get("value") == BEREAVED:
            if is_loved_ones_death(text, entity):
                kept.append(entity)
        elif kind == SITUATION and entity.get("value") == STOPPING_ALONE:
            if is_stopping_now(text, entity):
                kept.append(entity)
        elif kind == SITUATION and entity.get("value") == IN_RECOVERY:
            if is_in_recovery_now(text, entity):
                kept.append(entity)
        else:
            kept.append(entity)
    return _one_per_type(text, kept)
