"""The conversation list (with the crisis triage queue), transcripts and review work."""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, List
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import Response

from console import audit, review
from console.auth import ActiveSession
from console.conversations import REVIEW_STATUSES, build_filter, paginate, triage
from console.tracker import TrackerUnavailable
from console.web import (
    SESSION,
    PageError,
    checked_form,
    client_of,
    console_of,
    load_summaries,
    page_number,
    reason_given,
    redirect,
    render,
    require_admin,
)

router = APIRouter()


@lru_cache(maxsize=1)
def known_intents() -> List[str]:
    """Intent names of the trained domain, offered when correcting a turn."""
    try:
        from rasa.shared.core.domain import Domain

        from console.config import PROJECT_ROOT

        return sorted(str(intent) for intent in Domain.load(str(PROJECT_ROOT / "domain")).intents)
    except Exception:  # noqa: BLE001 - a domain mid-edit must not break review
        return []


@router.get("/conversations")
def conversation_list(
    request: Request, active: ActiveSession = SESSION
) -> Response:
    """Newest conversations first, filtered, with unreviewed crisis conversations on top."""
    console = console_of(request)
    wanted = build_filter(request.query_params)
    summaries, problem = load_summaries(request)
    statuses = review.statuses(console.engine)
    tags = review.all_tags(console.engine)
    queue = triage(summaries, statuses)
    filtered = console.select(summaries, wanted, statuses, tags)
    rows, page, pages = paginate(
        filtered, page_number(request.query_params.get("page")), console.settings.page_size
    )
    shown = rows + queue[:10]
    previews = dict(zip([s.sender_id for s in shown],
                        console.mask_many([s.first_text for s in shown])))
    query = wanted.as_query()
    audit.record(console.engine, active.user.username, "view_list",
                 detail=wanted.audit_detail() or None, client=client_of(request))
    return render(
        request,
        "conversations.html",
        {
            "rows": rows,
            "queue": queue[:10],
            "queue_total": len(queue),
            "previews": previews,
            "statuses": statuses,
            "tags": tags,
            "filter": wanted,
            "query": query,
            "page": page,
            "pages": pages,
            "total": len(filtered),
            "topics": sorted({intent for s in summaries for intent in s.intents}),
            "tag_names": review.tag_names(console.engine),
            "review_statuses": REVIEW_STATUSES,
            "problem": problem,
            "page_link": lambda number: "/conversations?" + urlencode({**query, "page": number}),
            "export_link": lambda fmt: "/export?" + urlencode({**query, "format": fmt}),
        },
        active,
    )


def _transcript_page(
    request: Request,
    active: ActiveSession,
    sender_id: str,
    reveal: bool = False,
    error: str = "",
    status: int = 200,
) -> Response:
    console = console_of(request)
    try:
        stream = console.tracker.conversation(sender_id)
    except TrackerUnavailable:
        stream = []
    if not stream:
        raise PageError(
            404,
            "Conversation not found",
            "There is no conversation with this id. It may have been deleted by the retention "
            "policy.",
        )
    lines = console.transcript(stream, reveal)
    statuses = review.statuses(console.engine)
    return render(
        request,
        "transcript.html",
        {
            "sender_id": sender_id,
            "lines": lines,
            "revealed": reveal,
            "status": statuses.get(sender_id, "unreviewed"),
            "review_statuses": REVIEW_STATUSES,
            "tags": sorted(review.all_tags(console.engine).get(sender_id, set())),
            "notes": review.notes(console.engine, sender_id),
            "corrections": {c.event_id: c for c in review.corrections(console.engine,
                                                                       sender_id)},
            "intents": known_intents(),
            "error": error,
        },
        active,
        status=status,
    )


@router.get("/conversation")
def conversation(request: Request, active: ActiveSession = SESSION) -> Response:
    """One transcript, personal data masked."""
    sender_id = request.query_params.get("id", "")
    response = _transcript_page(request, active, sender_id)
    audit.record(console_of(request).engine, active.user.username, "view_transcript",
                 target=sender_id, client=client_of(request))
    return response


def _back(sender_id: str) -> Response:
    return redirect("/conversation?" + urlencode({"id": sender_id}))


@router.post("/conversation/reveal")
async def reveal(request: Request, active: ActiveSession = SESSION) -> Response:
    """An admin sees one conversation unmasked after typing a reason (audited)."""
    form = await checked_form(request, active)
    require_admin(active)
    sender_id = str(form.get("sender_id", ""))
    reason = reason_given(form)
    if not reason:
        return _transcript_page(
            request, active, sender_id,
            error="Please type the reason you need to see the personal data (a short sentence).",
            status=400,
        )
    response = _transcript_page(request, active, sender_id, reveal=True)
    audit.record(console_of(request).engine, active.user.username, "reveal",
                 target=sender_id, detail=reason, client=client_of(request))
    return response


@router.post("/conversation/review")
async def review_action(
    request: Request, active: ActiveSession = SESSION
) -> Response:
    """Tags, notes, status and intent corrections: one form action each, then back."""
    console = console_of(request)
    form = await checked_form(request, active)
    sender_id = str(form.get("sender_id", ""))
    action = str(form.get("action", ""))
    who = active.user.username
    try:
        if action == "add_tag":
            review.add_tag(console.engine, sender_id, str(form.get("tag", "")), who)
        elif action == "remove_tag":
            review.remove_tag(console.engine, sender_id, str(form.get("tag", "")))
        elif action == "note":
            review.add_note(console.engine, sender_id, str(form.get("note", "")), who)
        elif action == "status":
            review.set_status(console.engine, sender_id, str(form.get("status", "")), who)
        elif action == "correct":
            _correct(request, active, sender_id, form)
        else:
            raise review.ReviewError("Unknown review action.")
    except review.ReviewError as error:
        return _transcript_page(request, active, sender_id, error=str(error), status=400)
    audit.record(console.engine, who, "review", target=sender_id, detail=action,
                 client=client_of(request))
    return _back(sender_id)


def _correct(request: Request, active: ActiveSession, sender_id: str, form: Dict) -> None:
    """Store a corrected intent for one user turn, with the turn's masked text."""
    console = console_of(request)
    try:
        event_id = int(str(form.get("event_id", "")))
    except ValueError as error:
        raise review.ReviewError("That turn could not be found.") from error
    lines = console.transcript(console.tracker.conversation(sender_id), reveal=False)
    turn = next((line for line in lines if line.event_id == event_id and line.kind == "user"),
                None)
    if turn is None:
        raise review.ReviewError("That turn could not be found in this conversation.")
    review.correct_intent(console.engine, sender_id, event_id, turn.text, turn.intent,
                          str(form.get("intent", "")), active.user.username)
