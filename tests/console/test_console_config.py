"""Where the console looks for the tracker store: endpoints.yml, or an explicit URL."""

from __future__ import annotations

from console.config import PROJECT_ROOT, load_settings, tracker_url_from_endpoints


def test_local_profile_reads_the_sqlite_tracker_of_endpoints_yml() -> None:
    settings = load_settings({})
    assert settings.tracker_db_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'rasa_tracker.db'}"
    assert settings.console_db_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'console.db'}"
    assert settings.booking_db_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'bookings.db'}"
    assert settings.idle_timeout_seconds == 15 * 60 and not settings.secure_cookies


def test_environment_overrides_win() -> None:
    settings = load_settings({
        "CONSOLE_TRACKER_DB_URL": "postgresql://reader@db.internal/rasa",
        "CONSOLE_DB_URL": "sqlite:///relative/console.db",
        "CONSOLE_SECURE_COOKIES": "true",
    })
    assert settings.tracker_db_url == "postgresql://reader@db.internal/rasa"
    assert settings.console_db_url == f"sqlite:///{PROJECT_ROOT / 'relative' / 'console.db'}"
    assert settings.secure_cookies


def test_postgres_tracker_store_with_env_values_and_a_custom_sql_class(monkeypatch) -> None:
    monkeypatch.setenv("PG_HOST_FOR_TEST", "127.0.0.1")
    endpoints = {"tracker_store": {
        "type": "family_guide.tracker_store.ResilientSQLTrackerStore", "dialect": "postgresql",
        "url": "${PG_HOST_FOR_TEST}", "port": 5433, "db": "rasa", "username": "fg",
        "password": "s3cret"}}
    assert tracker_url_from_endpoints(endpoints) == "postgresql://fg:s3cret@127.0.0.1:5433/rasa"


def test_non_sql_tracker_stores_are_not_guessed() -> None:
    assert tracker_url_from_endpoints({"tracker_store": {"type": "redis"}}) is None
    assert tracker_url_from_endpoints({}) is None


def test_production_profile_sends_secure_cookies_and_ends_sessions_after_12_hours() -> None:
    import os

    from harness.stack import production_settings

    env = {key: value for key, value in os.environ.items()
           if not key.startswith("CONSOLE_")}  # the file's defaults, not this shell's
    settings = load_settings(production_settings(env))
    assert settings.secure_cookies
    assert settings.session_lifetime_seconds == 12 * 3600


def test_local_profile_has_the_same_absolute_session_lifetime() -> None:
    assert load_settings({}).session_lifetime_seconds == 12 * 3600
    assert load_settings({"CONSOLE_SESSION_LIFETIME_SECONDS": "28800"}).session_lifetime_seconds \
        == 8 * 3600
