"""Lints for every text the bot can send: stigmatising words and claims it must never make.

Families read these answers on their worst days, so two kinds of wording are banned outright:
labels that NIDA's "Words Matter" guide says push people away from help, and the never-say claims
of ../shared/content/facts.md (the 15 marketing claims, and items 16-18 added in section 10). A
claim may still be *named* to correct it ("ketamine is not FDA-approved for addiction"), so claim
rules marked `negatable` let a negation in the same clause, before the match, through. Stigma
rules never do: the word itself hurts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, List, Optional, Tuple

FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Rule:
    """One banned wording: `pattern` is the wording, `context` (if any) must share its sentence."""

    rule_id: str
    why: str
    pattern: re.Pattern
    negatable: bool = False
    context: Optional[re.Pattern] = None
    # Whole-reply checks, for claims that are wrong only in some replies: `about` (if any) must
    # be in the reply for the rule to apply (a minor), and `limited_by` in the reply excuses it
    # (natural consequences, said with "never when a life is at risk").
    about: Optional[re.Pattern] = None
    limited_by: Optional[re.Pattern] = None


@dataclass(frozen=True)
class Violation:
    rule_id: str
    why: str
    excerpt: str


def _optional(regex: Optional[str]) -> Optional[re.Pattern]:
    return re.compile(regex, FLAGS) if regex else None


def _rule(rule_id: str, why: str, *alternatives: str, negatable: bool = False,
          context: Optional[str] = None, about: Optional[str] = None,
          limited_by: Optional[str] = None) -> Rule:
    """A rule matching any of `alternatives` (regexes, joined with |)."""
    pattern = re.compile("|".join(f"(?:{alt})" for alt in alternatives), FLAGS)
    return Rule(rule_id, why, pattern, negatable, _optional(context), _optional(about),
                _optional(limited_by))


# Proper names that contain a listed word but are not a label for a person.
ALLOWED_NAMES = (
    "Alcoholics Anonymous",
    "Substance Abuse and Mental Health Services Administration",
)

_DRUG_WORDS = r"(drug|heroin|meth|crack|cocaine|opioid|pill|iv|injection|substance)"
_BE = r"(get|gets|got|getting|stay|stays|stayed|staying|be|been|is|are|was|were|being|keep|kept)"

STIGMA_RULES: Tuple[Rule, ...] = (
    _rule("addict", "say 'person with a substance use disorder'",
          r"\b(ex-?|former |reformed )?addicts?\b"),
    _rule("abuser", "say 'person who uses drugs'", r"\babusers?\b"),
    _rule("substance abuse", "say 'use' or 'misuse'",
          r"\b(substance|drug|alcohol|opioid|prescription) abuse\b"),
    _rule("alcoholic", "say 'person with an alcohol use disorder'", r"\balcoholics?\b"),
    _rule("junkie", "say 'person who uses drugs'", r"\bjunk(ie|y|ies)\b"),
    _rule("drunk as a label", "describe the person, not a label",
          r"\b(a|an|the|old) drunks?\b", r"\bdrunks\b"),
    _rule("user as a label", "say 'person who uses drugs'", rf"\b{_DRUG_WORDS} users?\b"),
    _rule("clean/dirty", "say 'not using' / 'testing negative or positive'",
          rf"\b{_BE} (clean|dirty)\b",
          r"\b(clean|dirty) (and sober|time|tests?|urine|screens?|drug tests?|for \d+|since)\b"),
    _rule("drug habit", "say 'substance use'", rf"\b({_DRUG_WORDS}|drinking|drug use) habits?\b"),
    _rule("replacement therapy", "say 'medication for opioid use disorder'",
          r"\b(replacement|substitution) (therapy|treatment|drugs?)\b"),
    _rule("medication-assisted", "say 'medication for opioid use disorder (MOUD)'",
          r"\bmedication[- ]assisted treatment\b"),
    # A framing rather than a label, so a correction ("a slip is not a failure") may name it.
    _rule("failure framing", "a return to use is not a failure",
          r"\b(relapse|relapsing|slip|return to use)\b[^.;:]{0,30}"
          r"\b(is|means|was|as) (a |your )?failure\b",
          negatable=True),
)

_KETAMINE = r"\b(ketamine|spravato|esketamine|infusions?)\b"
_ADDICTION = (r"(addiction|substance use|alcohol use|alcoholism|opioid use|drug use|cocaine|"
              r"meth\b|stimulant|sobriety|relapse|withdrawal|detox)")
_BENZO_OR_ALCOHOL = (r"\b(benzo\w*|xanax|klonopin|ativan|valium|lorazepam|alcohol|drinking|"
                     r"drink\w*|pills?)\b")
_THEM = r"(him|her|them)"
_UNDER_18 = r"(1[0-7]|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
_MINOR = (r"\b(teens?|teenagers?|teenage|minors?|under[- ]18|adolescents?|high school|"
          rf"{_UNDER_18}[- ]years?[- ]olds?|(is|turned|turns|aged?|only) {_UNDER_18})\b")
_LIFE_AT_RISK_LIMIT = (r"\b(never|not|unless|except)\b[^.;]{0,15}\b(when|if|where|in)\b"
                       r"[^.;]{0,30}\b(life|lives|safety|danger\w*|overdose|at risk)\b|"
                       r"\bsafety (comes )?first\b")
# Up to n characters of the same clause that hold no negation or "only" (which would make the
# sentence a correction: "naloxone works only on opioids, not on alcohol").
_UNNEGATED = (r"(?:(?!\b(?:not|no|only|never|won't|can't|cannot|doesn't|isn't|aren't)\b)"
              r"[^.;,]){{0,{n}}}")
_NOT_OPIOIDS = (r"\b(alcohol|drinking|benzo\w*|xanax|klonopin|valium|cocaine|crack|meth|"
                r"methamphetamine|stimulants?|adderall|ketamine|cannabis|weed|gambling)\b")

CLAIM_RULES: Tuple[Rule, ...] = (
    _rule("1 cure or guarantee", "no cure is proven; never guarantee sobriety",
          r"\b(cures?|cured|curing|guarantee[sd]?)\b", negatable=True),
    _rule("2 FDA-approved for addiction", "ketamine, Spravato and TMS are not approved for it",
          rf"\b(fda[- ])?(approved|cleared)\b[^.;]{{0,40}}\b(for|to treat|in)\b[^.;]{{0,20}}"
          rf"{_ADDICTION}",
          negatable=True, context=r"\b(ketamine|spravato|esketamine|tms)\b"),
    _rule("3 headline success rate", "quote primary results with their limits, not headlines",
          r"\b(9\d|100)\s?%", r"\b(9\d|100) percent\b", r"\bsuccess rates?\b",
          r"\b(10|ten)[- ]?(fold|x|times) (lower|less|fewer|better)\b",
          r"\b\d{1,3}\s?% (of (families|people|patients) )?"
          r"(succeed|success|get sober|stay sober|abstinent|recover)"),
    _rule("4 ketamine replaces MOUD", "ketamine does not replace buprenorphine or methadone",
          r"\b(replaces?|replacing|instead of|substitute for|alternative to|swap\w* for)\b"
          r"[^.;]{0,40}\b(suboxone|buprenorphine|methadone|naltrexone|vivitrol|medications?)\b",
          negatable=True, context=_KETAMINE),
    _rule("5 one infusion / fast detox", "withdrawal needs medical care; ketamine needs therapy",
          r"\bone (infusion|session|treatment|dose)\b[^.;]{0,40}"
          r"\b(fix\w*|cures?|solves?|is enough|all it takes)\b",
          r"\b(fast|quick|rapid|instant) (detox|withdrawal|fix)\b", r"\bdetox with ketamine\b",
          negatable=True),
    _rule("6 safe for everyone / no side effects", "every treatment has risks and limits",
          r"\bsafe for (everyone|everybody|anyone|all)\b",
          r"\b(no|zero|without) side[- ]effects\b",
          negatable=True),
    _rule("6 ketamine not addictive", "ketamine carries misuse and dependence warnings",
          r"\b(not|non-?|never|isn't|no risk of being) ?-?(addictive|habit[- ]forming)\b",
          negatable=True, context=_KETAMINE),
    _rule("7 TMS cleared for addiction", "TMS is cleared only as an aid to quit smoking",
          rf"\b(fda[- ])?(approved|cleared)\b[^.;]{{0,30}}{_ADDICTION}",
          negatable=True, context=r"\btms\b"),
    _rule("8 at-home ketamine as good", "the FDA warned about unsupervised compounded ketamine",
          r"\b(just as|as good|as effective|as safe|same as|works as well)\b",
          negatable=True,
          context=r"\b(at[- ]home|home|online|telehealth|oral|lozenges?)\b[^.;]{0,20}\bketamine\b"),
    _rule("9 insurance will cover", "coverage varies; say 'check with your plan'",
          r"\binsurance (will|always|should) (cover|pay)\b",
          r"\b(is|are|will be) (always |fully )?covered by (your |all )?insurance\b",
          negatable=True),
    _rule("10 we get them into treatment / book an intervention",
          "adults cannot be forced; offer CRAFT-style coaching instead",
          r"\bwe(\s+can|\s+will|'ll) (get|put|place|force|make)\b[^.;]{0,30}"
          r"\b(into|in|to) (treatment|rehab|recovery)\b",
          r"\b(book|schedule|arrange|stage|plan|host)\w* (an? )?interventions?\b",
          negatable=True),
    _rule("11 rock bottom / detach completely", "contradicts the CRAFT evidence",
          r"\b(hit|hits|hitting|reach|reaches|reaching) (rock )?bottom\b", r"\brock[- ]bottom\b",
          r"\bdetach (completely|entirely|fully|totally)\b", r"\btough love\b",
          rf"\bcut {_THEM} off (completely|entirely|for good)\b",
          negatable=True),
    _rule("12 dismissing harm reduction", "harm reduction keeps people alive until they are ready",
          r"\b(enables?|encourages?|promotes?|condones?)\b\s+(drug |more |their |continued )?"
          r"(use|using|addiction)\b",
          r"\b(is|are|it's) (just )?enabling\b",
          negatable=True,
          context=r"\b(naloxone|narcan|test strips?|harm reduction|syringe\w*)\b"),
    _rule("13 stop benzos or alcohol now", "advise a medically supervised taper",
          rf"(^|\b(should|must|need to|needs to|has to|have to|tell {_THEM} to|ask {_THEM} to|"
          rf"make {_THEM})\s+)(stop|quit)\b[^.;]{{0,40}}"
          r"\b(right away|immediately|right now|now|today|tonight|cold turkey|at once|suddenly)\b",
          negatable=True, context=_BENZO_OR_ALCOHOL),
    _rule("14 Good Samaritan: can't get in trouble", "the protection is limited; say so",
          r"\b(can't|cannot|can not|won't|will not|never)\s+(get|be)\s+"
          r"(in(to)? trouble|arrested|charged|prosecuted)\b",
          r"\b(full|complete|total) (immunity|protection)\b",
          r"\bimmun(e|ity) from (arrest|prosecution|charges)\b",
          negatable=True),
    _rule("15 remote diagnosis or dosing", "explain options and route to a clinician",
          r"\b(he|she|they|your (loved one|son|daughter|partner|husband|wife|child|brother|"
          r"sister|mother|father|mom|dad|friend))\s+(is|are|'s|'re)\s+(definitely |clearly )?"
          r"(in (the )?(pre-?contemplation|contemplation|preparation|action|maintenance)"
          r"( stage)?|an? addict\w*|addicted|an alcoholic)\b",
          r"\b(needs?|should (get|try|start|have)) ketamine\b",
          r"\b\d+(\.\d+)?\s?(mg|milligrams?|mg/kg)\b",
          negatable=True),
    # Added in facts.md section 10 ("Claims to add to the never-say list").
    _rule("16 minor treated as an adult who decides", "parents stay responsible for a minor's care",
          r"\bold enough to (make|decide|choose)\b",
          rf"\btreat {_THEM} (like|as) (an? |the )?(adult|grown-?up)s?\b",
          rf"\b(let|leave it to) {_THEM} (decide|choose)\b",
          rf"\b(it's|it is) up to {_THEM}\b",
          r"\b(their|his|her) own (choices?|decisions?|call)\b",
          negatable=True, about=_MINOR),
    _rule("17 natural consequences without the safety limit",
          "never when a life is at risk: safety first (911, 988, naloxone)",
          r"\b(let|allow|letting|allowing)\b[^.;]{0,20}\bnatural consequences\b",
          r"\bnatural consequences\b[^.;]{0,20}\b(happen|play out|run their course|teach)\b",
          negatable=True, limited_by=_LIFE_AT_RISK_LIMIT),
    _rule("18 an opioid answer applied to another substance",
          "naloxone reverses opioids only; opioid medicines are not alcohol or stimulant medicines",
          r"\b(naloxone|narcan)\b" + _UNNEGATED.format(n=40)
          + r"\b(reverses?|reversing|works? (on|for)|treats?|stops?|helps? with)\b"
          + _UNNEGATED.format(n=30) + _NOT_OPIOIDS,
          r"\b(methadone|buprenorphine|suboxone|sublocade)\b" + _UNNEGATED.format(n=40)
          + r"\b(for|treats?|to treat|helps? with)\b" + _UNNEGATED.format(n=20) + _NOT_OPIOIDS,
          r"\b(approved|proven) (medicines?|medications?|pills?|drugs?) (for|to treat) "
          r"(stimulant|cocaine|crack|meth\w*)",
          r"\b(medicines?|medications?|pills?)\b[^.;]{0,20}\b(fda[- ])?approved\b[^.;]{0,10}"
          r"\b(for|to treat)\b[^.;]{0,10}\b(stimulant|cocaine|crack|meth\w*)",
          negatable=True),
)

# Words that turn a claim into its correction when they come before it in the same clause.
NEGATION = re.compile(
    r"\b(not|no|never|nor|none|neither|without|cannot|myth|false|untrue|wrong|avoid|instead of|"
    r"rather than|be wary of|beware of|don't|doesn't|isn't|aren't|won't|can't|wasn't|weren't|"
    r"didn't|shouldn't|nothing)\b|n't\b",
    FLAGS,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_LIST_MARK = re.compile(r"^([-*\u2022]|\d+[.)])\s*")
# A sentence that opens like this corrects everything in it ("What to avoid: a, b, or c.").
_NEGATED_LEAD_IN = re.compile(
    r"^([^.:]{0,40}\bavoid\b[^.:]{0,20}:|(try to |please )?(avoid|don't|do not|never)\b|"
    r"be wary of|beware of)",
    FLAGS,
)
# ... or that says, after naming the claim, why it is wrong ("waiting for X can delay help").
_CORRECTED_AFTER = re.compile(
    r"\b(is a myth|are myths|can delay|delays|backfires?|is contested|doesn't work|don't work|"
    r"(is|are) not supported|isn't supported|isn't true|is not true|is false)\b",
    FLAGS,
)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s(?:but|yet|so|and then|although|though|while)\s", FLAGS)


def sentences(text: str) -> List[str]:
    """The text cut at sentence ends and line breaks (bullets are their own sentences)."""
    parts = (_LIST_MARK.sub("", part.strip()) for part in _SENTENCE_END.split(text))
    return [part for part in parts if part]


def _without_allowed_names(text: str) -> str:
    for name in ALLOWED_NAMES:
        text = re.sub(re.escape(name), " ", text, flags=FLAGS)
    return text


def _negated(sentence: str, start: int, end: int) -> bool:
    """Whether the sentence corrects the claim: it opens as a correction, a negation precedes
    the match in its clause, or the rest of the sentence says why the claim is wrong."""
    if _NEGATED_LEAD_IN.match(sentence) or _CORRECTED_AFTER.search(sentence, end):
        return True
    clause_start = 0
    for brk in _CLAUSE_BREAK.finditer(sentence, 0, start):
        clause_start = brk.end()
    return bool(NEGATION.search(sentence[clause_start:start]))


def violations(text: str, rules: Iterable[Rule]) -> List[Violation]:
    """Every rule the text breaks, with the sentence that breaks it."""
    found: List[Violation] = []
    whole = _without_allowed_names(text)
    rules = [rule for rule in rules
             if (rule.about is None or rule.about.search(whole))
             and (rule.limited_by is None or not rule.limited_by.search(whole))]
    for sentence in sentences(whole):
        for rule in rules:
            if rule.context is not None and not rule.context.search(sentence):
                continue
            for match in rule.pattern.finditer(sentence):
                if rule.negatable and _negated(sentence, match.start(), match.end()):
                    continue
                found.append(Violation(rule.rule_id, rule.why, sentence))
                break
    return found


def stigma_violations(text: str) -> List[Violation]:
    return violations(text, STIGMA_RULES)


def claim_violations(text: str) -> List[Violation]:
    return violations(text, CLAIM_RULES)


def response_variations(responses: dict) -> Iterator[Tuple[str, int, dict]]:
    """(response name, variation index, variation) for every variation in a domain's responses."""
    for name, variations in sorted(responses.items()):
        for index, variation in enumerate(variations or []):
            yield name, index, variation


def visible_texts(variation: dict) -> List[str]:
    """What a user reads from one variation: its text and its button titles."""
    texts = [variation.get("text") or ""]
    texts.extend(button.get("title", "") for button in variation.get("buttons") or [])
    return [text for text in texts if text]
