"""The audit log: every login, view, reveal, export and deletion leaves an entry, for good."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from console_harness import ADMIN, REVIEWER, csrf_of, log_in

from console import audit
from console.db import writable_engine


def actions_of(settings) -> list:
    engine = writable_engine(settings.console_db_url)
    return [(e.username, e.action, e.target, e.detail) for e in reversed(audit.entries(engine))]


def test_logins_views_reveals_and_exports_are_recorded(conversations, settings, running) -> None:
    with running.client() as client:
        log_in(client, REVIEWER[0], "wrong password!")
        log_in(client, *REVIEWER)
        client.get("/conversations", params={"crisis": "1"})
        client.get("/conversation", params={"id": "family-jake"})
        client.get("/export", params={"format": "jsonl"})
        page = client.get("/dashboard")
        client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    with running.client() as client:
        log_in(client, *ADMIN)
        page = client.get("/conversation", params={"id": "family-jake"})
        client.post("/conversation/reveal", data={
            "csrf_token": csrf_of(page.text), "sender_id": "family-jake",
            "reason": "Returning the mother's call"})
        client.get("/audit")
    entries = actions_of(settings)
    reviewer = REVIEWER[0]
    assert (reviewer, "login_failed", None, "invalid") in entries
    assert (reviewer, "login", None, None) in entries
    assert (reviewer, "view_list", None, "crisis=1") in entries
    assert (reviewer, "view_transcript", "family-jake", None) in entries
    assert any(e[:2] == (reviewer, "export") and "masked" in e[3] for e in entries)
    assert (reviewer, "logout", None, "sessions ended: 1") in entries
    assert (ADMIN[0], "reveal", "family-jake", "Returning the mother's call") in entries
    assert (ADMIN[0], "view_audit", None, None) in entries


def test_search_terms_are_not_written_to_the_audit_log(conversations, settings, running) -> None:
    with running.client() as client:
        log_in(client, *REVIEWER)
        client.get("/conversations", params={"q": "Samuel", "crisis": "1"})
        client.get("/export", params={"format": "csv", "q": "Samuel"})
    entries = actions_of(settings)
    assert (REVIEWER[0], "view_list", None, "crisis=1&q=[search, 6 characters]") in entries
    assert any(e[1] == "export" and e[2] == "q=[search, 6 characters]" for e in entries)
    assert not any("samuel" in str(entry).lower() for entry in entries)


def test_admins_read_the_log_in_the_browser(conversations, running) -> None:
    with running.client() as client:
        log_in(client, *ADMIN)
        client.get("/conversation", params={"id": "crisis-1"})
        html = client.get("/audit").text
    assert "view_transcript" in html and "crisis-1" in html and ADMIN[0] in html


def test_a_huge_page_number_is_the_last_page_with_the_security_headers(
    conversations, running
) -> None:
    with running.client() as client:
        log_in(client, *ADMIN)
        page = client.get("/audit", params={"page": str(10**30)})
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_database_refuses_to_change_or_delete_entries(settings) -> None:
    engine = writable_engine(settings.console_db_url)
    audit.record(engine, "someone", "login")
    before = audit.entries(engine)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE audit_log SET username = 'nobody'"))
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM audit_log"))
    # Untouched: the new entry and the accounts the fixture created (audited as well).
    assert audit.entries(engine) == before and before[0].username == "someone"
    assert [e.action for e in before] == ["login", "create_user", "create_user"]


def test_unknown_actions_are_a_programming_error(settings) -> None:
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit.record(writable_engine(settings.console_db_url), "x", "tamper")
