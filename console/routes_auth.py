"""Login and logout pages."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from starlette.responses import Response

from console import audit
from console.auth import ActiveSession, attempt_login, csrf_matches, end_session, start_session
from console.web import (
    LOGIN_CSRF_COOKIE,
    SESSION,
    SESSION_COOKIE,
    checked_form,
    client_of,
    console_of,
    redirect,
    render,
)

router = APIRouter()

LOGIN_MESSAGES = {
    "invalid": "That username and password do not match. Please try again.",
    "locked": "Too many failed attempts: this account is locked for 15 minutes.",
    "rate_limited": "Too many failed attempts from this computer. Please wait a few minutes.",
    "csrf": "The login form expired. Please try again.",
}
NOTICES = {
    "expired": "You were logged out after 15 minutes without activity.",
    "bye": "You are logged out.",
}


def _login_page(request: Request, message: str = "", notice: str = "", status: int = 200
                ) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request, "login.html", {"login_csrf": token, "message": message, "notice": notice},
        status=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
        secure=console_of(request).settings.secure_cookies, path="/login",
    )
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    """The login page (with a notice after an idle logoff or a logout)."""
    notice = next((text for key, text in NOTICES.items() if key in request.query_params), "")
    return _login_page(request, notice=notice)


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the credentials; on success open a session and go to the conversation list."""
    console = console_of(request)
    form = await request.form()
    if not csrf_matches(request.cookies.get(LOGIN_CSRF_COOKIE), str(form.get("csrf_token", ""))):
        return _login_page(request, LOGIN_MESSAGES["csrf"], status=403)
    username = str(form.get("username", "")).strip()
    client = client_of(request)
    result = attempt_login(
        console.engine, console.settings, username, str(form.get("password", "")), client
    )
    if result.user is None:
        audit.record(console.engine, username or "(empty)", "login_failed",
                     detail=result.reason, client=client)
        return _login_page(request, LOGIN_MESSAGES[result.reason], status=401)
    token, _ = start_session(console.engine, result.user)
    audit.record(console.engine, result.user.username, "login", client=client)
    response = redirect("/conversations")
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="strict",
        secure=console.settings.secure_cookies, path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, active: ActiveSession = SESSION) -> Response:
    """End the session everywhere (the cookie becomes worthless)."""
    console = console_of(request)
    await checked_form(request, active)
    end_session(console.engine, request.cookies.get(SESSION_COOKIE))
    audit.record(console.engine, active.user.username, "logout", client=client_of(request))
    response = redirect("/login?bye=1")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
