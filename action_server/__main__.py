"""`python -m action_server --port 5055`: the guarded action server, on loopback only.

The shared secret comes from $ACTION_SERVER_TOKEN (scripts/services.sh makes one per machine);
without one the server refuses to start rather than run open.
"""

from __future__ import annotations

import argparse
import os
import sys

from action_server import DEFAULT_HOSTS, TOKEN_ENV, guarded_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    token = os.environ.get(TOKEN_ENV, "")
    if len(token) < 16:
        print(f"The action server needs ${TOKEN_ENV} (16 characters or more), the secret Rasa "
              "sends; `make run` makes one. Not starting.", file=sys.stderr)
        return 2
    extra_hosts = [h for h in os.environ.get("ACTION_SERVER_HOSTS", "").split(",") if h]
    app = guarded_app(token, (*DEFAULT_HOSTS, *extra_hosts))
    app.run(args.host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
