"""The action server: rasa_sdk's app behind a guard, so that only Rasa gets through.

rasa_sdk trusts any request: a hand-made POST to /webhook with a forged tracker created a
booking, any web page could post to it (CORS "*", text/plain accepted), it listened on every
interface, and an unknown URL answered 500 with the request body echoed. Here every request
but the health check must carry the shared secret Rasa sends (endpoints.yml's action_endpoint
header), JSON must be labelled JSON, the Host must be one of ours, unknown URLs get a plain
404, and errors never echo what was sent.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterable

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

TOKEN_HEADER = "X-Action-Token"
TOKEN_ENV = "ACTION_SERVER_TOKEN"
DEFAULT_HOSTS = ("127.0.0.1", "localhost", "[::1]")
#: Checks that answer without a token: process supervisors and `make run` wait on them.
OPEN_PATHS = frozenset({"/health"})

logger = logging.getLogger(__name__)


def host_allowed(host_header: str, allowed: Iterable[str]) -> bool:
    """Whether the Host header (with or without a port) names one of our hosts: a DNS
    rebinding page reaches the loopback port under its own name, and is refused."""
    host = host_header.strip().lower()
    name = host[: host.find("]") + 1] if host.startswith("[") else host.split(":", 1)[0]
    return name in allowed


def refusal(request: Request, token: str, allowed_hosts: Iterable[str]) -> HTTPResponse | None:
    """The reply for a request that may not reach the actions, or None to let it through."""
    if not host_allowed(request.headers.get("host", ""), allowed_hosts):
        return response.text("Unknown host.", status=421)
    if request.path in OPEN_PATHS and request.method == "GET":
        return None
    given = request.headers.get(TOKEN_HEADER, "")
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        return response.text("Unauthorized.", status=401)
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return response.text("JSON only.", status=415)
    return None


def guarded_app(token: str, allowed_hosts: Iterable[str] = DEFAULT_HOSTS) -> Sanic:
    """rasa_sdk's app for our `actions` package, with no CORS and the guard in front."""
    hosts = tuple(host.lower() for host in allowed_hosts)
    app = create_app("actions", cors_origins=None)

    @app.middleware("request")
    async def guard(request: Request) -> HTTPResponse | None:
        return refusal(request, token, hosts)

    @app.exception(NotFound)
    async def not_found(request: Request, exception: Exception) -> HTTPResponse:
        return response.text("Not found.", status=404)

    @app.exception(Exception)
    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        # Logged for us; the caller gets no trace and none of what it sent.
        logger.error("Action server error on %s", request.path, exc_info=exception)
        return response.json({"error": "The action failed."}, status=500)

    return app
