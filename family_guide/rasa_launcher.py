"""Start `rasa` with the HTTP API token from the environment or a private file, not argv.

Why: `rasa run --auth-token=...` put the token on the command line, where any user of the
machine reads it with `ps`. Here it comes from $RASA_TOKEN or the file $RASA_TOKEN_FILE names
(which must be readable by its owner only), and is added to the arguments inside this process,
so /proc/<pid>/cmdline shows `python -m family_guide.rasa_launcher run ...` without it.
Usage: python -m family_guide.rasa_launcher <rasa arguments>.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import List, Mapping, Optional


class TokenFileNotPrivate(RuntimeError):
    """The token file can be read by others than its owner."""


def read_token(environ: Mapping[str, str]) -> Optional[str]:
    """$RASA_TOKEN, else the contents of $RASA_TOKEN_FILE (refused unless mode 0600 or
    stricter), else None (the HTTP API stays off)."""
    if environ.get("RASA_TOKEN"):
        return environ["RASA_TOKEN"]
    name = environ.get("RASA_TOKEN_FILE")
    if not name:
        return None
    path = Path(name)
    if stat.S_IMODE(path.stat().st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
        raise TokenFileNotPrivate(f"{path} must be readable by its owner only (chmod 600)")
    return path.read_text(encoding="utf-8").strip() or None


def rasa_arguments(arguments: List[str], token: Optional[str]) -> List[str]:
    """The arguments Rasa parses: the token as one `--auth-token=` argument, so a token that
    begins with "-" is read as a value, not as an option."""
    return [*arguments, f"--auth-token={token}"] if token else list(arguments)


def main() -> None:
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *rasa_arguments(sys.argv[1:], read_token(os.environ))]
    rasa_main()


if __name__ == "__main__":
    main()
