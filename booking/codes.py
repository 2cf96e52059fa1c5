"""Booking codes people can read out on the phone, and secret tokens for calendar links.

Why this alphabet: no 0/O, 1/I/L or 5/S look-alikes, so a code read aloud or copied by
hand still matches. Six characters from 28 give about 480 million codes; the store's
unique constraint catches the rare collision and a new code is drawn.
"""

from __future__ import annotations

import re
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ234679"
CODE_LENGTH = 6


def new_booking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_link_token() -> str:
    """An unguessable token that lets only the holder of the link download the calendar file."""
    return secrets.token_urlsafe(18)


def normalise_code(text: str) -> str | None:
    """The code as stored, from what a person typed ("k7q-3mx ", "my code is K7Q3MX"), else None."""
    if not text:
        return None
    words = re.findall(r"[A-Za-z0-9]+", text.replace("-", "").upper())
    joined = "".join(words)
    pairs = [a + b for a, b in zip(words, words[1:])]
    for candidate in [joined, *words, *pairs]:
        if len(candidate) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in candidate):
            return candidate
    return None
