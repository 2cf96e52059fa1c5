"""Reads names, phone numbers, emails and yes/no answers out of what people type.

Why plain functions returning a value or a problem code: the form asks again kindly with
a reply that fits the problem (too long, not a number, ...) instead of failing, and the
rules are easy to test one row at a time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection, List, Optional

if TYPE_CHECKING:  # the store imports these checks; only the type comes from there
    from booking.store import BookingRequest

MAX_NAME_LENGTH = 60
MAX_NAME_WORDS = 5
MAX_EMAIL_LENGTH = 254

_PHONE = re.compile(
    r"(?<![\d])(?:\+?1[\s.\-]?)?\(?(\d{3})\)?[\s.\-]?(\d{3})[\s.\-]?(\d{4})(?![\d])"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_NAME_PREFIX = re.compile(
    r"^\s*(?:(?:hi|hello|hey)[,!.\s]+)?(?:my name is|my name's|name is|i am|i'm|im|it's|its|"
    r"this is|call me|her name is|his name is|their name is|they are|she is|he is|"
    r"she's|he's|they're)\s+",
    re.IGNORECASE,
)
_NAME_PUNCT = set(" '’-.")

STOP_WORDS = {
    "stop", "cancel", "quit", "exit", "abort", "never mind", "nevermind", "forget it",
    "stop booking", "cancel booking", "cancel this", "stop this", "i changed my mind",
    "stop please", "please stop", "cancel please",
}
SKIP_WORDS = {
    "skip", "pass", "rather not say", "i'd rather not say", "prefer not to say",
    "no preference", "don't know", "dont know", "not sure", "n/a", "none", "-",
}
YES_WORDS = {
    "yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "correct", "right", "please do",
    "yes please", "that's right", "thats right", "sounds good", "confirm", "book it",
    "yes, book it", "go ahead", "fine", "of course", "absolutely", "i agree", "agree",
}
NO_WORDS = {"no", "n", "nope", "nah", "don't", "dont", "no way", "i don't agree", "not okay"}


def simplify(text: Optional[str]) -> str:
    """Lower case, trimmed, inner spaces collapsed and trailing punctuation dropped."""
    return re.sub(r"\s+", " ", (text or "").strip().lower()).strip(" .!?,;")


def is_stop(text: Optional[str]) -> bool:
    return simplify(text) in STOP_WORDS


def is_skip(text: Optional[str]) -> bool:
    return simplify(text) in SKIP_WORDS


#: The classifier's affirm/deny counts as an answer only this sure: a booking or a cancellation
#: cannot be undone by the family, so "huh?" read as yes must never happen.
CLEAR_INTENT_CONFIDENCE = 0.9
_LEADING_YES = re.compile(r"^(yes|yeah|yep|yup)\b")


def parse_yes_no(
    text: Optional[str], intent: Optional[str] = None, confidence: float = 0.0
) -> Optional[bool]:
    """True for a clear yes, False for a clear no, None otherwise (the form asks again).

    Irreversible steps hang on this: a question ("ok?", "huh?"), a shrug ("maybe") or an
    emoji is never a yes, and the classifier's affirm/deny counts only when it is sure."""
    if (text or "").strip().endswith("?"):
        return None
    words = simplify(text)
    if words in YES_WORDS or _LEADING_YES.match(words):
        return True
    if words in NO_WORDS or words.startswith("no "):
        return False
    if not re.search(r"[a-z]", words) or confidence < CLEAR_INTENT_CONFIDENCE:
        return None
    return {"affirm": True, "deny": False}.get(intent or "")


def parse_phone(text: Optional[str]) -> Optional[str]:
    """A US phone number as +1XXXXXXXXXX, or None when there is no possible one.

    Impossible numbers (area code or exchange starting with 0 or 1, N11 codes such as 911,
    one digit repeated) are refused so staff do not call a wrong number.
    """
    match = _PHONE.search(text or "")
    if not match:
        return None
    area, exchange, line = match.groups()
    if area[0] in "01" or exchange[0] in "01" or area[1:] == "11" or exchange[1:] == "11":
        return None
    if len(set(area + exchange + line)) == 1:
        return None
    return f"+1{area}{exchange}{line}"


def format_phone(e164: Optional[str]) -> str:
    if not e164 or len(e164) != 12:
        return e164 or ""
    return f"({e164[2:5]}) {e164[5:8]}-{e164[8:]}"


def parse_email(text: Optional[str]) -> Optional[str]:
    match = _EMAIL.search(text or "")
    if not match:
        return None
    email = match.group(0).strip(".")
    local, _, domain = email.partition("@")
    if len(email) > MAX_EMAIL_LENGTH or len(local) > 64 or ".." in email:
        return None
    if local.startswith(".") or local.endswith("."):
        return None
    return f"{local}@{domain.lower()}"


@dataclass(frozen=True)
class Contact:
    phone: Optional[str]
    email: Optional[str]
    problem: Optional[str] = None  # "bad_phone" | "bad_email" | "missing"

    @property
    def ok(self) -> bool:
        return self.problem is None


def parse_contact(text: Optional[str]) -> Contact:
    """A phone number and/or an email from one message, with a problem code if neither works."""
    phone, email = parse_phone(text), parse_email(text)
    if phone or email:
        return Contact(phone, email)
    raw = text or ""
    if "@" in raw:
        return Contact(None, None, "bad_email")
    if sum(ch.isdigit() for ch in raw) >= 5:
        return Contact(None, None, "bad_phone")
    return Contact(None, None, "missing")


def contact_matches(given: Optional[str], phone: Optional[str], email: Optional[str]) -> bool:
    """Whether what someone typed is the phone or email stored with a booking."""
    contact = parse_contact(given)
    if contact.phone and phone and contact.phone == phone:
        return True
    return bool(contact.email and email and contact.email.lower() == email.lower())


@dataclass(frozen=True)
class NameResult:
    value: Optional[str]
    problem: Optional[str] = None  # "too_long" | "letters_only" | "missing" | "not_a_name"


def clean_name(text: Optional[str]) -> NameResult:
    """A person's name as typed, minus "my name is", or a problem code.

    Letters from any alphabet, spaces, apostrophes, hyphens and dots are allowed;
    digits, emoji and other symbols are not (they are almost never part of a name).
    """
    raw = unicodedata.normalize("NFC", (text or "").strip())
    raw = _NAME_PREFIX.sub("", raw).strip(" .,!")
    raw = re.sub(r"\s+", " ", raw)
    if not raw:
        return NameResult(None, "missing")
    if len(raw) > MAX_NAME_LENGTH:
        return NameResult(None, "too_long")
    if "?" in raw or len(raw.split()) > MAX_NAME_WORDS:
        return NameResult(None, "not_a_name")  # a question or a sentence, not a name
    for ch in raw:
        if ch in _NAME_PUNCT:
            continue
        if not unicodedata.category(ch).startswith(("L", "M")):
            return NameResult(None, "letters_only")
    if not any(unicodedata.category(ch).startswith("L") for ch in raw):
        return NameResult(None, "letters_only")
    return NameResult(raw)


FOR_WHOM = ("self", "loved_one")
REMINDER_STYLES = ("none", "detailed", "discreet")
MAX_SENDER_LENGTH = 128


def booking_problems(request: BookingRequest, appointment_types: Collection[str]) -> List[str]:
    """Why a booking request may not be stored (empty when it may).

    The forms check each answer as it comes, but the store must not trust them: a forged call
    to the action server once stored a 332-character "<script>" name and a phone that was not
    a phone. Every value is checked again here, the way the forms would have read it."""
    problems = []
    if request.appointment_type not in appointment_types:
        problems.append("appointment_type")
    if request.for_whom not in FOR_WHOM:
        problems.append("for_whom")
    if not request.contact_name or clean_name(request.contact_name).value != request.contact_name:
        problems.append("contact_name")
    if request.patient_name is not None and (
        clean_name(request.patient_name).value != request.patient_name
    ):
        problems.append("patient_name")
    if not (request.phone or request.email):
        problems.append("contact")
    if request.phone and parse_phone(request.phone) != request.phone:
        problems.append("phone")
    if request.email and parse_email(request.email) != request.email:
        problems.append("email")
    if not isinstance(request.consent_to_contact, bool):
        problems.append("consent")  # yes or no to reminders; "no" books without them
    if request.reminder_style not in REMINDER_STYLES:
        problems.append("reminder_style")
    if request.sender_id is not None and len(request.sender_id) > MAX_SENDER_LENGTH:
        problems.append("sender_id")
    return problems
