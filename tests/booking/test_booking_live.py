"""Booking through the real bot: the trained model, Rasa's form loop and the action server.

The same start_* functions as `make run` (scripts/services.sh) start the action server and
Rasa on free loopback ports, with the booking store in a temporary SQLite file. Messages go
through the REST channel exactly as the widget sends them. Uses the model `make test`
trains (models/family-guide.tar.gz) or $FG_MODEL.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import List

import pytest

from booking.config import load_config
from booking.ics import ics_for_link
from booking.store import BookingStore, make_engine

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 600  # a loaded 2-core machine can take minutes to load the model
START = """
set -u
source scripts/env.sh
source scripts/services.sh
trap 'stop_services; exit 0' TERM INT
start_action_server
start_rasa "$FG_MODEL"
wait
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str, body: bytes | None = None) -> bool:
    request = urllib.request.Request(url, data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


class Bot:
    def __init__(self, url: str, store: BookingStore) -> None:
        self.url = url
        self.store = store

    def say(self, sender: str, text: str) -> List[dict]:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(self.url + "/webhooks/rest/webhook", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)

    def text(self, sender: str, message: str) -> str:
        return "\n".join(m.get("text") or "" for m in self.say(sender, message))


def pick(choice: str) -> str:
    return "/booking_pick" + json.dumps({"booking_choice": choice}, separators=(",", ":"))


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    model = Path(os.environ.get("FG_MODEL") or REPO / "models" / "family-guide.tar.gz")
    if not model.is_file():
        raise RuntimeError(f"No trained model at {model}: run `make train` or set FG_MODEL.")
    work = tmp_path_factory.mktemp("booking-live")
    rasa_port, actions_port = free_port(), free_port()
    (work / "endpoints.yml").write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n',
        encoding="utf-8")
    database = f"sqlite:///{work / 'bookings.db'}"
    env = {**os.environ, "RASA_PORT": str(rasa_port), "ACTIONS_PORT": str(actions_port),
           "FG_MODEL": str(model.resolve()), "ENDPOINTS": str(work / "endpoints.yml"),
           "LOG_DIR": str(work / "logs"), "RASA_TOKEN": secrets.token_urlsafe(24),
           "BOOKING_DB_URL": database, "BOOKING_PUBLIC_URL": "http://calendar.test"}
    process = subprocess.Popen(["bash", "-c", START], cwd=REPO, env=env,
                               start_new_session=True)
    url = f"http://127.0.0.1:{rasa_port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not (answers(f"http://127.0.0.1:{actions_port}/health")
                   and answers(url + "/webhooks/rest/webhook",
                               b'{"sender": "warm-up", "message": "hi"}')):
            if process.poll() is not None or time.monotonic() > deadline:
                logs = "\n".join(p.read_text(errors="replace")[-3000:]
                                 for p in (work / "logs").glob("*.log"))
                raise RuntimeError(f"the bot did not come up:\n{logs}")
            time.sleep(2)
        yield Bot(url, BookingStore(make_engine(database), load_config()))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_book_then_cancel_through_the_bot(bot):
    person = "live-booking"
    first = bot.text(person, "could I book a TMS consultation for my son?")
    assert "for you, or for your loved one" in first  # the type was named: not asked again
    bot.text(person, pick("loved_one"))
    assert "name" in bot.text(person, "😀😀😀").lower()  # re-asked kindly
    bot.text(person, "Rosa")
    bot.text(person, "Mateo")
    assert "doesn't look right" in bot.text(person, "555-0100")
    bot.text(person, "410 555 0166")
    offer = bot.say(person, "soonest")
    assert offer[-1]["buttons"][0]["payload"] == pick("1")
    bot.text(person, pick("1"))
    bot.text(person, "yes")
    summary = bot.text(person, pick("discreet"))
    assert "TMS consultation" in summary and "Mateo" in summary
    assert bot.store.active_bookings() == []
    booked = bot.text(person, "yes")
    [saved] = bot.store.active_bookings()
    assert saved.code in booked and saved.sender_id == person
    assert saved.appointment_type == "tms_consult" and saved.consent_given_by == "family_member"
    token = re.search(r"http://calendar\.test/ics/\w+\?t=([\w-]+)", booked).group(1)
    assert b"SUMMARY:Appointment" in ics_for_link(saved.code, token, bot.store)
    bot.text(person, "yes")  # a second yes books nothing more
    assert len(bot.store.active_bookings()) == 1

    other = "live-manage"
    bot.text(other, "I need to cancel my appointment")
    bot.text(other, saved.code.lower())
    assert "Found it" in bot.text(other, "(410) 555-0166")
    bot.text(other, pick("cancel"))
    assert "cancelled" in bot.text(other, "yes")
    assert bot.store.by_code(saved.code).status == "cancelled"
    kinds = [n["kind"] for n in bot.store.notifications()]
    assert kinds == ["booking_created", "booking_cancelled"]


def test_stop_leaves_cleanly_and_a_crisis_is_answered_first(bot):
    person = "live-stop"
    bot.text(person, "I want to book an appointment")
    bot.text(person, pick("family_call"))
    assert "Nothing was booked" in bot.text(person, "stop")
    crisis = "live-crisis"
    bot.text(crisis, "I'd like to book the free family call")
    reply = bot.text(crisis, "my son says he wants to kill himself")
    assert "988" in reply
    assert bot.store.active_bookings() == []


def test_callback_request_through_the_bot(bot):
    person = "live-callback"
    bot.text(person, "can I talk to a real person please")
    bot.text(person, "Rosa")
    bot.text(person, "rosa@example.org")
    bot.text(person, "weekday mornings")
    reply = bot.text(person, "yes")
    assert "clinic" in reply and "911" in reply
    [request] = bot.store.callback_requests()
    assert request.email == "rosa@example.org" and request.sender_id == person
