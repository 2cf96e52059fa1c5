"""The console's access log without query strings.

Why: the query string carries what staff searched for (`/conversations?q=<a family's name>`)
and which conversation they opened (`/conversation?id=<its only key>`); uvicorn's access log
wrote both in the clear to var/log/console.log. The log keeps method, path and status.
"""

from __future__ import annotations

import copy
import logging
from typing import Any, Dict

HIDDEN = "?[query hidden]"
#: uvicorn's access record arguments: (client, method, full path, HTTP version, status).
PATH_ARG = 2


def without_query(path: str) -> str:
    """The path with any query string replaced by HIDDEN."""
    base, sep, _query = path.partition("?")
    return base + HIDDEN if sep else base


class NoQueryStrings(logging.Filter):
    """Rewrites uvicorn access records so no query string reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > PATH_ARG and isinstance(args[PATH_ARG], str):
            record.args = (*args[:PATH_ARG], without_query(args[PATH_ARG]), *args[PATH_ARG + 1:])
        return True


def log_config() -> Dict[str, Any]:
    """uvicorn's default logging configuration with NoQueryStrings on its access handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["no_query_strings"] = {"()": NoQueryStrings}
    config["handlers"]["access"]["filters"] = ["no_query_strings"]
    return config
