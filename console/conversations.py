"""Turn Rasa events into what staff read: conversation summaries, filters and transcripts.

Pure functions over `console.tracker.Event` lists, so the rules (what counts as a crisis, a
low-confidence turn, a booking) are in one place and tested without a database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple
from urllib.parse import urlencode

from console.bookings import clinic_time_zone
from console.masking import mask_patterns
from console.tracker import Event

CRISIS_INTENTS = frozenset({"crisis_suicide", "overdose_emergency", "immediate_danger"})
CRISIS_SLOT = "crisis_kind"
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = frozenset({"action_default_fallback", "utter_default"})
# Slots whose whole value is personal data; shown as a label, never as text, when masked.
PERSONAL_SLOT_WORDS = ("name", "phone", "email", "address", "birth", "dob", "contact")
REVIEW_STATUSES = ("unreviewed", "reviewed", "flagged")
CLINIC_ZONE = clinic_time_zone()


@dataclass
class Summary:
    """One conversation (one Rasa sender id) as shown in the list."""

    sender_id: str
    started: float
    last: float
    user_turns: int = 0
    intents: Counter = field(default_factory=Counter)
    first_text: str = ""
    crisis: bool = False
    crisis_kinds: List[str] = field(default_factory=list)
    fallback_turns: int = 0  # user turns the bot fell back on (NLU or dialogue fallback)
    low_confidence_turns: int = 0  # other user turns with a low intent confidence
    booking: bool = False
    # The cheap first pass of free-text search: the texts with the pattern part of masking
    # applied (contact details, dates, codes, self-introductions), so search cannot look a phone
    # number up. Search confirms its candidates on the fully masked texts (`search`): a name
    # only the recogniser finds is masked here too late.
    texts: List[str] = field(default_factory=list)

    @property
    def top_intent(self) -> str:
        """The most frequent topic, for the list's topic column."""
        return self.intents.most_common(1)[0][0] if self.intents else ""

    @property
    def needs_attention(self) -> bool:
        """Fallback or low-confidence turns: the bot may have misunderstood."""
        return bool(self.fallback_turns or self.low_confidence_turns)


@dataclass
class Line:
    """One row of a transcript: a user turn, a bot reply, an action or a slot change."""

    event_id: int
    kind: str
    time: float
    text: str = ""
    intent: Optional[str] = None
    confidence: Optional[float] = None
    entities: List[Tuple[str, str]] = field(default_factory=list)
    action: Optional[str] = None
    slot_name: Optional[str] = None
    slot_value: Optional[str] = None
    low_confidence: bool = False
    # The sentences of a user turn that raised a crisis alarm (a long letter can hide one in
    # its fourth sentence): highlighted for the reviewer.
    crisis_sentences: List[str] = field(default_factory=list)

    def text_parts(self) -> List[Tuple[str, bool]]:
        """The text as (piece, is_crisis_sentence) pieces, for highlighting in the page."""
        parts: List[Tuple[str, bool]] = []
        rest = self.text
        for sentence in self.crisis_sentences:
            before, found, after = rest.partition(sentence)
            if not found:
                continue
            if before:
                parts.append((before, False))
            parts.append((found, True))
            rest = after
        if rest:
            parts.append((rest, False))
        return parts


def user_intent(event: Event) -> Tuple[Optional[str], Optional[float]]:
    """The intent name and confidence Rasa gave a user message."""
    intent = (event.data.get("parse_data") or {}).get("intent") or {}
    name = intent.get("name") or event.intent_name
    confidence = intent.get("confidence")
    return name, float(confidence) if isinstance(confidence, (int, float)) else None


def is_low_confidence(event: Event, threshold: float) -> bool:
    """A user turn the bot probably misunderstood: fallback intent or confidence below threshold."""
    name, confidence = user_intent(event)
    return name == FALLBACK_INTENT or (confidence is not None and confidence < threshold)


def action_name(event: Event) -> str:
    """The name of the action an `action` event ran."""
    return event.data.get("name") or event.action_name or ""


def form_answers(stream: Sequence[Event]) -> Set[int]:
    """Ids of the user turns an active form took as the answer to its question.

    Inside a form, a name or an e-mail is an answer, not a request: its intent comes out with a
    low confidence, even nlu_fallback ("Mateo" at 0.2), which says nothing about whether the bot
    understood. It did when the next action is the form itself (not rejected, not a rule that
    interrupted it, such as a crisis reply or the fallback's topic buttons).
    """
    answered: Set[int] = set()
    loop: Optional[str] = None
    waiting: Optional[Tuple[int, str]] = None  # a user turn inside a form, before the bot acts
    for event in stream:
        kind = event.type_name
        if kind == "active_loop":
            loop = event.data.get("name")
        elif kind == "session_started":
            loop = None
        elif kind == "user":
            waiting = (event.id, loop) if loop else None
        elif kind == "action_execution_rejected":
            waiting = None
        elif kind == "action" and waiting is not None:
            if action_name(event) == waiting[1]:
                answered.add(waiting[0])
            waiting = None
    return answered


def needs_review(event: Event, threshold: float, answered: Set[int]) -> bool:
    """A low-confidence user turn that no form took as its answer."""
    return event.id not in answered and is_low_confidence(event, threshold)


def bot_text(data: Mapping[str, Any]) -> str:
    """A bot reply's text plus its button titles, as the user saw them."""
    text = data.get("text") or ""
    extra = data.get("data") or {}
    buttons = [b.get("title", "") for b in (extra.get("buttons") or []) if isinstance(b, dict)]
    if buttons:
        text = f"{text} [buttons: {' | '.join(buttons)}]".strip()
    if not text and extra.get("custom"):
        text = "[custom message]"
    return text


def summarise(sender_id: str, stream: Sequence[Event], threshold: float) -> Summary:
    """Collapse one conversation's events into its list row."""
    first = stream[0].timestamp if stream else 0.0
    summary = Summary(sender_id=sender_id, started=first, last=first)
    turn_counted = True  # each user turn counts once as fallback or low confidence, at most
    answered = form_answers(stream)
    for event in stream:
        summary.last = max(summary.last, event.timestamp)
        if event.type_name == "user":
            text = event.data.get("text") or ""
            name, _ = user_intent(event)
            summary.user_turns += 1
            summary.texts.append(mask_patterns(text))
            summary.first_text = summary.first_text or text
            if name:
                summary.intents[name] += 1
            if name in CRISIS_INTENTS:
                summary.crisis = True
                summary.crisis_kinds.append(name)
            turn_counted = needs_review(event, threshold, answered)
            if turn_counted and name == FALLBACK_INTENT:
                summary.fallback_turns += 1
            elif turn_counted:
                summary.low_confidence_turns += 1
        elif event.type_name == "bot":
            summary.texts.append(mask_patterns(bot_text(event.data)))
        elif event.type_name == "slot" and event.data.get("name") == CRISIS_SLOT:
            if event.data.get("value"):
                summary.crisis = True
                summary.crisis_kinds.append(str(event.data["value"]))
        elif event.type_name == "action":
            if action_name(event) in FALLBACK_ACTIONS and not turn_counted:
                summary.fallback_turns += 1  # the dialogue policy fell back on this turn
                turn_counted = True
    return summary


def summarise_all(
    conversations: Mapping[str, Sequence[Event]], threshold: float, booked: Set[str]
) -> List[Summary]:
    """Every conversation's summary, newest activity first.

    `booked` comes from the booking store, the one place that knows a booking really happened
    (a booking action in a transcript may have failed or been abandoned).
    """
    summaries = []
    for sender_id, stream in conversations.items():
        summary = summarise(sender_id, stream, threshold)
        summary.booking = sender_id in booked
        summaries.append(summary)
    summaries.sort(key=lambda s: s.last, reverse=True)
    return summaries


@dataclass
class ListFilter:
    """What staff asked the list to show; every field is optional."""

    date_from: Optional[date] = None
    date_to: Optional[date] = None
    topic: str = ""
    crisis: bool = False
    low_confidence: bool = False
    booking: bool = False
    status: str = ""
    tag: str = ""
    query: str = ""

    def audit_detail(self) -> str:
        """The filter as the audit log keeps it: the search term is personal data itself
        (someone searched a name), so only its length is recorded."""
        query = self.as_query()
        searched = query.pop("q", "")
        parts = [urlencode(query)] if query else []
        if searched:
            parts.append(f"q=[search, {len(searched)} characters]")
        return "&".join(parts)

    def as_query(self) -> Dict[str, str]:
        """The filter as URL query parameters (for pagination and export links)."""
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "topic": self.topic,
            "crisis": "1" if self.crisis else "",
            "low_confidence": "1" if self.low_confidence else "",
            "booking": "1" if self.booking else "",
            "status": self.status,
            "tag": self.tag,
            "q": self.query,
        }
        return {key: value for key, value in values.items() if value}


def parse_date(value: Optional[str]) -> Optional[date]:
    """A yyyy-mm-dd date from a form, or None when empty or malformed (never an error page)."""
    try:
        return date.fromisoformat((value or "").strip()) if value and value.strip() else None
    except ValueError:
        return None


def build_filter(params: Mapping[str, str]) -> ListFilter:
    """Read a ListFilter from query parameters, ignoring anything malformed."""
    status = params.get("status", "")
    return ListFilter(
        date_from=parse_date(params.get("date_from")),
        date_to=parse_date(params.get("date_to")),
        topic=params.get("topic", "").strip()[:255],
        crisis=params.get("crisis") == "1",
        low_confidence=params.get("low_confidence") == "1",
        booking=params.get("booking") == "1",
        status=status if status in REVIEW_STATUSES else "",
        tag=params.get("tag", "").strip()[:60],
        query=params.get("q", "").strip()[:200],
    )


def day_of(timestamp: float) -> date:
    """The clinic's calendar day of a Rasa timestamp (what staff mean by "from" and "to")."""
    return datetime.fromtimestamp(timestamp, tz=CLINIC_ZONE).date()


def found_in(query: str, texts: Iterable[str]) -> bool:
    """Free-text search: the query anywhere in one of the texts, in any case."""
    wanted = query.lower()
    return any(wanted in text.lower() for text in texts)


def may_contain(summary: Summary, query: str) -> bool:
    """The cheap search pass: whether the conversation can match once fully masked.

    Full masking only hides more than the pattern-masked `Summary.texts`, so a query without
    brackets found in the masked transcript is found here too. A query with a bracket might
    be (part of) a label such as "[NAME]" that only full masking writes: always a candidate.
    """
    return (
        "[" in query or "]" in query
        or found_in(query, summary.texts)
        or query.lower() in summary.sender_id.lower()
    )


def search(
    candidates: Sequence[Summary],
    query: str,
    masked_texts: Callable[[Sequence[Summary]], Sequence[Sequence[str]]],
) -> List[Summary]:
    """The candidates whose id or fully masked texts (what the reviewer sees in the
    transcript, from `masked_texts`) contain the query; order kept."""
    if not query:
        return list(candidates)
    by_id = {s.sender_id for s in candidates if query.lower() in s.sender_id.lower()}
    rest = [s for s in candidates if s.sender_id not in by_id]
    by_text = {s.sender_id for s, texts in zip(rest, masked_texts(rest)) if found_in(query, texts)}
    return [s for s in candidates if s.sender_id in by_id or s.sender_id in by_text]


def matches(
    summary: Summary, wanted: ListFilter, status: str, tags: Iterable[str]
) -> bool:
    """Whether one conversation passes every filter staff set (the search only as a cheap
    first pass, see `search`)."""
    day = day_of(summary.started)
    checks = (
        wanted.date_from is None or day_of(summary.last) >= wanted.date_from,
        wanted.date_to is None or day <= wanted.date_to,
        not wanted.topic or wanted.topic in summary.intents,
        not wanted.crisis or summary.crisis,
        not wanted.low_confidence or summary.needs_attention,
        not wanted.booking or summary.booking,
        not wanted.status or status == wanted.status,
        not wanted.tag or wanted.tag in set(tags),
        not wanted.query or may_contain(summary, wanted.query),
    )
    return all(checks)


def apply_filter(
    summaries: Iterable[Summary],
    wanted: ListFilter,
    statuses: Mapping[str, str],
    tags: Mapping[str, Set[str]],
) -> List[Summary]:
    """The conversations that pass the filter, order kept (newest first)."""
    return [
        s
        for s in summaries
        if matches(s, wanted, statuses.get(s.sender_id, "unreviewed"), tags.get(s.sender_id, ()))
    ]


def triage(summaries: Iterable[Summary], statuses: Mapping[str, str]) -> List[Summary]:
    """Crisis conversations nobody has marked reviewed yet: the queue on top of the list."""
    return [s for s in summaries if s.crisis and statuses.get(s.sender_id) != "reviewed"]


def paginate(items: Sequence[Any], page: int, size: int) -> Tuple[List[Any], int, int]:
    """One page of items, the page actually shown (clamped) and the number of pages."""
    pages = max(1, -(-len(items) // size))
    page = min(max(1, page), pages)
    return list(items[(page - 1) * size : page * size]), page, pages


def transcript(stream: Sequence[Event], threshold: float) -> List[Line]:
    """The readable turns of one conversation, in order."""
    lines: List[Line] = []
    answered = form_answers(stream)
    for event in stream:
        kind = event.type_name
        if kind == "user":
            name, confidence = user_intent(event)
            entities = [
                (str(e.get("entity", "")), str(e.get("value", "")))
                for e in event.data.get("parse_data", {}).get("entities") or []
                if isinstance(e, dict)
            ]
            lines.append(
                Line(
                    event_id=event.id,
                    kind="user",
                    time=event.timestamp,
                    text=event.data.get("text") or "",
                    intent=name,
                    confidence=confidence,
                    entities=entities,
                    low_confidence=needs_review(event, threshold, answered),
                    crisis_sentences=crisis_sentences(event),
                )
            )
        elif kind == "bot":
            lines.append(Line(event.id, "bot", event.timestamp, text=bot_text(event.data)))
        elif kind == "action":
            action = action_name(event)
            if action and action != "action_listen":
                lines.append(Line(event.id, "action", event.timestamp, action=action))
        elif kind == "slot":
            value = event.data.get("value")
            lines.append(
                Line(
                    event.id,
                    "slot",
                    event.timestamp,
                    slot_name=str(event.data.get("name", "")),
                    slot_value="" if value is None else str(value),
                )
            )
        elif kind == "session_started":
            lines.append(Line(event.id, "session", event.timestamp))
    return lines


def crisis_sentences(event: Event) -> List[str]:
    """The sentences the crisis safety net found a danger sign in (its `crisis` parse data)."""
    crisis = (event.data.get("parse_data") or {}).get("crisis") or {}
    if not crisis.get("kind"):
        return []
    return [
        str(sentence.get("text") or "")
        for sentence in crisis.get("sentences") or []
        if isinstance(sentence, dict) and sentence.get("text")
    ]


def is_personal_slot(name: str) -> bool:
    """Slots such as user_name or phone_number hold personal data as a whole."""
    lowered = name.lower()
    return any(word in lowered for word in PERSONAL_SLOT_WORDS)


def slot_label(name: str) -> Optional[str]:
    """What a masked transcript shows instead of a slot's whole value, or None to mask the
    value's text like any other. A booking code typed back in lower case ("hunter") looks like
    a word to the patterns, so booking_code and booking_manage_code are hidden whole."""
    if "code" in name.lower():
        return "[CODE]"
    return "[PERSONAL]" if is_personal_slot(name) else None
