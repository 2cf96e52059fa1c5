"""How bookings read in the chat: dates, times and short labels in the clinic's time zone.

Why one module: the offer buttons, the confirmation summary, the manage flow and the
callback promise must all say a time the same way ("Mon, Nov 30, 9:00 AM").
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import List, Optional

from booking.config import BookingConfig, WeeklyHours

WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
REMINDER_LABELS = {
    "discreet": "discreet (the time and clinic name only)",
    "detailed": "detailed (names the type of appointment)",
    "none": "no reminders",
}


def clock(moment: time) -> str:
    """9:00 AM, 12:30 PM."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def day_label(day: date) -> str:
    return f"{WEEKDAY_SHORT[day.weekday()]}, {day:%b} {day.day}"


def when_label(moment: datetime, config: BookingConfig) -> str:
    """'Mon, Nov 30, 9:00 AM' in clinic time."""
    local = moment.astimezone(config.clinic.time_zone)
    return f"{day_label(local.date())}, {clock(local.time())}"


def hours_summary(hours: WeeklyHours) -> str:
    """'Mon–Wed 9:00 AM–5:00 PM; Thu 9:00 AM–7:00 PM; ...' with equal days grouped."""
    parts: List[str] = []
    day = 0
    while day < 7:
        windows = hours.get(day) or []
        last = day
        while last + 1 < 7 and (hours.get(last + 1) or []) == windows:
            last += 1
        if windows:
            days = WEEKDAY_SHORT[day]
            if last != day:
                days += f"–{WEEKDAY_SHORT[last]}"
            spans = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in windows)
            parts.append(f"{days} {spans}")
        day = last + 1
    return "; ".join(parts)


def reminder_label(style: Optional[str]) -> str:
    return REMINDER_LABELS.get(style or "none", REMINDER_LABELS["none"])
