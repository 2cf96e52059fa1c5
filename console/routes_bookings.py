"""Admins cancel or correct a booking from the bookings page.

Why here: a booking a family cannot reach any more (a mistyped phone, a forged request before
the action server was guarded) could be changed by nobody. Admins only, CSRF-checked, with a
reason, audited; every value goes through booking/service.py, the one entry point, which reads
and checks it as the chat would. The audit names the fields corrected, never their values.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from booking import service
from console import audit
from console.auth import ActiveSession
from console.bookings import editable_store
from console.web import SESSION, PageError, admin_reason, client_of, console_of, redirect

router = APIRouter()
FIELD_LABELS = {"contact_name": "name", "patient_name": "loved one's name", "phone": "phone",
                "email": "e-mail", "nothing to correct": "(nothing typed)"}


def _store(request: Request) -> service.BookingStore:
    return editable_store(console_of(request).settings.booking_db_url)


def _not_found(code: str) -> PageError:
    return PageError(404, "No such booking",
                     f"There is no active booking with the code {code!r}: it may be cancelled.")


@router.post("/bookings/cancel")
async def cancel_booking(request: Request, active: ActiveSession = SESSION) -> Response:
    """Cancel a booking (admins, with a reason); the time is free again at once."""
    form, reason = await admin_reason(request, active, "to cancel this booking")
    code = str(form.get("code", ""))[:40]
    try:
        booking = service.staff_cancel(_store(request), code, active.user.username)
    except service.BookingNotFound:
        raise _not_found(code) from None
    audit.record(console_of(request).engine, active.user.username, "cancel_booking",
                 target=booking.code, detail=reason, client=client_of(request))
    return redirect("/bookings")


@router.post("/bookings/correct")
async def correct_booking(request: Request, active: ActiveSession = SESSION) -> Response:
    """Correct a booking's name, loved one's name, phone or e-mail (admins, with a reason)."""
    form, reason = await admin_reason(request, active, "to correct this booking")
    code = str(form.get("code", ""))[:40]
    typed = {field: str(form.get(field, ""))[:300] for field in service.STAFF_READERS}
    try:
        booking = service.staff_correct(_store(request), code, active.user.username, typed)
    except service.BookingNotFound:
        raise _not_found(code) from None
    except service.InvalidBooking as refused:
        wrong = ", ".join(FIELD_LABELS.get(p, p) for p in refused.problems)
        raise PageError(400, "Not saved",
                        f"Nothing was changed. Please go back and check: {wrong}.") from None
    fields = ", ".join(sorted(field for field, text in typed.items() if text.strip()))
    audit.record(console_of(request).engine, active.user.username, "correct_booking",
                 target=booking.code, detail=f"{fields} ({reason})", client=client_of(request))
    return redirect("/bookings")
