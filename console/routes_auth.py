"""Login and logout pages."""

from __future__ import annotations

import math
import secrets

from fastapi import APIRouter, Request
from starlette.responses import Response

from console import audit
from console.auth import (
    ActiveSession,
    LoginResult,
    attempt_login,
    csrf_matches,
    end_user_sessions,
    start_session,
)
from console.config import Settings
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

# One wording whether or not the name exists (a disabled account reads as a wrong password).
INVALID = "That username and password do not match. Please try again."
THROTTLED = ("Too many wrong passwords for this username from this computer. "
             "Please wait {wait} and try again.")
CSRF_EXPIRED = "The login form expired. Please try again."
BYE = "You are logged out."
EXPIRED = ("You were logged out after {idle} without activity ({lifetime} after logging in "
           "at the latest).")


def duration(seconds: float) -> str:
    """Seconds in words, rounded up: "30 seconds", "2 minutes", "12 hours"."""
    whole = max(1, math.ceil(seconds))
    if whole >= 3600 and whole % 3600 == 0:
        count, unit = whole // 3600, "hour"
    elif whole >= 60:
        count, unit = math.ceil(whole / 60), "minute"
    else:
        count, unit = whole, "second"
    return f"{count} {unit}{'' if count == 1 else 's'}"


def failure_message(result: LoginResult) -> str:
    """What the login page says about a refused attempt."""
    if result.reason == "throttled":
        return THROTTLED.format(wait=duration(result.wait_seconds))
    return INVALID


def notices(settings: Settings) -> dict:
    """The login page's notice for each query flag (after an automatic logout or a logout)."""
    return {
        "expired": EXPIRED.format(idle=duration(settings.idle_timeout_seconds),
                                  lifetime=duration(settings.session_lifetime_seconds)),
        "bye": BYE,
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
    flags = notices(console_of(request).settings)
    notice = next((text for key, text in flags.items() if key in request.query_params), "")
    return _login_page(request, notice=notice)


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the credentials; on success open a session and go to the conversation list."""
    console = console_of(request)
    form = await request.form()
    if not csrf_matches(request.cookies.get(LOGIN_CSRF_COOKIE), str(form.get("csrf_token", ""))):
        return _login_page(request, CSRF_EXPIRED, status=403)
    username = str(form.get("username", "")).strip()
    client = client_of(request)
    result = attempt_login(
        console.engine, console.settings, username, str(form.get("password", "")), client
    )
    if result.user is None:
        audit.record(console.engine, username or "(empty)", "login_failed",
                     detail=result.reason, client=client)
        response = _login_page(request, failure_message(result),
                               status=429 if result.reason == "throttled" else 401)
        if result.wait_seconds:
            response.headers["Retry-After"] = str(math.ceil(result.wait_seconds))
        return response
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
    """End all of the user's sessions, in every browser (their cookies become worthless)."""
    console = console_of(request)
    await checked_form(request, active)
    ended = end_user_sessions(console.engine, active.user.id)
    audit.record(console.engine, active.user.username, "logout",
                 detail=audit.sessions_ended(ended), client=client_of(request))
    response = redirect("/login?bye=1")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
