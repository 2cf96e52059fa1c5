"""The pages staff use, against real tracker data written by Rasa's SQLTrackerStore."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import yaml
from console_harness import ADMIN, REVIEWER, RunningConsole, csrf_of, log_in
from console_rasa_events import bot, session, slot, user, write_conversations

from console.web import CLINIC_ZONE


@contextmanager
def logged_in(running: RunningConsole, who: tuple = REVIEWER) -> Iterator[httpx.Client]:
    with running.client() as client:
        assert log_in(client, *who).status_code == 303
        yield client


def review(client: httpx.Client, sender_id: str, **fields: str) -> httpx.Response:
    page = client.get("/conversation", params={"id": sender_id})
    return client.post("/conversation/review",
                       data={"csrf_token": csrf_of(page.text), "sender_id": sender_id, **fields})


def test_pages_send_security_headers_and_no_store(conversations, running) -> None:
    with logged_in(running) as client:
        for path in ("/conversations", "/conversation?id=family-jake", "/dashboard", "/login"):
            headers = client.get(path).headers
            csp = headers["content-security-policy"]
            assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
            assert "unsafe-inline" not in csp
            assert headers["cache-control"] == "no-store"
            assert headers["x-content-type-options"] == "nosniff"


def test_list_is_newest_first_with_crisis_triage_on_top(conversations, running) -> None:
    with logged_in(running) as client:
        html = client.get("/conversations").text
    triage = html[html.index('id="triage-title"'):html.index('id="filters"')]
    assert "crisis-1" in triage and "family-jake" not in triage
    table = html[html.index('<table class="list">'):]
    order = [table.index(f"id={sender}") for sender in
             ("crisis-1", "family-jake", "confused-1", "old-1")]
    assert order == sorted(order)


def test_filters_narrow_the_list(conversations, running) -> None:
    def shown(client: httpx.Client, **params: str) -> set:
        table = client.get("/conversations", params=params).text.split('<table class="list">')[1]
        return {s for s in ("crisis-1", "family-jake", "confused-1", "old-1") if f"id={s}" in
                table}

    today = datetime.now(timezone.utc).date()
    with logged_in(running) as client:
        assert shown(client, crisis="1") == {"crisis-1"}
        assert shown(client, low_confidence="1") == {"confused-1"}
        assert shown(client, topic="denial") == {"family-jake"}
        assert shown(client, q="PILLS") == {"family-jake"}
        assert shown(client, q="410-555-0199") == set()  # no looking up contact details
        assert shown(client, date_from=str(today - timedelta(days=5))) == {
            "crisis-1", "family-jake", "confused-1"}
        assert shown(client, date_to=str(today - timedelta(days=30))) == {"old-1"}
        assert shown(client, date_from="not a date", page="x") == {
            "crisis-1", "family-jake", "confused-1", "old-1"}
        review(client, "family-jake", action="add_tag", tag="Follow up")
        review(client, "crisis-1", action="status", status="reviewed")
        assert shown(client, tag="follow up") == {"family-jake"}
        assert shown(client, status="reviewed") == {"crisis-1"}
        assert shown(client, status="unreviewed") == {"family-jake", "confused-1", "old-1"}
        triage = client.get("/conversations").text.split('id="filters"')[0]
        assert "No crisis conversations are waiting" in triage


CALENDAR_TOKEN = "Qx3_abcDEF12-ghiJKL4567"


@pytest.fixture
def more_conversations(settings) -> None:
    """A name only whole-conversation masking hides ("jake"), and a booking with its code."""
    now = time.time()
    write_conversations(Path(settings.tracker_db_url.replace("sqlite:///", "")), {
        "family-2": session(now - 100)
        + user("my son Jake is using again", "denial", 0.9, now - 90)
        + bot("Ketamine infusion therapy is offered here in Annapolis.", "utter_ketamine",
              now - 89)
        + user("jake won't answer his phone", "denial", 0.9, now - 80),
        "booked-1": session(now - 60)
        + slot("booking_code", "HUNTER", now - 51)
        + bot("Your booking code is **HUNTER**. [Add it to your calendar](http://localhost:8081"
              f"/ics/HUNTER?t={CALENDAR_TOKEN})", "utter_booking_booked", now - 50)
        + user("can i move hunter to friday", "booking_manage", 0.9, now - 40)
        + slot("booking_manage_code", "hunter", now - 39),
    })


def test_booking_codes_and_calendar_tokens_are_hidden_from_reviewers(
    more_conversations, running
) -> None:
    with logged_in(running) as client:
        html = client.get("/conversation", params={"id": "booked-1"}).text
    assert "hunter" not in html.lower() and CALENDAR_TOKEN not in html
    assert "/ics/[CODE]?t=[LINK]" in html and "can i move [CODE] to friday" in html


def test_search_finds_only_what_the_transcript_shows(more_conversations, running) -> None:
    def found(client: httpx.Client, q: str) -> bool:
        table = client.get("/conversations", params={"q": q}).text.split(
            '<table class="list">')
        return len(table) > 1 and "id=family-2" in table[1]

    with logged_in(running) as client:
        html = client.get("/conversation", params={"id": "family-2"}).text
        assert "jake" not in html.lower() and "[NAME] won&#39;t answer his phone" in html
        assert not found(client, "Jake") and not found(client, "jake won")
        assert found(client, "answer his phone") and found(client, "[NAME] won")
        assert found(client, "ketamine") and found(client, "Annapolis")  # clinic words stay
        export = client.get("/export", params={"format": "csv", "q": "Jake"}).text
        assert "family-2" not in export


def test_transcript_masks_personal_data_and_shows_nlu(conversations, running) -> None:
    with logged_in(running) as client:
        html = client.get("/conversation", params={"id": "family-jake"}).text
    assert "Jake" not in html and "410-555-0199" not in html
    assert "My son [NAME] won&#39;t stop using pills, call me at [PHONE]" in html
    assert "denial" in html and "(0.91)" in html and "substance=opioids" in html
    assert "utter_denial" in html and "You are not alone." in html


def test_the_crisis_sentence_is_highlighted_and_the_letter_still_masked(
    conversations, running
) -> None:
    with logged_in(running) as client:
        html = client.get("/conversation", params={"id": "crisis-1"}).text
    assert "Samuel" not in html and "My son [NAME] drinks." in html
    assert ('<mark class="crisis-sign" title="The crisis safety net found a danger sign in this '
            'sentence">he says he wants to die &lt;script&gt;') in html


def test_user_typed_script_is_escaped_everywhere(conversations, running) -> None:
    with logged_in(running, ADMIN) as client:
        review(client, "crisis-1", action="note", note="<script>alert('note')</script>")
        pages = [
            client.get("/conversations").text,
            client.get("/conversation", params={"id": "crisis-1"}).text,
        ]
    for html in pages:
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(" in html
    assert pages[0].count("<script") == 1  # only our own /static/console.js


def test_reveal_needs_an_admin_and_a_reason(conversations, running) -> None:
    with logged_in(running) as client:
        page = client.get("/conversation", params={"id": "family-jake"})
        assert "Reveal this conversation" not in page.text
        refused = client.post("/conversation/reveal", data={
            "csrf_token": csrf_of(page.text), "sender_id": "family-jake",
            "reason": "I am curious today"})
        assert refused.status_code == 403
    with logged_in(running, ADMIN) as client:
        page = client.get("/conversation", params={"id": "family-jake"})
        token = csrf_of(page.text)
        no_reason = client.post("/conversation/reveal",
                                data={"csrf_token": token, "sender_id": "family-jake"})
        assert no_reason.status_code == 400 and "410-555-0199" not in no_reason.text
        shown = client.post("/conversation/reveal", data={
            "csrf_token": token, "sender_id": "family-jake",
            "reason": "Calling the mother back about her request"})
        assert shown.status_code == 200
        assert "410-555-0199" in shown.text and "Jake" in shown.text
        assert shown.headers["cache-control"] == "no-store"


def test_tags_notes_status_and_removal(conversations, running) -> None:
    with logged_in(running) as client:
        assert review(client, "family-jake", action="add_tag", tag="pricing").status_code == 303
        assert review(client, "family-jake", action="note", note="Asked about cost").status_code \
            == 303
        assert review(client, "family-jake", action="status", status="flagged").status_code \
            == 303
        html = client.get("/conversation", params={"id": "family-jake"}).text
        assert "pricing" in html and "Asked about cost" in html
        assert '<span id="review-status">flagged</span>' in html
        review(client, "family-jake", action="remove_tag", tag="pricing")
        bad = review(client, "family-jake", action="add_tag", tag="!!!")
        assert bad.status_code == 400 and "Tags are" in bad.text
        html = client.get("/conversation", params={"id": "family-jake"}).text
        assert 'class="tag-name">pricing' not in html


def test_corrections_export_as_rasa_nlu_yaml(conversations, running, tmp_path: Path) -> None:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    with logged_in(running) as client:
        html = client.get("/conversation", params={"id": "family-jake"}).text
        event_id = html.split('name="event_id" value="')[1].split('"')[0]
        saved = review(client, "family-jake", action="correct", event_id=event_id,
                       intent="cost_insurance")
        assert saved.status_code == 303
        assert review(client, "family-jake", action="correct", event_id="999999",
                      intent="greet").status_code == 400
        exported = client.get("/corrections.yml")
    assert exported.status_code == 200
    data = RasaYAMLReader().reads(exported.text)
    examples = [(m.get("intent"), m.get("text")) for m in data.intent_examples]
    assert examples == [
        ("cost_insurance", "My son [NAME] won't stop using pills, call me at [PHONE]")]
    assert "410-555" not in exported.text
    assert yaml.safe_load(exported.text)["version"] == "3.1"


def test_exports_are_masked_unless_an_admin_gives_a_reason(conversations, running) -> None:
    with logged_in(running) as client:
        csv_text = client.get("/export", params={"format": "csv", "topic": "denial"}).text
        lines = csv_text.strip().splitlines()
        assert lines[0].startswith("sender_id,") and len(lines) == 2
        assert "[PHONE]" in csv_text and "410-555-0199" not in csv_text
        jsonl = client.get("/export", params={"format": "jsonl", "crisis": "1"}).text
        rows = [json.loads(line) for line in jsonl.splitlines()]
        assert [r["sender_id"] for r in rows] == ["crisis-1"] and rows[0]["crisis"] is True
        assert client.get("/export", params={"format": "xls"}).status_code == 400
    with logged_in(running, ADMIN) as client:
        token = csrf_of(client.get("/conversations").text)
        plain = client.post("/export", data={"csrf_token": token, "format": "csv",
                                             "topic": "denial",
                                             "reason": "Clinical review of the callback"})
        assert "410-555-0199" in plain.text


def test_dashboard_draws_charts_as_inline_svg(conversations, running) -> None:
    with logged_in(running) as client:
        html = client.get("/dashboard").text
    # Five charts; the bookings one is empty here and says so instead of drawing nothing.
    assert html.count("<figure") == 5 and html.count("<svg") == 4 and "<rect" in html
    assert "Nothing to show yet." in html.split("with a booking per day")[1]
    assert "<strong>4</strong> conversations" in html
    assert "<strong>1</strong> crisis conversations" in html


def test_bookings_page_says_kindly_when_there_is_no_store(conversations, running) -> None:
    with logged_in(running) as client:
        response = client.get("/bookings")
    assert response.status_code == 200
    assert "no bookings to show yet" in response.text


def test_bookings_and_callbacks_from_the_booking_store(conversations, settings, running) -> None:
    from booking.slots import Slot
    from booking.store import BookingRequest, BookingStore, make_engine

    store = BookingStore(make_engine(settings.booking_db_url))
    start = datetime.now(CLINIC_ZONE).replace(hour=10, minute=0, second=0, microsecond=0)
    start = (start + timedelta(days=2)).astimezone(timezone.utc)
    config_type = next(iter(store.config.appointment_types.values()))
    store.book(
        BookingRequest(config_type.key, "loved_one", "Dana Parent", "Sam", "+14105550111",
                       "dana@example.com", True, "discreet", sender_id="family-jake"),
        Slot(config_type.key, config_type.resource, start,
             start + timedelta(minutes=config_type.duration_minutes)),
    )
    request_id = store.add_callback_request("Dana Parent", "+14105550111", None, "after 5pm",
                                            True, sender_id="crisis-1")
    store.engine.dispose()
    with logged_in(running) as client:
        html = client.get("/bookings").text
        assert "Dana" not in html and "+14105550111" not in html and "[PHONE]" in html
        assert "id=family-jake" in html and "id=crisis-1" in html
        open_section = html.split('id="open-callbacks"')[1].split("</table>")[0]
        assert "after 5pm" in open_section
        done = client.post("/callbacks/status", data={
            "csrf_token": csrf_of(html), "request_id": str(request_id), "status": "called_back"})
        assert done.status_code == 303
        html = client.get("/bookings").text
        assert "No open callback requests." in html and "Recently called back" in html
        table = client.get("/conversations", params={"booking": "1"}).text.split(
            '<table class="list">')[1]
        assert "id=family-jake" in table and "id=crisis-1" not in table
        assert '<span class="flag booking">booking</span>' in table
    with logged_in(running, ADMIN) as client:
        token = csrf_of(client.get("/bookings").text)
        refused = client.post("/bookings/reveal", data={"csrf_token": token, "reason": "x"})
        assert refused.status_code == 400 and "+14105550111" not in refused.text
        shown = client.post("/bookings/reveal", data={
            "csrf_token": token, "reason": "Calling Dana back as she asked"})
        assert "+14105550111" in shown.text and "Dana Parent" in shown.text
        assert "recorded in the audit log" in shown.text
