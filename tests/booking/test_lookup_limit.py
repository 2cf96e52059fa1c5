"""The wrong-try limit for changing or cancelling a booking (booking/lookup_limit.py): per code
and per contact, over a day, whichever conversation the tries came from."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from booking.lookup_limit import MAX_FAILED_LOOKUPS, WINDOW, LookupLimit, failed_lookups

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def limit(tmp_path) -> LookupLimit:
    return LookupLimit(sa.create_engine(f"sqlite:///{tmp_path / 'limit.db'}", future=True))


def test_three_misses_on_a_code_stop_it_whatever_contact_comes_next(limit):
    for n in range(MAX_FAILED_LOOKUPS):
        assert not limit.reached("K7Q3MX", f"410 555 01{n:02d}", NOW)
        limit.record_failure("K7Q3MX", f"410 555 01{n:02d}", NOW)
    assert limit.reached("k7q-3mx", "dana@example.org", NOW)
    assert not limit.reached("ABCDEF", "dana@example.org", NOW)


def test_three_misses_with_one_contact_stop_it_on_every_code(limit):
    for code in ("AAAAAA", "BBBBBB", "CCCCCC"):
        limit.record_failure(code, "(410) 555-0134", NOW)
    assert limit.reached("DDDDDD", "410.555.0134", NOW)  # the same phone, written otherwise
    assert not limit.reached("DDDDDD", "410 555 0135", NOW)


def test_misses_older_than_the_window_no_longer_count(limit):
    for _ in range(MAX_FAILED_LOOKUPS):
        limit.record_failure("K7Q3MX", "dana@example.org", NOW - WINDOW - timedelta(minutes=1))
    assert not limit.reached("K7Q3MX", "dana@example.org", NOW)


def test_no_contact_is_stored_in_the_clear(limit):
    limit.record_failure("K7Q3MX", "Dana@Example.org 410-555-0134", NOW)
    with limit.engine.connect() as conn:
        keys = [row.key for row in conn.execute(sa.select(failed_lookups))]
    assert "K7Q3MX" in keys and len(keys) == 3
    assert not any("555" in key or "example" in key.lower() for key in keys)
