"""Hides the warnings installed packages raise about each other, so `make run` opens with the
bot's own lines (about 180 lines of them scrolled past before "Family Guide is running").

Python imports `sitecustomize` at start-up from PYTHONPATH; scripts/env.sh puts this folder
there (`FG_ALL_WARNINGS=1` leaves it out and shows everything).

Why not PYTHONWARNINGS: Rasa and its dependencies insert their own "once" filters for
DeprecationWarning and UserWarning in front of the start-up ones, so those never win. This
hook runs after every filter, when a warning is about to be printed, and drops only warnings
attributed to a file of an installed package (or the standard library): deprecations, and
Rasa's "not used in any story or rule" notes on the responses and intents our actions and forms
use by name (tests/foundation/test_validation_warnings.py explains each one, so a truly dead one
still fails the build). Anything raised from this project's own files is shown.
"""

from __future__ import annotations

import os
import re
import sysconfig
import warnings
from typing import Any, Optional, TextIO

NOISY = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
EXPLAINED = re.compile(r"The (utterance|intent) '[\w/]+' is not used in any story or rule")
THIRD_PARTY = tuple(
    {os.path.realpath(sysconfig.get_paths()[name]) + os.sep
     for name in ("purelib", "platlib", "stdlib")}
)

_show = warnings.showwarning


def is_known_third_party(message: Any, category: type, filename: str) -> bool:
    """A deprecation (or an explained Rasa note) raised inside an installed package."""
    if not os.path.realpath(filename).startswith(THIRD_PARTY):
        return False
    return issubclass(category, NOISY) or bool(EXPLAINED.search(str(message)))


def show_unless_known(message: Any, category: type, filename: str, lineno: int,
                      file: Optional[TextIO] = None, line: Optional[str] = None) -> None:
    if not is_known_third_party(message, category, filename):
        _show(message, category, filename, lineno, file, line)


warnings.showwarning = show_unless_known
