"""Staff accounts: which passwords are accepted, and the commands that create, reset,
disable, enable and log out accounts (each one audited)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from console_harness import ADMIN, REVIEWER

from console import audit, passwords
from console.accounts import AccountError, create_user
from console.auth import attempt_login, resume_session, start_session
from console.config import Settings
from console.db import writable_engine
from console.passwords import password_problem

REPO = Path(__file__).resolve().parents[2]


def test_accounts_reject_weak_passwords_bad_names_and_roles(settings: Settings) -> None:
    engine = writable_engine(settings.console_db_url)
    with pytest.raises(AccountError, match="12 characters"):
        create_user(engine, "newbie", "short", "reviewer")
    with pytest.raises(AccountError, match="role"):
        create_user(engine, "newbie", "long enough password", "superuser")
    with pytest.raises(AccountError, match="Usernames"):
        create_user(engine, "<script>", "long enough password", "reviewer")
    with pytest.raises(AccountError, match="already"):
        create_user(engine, ADMIN[0], "long enough password", "admin")
    with pytest.raises(AccountError, match="only spaces"):
        create_user(engine, "newbie", " " * 12, "reviewer")
    with pytest.raises(AccountError, match="username"):
        create_user(engine, "sam.admin", "sam.adminsam.admin", "admin")


@pytest.mark.parametrize("password", [
    " " * 12,
    "\t \n" * 6,
    "alex.adminalex.admin",     # the username written twice
    "ALEX-ADMIN-and-more",      # the username in other capitals and separators
    "nimda.xela-backwards",     # the username backwards
])
def test_blank_and_username_based_passwords_are_refused(password: str) -> None:
    assert password_problem(password, "alex.admin")


def test_the_staff_passwords_of_the_tests_are_fine() -> None:
    for username, password in (ADMIN, REVIEWER):
        assert password_problem(password, username) is None


def test_without_the_strength_library_the_basic_rules_still_hold(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "zxcvbn", None)
    assert not passwords.strength_library_installed()
    assert "12 characters" in password_problem("short", "alex.admin")
    assert "only spaces" in password_problem(" " * 12, "alex.admin")
    assert "username" in password_problem("alex.adminalex.admin", "alex.admin")
    assert password_problem(ADMIN[1], ADMIN[0]) is None


@pytest.mark.parametrize("password", ["password1234", "qwertyuiop123", "aaaaaaaaaaaa",
                                      "iloveyou2024!"])
def test_common_passwords_are_refused_by_zxcvbn(password: str) -> None:
    pytest.importorskip("zxcvbn", reason="zxcvbn is not installed (see console/passwords.py)")
    problem = password_problem(password, "alex.admin")
    assert problem and "too easy to guess" in problem


def _manage(tmp_path: Path, *args: str, password: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CONSOLE_NEW_PASSWORD": password,
           "CONSOLE_DB_URL": f"sqlite:///{tmp_path / 'console.db'}"}
    return subprocess.run([sys.executable, "-m", "console.manage", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def test_create_user_command(tmp_path: Path) -> None:
    weak = _manage(tmp_path, "create-user", "first.admin", "--role", "admin", password="short")
    assert weak.returncode == 1 and "12 characters" in weak.stderr
    for refused in (" " * 12, "first.adminfirst.admin"):
        blank = _manage(tmp_path, "create-user", "first.admin", "--role", "admin",
                        password=refused)
        assert blank.returncode == 1 and "Created" not in blank.stdout
    made = _manage(tmp_path, "create-user", "first.admin", "--role", "admin",
                   password="a-good-long-password")
    assert made.returncode == 0 and "Created admin account 'first.admin'" in made.stdout
    again = _manage(tmp_path, "create-user", "first.admin", "--role", "reviewer",
                    password="another-long-password")
    assert again.returncode == 1 and "already" in again.stderr
    engine = writable_engine(f"sqlite:///{tmp_path / 'console.db'}")
    settings = Settings(tracker_db_url="sqlite://", booking_db_url="sqlite://",
                        console_db_url=str(engine.url))
    user = attempt_login(engine, settings, "first.admin", "a-good-long-password", "127.0.0.1").user
    assert user is not None and user.is_admin


def test_reset_disable_enable_and_end_sessions_commands(tmp_path: Path) -> None:
    name, old, new = "kim.reviewer", "old-but-long-passphrase", "fresh-spring-passphrase"
    assert _manage(tmp_path, "create-user", name, "--role", "reviewer",
                   password=old).returncode == 0
    engine = writable_engine(f"sqlite:///{tmp_path / 'console.db'}")
    settings = Settings(tracker_db_url="sqlite://", booking_db_url="sqlite://",
                        console_db_url=str(engine.url))

    def log_in(password: str, client: str = "10.0.0.1"):
        return attempt_login(engine, settings, name, password, client).user

    user = log_in(old)
    assert user is not None

    def open_sessions(count: int) -> list:
        return [start_session(engine, user)[0] for _ in range(count)]

    def still_open(tokens: list) -> list:
        return [token for token in tokens if resume_session(engine, settings, token)]

    # Reset: the old password stops working, the new one works, open sessions end.
    tokens = open_sessions(2)
    weak = _manage(tmp_path, "reset-password", name, password=name * 2)
    assert weak.returncode == 1 and "username" in weak.stderr and log_in(old)
    reset = _manage(tmp_path, "reset-password", name, password=new)
    assert reset.returncode == 0 and "sessions ended: 2" in reset.stdout
    assert still_open(tokens) == [] and log_in(old) is None and log_in(new)

    # Disable: even the right password is refused (with the usual answer), sessions end.
    tokens = open_sessions(1)
    disabled = _manage(tmp_path, "disable-user", name)
    assert disabled.returncode == 0 and "sessions ended: 1" in disabled.stdout
    assert still_open(tokens) == []
    refused = attempt_login(engine, settings, name, new, "10.0.0.2")
    assert refused.user is None and refused.reason == "invalid"

    # Enable: back in.
    assert _manage(tmp_path, "enable-user", name).returncode == 0
    assert log_in(new, "10.0.0.3")

    # End sessions: logged out everywhere, the password still works.
    tokens = open_sessions(3)
    ended = _manage(tmp_path, "end-sessions", name)
    assert ended.returncode == 0 and "sessions ended: 3" in ended.stdout
    assert still_open(tokens) == [] and log_in(new, "10.0.0.4")

    unknown = _manage(tmp_path, "disable-user", "nobody.here")
    assert unknown.returncode == 1 and "no user called nobody.here" in unknown.stderr

    logged = [(entry.action, entry.target) for entry in audit.entries(engine)
              if entry.username.startswith("manage:")]
    assert set(logged) >= {("create_user", name), ("reset_password", name),
                           ("disable_user", name), ("enable_user", name),
                           ("end_sessions", name)}
