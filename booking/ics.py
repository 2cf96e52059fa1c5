"""Calendar files (.ics) for bookings, served at /ics/<code>?t=<token>.

Why discreet by default: calendars sync to shared devices, lock screens and work
accounts. Unless the person asked for detailed reminders, the title is only
"Appointment — <clinic name>" and nothing in the file names ketamine, TMS or addiction.
The link carries an unguessable token so only the person it was given to can fetch it.
"""

from __future__ import annotations

import hmac
import os
from datetime import datetime, timezone
from typing import Optional

from icalendar import Calendar, Event

from booking.codes import normalise_code
from booking.config import BookingConfig
from booking.store import Booking, BookingStore, default_store

PRODUCT_ID = "-//Family Guide//Booking//EN"


def event_title(booking: Booking, config: BookingConfig) -> str:
    kind = config.appointment_type(booking.appointment_type)
    title = kind.detailed_title if booking.reminder_style == "detailed" else kind.discreet_title
    return f"{title} — {config.clinic.name}"


def event_location(booking: Booking, config: BookingConfig) -> str:
    kind = config.appointment_type(booking.appointment_type)
    if kind.mode == "phone":
        return "Phone call"
    return config.clinic.city if booking.reminder_style != "detailed" else kind.location


def calendar_bytes(booking: Booking, config: BookingConfig) -> bytes:
    """One VEVENT for the booking; cancelled bookings come out as a cancellation."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if booking.status == "cancelled" else "PUBLISH")
    event = Event()
    event.add("uid", f"{booking.code}@family-guide")
    event.add("dtstamp", datetime.now(timezone.utc))
    event.add("dtstart", booking.start.astimezone(timezone.utc))
    event.add("dtend", booking.end.astimezone(timezone.utc))
    event.add("summary", event_title(booking, config))
    event.add("location", event_location(booking, config))
    event.add("description", f"Booking code {booking.code}. To change or cancel, ask the "
              f"{config.clinic.name} chat and give this code.")
    event.add("sequence", booking.reschedule_count + (1 if booking.status == "cancelled" else 0))
    event.add("status", "CANCELLED" if booking.status == "cancelled" else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def ics_for_booking(code: str, contact: str, store: Optional[BookingStore] = None) -> bytes:
    """The .ics file for a booking, for someone who knows its code and phone or email.

    Raises LookupError when the code and contact do not match a booking.
    """
    store = store or default_store()
    booking = store.find(normalise_code(code), contact)
    if booking is None:
        raise LookupError("no booking with this code and contact")
    return calendar_bytes(booking, store.config)


def ics_for_link(code: str, token: str, store: Optional[BookingStore] = None) -> bytes:
    """The .ics file behind a link the bot gave (/ics/<code>?t=<token>).

    Raises LookupError for an unknown code or a wrong token (compared in constant time).
    """
    store = store or default_store()
    booking = store.by_code((code or "").upper())
    if booking is None or not hmac.compare_digest(booking.ics_token, token or ""):
        raise LookupError("no booking behind this link")
    return calendar_bytes(booking, store.config)


def ics_path(booking: Booking) -> str:
    return f"/ics/{booking.code}?t={booking.ics_token}"


def ics_url(booking: Booking) -> str:
    """The full link the bot shows. BOOKING_PUBLIC_URL is where families reach /ics/ (nginx
    in the production profile); by default the calendar service `make run` starts."""
    base = os.environ.get("BOOKING_PUBLIC_URL") or (
        f"http://localhost:{os.environ.get('CALENDAR_PORT', '8082')}"
    )
    return base.rstrip("/") + ics_path(booking)
