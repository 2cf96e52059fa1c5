"""Dashboard, exports (list and intent corrections), bookings/callbacks and the audit log."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from starlette.responses import Response

from console import audit, review
from console.auth import ActiveSession
from console.bookings import BookingsUnavailable
from console.conversations import CLINIC_ZONE, build_filter
from console.dashboard import build_dashboard
from console.exports import export_rows, to_csv, to_jsonl
from console.nlu_export import corrections_to_nlu_yaml
from console.web import (
    SESSION,
    PageError,
    admin_reason,
    checked_form,
    client_of,
    console_of,
    load_summaries,
    page_number,
    redirect,
    render,
    require_admin,
)

router = APIRouter()
FORMATS = {"csv": ("text/csv; charset=utf-8", to_csv), "jsonl": ("application/x-ndjson", to_jsonl)}


@router.get("/dashboard")
def dashboard(request: Request, active: ActiveSession = SESSION) -> Response:
    """Charts: conversations per day, topics, fallback rate, crises, bookings."""
    summaries, problem = load_summaries(request)
    today = datetime.now(CLINIC_ZONE).date()
    return render(request, "dashboard.html",
                  {"board": build_dashboard(summaries, today), "problem": problem}, active)


def _export(request: Request, active: ActiveSession, params, unmasked_reason: str) -> Response:
    console = console_of(request)
    fmt = params.get("format", "csv")
    if fmt not in FORMATS:
        raise PageError(400, "Unknown format", "Exports are available as CSV or JSONL.")
    wanted = build_filter(params)
    summaries, _ = load_summaries(request)
    statuses = review.statuses(console.engine)
    tags = review.all_tags(console.engine)
    chosen = console.select(summaries, wanted, statuses, tags)
    texts = [s.first_text for s in chosen]
    shown = dict(zip([s.sender_id for s in chosen],
                     texts if unmasked_reason else console.mask_many(texts)))
    media_type, write = FORMATS[fmt]
    body = write(export_rows(chosen, statuses, tags, lambda s: shown[s.sender_id]))
    detail = f"{fmt}, {len(chosen)} conversations, " + (
        f"UNMASKED: {unmasked_reason}" if unmasked_reason else "masked"
    )
    audit.record(console.engine, active.user.username, "export",
                 target=wanted.audit_detail() or "all", detail=detail,
                 client=client_of(request))
    name = f"conversations.{fmt}"
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/export")
def export_masked(request: Request, active: ActiveSession = SESSION) -> Response:
    """The filtered list as CSV or JSONL, personal data masked."""
    return _export(request, active, request.query_params, "")


@router.post("/export")
async def export_unmasked(
    request: Request, active: ActiveSession = SESSION
) -> Response:
    """The filtered list unmasked: admins only, with a reason (audited)."""
    form, reason = await admin_reason(request, active, "the unmasked export")
    return _export(request, active, form, reason)


@router.get("/corrections.yml")
def export_corrections(
    request: Request, active: ActiveSession = SESSION
) -> Response:
    """Reviewers' intent corrections as Rasa NLU YAML (masked texts)."""
    console = console_of(request)
    found = review.corrections(console.engine)
    audit.record(console.engine, active.user.username, "export_corrections",
                 detail=f"{len(found)} corrections", client=client_of(request))
    return Response(
        corrections_to_nlu_yaml(found),
        media_type="application/x-yaml",
        headers={"Content-Disposition": 'attachment; filename="console_corrections.yml"'},
    )


def _bookings_page(request: Request, active: ActiveSession, reason: str = "") -> Response:
    console = console_of(request)
    today = datetime.now(CLINIC_ZONE).date()
    problem = ""
    appointments, callbacks = [], []
    try:
        appointments = console.booking.upcoming(today, CLINIC_ZONE)
        callbacks = console.booking.callbacks()
    except BookingsUnavailable:
        problem = (
            "There are no bookings to show yet: the booking store has not been created. It "
            "appears once the bot takes its first booking or callback request."
        )
    callback_states = review.callback_statuses(console.engine)
    audit.record(console.engine, active.user.username, "reveal" if reason else "view_bookings",
                 target="bookings", detail=reason or None, client=client_of(request))
    return render(
        request,
        "bookings.html",
        {
            "today": today,
            "appointments": appointments,
            "open_callbacks": [c for c in callbacks if callback_states.get(str(c.id)) !=
                               "called_back"],
            "done_callbacks": [c for c in callbacks if callback_states.get(str(c.id)) ==
                               "called_back"][:20],
            "revealed": bool(reason),
            "problem": problem,
        },
        active,
    )


@router.get("/bookings")
def bookings(request: Request, active: ActiveSession = SESSION) -> Response:
    """Today's and upcoming appointments and open callback requests (contacts masked)."""
    return _bookings_page(request, active)


@router.post("/bookings/reveal")
async def bookings_reveal(
    request: Request, active: ActiveSession = SESSION
) -> Response:
    """Admins see contact details after typing a reason (audited)."""
    form, reason = await admin_reason(request, active, "the contact details")
    return _bookings_page(request, active, reason)


@router.post("/callbacks/status")
async def callback_status(
    request: Request, active: ActiveSession = SESSION
) -> Response:
    """Mark a callback request called back (or open again)."""
    console = console_of(request)
    form = await checked_form(request, active)
    request_id = str(form.get("request_id", ""))
    try:
        review.set_callback_status(console.engine, request_id, str(form.get("status", "")),
                                   active.user.username)
    except review.ReviewError as error:
        raise PageError(400, "Could not update", str(error)) from error
    audit.record(console.engine, active.user.username, "callback", target=request_id,
                 detail=str(form.get("status", "")), client=client_of(request))
    return redirect("/bookings")


@router.get("/audit")
def audit_page(request: Request, active: ActiveSession = SESSION) -> Response:
    """The audit log, newest first (admins only)."""
    require_admin(active)
    console = console_of(request)
    page = page_number(request.query_params.get("page"))
    action = request.query_params.get("action", "")
    action = action if action in audit.ACTIONS else ""
    rows = audit.entries(console.engine, limit=100, offset=(page - 1) * 100, action=action)
    audit.record(console.engine, active.user.username, "view_audit", client=client_of(request))
    return render(request, "audit.html",
                  {"entries": rows, "page": page, "action": action, "actions": audit.ACTIONS},
                  active)
