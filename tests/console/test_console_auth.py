"""Staff accounts: argon2 hashing, lockout, rate limit, idle logoff, cookies and CSRF."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from console_harness import ADMIN, REVIEWER, RunningConsole, csrf_of, log_in, serve

from console.auth import (
    AccountError,
    attempt_login,
    create_user,
    hash_password,
    resume_session,
    start_session,
    verify_password,
)
from console.config import Settings
from console.db import writable_engine
from console.web import SESSION_COOKIE


def test_passwords_are_stored_as_salted_argon2id_hashes() -> None:
    first, second = hash_password("a long passphrase"), hash_password("a long passphrase")
    assert first.startswith("$argon2id$") and first != second
    assert "a long passphrase" not in first
    assert verify_password(first, "a long passphrase")
    assert not verify_password(first, "a long passphrasE")
    assert not verify_password("not a hash", "anything")


def test_accounts_reject_weak_passwords_bad_names_and_roles(settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    with pytest.raises(AccountError, match="12 characters"):
        create_user(engine, "newbie", "short", "reviewer")
    with pytest.raises(AccountError, match="role"):
        create_user(engine, "newbie", "long enough password", "superuser")
    with pytest.raises(AccountError, match="Usernames"):
        create_user(engine, "<script>", "long enough password", "reviewer")
    with pytest.raises(AccountError, match="already"):
        create_user(engine, ADMIN[0], "long enough password", "admin")


def test_five_failures_lock_the_account_even_for_the_right_password(settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    now = time.time()
    reasons = [
        attempt_login(engine, settings, REVIEWER[0], "wrong", "10.0.0.1", now + i).reason
        for i in range(5)
    ]
    assert reasons == ["invalid"] * 4 + ["locked"]
    right = attempt_login(engine, settings, REVIEWER[0], REVIEWER[1], "10.0.0.2", now + 10)
    assert right.user is None and right.reason == "locked"
    later = now + settings.lockout_seconds + 60
    assert attempt_login(engine, settings, REVIEWER[0], REVIEWER[1], "10.0.0.2", later).user


def test_one_client_failing_too_often_is_rate_limited(settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    now = time.time()
    for i in range(20):
        attempt_login(engine, settings, f"guess{i}", "wrong", "10.9.9.9", now + i)
    blocked = attempt_login(engine, settings, ADMIN[0], ADMIN[1], "10.9.9.9", now + 21)
    assert blocked.user is None and blocked.reason == "rate_limited"
    assert attempt_login(engine, settings, ADMIN[0], ADMIN[1], "10.1.1.1", now + 22).user


def test_sessions_end_after_fifteen_idle_minutes(settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    user = attempt_login(engine, settings, ADMIN[0], ADMIN[1], "127.0.0.1").user
    assert user is not None
    start = time.time()
    token, _ = start_session(engine, user, now=start)
    assert resume_session(engine, token, 900, now=start + 14 * 60) is not None
    # Activity pushed the deadline back: 14 more minutes are still fine...
    assert resume_session(engine, token, 900, now=start + 28 * 60) is not None
    # ...but 15 idle minutes end the session for good.
    assert resume_session(engine, token, 900, now=start + 44 * 60) is None
    assert resume_session(engine, token, 900, now=start + 44 * 60 + 1) is None


def test_login_cookie_is_httponly_and_samesite_strict(running: RunningConsole) -> None:
    with running.client() as client:
        response = log_in(client, *REVIEWER)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert f"{SESSION_COOKIE}=" in cookie
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie


def test_secure_flag_when_configured_for_https(settings: Settings) -> None:
    for running in serve(replace(settings, secure_cookies=True)):
        with running.client() as client:
            response = log_in(client, *REVIEWER)
        assert "; secure" in response.headers["set-cookie"].lower()


def test_wrong_password_gets_a_kind_message_and_no_session(running: RunningConsole) -> None:
    with running.client() as client:
        response = log_in(client, REVIEWER[0], "not the password")
        assert response.status_code == 401
        assert "do not match" in response.text
        assert SESSION_COOKIE not in client.cookies
        assert client.get("/conversations").headers["location"] == "/login"


def test_forms_without_the_csrf_token_are_refused(running: RunningConsole) -> None:
    with running.client() as client:
        log_in(client, *REVIEWER)
        data = {"sender_id": "someone", "action": "add_tag", "tag": "urgent"}
        refused = client.post("/conversation/review", data=data)
        assert refused.status_code == 403 and "expired" in refused.text
        forged = client.post("/conversation/review", data={**data, "csrf_token": "forged"})
        assert forged.status_code == 403
        assert client.post("/logout", data={}).status_code == 403


def test_login_form_needs_its_csrf_cookie(running: RunningConsole) -> None:
    with running.client() as client:
        page = client.get("/login")
        token = csrf_of(page.text)
        client.cookies.clear()
        response = client.post("/login", data={"csrf_token": token, "username": ADMIN[0],
                                               "password": ADMIN[1]})
    assert response.status_code == 403 and SESSION_COOKIE not in response.headers.get(
        "set-cookie", "")


def test_logout_ends_the_session(running: RunningConsole) -> None:
    with running.client() as client:
        log_in(client, *ADMIN)
        token = client.cookies.get(SESSION_COOKIE)
        page = client.get("/dashboard")
        assert page.status_code == 200
        response = client.post("/logout", data={"csrf_token": csrf_of(page.text)})
        assert response.headers["location"] == "/login?bye=1"
        client.cookies.set(SESSION_COOKIE, token)
        assert client.get("/dashboard").headers["location"] == "/login?expired=1"


def test_reviewers_cannot_read_the_audit_log(running: RunningConsole) -> None:
    with running.client() as client:
        log_in(client, *REVIEWER)
        response = client.get("/audit")
    assert response.status_code == 403 and "admin" in response.text


def test_old_attempts_and_idle_sessions_are_cleaned_up_at_login(settings: Settings) -> None:
    import sqlalchemy as sa

    from console.schema import login_attempts, sessions

    engine = writable_engine(settings.console_db_url)
    now = time.time()
    attempt_login(engine, settings, "nobody", "wrong", "10.0.0.5", now - 2 * 24 * 3600)
    user = attempt_login(engine, settings, ADMIN[0], ADMIN[1], "10.0.0.5", now - 3600).user
    start_session(engine, user, now=now - 3600)
    attempt_login(engine, settings, ADMIN[0], ADMIN[1], "10.0.0.5", now)
    with engine.connect() as connection:
        attempts = connection.execute(sa.select(login_attempts.c.at)).scalars().all()
        open_sessions = connection.execute(sa.select(sa.func.count()).select_from(sessions))
        assert sorted(attempts) == [now - 3600, now] and open_sessions.scalar_one() == 0


def test_create_user_command(tmp_path) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo),
           "CONSOLE_DB_URL": f"sqlite:///{tmp_path / 'console.db'}"}

    def run(*args: str, password: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "console.manage", "create-user", *args],
            cwd=repo, env={**env, "CONSOLE_NEW_PASSWORD": password}, capture_output=True,
            text=True, timeout=300,
        )

    weak = run("first.admin", "--role", "admin", password="short")
    assert weak.returncode == 1 and "12 characters" in weak.stderr
    made = run("first.admin", "--role", "admin", password="a-good-long-password")
    assert made.returncode == 0 and "Created admin account 'first.admin'" in made.stdout
    again = run("first.admin", "--role", "reviewer", password="another-long-password")
    assert again.returncode == 1 and "already" in again.stderr
    engine = writable_engine(f"sqlite:///{tmp_path / 'console.db'}")
    settings = Settings(tracker_db_url="sqlite://", booking_db_url="sqlite://",
                        console_db_url=str(engine.url))
    user = attempt_login(engine, settings, "first.admin", "a-good-long-password", "127.0.0.1").user
    assert user is not None and user.is_admin
