"""Staff logins and sessions: argon2 hashing, throttling, idle and absolute logoff, logout,
cookies and CSRF. (Account management and passwords: test_console_accounts.py.)"""

from __future__ import annotations

import re
import time
from dataclasses import replace

import pytest
from console_harness import ADMIN, REVIEWER, RunningConsole, csrf_of, log_in, serve

from console.auth import (
    attempt_login,
    hash_password,
    resume_session,
    start_session,
    verify_password,
)
from console.config import Settings
from console.db import writable_engine
from console.routes_auth import INVALID, THROTTLED, failure_message
from console.web import SESSION_COOKIE


def test_passwords_are_stored_as_salted_argon2id_hashes() -> None:
    first, second = hash_password("a long passphrase"), hash_password("a long passphrase")
    assert first.startswith("$argon2id$") and first != second
    assert "a long passphrase" not in first
    assert verify_password(first, "a long passphrase")
    assert not verify_password(first, "a long passphrasE")
    assert not verify_password("not a hash", "anything")


def test_five_wrong_passwords_only_slow_down_that_name_from_that_address(
        settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    now = time.time()
    reasons = [
        attempt_login(engine, settings, REVIEWER[0], "wrong", "10.0.0.1", now + i).reason
        for i in range(5)
    ]
    assert reasons == ["invalid"] * 5
    # The right password right away from the same computer: wait half a minute, not 15.
    soon = attempt_login(engine, settings, REVIEWER[0], REVIEWER[1], "10.0.0.1", now + 5)
    assert soon.user is None and soon.reason == "throttled"
    assert 0 < soon.wait_seconds <= settings.throttle_base_seconds
    # From another computer the real user is not held up at all...
    assert attempt_login(engine, settings, REVIEWER[0], REVIEWER[1], "10.0.0.2", now + 5).user
    # ...and on the first computer the wait is over after those seconds.
    later = now + 4 + settings.throttle_base_seconds + 1
    assert attempt_login(engine, settings, REVIEWER[0], REVIEWER[1], "10.0.0.1", later).user


def test_delays_double_up_to_the_maximum_and_waiting_tries_do_not_count(
        settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    at = time.time()
    for _ in range(settings.free_failed_logins):
        at += 1
        attempt_login(engine, settings, ADMIN[0], "wrong", "10.6.6.6", at)
    waits = []
    for _ in range(8):
        at += 1
        result = attempt_login(engine, settings, ADMIN[0], "wrong", "10.6.6.6", at)
        assert result.reason == "throttled"
        # Hammering while throttled neither checks the password nor extends the wait.
        again = attempt_login(engine, settings, ADMIN[0], ADMIN[1], "10.6.6.6", at + 0.5)
        assert again.user is None and again.wait_seconds == pytest.approx(result.wait_seconds - 0.5)
        waits.append(round(result.wait_seconds + 1))
        at += result.wait_seconds + 0.01
        after_the_wait = attempt_login(engine, settings, ADMIN[0], "wrong", "10.6.6.6", at)
        assert after_the_wait.reason == "invalid"
    assert waits == [30, 60, 120, 240, 480, 900, 900, 900]


def test_an_attacker_elsewhere_cannot_keep_the_admin_out(settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    now = time.time()
    for i in range(60):
        attempt_login(engine, settings, ADMIN[0], f"guess {i}", "203.0.113.9", now + i * 60)
    admin = attempt_login(engine, settings, ADMIN[0], ADMIN[1], "10.0.0.1", now + 3600)
    assert admin.user is not None and admin.user.is_admin


def test_one_address_failing_for_many_names_does_not_lock_out_staff_behind_it(
        settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    now = time.time()
    for i in range(50):
        attempt_login(engine, settings, f"guess{i}", "wrong", "10.9.9.9", now + i)
    assert attempt_login(engine, settings, ADMIN[0], ADMIN[1], "10.9.9.9", now + 51).user
    assert attempt_login(engine, settings, REVIEWER[0], REVIEWER[1], "10.9.9.9", now + 52).user


def test_a_success_clears_the_count(settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    now = time.time()
    for i in range(4):
        attempt_login(engine, settings, REVIEWER[0], "wrong", "10.0.0.1", now + i)
    assert attempt_login(engine, settings, REVIEWER[0], REVIEWER[1], "10.0.0.1", now + 5).user
    for i in range(4):
        attempt_login(engine, settings, REVIEWER[0], "wrong", "10.0.0.1", now + 6 + i)
    assert attempt_login(engine, settings, REVIEWER[0], REVIEWER[1], "10.0.0.1", now + 11).user


def test_sessions_end_after_fifteen_idle_minutes(settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    user = attempt_login(engine, settings, ADMIN[0], ADMIN[1], "127.0.0.1").user
    assert user is not None
    start = time.time()
    token, _ = start_session(engine, user, now=start)
    idle = replace(settings, idle_timeout_seconds=900)
    assert resume_session(engine, idle, token, now=start + 14 * 60) is not None
    # Activity pushed the deadline back: 14 more minutes are still fine...
    assert resume_session(engine, idle, token, now=start + 28 * 60) is not None
    # ...but 15 idle minutes end the session for good.
    assert resume_session(engine, idle, token, now=start + 44 * 60) is None
    assert resume_session(engine, idle, token, now=start + 44 * 60 + 1) is None


def test_sessions_end_twelve_hours_after_login_however_active(settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    user = attempt_login(engine, settings, ADMIN[0], ADMIN[1], "127.0.0.1").user
    start = time.time()
    token, _ = start_session(engine, user, now=start)
    assert settings.session_lifetime_seconds == 12 * 3600
    for minute in range(10, 12 * 60, 10):  # busy all day, never idle for long
        assert resume_session(engine, settings, token, now=start + minute * 60) is not None
    assert resume_session(engine, settings, token, now=start + 12 * 3600 + 60) is None


def test_an_expired_session_sends_the_browser_to_the_login_page(settings: Settings) -> None:
    for running in serve(replace(settings, session_lifetime_seconds=2)):
        with running.client() as client:
            log_in(client, *REVIEWER)
            assert client.get("/dashboard").status_code == 200
            time.sleep(2.5)
            response = client.get("/dashboard")
            assert response.headers["location"] == "/login?expired=1"
            notice = client.get(response.headers["location"]).text
            assert "15 minutes without activity" in notice
            assert "2 seconds after logging in" in notice


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


def _login_message(response) -> str:
    """The error paragraph of a refused login page."""
    match = re.search(r'<p class="error" role="alert">([^<]*)</p>', response.text)
    assert match, response.text
    return match.group(1)


def test_unknown_and_known_names_get_the_same_answer(running: RunningConsole) -> None:
    with running.client() as client:
        known = [log_in(client, REVIEWER[0], f"wrong {i}") for i in range(6)]
        unknown = [log_in(client, "nobody.here", f"wrong {i}") for i in range(6)]
    assert [r.status_code for r in known] == [r.status_code for r in unknown] == [401] * 5 + [429]
    assert {_login_message(r) for r in known[:5] + unknown[:5]} == {INVALID}
    # The seconds left depend on when the request arrives (a slow machine may say 29);
    # the words do not.
    same_words = {re.sub(r"\d+", "N", _login_message(r)) for r in (known[-1], unknown[-1])}
    assert same_words == {THROTTLED.format(wait="N seconds")}
    assert "locked" not in THROTTLED


def test_throttled_answers_are_identical_for_unknown_and_known_names(
        settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    now = time.time()
    answers = {}
    for name in (ADMIN[0], "nobody.here"):
        for i in range(settings.free_failed_logins):
            attempt_login(engine, settings, name, "wrong", "10.0.0.7", now + i)
        answers[name] = attempt_login(engine, settings, name, "wrong", "10.0.0.7", now + 10)
    assert {result.reason for result in answers.values()} == {"throttled"}
    assert len({failure_message(result) for result in answers.values()}) == 1
    assert "wait 24 seconds" in failure_message(answers[ADMIN[0]])  # 30 s after the 5th, at +4


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


def test_logout_ends_the_users_other_sessions_too(running: RunningConsole) -> None:
    with running.client() as office, running.client() as laptop, \
            running.client() as colleague:
        for client, account in ((office, ADMIN), (laptop, ADMIN), (colleague, REVIEWER)):
            log_in(client, *account)
        page = office.get("/dashboard")
        office.post("/logout", data={"csrf_token": csrf_of(page.text)})
        assert laptop.get("/dashboard").headers["location"] == "/login?expired=1"
        assert colleague.get("/dashboard").status_code == 200  # only the admin's sessions


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
