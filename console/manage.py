"""Command line for the console: create accounts, purge old conversations, serve the app.

    python -m console.manage create-user <name> --role admin|reviewer
        (password prompted twice, or read from $CONSOLE_NEW_PASSWORD for scripts)
    python -m console.manage purge --older-than-days N
    python -m console.manage serve [--port 8081]
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import List, Optional

from console.auth import ROLES, AccountError, create_user
from console.config import load_settings
from console.db import migrate, writable_engine
from console.retention import purge

PASSWORD_ENV = "CONSOLE_NEW_PASSWORD"


def _password() -> Optional[str]:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    first = getpass.getpass("Password (at least 12 characters): ")
    if first != getpass.getpass("Same password again: "):
        print("The two passwords differ; nothing was created.", file=sys.stderr)
        return None
    return first


def cmd_create_user(args: argparse.Namespace) -> int:
    """Create a staff account in the console database (migrating it first if new)."""
    settings = load_settings()
    migrate(settings.console_db_url)
    password = _password()
    if password is None:
        return 1
    try:
        create_user(writable_engine(settings.console_db_url), args.name, password, args.role)
    except AccountError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Created {args.role} account '{args.name}'.")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Delete conversations older than N days from the tracker store and the console."""
    settings = load_settings()
    migrate(settings.console_db_url)
    try:
        result = purge(settings.tracker_db_url, writable_engine(settings.console_db_url),
                       args.older_than_days, actor=f"manage:{getpass.getuser()}")
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

    uvicorn.run("console.app:create_app", factory=True, host=args.host, port=args.port,
                proxy_headers=False, ws="none", log_level="info")
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
