"""The calendar link the bot gives works, in the `make run` profile: book through the chat,
follow the link over HTTP, read the file.

The services start with the same start_* functions as `make run` (scripts/services.sh),
including start_calendar, and the link's address is the default the action server builds
(no BOOKING_PUBLIC_URL), so this is the link a family gets from `make run`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from booking.config import load_config
from booking.display import when_label
from family_guide.channels.sender_ids import new_sender_id
from harness.chat_booking import (
    ChatBooking,
    book_through_chat,
    fetch_calendar,
    only_event,
    treatment_words,
)
from harness.live_bot import LiveBot, prepare_bot

pytestmark = pytest.mark.live

READY_TIMEOUT_S = 600  # a loaded 2-core machine can take minutes to load the model


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBot]:
    work = tmp_path_factory.mktemp("calendar-live")
    live = prepare_bot(work, work / "logs", extra_ports=("calendar",),
                       env={"BOOKING_DB_URL": f"sqlite:///{work / 'bookings.db'}"})
    live.start(extra_script="start_calendar",
               ready_urls=(f"{live.url('calendar')}/healthz",), limit_s=READY_TIMEOUT_S)
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def discreet(bot: LiveBot) -> ChatBooking:
    return book_through_chat(bot.say, new_sender_id("calendar-discreet"), "discreet")


def test_the_link_is_served_where_make_run_says_and_is_a_valid_event(
    bot: LiveBot, discreet: ChatBooking
) -> None:
    link = discreet.calendar_link
    assert link.startswith(f"http://localhost:{bot.ports['calendar']}/ics/")
    response = fetch_calendar(link)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["cache-control"] == "no-store"
    event = only_event(response.content)
    # The time the family picked and the bot confirmed is the time in their calendar.
    start = event.decoded("dtstart")
    assert when_label(start, load_config()) == discreet.picked
    assert discreet.picked in discreet.confirmation
    assert (event.decoded("dtend") - start).total_seconds() == 45 * 60  # a TMS consultation
    code = re.search(r"\*\*(\w+)\*\*", discreet.confirmation).group(1)
    assert str(event["uid"]) == f"{code}@family-guide"


def test_a_discreet_booking_says_nothing_of_what_it_is_for(discreet: ChatBooking) -> None:
    ics = fetch_calendar(discreet.calendar_link).content
    assert treatment_words(ics) == []
    assert str(only_event(ics)["summary"]) == "Appointment — Family Guide Clinic"


def test_a_detailed_booking_names_the_appointment(bot: LiveBot) -> None:
    """The discretion check can fail: the family who chose details gets them."""
    detailed = book_through_chat(bot.say, new_sender_id("calendar-detailed"), "detailed")
    ics = fetch_calendar(detailed.calendar_link).content
    assert "TMS" in treatment_words(ics)
    assert str(only_event(ics)["summary"]).startswith("TMS consultation")


def test_the_link_opens_only_its_own_booking(bot: LiveBot, discreet: ChatBooking) -> None:
    other = book_through_chat(bot.say, new_sender_id("calendar-other"), "discreet")
    mine, theirs = discreet.calendar_link, other.calendar_link
    token = mine.split("?t=")[1]
    their_code = theirs.split("/ics/")[1].split("?")[0]
    base = mine.split("/ics/")[0]
    wrong = [f"{base}/ics/{their_code}?t={token}", mine[:-1], mine.split("?")[0],
             f"{base}/ics/ZZZZZZ?t={token}"]
    refusals = [fetch_calendar(url) for url in wrong]
    assert [r.status_code for r in refusals] == [404] * len(wrong)
    assert len({r.text for r in refusals}) == 1  # the same answer: nothing tells codes apart
    assert fetch_calendar(theirs).status_code == 200


def test_the_calendar_log_never_holds_a_link_token(bot: LiveBot, discreet: ChatBooking) -> None:
    fetch_calendar(discreet.calendar_link)
    token = discreet.calendar_link.split("?t=")[1]
    log = (bot.log_dir / "calendar.log").read_text(encoding="utf-8")
    assert token not in log
