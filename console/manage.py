"""Command line for the console: manage accounts, purge old conversations, serve the app.

    python -m console.manage create-user <name> --role admin|reviewer
    python -m console.manage reset-password <name>     (also ends the user's sessions)
        (passwords are prompted twice, or read from $CONSOLE_NEW_PASSWORD for scripts)
    python -m console.manage disable-user <name>       (cannot log in; sessions end)
    python -m console.manage enable-user <name>
    python -m console.manage end-sessions <name>       (log the user out everywhere)
    python -m console.manage purge --older-than-days N
    python -m console.manage serve [--port 8081]
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from functools import partial
from typing import Callable, List, Optional

from sqlalchemy.engine import Engine

from console.accounts import (
    ROLES,
    AccountError,
    create_user,
    end_sessions,
    reset_password,
    set_disabled,
)
from console.audit import sessions_ended
from console.config import load_settings
from console.db import migrate, writable_engine
from console.passwords import MIN_PASSWORD_LENGTH, strength_library_installed
from console.retention import purge

PASSWORD_ENV = "CONSOLE_NEW_PASSWORD"


def _actor() -> str:
    """Who to name in the audit log for a command run from the shell."""
    return f"manage:{getpass.getuser()}"


def _console_engine() -> Engine:
    """The console's database, migrated first (the command may be the first thing ever run)."""
    settings = load_settings()
    migrate(settings.console_db_url)
    return writable_engine(settings.console_db_url)


def _password() -> Optional[str]:
    if not strength_library_installed():
        print("Note: zxcvbn is not installed, so common passwords are not refused.",
              file=sys.stderr)
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    first = getpass.getpass(f"Password (at least {MIN_PASSWORD_LENGTH} characters): ")
    if first != getpass.getpass("Same password again: "):
        print("The two passwords differ; nothing was changed.", file=sys.stderr)
        return None
    return first


def _account_change(done: str, change: Callable[..., object], ends_sessions: bool = False
                    ) -> int:
    """Run one account change as this shell user; print what was done or why it was refused."""
    try:
        result = change(_console_engine(), actor=_actor())
    except AccountError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{done}; {sessions_ended(int(result))}." if ends_sessions else f"{done}.")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    """Create a staff account in the console database."""
    password = _password()
    if password is None:
        return 1
    return _account_change(f"Created {args.role} account '{args.name}'", partial(
        create_user, username=args.name, password=password, role=args.role))


def cmd_reset_password(args: argparse.Namespace) -> int:
    """Give a user a new password; their open sessions end."""
    password = _password()
    if password is None:
        return 1
    return _account_change(f"New password set for '{args.name}'", partial(
        reset_password, username=args.name, password=password), ends_sessions=True)


def cmd_disable_user(args: argparse.Namespace) -> int:
    """Switch an account off: it cannot log in and its sessions end."""
    return _account_change(f"Disabled '{args.name}'", partial(
        set_disabled, username=args.name, disabled=True), ends_sessions=True)


def cmd_enable_user(args: argparse.Namespace) -> int:
    """Switch a disabled account back on."""
    return _account_change(f"Enabled '{args.name}'", partial(
        set_disabled, username=args.name, disabled=False))


def cmd_end_sessions(args: argparse.Namespace) -> int:
    """Log a user out in every browser."""
    return _account_change(f"Logged '{args.name}' out everywhere", partial(
        end_sessions, username=args.name), ends_sessions=True)


def cmd_purge(args: argparse.Namespace) -> int:
    """Delete conversations older than N days from the tracker store and the console."""
    settings = load_settings()
    migrate(settings.console_db_url)
    try:
        result = purge(settings.tracker_db_url, writable_engine(settings.console_db_url),
                       args.older_than_days, actor=_actor())
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"Deleted {result.conversations} conversations ({result.events} events) and "
        f"{result.annotations} review records older than {args.older_than_days} days."
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the console on loopback only."""
    import uvicorn

    from console.access_log import log_config

    uvicorn.run("console.app:create_app", factory=True, host=args.host, port=args.port,
                proxy_headers=False, ws="none", log_level="info", log_config=log_config())
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    root = argparse.ArgumentParser(prog="python -m console.manage", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = root.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="create a staff account")
    create.add_argument("name")
    create.add_argument("--role", choices=ROLES, required=True)
    create.set_defaults(run=cmd_create_user)
    for name, run, help_text in (
        ("reset-password", cmd_reset_password, "set a new password (ends the user's sessions)"),
        ("disable-user", cmd_disable_user, "stop an account from logging in (ends sessions)"),
        ("enable-user", cmd_enable_user, "let a disabled account log in again"),
        ("end-sessions", cmd_end_sessions, "log a user out in every browser"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("name")
        command.set_defaults(run=run)
    retention = commands.add_parser("purge", help="delete conversations older than N days")
    retention.add_argument("--older-than-days", type=int, required=True)
    retention.set_defaults(run=cmd_purge)
    serve = commands.add_parser("serve", help="run the web console")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("CONSOLE_PORT", 8081)))
    serve.set_defaults(run=cmd_serve)
    return root


def main(argv: Optional[List[str]] = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
