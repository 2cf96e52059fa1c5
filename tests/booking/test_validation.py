"""Reading what people type: phone numbers, emails, names, yes/no, codes and days."""

from __future__ import annotations

from datetime import date

import pytest

from booking.codes import CODE_ALPHABET, new_booking_code, normalise_code
from booking.dates import parse_day
from booking.validation import (
    clean_name,
    contact_matches,
    parse_contact,
    parse_email,
    parse_phone,
    parse_yes_no,
)

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("410-555-0134", "+14105550134"),
        ("(410) 555 0134", "+14105550134"),
        ("+1 410.555.0134", "+14105550134"),
        ("call me at 4105550134 after 5", "+14105550134"),
        ("1-443-555-0188", "+14435550188"),
        ("555-0134", None),  # no area code
        ("012-555-0134", None),  # area codes never start with 0 or 1
        ("410-155-0134", None),  # nor do exchanges
        ("911-555-0134", None),  # N11 codes are not area codes
        ("999-999-9999", None),
        ("41055501345678", None),
        ("", None),
    ],
)
def test_parse_phone(text, expected):
    assert parse_phone(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("dana@example.org", "dana@example.org"),
        ("it's Dana.Reyes+clinic@Example.ORG thanks", "Dana.Reyes+clinic@example.org"),
        ("dana@", None),
        ("dana@example", None),
        ("dana..reyes@example.org", None),
        ("@example.org", None),
        ("a" * 70 + "@example.org", None),
    ],
)
def test_parse_email(text, expected):
    assert parse_email(text) == expected


@pytest.mark.parametrize(
    "text, phone, email, problem",
    [
        ("410 555 0134 or dana@example.org", "+14105550134", "dana@example.org", None),
        ("555-0100", None, None, "bad_phone"),
        ("dana at gmail", None, None, "missing"),
        ("dana@gmail", None, None, "bad_email"),
    ],
)
def test_parse_contact(text, phone, email, problem):
    contact = parse_contact(text)
    assert (contact.phone, contact.email, contact.problem) == (phone, email, problem)


@pytest.mark.parametrize(
    "given, matches",
    [
        ("410.555.0134", True),
        ("DANA@example.org", True),
        ("410 555 0135", False),
        ("someone@example.org", False),
        ("", False),
    ],
)
def test_contact_matches(given, matches):
    assert contact_matches(given, "+14105550134", "dana@example.org") is matches


@pytest.mark.parametrize(
    "text, value, problem",
    [
        ("Dana", "Dana", None),
        ("my name is Dana Reyes", "Dana Reyes", None),
        ("I'm  Zoë O'Neil-Smith", "Zoë O'Neil-Smith", None),
        ("李小龙", "李小龙", None),
        ("A" * 500, None, "too_long"),
        ("😀😀😀", None, "letters_only"),
        ("Dana 😀", None, "letters_only"),
        ("R2D2", None, "letters_only"),
        ("   ", None, "missing"),
        ("how much does this cost?", None, "not_a_name"),
        ("I am not sure what you want from me here", None, "not_a_name"),
    ],
)
def test_clean_name(text, value, problem):
    result = clean_name(text)
    assert (result.value, result.problem) == (value, problem)


@pytest.mark.parametrize(
    "text, intent, confidence, expected",
    [
        ("yes", None, 0.0, True), ("Yeah!", None, 0.0, True), ("ok", None, 0.0, True),
        ("yes that works", None, 0.0, True),
        ("no", None, 0.0, False), ("nope", None, 0.0, False), ("no thanks", None, 0.0, False),
        ("sure thing", "affirm", 0.95, True), ("i'd rather not", "deny", 0.95, False),
        ("/affirm", "affirm", 1.0, True),
        ("purple", None, 0.0, None),
        # Never a yes before something that cannot be undone:
        ("huh?", "affirm", 0.95, None), ("ok?", "affirm", 0.95, None), ("yes?", None, 0.0, None),
        ("what", "affirm", 0.4, None), ("maybe", "affirm", 0.6, None),
        ("👍", "affirm", 0.95, None), ("yesterday", None, 0.0, None),
    ],
)
def test_parse_yes_no(text, intent, confidence, expected):
    assert parse_yes_no(text, intent, confidence) is expected


@pytest.mark.parametrize(
    "text, soonest, day, problem",
    [
        ("soonest", True, None, None),
        ("as soon as possible please", True, None, None),
        ("", True, None, None),
        ("tomorrow", False, date(2026, 11, 26), None),
        ("today", False, TODAY, None),
        ("Friday", False, date(2026, 11, 27), None),
        ("next tuesday-ish", False, date(2026, 12, 1), None),
        ("wednesday", False, date(2026, 12, 2), None),  # today is Wednesday: the next one
        ("Dec 3", False, date(2026, 12, 3), None),
        ("December 3rd", False, date(2026, 12, 3), None),
        ("12/3", False, date(2026, 12, 3), None),
        ("2026-12-03", False, date(2026, 12, 3), None),
        ("Jan 5", False, date(2027, 1, 5), None),  # the next January 5
        ("the 3rd", False, date(2026, 12, 3), None),
        ("Nov 20", False, None, "past"),
        ("2025-12-01", False, None, "past"),
        ("yesterday", False, None, "past"),
        ("February 30", False, None, "no_such_date"),
        ("13/45", False, None, "no_such_date"),
        ("when the stars align", False, None, "unclear"),
        ("🙂", False, None, "unclear"),
    ],
)
def test_parse_day(text, soonest, day, problem):
    choice = parse_day(text, TODAY)
    assert (choice.soonest, choice.day, choice.problem) == (soonest, day, problem)


def test_codes_are_readable_and_found_in_what_people_type():
    codes = {new_booking_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 6 and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01OIL5S") & set(CODE_ALPHABET)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("K7Q3MX", "K7Q3MX"),
        ("k7q-3mx", "K7Q3MX"),
        ("my code is K7Q 3MX thanks", "K7Q3MX"),
        ("K7Q3M", None),
        ("hello there", None),
        ("", None),
    ],
)
def test_normalise_code(text, expected):
    assert normalise_code(text) == expected
