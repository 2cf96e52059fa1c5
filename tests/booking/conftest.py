"""Fixtures for the booking tests: a fixed clinic config and a store on SQLite and PostgreSQL.

The PostgreSQL cluster is real: scripts/ensure_postgres.sh installs PostgreSQL if it is
missing, starts a throwaway cluster on 127.0.0.1 for this test session, and it is stopped
and deleted afterwards.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from booking.config import BookingConfig, parse_config
from booking.store import BookingStore, make_engine, metadata

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WEEKDAY_HOURS = {day: [["09:00", "17:00"]] for day in
                 ("monday", "tuesday", "wednesday", "thursday", "friday")}

TEST_CONFIG = {
    "clinic": {
        "name": "Test Clinic",
        "city": "Annapolis, Maryland",
        "time_zone": "America/New_York",
        "hours": WEEKDAY_HOURS,
        "closed_dates": ["2026-11-26"],
        "slot_grid_minutes": 15,
    },
    "appointment_types": {
        "family_call": {
            "label": "Free 15-minute family phone call", "short_label": "family call",
            "discreet_title": "Phone call", "detailed_title": "Free family phone call",
            "mode": "phone", "resource": "family_line", "duration_minutes": 15,
            "buffer_minutes": 15, "minimum_notice_hours": 24, "booking_horizon_days": 30,
        },
        "ketamine_consult": {
            "label": "Ketamine therapy consultation", "short_label": "ketamine consultation",
            "discreet_title": "Appointment", "detailed_title": "Ketamine therapy consultation",
            "mode": "in_person", "location": "In person, Annapolis", "resource": "clinician",
            "duration_minutes": 60, "buffer_minutes": 15, "minimum_notice_hours": 24,
            "booking_horizon_days": 30,
        },
        "tms_consult": {
            "label": "TMS consultation", "short_label": "TMS consultation",
            "discreet_title": "Appointment", "detailed_title": "TMS consultation",
            "mode": "in_person", "location": "In person, Annapolis", "resource": "clinician",
            "duration_minutes": 45, "buffer_minutes": 15, "minimum_notice_hours": 24,
            "booking_horizon_days": 30,
        },
        # Open around the clock on Sundays, to see the DST gap and repeat at 2 a.m. / 1 a.m.
        "night_line": {
            "label": "Night line", "short_label": "night line", "discreet_title": "Call",
            "detailed_title": "Night line", "resource": "night", "duration_minutes": 30,
            "buffer_minutes": 0, "minimum_notice_hours": 24, "booking_horizon_days": 30,
            "hours": {"sunday": [["00:00", "23:59"]]},
        },
    },
}


@pytest.fixture(scope="session")
def config() -> BookingConfig:
    return parse_config(TEST_CONFIG)


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL for the whole session, stopped and removed at the end."""
    folder = tempfile.mkdtemp(prefix="fg-booking-pg-")
    script = PROJECT_ROOT / "scripts" / "ensure_postgres.sh"
    result = subprocess.run(
        ["bash", str(script), "start", folder], capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise RuntimeError(f"could not start PostgreSQL:\n{result.stderr}")
    url = result.stdout.strip().splitlines()[-1]
    yield url
    subprocess.run(["bash", str(script), "stop", folder], capture_output=True, timeout=120)


# The PostgreSQL half starts a database server: `make test-fast` (-m "not live") runs SQLite only.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.live)])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bookings.db'}"
    return request.getfixturevalue("postgres_url").replace(
        "postgresql://", "postgresql+psycopg2://"
    )


@pytest.fixture
def store(database_url, config) -> BookingStore:
    """An empty store for each test (PostgreSQL tables are dropped and created again)."""
    engine = make_engine(database_url)
    metadata.drop_all(engine)
    yield BookingStore(engine, config)
    engine.dispose()
