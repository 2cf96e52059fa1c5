"""Which passwords a staff account may have.

Strength is judged by zxcvbn (Dropbox's maintained estimator: common passwords, keyboard walks,
repeats, names and dates), not by a list of our own. When zxcvbn is not installed the rules
that need no library still apply: long enough, not blank, not built from the username.
"""

from __future__ import annotations

import re
from typing import List, Optional

try:  # the library is optional so the console still starts where it is missing
    from zxcvbn import zxcvbn
except ImportError:  # pragma: no cover - depends on the environment
    zxcvbn = None

MIN_PASSWORD_LENGTH = 12
#: zxcvbn's 0-4 scale; 3 is "safely unguessable" for an online attacker and slow hashes.
MIN_STRENGTH_SCORE = 3
#: Shorter usernames are too likely to appear in a real passphrase by chance.
MIN_NAME_PART = 3
_LETTERS_AND_DIGITS = re.compile(r"[^0-9a-z]+")


def _folded(text: str) -> str:
    """Lower case letters and digits only, so "Alex.Admin" and "alex-admin" compare equal."""
    return _LETTERS_AND_DIGITS.sub("", text.lower())


def _name_parts(username: str) -> List[str]:
    """The whole username and its pieces ("alex.admin" -> alexadmin, alex, admin)."""
    pieces = [_folded(username)] + [_folded(part) for part in re.split(r"[._-]+", username)]
    return [piece for piece in dict.fromkeys(pieces) if len(piece) >= MIN_NAME_PART]


def _built_from_username(password: str, username: str) -> bool:
    """Whether the password contains the whole username (forwards or backwards)."""
    whole = _folded(username)
    folded = _folded(password)
    return len(whole) >= MIN_NAME_PART and (whole in folded or whole[::-1] in folded)


def password_problem(password: str, username: str) -> Optional[str]:
    """Why this password is refused for this user, in plain words; None when it is fine."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Passwords need at least {MIN_PASSWORD_LENGTH} characters."
    if not password.strip():
        return "A password cannot be only spaces."
    if _built_from_username(password, username):
        return "A password cannot contain the username."
    if zxcvbn is None:
        return None
    verdict = zxcvbn(password, user_inputs=_name_parts(username))
    if verdict["score"] >= MIN_STRENGTH_SCORE:
        return None
    feedback = verdict.get("feedback") or {}
    hints = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])]
    advice = " ".join(hint for hint in hints if hint)
    return f"This password is too easy to guess. {advice}".strip()


def strength_library_installed() -> bool:
    """Whether common passwords are refused (zxcvbn present), for the setup check and tests."""
    return zxcvbn is not None
