"""Turns "soonest", "tomorrow", "next Tuesday", "Dec 3" or "2026-12-03" into a day.

Why our own small parser: people type loose dates, and a wrong guess books the wrong day.
Anything not clearly a day comes back as "unclear" and the form asks again with examples;
a day already gone comes back as "past".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from booking.validation import is_skip, simplify

SOONEST_WORDS = (
    "soonest", "asap", "as soon as possible", "earliest", "first available", "any day",
    "anytime", "any time", "whenever", "next available", "soon", "any day", "no rush",
)
WEEKDAY_NAMES = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
MONTH_NAMES = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
RECENT_PAST_DAYS = 31  # "Nov 20" on Nov 25 is in the past, not next November


@dataclass(frozen=True)
class DayChoice:
    """`soonest`, or a day, or a problem ("past", "unclear", "no_such_date")."""

    soonest: bool = False
    day: Optional[date] = None
    problem: Optional[str] = None


def _month_day(month: int, day: int, year: Optional[int], today: date) -> DayChoice:
    if year is not None and year < 100:
        year += 2000
    try:
        candidate = date(year or today.year, month, day)
    except ValueError:
        return DayChoice(problem="no_such_date")
    if year is None and candidate < today - timedelta(days=RECENT_PAST_DAYS):
        try:
            candidate = date(today.year + 1, month, day)
        except ValueError:
            return DayChoice(problem="no_such_date")
    if candidate < today:
        return DayChoice(problem="past")
    return DayChoice(day=candidate)


def parse_day(text: Optional[str], today: date) -> DayChoice:
    words = simplify(text)
    if not words or is_skip(words):
        return DayChoice(soonest=True)
    if re.search(r"\byesterday\b|\blast (week|month|\w+day)\b", words):
        return DayChoice(problem="past")
    if re.search(r"\bday after tomorrow\b", words):
        return DayChoice(day=today + timedelta(days=2))
    if re.search(r"\b(tomorrow|tmrw|tmr)\b", words):
        return DayChoice(day=today + timedelta(days=1))
    if re.search(r"\b(today|tonight)\b", words):
        return DayChoice(day=today)
    if re.search(r"\bnext week\b", words):
        return DayChoice(day=today + timedelta(days=7 - today.weekday()))
    if re.search(r"\b(this )?weekend\b", words):
        return DayChoice(day=today + timedelta(days=(5 - today.weekday()) % 7))

    iso = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", words)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        return _month_day(month, day, year, today)
    slashed = re.search(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b", words)
    if slashed:
        month, day = int(slashed.group(1)), int(slashed.group(2))
        year = int(slashed.group(3)) if slashed.group(3) else None
        return _month_day(month, day, year, today)
    tokens = re.findall(r"[a-z]+|\d+", words)
    months = [MONTH_NAMES[t] for t in tokens if t in MONTH_NAMES]
    numbers = [int(t) for t in re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", words)]
    if months and numbers:
        year_match = re.search(r"\b(20\d{2})\b", words)
        year = int(year_match.group(1)) if year_match else None
        return _month_day(months[0], numbers[0], year, today)
    weekdays = [WEEKDAY_NAMES[t] for t in tokens if t in WEEKDAY_NAMES]
    if weekdays:
        ahead = (weekdays[0] - today.weekday()) % 7 or 7
        if re.search(r"\bnext week\b|\bweek after\b", words):
            ahead += 7
        return DayChoice(day=today + timedelta(days=ahead))
    ordinal = re.search(r"\bthe (\d{1,2})(?:st|nd|rd|th)\b", words)
    if ordinal:
        day_number = int(ordinal.group(1))
        month, year = today.month, today.year
        if day_number < today.day:
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        return _month_day(month, day_number, year, today)
    if any(re.search(rf"\b{re.escape(w)}\b", words) for w in SOONEST_WORDS):
        return DayChoice(soonest=True)
    return DayChoice(problem="unclear")
