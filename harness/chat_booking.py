"""Book through the chat as a family does, then fetch and read the calendar file the bot linked.

Why here, beside live_bot.py and stack.py: the `make run` test (tests/booking) and the
production test (tests/production, through nginx) must walk the same path a family walks,
from the first message to the file their calendar app opens.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from icalendar import Calendar, Event

Say = Callable[[str, str], list[dict]]

CALENDAR_LINK = re.compile(r"\[Add it to your calendar\]\((?P<url>[^)\s]+)\)")
# What a discreet calendar entry must never say: what the appointment is for.
TREATMENT_WORDS = re.compile(
    r"\b(ketamine|tms|magnetic|addiction|addicted|substance|drugs?|alcohol|opioids?|rehab|"
    r"detox|therapy|treatment|consultation|recovery|mental)\b",
    re.IGNORECASE,
)


def pick(choice: str) -> str:
    """The payload of one of the booking form's buttons."""
    return "/booking_pick" + json.dumps({"booking_choice": choice}, separators=(",", ":"))


def texts(replies: list[dict]) -> str:
    return "\n".join(message.get("text") or "" for message in replies)


@dataclass(frozen=True)
class ChatBooking:
    """What the family saw: the time they picked (a button title) and the bot's confirmation."""

    picked: str
    confirmation: str

    @property
    def calendar_link(self) -> str:
        found = CALENDAR_LINK.search(self.confirmation)
        if found is None:
            raise AssertionError(f"no calendar link in the confirmation:\n{self.confirmation}")
        return found.group("url")


def book_through_chat(say: Say, person: str, reminder: str) -> ChatBooking:
    """A TMS consultation for a loved one at the soonest time, with this reminder style."""
    say(person, "could I book a TMS consultation for my son?")
    say(person, pick("loved_one"))
    say(person, "Rosa")
    say(person, "Mateo")
    say(person, "410 555 0166")
    offer = say(person, "soonest")
    picked = offer[-1]["buttons"][0]["title"]
    say(person, pick("1"))
    say(person, "yes")  # the clinic may call
    say(person, pick(reminder))
    return ChatBooking(picked=picked, confirmation=texts(say(person, "yes")))


def fetch_calendar(url: str) -> httpx.Response:
    """GET the link as a calendar app would (no cookies, no other headers)."""
    return httpx.get(url, timeout=30)


def only_event(ics: bytes) -> Event:
    """The one VEVENT of a calendar file; fails when the file is not valid iCalendar."""
    events = Calendar.from_ical(ics).walk("VEVENT")
    if len(events) != 1:
        raise AssertionError(f"expected one VEVENT, found {len(events)}")
    return events[0]


def treatment_words(ics: bytes) -> list[str]:
    """The words in the file that say what the appointment is for (none when discreet)."""
    unfolded = ics.decode("utf-8").replace("\r\n ", "")
    return TREATMENT_WORDS.findall(unfolded)
