"""Shared web plumbing: templates, the login requirement, CSRF checks, error pages, and the
request readers several route modules need (page numbers, an admin's reason, the list).

Why one module: route modules import only from here, never from each other, so a page can
move between them without breaking another.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from console.auth import ActiveSession, csrf_matches, resume_session
from console.conversations import CLINIC_ZONE, Summary
from console.state import Console
from console.tracker import TrackerUnavailable

SESSION_COOKIE = "fg_console_session"
MIN_REASON_LENGTH = 8
#: No list has this many pages; a larger number (10**30 once gave a 500) means the last page.
MAX_PAGE = 100_000
LOGIN_CSRF_COOKIE = "fg_console_login"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def local_time(timestamp: Any, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A Rasa timestamp or aware datetime in the clinic's local time."""
    if timestamp in (None, ""):
        return ""
    if isinstance(timestamp, datetime):
        moment = timestamp
    else:
        moment = datetime.fromtimestamp(float(timestamp), tz=timezone.utc)
    return moment.astimezone(CLINIC_ZONE).strftime(pattern)


templates.env.filters["local_time"] = local_time


class LoginRequired(Exception):
    """No valid session: send the browser to the login page."""

    def __init__(self, expired: bool) -> None:
        super().__init__("login required")
        self.expired = expired


class PageError(Exception):
    """A kind error page with a status code (bad CSRF token, admin-only page, unknown id)."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


def console_of(request: Request) -> Console:
    """The app's shared services."""
    return request.app.state.console


def client_of(request: Request) -> str:
    """The client's address, used by the login rate limit and the audit log."""
    return request.client.host if request.client else "unknown"


def require_session(request: Request) -> ActiveSession:
    """FastAPI dependency: the logged-in session, or a redirect to the login page."""
    console = console_of(request)
    token = request.cookies.get(SESSION_COOKIE)
    active = resume_session(console.engine, console.settings, token)
    if active is None:
        raise LoginRequired(expired=bool(token))
    return active


SESSION = Depends(require_session)


def require_admin(active: ActiveSession) -> None:
    """Stop non-admins with a kind message."""
    if not active.user.is_admin:
        raise PageError(403, "Admins only", "This needs an admin account.")


async def checked_form(request: Request, active: ActiveSession) -> FormData:
    """The posted form, after checking its CSRF token against the session's."""
    form = await request.form()
    if not csrf_matches(active.csrf_token, str(form.get("csrf_token", ""))):
        raise PageError(
            403,
            "This form has expired",
            "For your safety the form could not be accepted. Go back, reload the page and "
            "try again.",
        )
    return form


def render(
    request: Request,
    name: str,
    context: Dict[str, Any],
    active: Optional[ActiveSession] = None,
    status: int = 200,
) -> Response:
    """Render a page with the session's user and CSRF token available to the template."""
    console = console_of(request)
    full = {
        "request": request,
        "user": active.user if active else None,
        "csrf_token": active.csrf_token if active else "",
        "idle_seconds": console.settings.idle_timeout_seconds,
        **context,
    }
    return templates.TemplateResponse(name, full, status_code=status)


def redirect(url: str) -> RedirectResponse:
    """See-other redirect after a POST (so reloading does not post again)."""
    return RedirectResponse(url, status_code=303)


def reason_given(form: Mapping) -> str:
    """The reason an admin typed for seeing personal data, or "" when too short to count."""
    reason = " ".join(str(form.get("reason", "")).split())
    return reason if len(reason) >= MIN_REASON_LENGTH else ""


async def admin_reason(request: Request, active: ActiveSession, needed: str) -> tuple:
    """The checked form and the reason an admin typed for seeing personal data or changing a
    booking (both audited with it)."""
    form = await checked_form(request, active)
    require_admin(active)
    reason = reason_given(form)
    if not reason:
        raise PageError(400, "A reason is needed",
                        f"Please go back and type why you need {needed}.")
    return form, reason


def page_number(raw: Optional[str]) -> int:
    """A page number from the URL; anything odd means page 1, anything huge the last page."""
    try:
        return min(MAX_PAGE, max(1, int(raw or 1)))
    except ValueError:
        return 1


def load_summaries(request: Request) -> tuple[List[Summary], str]:
    """All summaries, or an empty list and a kind message when the tracker cannot be read."""
    try:
        return console_of(request).summaries(), ""
    except TrackerUnavailable:
        return [], (
            "No conversations can be read yet: the bot's conversation store does not exist "
            "or is not reachable. Once someone has talked to the bot, conversations appear here."
        )
