"""Which conversation ids the public chat accepts: only ones nobody can guess.

The sender id is the only key to a conversation: whoever knows it reads the replies meant for
that family (a booking summary with names and a phone number) and can answer for them. Short
or chosen ids ("a", "t1", "john") were accepted, so a stranger could join a conversation by
guessing. The widget draws 128 random bits ("web-" + 32 hex digits); curl users and our tests
draw theirs the same way (harness/sender_ids.py).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

#: At least 16 characters of letters, digits, "_" and "-": room for 96 random bits and more.
MIN_SENDER_CHARS = 16
MAX_SENDER_CHARS = 128
_UNGUESSABLE = re.compile(rf"^[A-Za-z0-9_-]{{{MIN_SENDER_CHARS},{MAX_SENDER_CHARS}}}$")

GUESSABLE = (
    "Sorry, this chat could not be started: its conversation id is too short or too simple "
    "to keep your conversation private. Please reload the page and try again. In an "
    "emergency, call 911; for a crisis, call or text 988."
)


def is_unguessable(sender: Any) -> bool:
    """Whether `sender` is a conversation id the public channel accepts."""
    return isinstance(sender, str) and _UNGUESSABLE.match(sender) is not None


def new_sender_id(prefix: str = "fg") -> str:
    """A fresh id the channel accepts: `prefix` (for reading logs) and 96 random bits."""
    sender = f"{prefix}-{secrets.token_hex(12)}"
    if not is_unguessable(sender):
        raise ValueError(f"prefix {prefix!r} makes an id the chat refuses")
    return sender
