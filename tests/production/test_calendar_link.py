"""The calendar link works in the production profile: booked through nginx's public chat
endpoint, the link the bot gives points at nginx, which passes /ics/ to the calendar service
and logs the path without the link's token."""

from __future__ import annotations

import re

import pytest

from booking.config import load_config
from booking.display import when_label
from family_guide.channels.sender_ids import new_sender_id
from harness.chat_booking import book_through_chat, fetch_calendar, only_event, treatment_words
from harness.live_bot import free_port
from harness.stack import Stack

pytestmark = pytest.mark.live

# Free ports of its own, so this module can run beside another production test.
STACK_ENV = {
    "RASA_PORT": str(free_port()),
    "RASA_REPLICA_PORTS": f"{free_port()} {free_port()}",
    **{name: str(free_port()) for name in ("ACTIONS_PORT", "WIDGET_PORT", "CONSOLE_PORT",
                                           "CALENDAR_PORT", "PG_PORT", "REDIS_PORT")},
}


def test_a_booking_made_through_nginx_links_a_calendar_file_served_through_nginx(
    stack: Stack,
) -> None:
    booked = book_through_chat(stack.say, new_sender_id("prod-calendar"), "discreet")
    link = booked.calendar_link
    nginx = f"http://localhost:{stack.settings['RASA_PORT']}"
    assert stack.settings["BOOKING_PUBLIC_URL"] == nginx
    assert link.startswith(f"{nginx}/ics/")

    response = fetch_calendar(link)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    event = only_event(response.content)
    assert when_label(event.decoded("dtstart"), load_config()) == booked.picked
    assert treatment_words(response.content) == []

    token = link.split("?t=")[1]
    assert fetch_calendar(link.replace(token, "not-the-token")).status_code == 404
    code = re.search(r"\*\*(\w+)\*\*", booked.confirmation).group(1)
    access_log = (stack.folder / "run" / "nginx-access.log").read_text(encoding="utf-8")
    assert f'"GET /ics/{code}"' in access_log
    assert token not in access_log
