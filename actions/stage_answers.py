"""Turns a family member's reply to one check-in question into a normalised answer.

People answer on a hard day in their own words: "idk", a thumbs-up, "yes but he never
follows through", or a whole paragraph. The check-in must take all of that without a crash and
without forcing a button, so this module reads the text (and, as a last hint, the NLU intent)
and returns one value from a small vocabulary, or None when it honestly cannot tell.
Pure functions only: the form's validation action calls them, and tests call them directly.
"""

from __future__ import annotations

import re
from typing import Dict, Optional, Pattern, Tuple

UNSURE = "unsure"
YES = "yes"
NO = "no"
MIXED = "mixed"
USING = "using"
STOPPED_RECENT = "stopped_recent"
STOPPED_LONG = "stopped_long"
STOPPED = "stopped"  # stopped, but we were not told for how long

# Each question of the check-in: the slot that holds its answer, and the answers it allows.
SEES_PROBLEM = "stage_sees_problem"
TALKED_CHANGE = "stage_talked_change"
TOOK_STEP = "stage_took_step"
NOT_USING = "stage_not_using"
RETURNED_TO_USE = "stage_returned_to_use"

QUESTION_SLOTS: Tuple[str, ...] = (
    SEES_PROBLEM, TALKED_CHANGE, TOOK_STEP, NOT_USING, RETURNED_TO_USE
)
ALLOWED_ANSWERS: Dict[str, Tuple[str, ...]] = {
    SEES_PROBLEM: (YES, MIXED, NO, UNSURE),
    TALKED_CHANGE: (YES, NO, UNSURE),
    TOOK_STEP: (YES, NO, UNSURE),
    NOT_USING: (USING, STOPPED_RECENT, STOPPED_LONG, STOPPED, UNSURE),
    RETURNED_TO_USE: (YES, NO, UNSURE),
}

# Maintenance is usually counted from about six months of sustained change (facts.md §1).
MAINTENANCE_MONTHS = 6

_EMOJI_ANSWERS = {
    "👍": YES, "✅": YES, "✔": YES, "👌": YES, "🙂": YES, "😊": YES,
    "👎": NO, "❌": NO, "🙅": NO, "✖": NO, "🚫": NO,
    "🤷": UNSURE, "🤔": UNSURE, "❓": UNSURE, "❔": UNSURE,
}

_UNSURE = re.compile(
    r"\b(idk|dunno|i ?don'?t know|i do not know|don'?t know|do not know|not sure|unsure|"
    r"no idea|no clue|hard to (say|tell)|can'?t (say|tell)|skip|pass|next question|"
    r"rather not say|prefer not to say|who knows|not certain)\b"
)
_LEADING_YES = re.compile(
    r"^(?!(definitely|absolutely|sure|of course) not\b)"
    r"(yes|yeah|yea|yep|yup|ya|y|sure|definitely|absolutely|of course|i think so|i believe so|"
    r"correct|true|totally|he does|she does|they do|he has|she has|they have|he did|she did|"
    r"they did|kind of|kinda|sort of|sorta|sometimes|a bit|a little|partly)\b"
)
_LEADING_NO = re.compile(
    r"^(no|nope|nah|naw|n|not really|not at all|never|not once|not yet|none|he doesn'?t|"
    r"she doesn'?t|they don'?t|he hasn'?t|she hasn'?t|they haven'?t|he didn'?t|she didn'?t|"
    r"they didn'?t|hardly|absolutely not|definitely not)\b"
)
_HEDGE = re.compile(
    r"\b(but|though|although|however|sometimes|maybe|kind of|kinda|sort of|sorta|partly|"
    r"a bit|a little|yes and no|on and off|back and forth|torn|on the fence|not fully|"
    r"some days)\b"
)
_NEGATION = (
    r"(doesn'?t|does not|don'?t|do not|didn'?t|did not|won'?t|will not|wont|hasn'?t|has not|"
    r"haven'?t|have not|never|refuses? to|refused to|isn'?t|is not|not)"
)
# The rest of a negated clause ("doesn't think [he has a problem]"), up to a comma or "but".
_REST_OF_CLAUSE = r"(?:(?!\bbut\b)[^,.;!?])*"

# Per question: phrases that mean "no" and phrases that mean "yes", found anywhere in a
# longer reply. "No" phrases are matched and removed first, so "doesn't admit" is not read
# as "admit".
_CUES: Dict[str, Tuple[Pattern[str], Pattern[str]]] = {
    SEES_PROBLEM: (
        re.compile(
            _NEGATION + r" (really |even )?(think|see|believe|admit|accept|agree|realize|realise|"
            r"get it|care|want help)" + _REST_OF_CLAUSE
            + r"|\b(denies|denying|deny|in denial|defensive|under control|overreacting|"
            r"no problem|not a problem|not an issue|no issue|nothing wrong|not that bad|"
            r"no big deal|not a big deal|just (having fun|social|recreational)|laughs? it off|"
            r"(everyone|everybody|all (his|her|their) friends) (drinks|uses|does it|does that)|"
            r"(says|thinks|insists) (he|she|they)('?s| is| are|'re) (fine|ok|okay|in control))"
        ),
        re.compile(
            r"\b(admits?|admitted|knows?|sees?|realizes?|realises?|realized|realised|accepts?|"
            r"agrees?|worried|concerned|ashamed|wants? (to quit|to stop|help)|"
            r"(is|it'?s) a problem|has a problem|out of control|struggling)\b"
        ),
    ),
    TALKED_CHANGE: (
        re.compile(
            _NEGATION + r" (ever |even |once )?(talk|talked|mention|mentioned|bring|brought|"
            r"say|said|discuss|discussed|want|consider|considered)" + _REST_OF_CLAUSE
            + r"|\b(won'?t talk|shuts? down|changes? the subject|refuses to discuss|no need|"
            r"(doesn'?t|does not|don'?t) need to|not going to (stop|quit|cut)|won'?t (stop|quit))\b"
            + _REST_OF_CLAUSE
        ),
        re.compile(
            r"\b(talked|talks|talking|mentioned|mentions|brought (it )?up|"
            r"(said|says) (he|she|they)('d| would| wants?| might| will| is going| should| needs?)|"
            r"discussed|promised|thinking about|considering|wants? to|would like to|"
            r"cut(ting)? (down|back)|quit|stop|stopping)\b"
        ),
    ),
    TOOK_STEP: (
        re.compile(
            _NEGATION + r" (ever |even |yet |once |actually )?(call|called|try|tried|"
            r"go|went|do|did|make|made|look|looked|book|booked|sign|signed|see|saw|start|started|"
            r"take|taken|follow)" + _REST_OF_CLAUSE
            + r"|\b(just talk|all talk|nothing yet|no steps?)\b"
        ),
        re.compile(
            r"\b(called|calls|phoned|tried|trying|went to|goes to|booked|signed up|enrolled|"
            r"looked (up|into)|researched|made an appointment|appointment|saw a|seeing a|"
            r"started|cut (down|back)|cutting (down|back)|meeting|meetings|detox|clinic|"
            r"doctor|counsel?lor|therapist|rehab|poured out|threw out|got rid)\b"
        ),
    ),
    RETURNED_TO_USE: (
        re.compile(
            _NEGATION + r" (gone|go|went|started|been) (back|again|using)"
            r"|\b(still sober|still clean|still not using|no slips?|no relapse|hasn'?t slipped|"
            r"never stopped|never quit|never had a break)\b"
        ),
        re.compile(
            r"\b(relapsed?|relapsing|slipp?ed|slip|went back|gone back|going back|back to|"
            r"started (again|back)|again|recurrence|fell off)\b"
        ),
    ),
}

# Phrases that mean "using now" even though they also contain a "stopped" word.
_USING_NOW = re.compile(
    r"\b(using|drinking|gambling|started|back|at it) again\b|\bback (to|on) (using|drinking|it)\b"
    r"|\bstill (using|drinking|gambling|on|high|drunk|at it)\b|\brelapsed\b|\bon and off\b"
    r"|\boff and on\b"
    r"|\b(never|hasn'?t|has not|not|won'?t|didn'?t|did not|doesn'?t|can'?t) (stopped|stop|quit)\b"
)
_CURRENTLY_USING = re.compile(
    r"\b(still|again|currently|right now|every ?day|daily|each day|every night|every weekend|"
    r"active(ly)?|using|drinking|gambling|high|drunk|yes)\b"
)
_STOPPED = re.compile(
    r"\b(stopped|quit|sober|clean|abstinent|in recovery|not using|not drinking|not gambling|"
    r"hasn'?t (used|drunk|had a drink|touched|gambled)|has not (used|drunk|touched)|"
    r"off (it|them|drugs|pills|the pills|alcohol|booze)|dry|haven'?t seen (him|her|them) use)\b"
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a couple": 2, "couple": 2, "a few": 3, "few": 3, "several": 4,
}
_DURATION = re.compile(
    r"\b(\d+(?:\.\d+)?|a couple of|a couple|couple|a few|few|several|an|a|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|eleven|twelve)\s*(?:\+\s*)?(day|week|month|year|yr|mo)s?\b"
)
_UNIT_MONTHS = {"day": 1 / 30, "week": 7 / 30, "month": 1.0, "mo": 1.0, "year": 12.0, "yr": 12.0}
_LESS_THAN = re.compile(r"\b(less than|under|almost|nearly|not quite|not yet|not even)\b")
_HALF_YEAR = re.compile(r"\b(half a year|six months|a year and a half)\b")

_INTENT_HINTS: Dict[str, Dict[str, str]] = {
    # Used only when the words themselves gave no answer.
    SEES_PROBLEM: {"affirm": YES, "deny": NO, "precontemplation": NO, "loved_one_ready": YES},
    TALKED_CHANGE: {"affirm": YES, "deny": NO, "loved_one_ready": YES, "precontemplation": NO},
    TOOK_STEP: {"affirm": YES, "deny": NO},
    RETURNED_TO_USE: {"affirm": YES, "deny": NO, "relapse": YES},
    NOT_USING: {"relapse": USING},
}
_SKIP_INTENTS = frozenset({"stage_skip"})


def normalise(text: Optional[str]) -> str:
    """Lower-case, straight apostrophes, single spaces: one form for every pattern below."""
    cleaned = (text or "").replace("\u2019", "'").replace("\u2018", "'").lower()
    return re.sub(r"\s+", " ", cleaned).strip()


def interpret_answer(slot: str, text: Optional[str], intent: Optional[str] = None) -> Optional[str]:
    """The normalised answer to the question held in `slot`, or None if the reply is unclear.

    `intent` is the NLU intent of the reply when the classifier was confident; it only breaks
    ties the words leave open (button payloads such as "/stage_skip" arrive this way too).
    """
    if slot not in ALLOWED_ANSWERS:
        raise ValueError(f"unknown check-in question: {slot}")
    words = normalise(text)
    if words in ALLOWED_ANSWERS[slot]:  # a button payload that names the answer itself
        return words
    if words.startswith("/"):  # a button payload that names an intent
        return UNSURE if intent in _SKIP_INTENTS else _INTENT_HINTS.get(slot, {}).get(intent or "")
    # "I don't know" must not be read as "know": set unsure phrases aside before the cues.
    informative = _UNSURE.sub(" ", words).strip()
    if slot == NOT_USING:
        answer = _interpret_use_now(informative)
    elif slot == SEES_PROBLEM:
        answer = _interpret_sees_problem(informative)
    else:
        answer = _interpret_yes_no(slot, informative)
    if answer is None:
        answer = _emoji_answer(text or "", slot)
    if answer is None and (_UNSURE.search(words) or intent in _SKIP_INTENTS):
        answer = UNSURE
    if answer is None and intent:
        answer = _INTENT_HINTS.get(slot, {}).get(intent)
    return answer


def _interpret_sees_problem(words: str) -> Optional[str]:
    no_cue, yes_cue = _cue_hits(SEES_PROBLEM, words)
    says_yes = bool(_LEADING_YES.match(words)) or yes_cue
    says_no = bool(_LEADING_NO.match(words)) or no_cue
    if says_yes and says_no:
        return MIXED
    if says_yes:
        return MIXED if _HEDGE.search(words) else YES
    if says_no:
        return MIXED if _mentions_doubt_after_no(words) else NO
    if _HEDGE.search(words) and not _UNSURE.search(words):
        return MIXED
    return None


def _mentions_doubt_after_no(words: str) -> bool:
    """"No, but lately he wonders if he drinks too much" is mixed feelings, not denial."""
    return bool(re.search(r"\bbut\b.*\b(wonder|worr|think|maybe|admit|know|see)", words))


def _interpret_yes_no(slot: str, words: str) -> Optional[str]:
    no_cue, yes_cue = _cue_hits(slot, words)
    if _LEADING_YES.match(words) or yes_cue:
        return YES
    if _LEADING_NO.match(words) or no_cue:
        return NO
    return None


def _cue_hits(slot: str, words: str) -> Tuple[bool, bool]:
    """Whether the reply holds a "no" phrase, and a "yes" phrase outside every "no" phrase."""
    no_pattern, yes_pattern = _CUES[slot]
    without_negated = no_pattern.sub(" ", words)
    return without_negated != words, bool(yes_pattern.search(without_negated))


def _interpret_use_now(words: str) -> Optional[str]:
    if _USING_NOW.search(words):
        return USING
    if _STOPPED.search(words):
        months = duration_in_months(words)
        if months is None:
            return STOPPED
        at_least = months > MAINTENANCE_MONTHS or (
            months == MAINTENANCE_MONTHS and not _LESS_THAN.search(words)
        )
        if at_least:
            return STOPPED_LONG
        return STOPPED_RECENT
    if _CURRENTLY_USING.search(words):
        return USING
    return None


def duration_in_months(words: str) -> Optional[float]:
    """The longest period named in the reply, in months ("3 weeks" -> 0.7), or None."""
    half_year = _HALF_YEAR.search(words)
    longest: Optional[float] = None
    if half_year:
        longest = 18.0 if half_year.group(1) == "a year and a half" else 6.0
        words = _HALF_YEAR.sub(" ", words)
    for amount, unit in _DURATION.findall(words):
        count = float(amount) if amount[0].isdigit() else float(_NUMBER_WORDS[amount])
        months = count * _UNIT_MONTHS[unit]
        longest = months if longest is None else max(longest, months)
    return longest


def _emoji_answer(text: str, slot: str) -> Optional[str]:
    for symbol, answer in _EMOJI_ANSWERS.items():
        if symbol in text:
            if answer == UNSURE or slot != NOT_USING:
                return answer
    return None
