"""Rasa's REST channel, refusing malformed requests with a kind 400 instead of a 500.

Rasa's RestInput assumes the body is a JSON object: an empty body, a JSON list, a string or a
number makes it fail with "Internal Server Error". A missing sender would also file every such
message under one shared "default" conversation. This channel keeps Rasa's behaviour and URL
(/webhooks/rest/webhook) and only checks the request first.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.exceptions import InvalidUsage
from sanic.request import Request

UNREADABLE = (
    "Sorry, I couldn't read that message. Please type your question again. "
    "In an emergency, call 911; for a crisis, call or text 988."
)


def chat_body(request: Request) -> Dict[Text, Any]:
    """The request's JSON object, with a usable sender and message, or a 400."""
    try:
        body = request.json
    except InvalidUsage:
        raise InvalidUsage(UNREADABLE) from None
    if not isinstance(body, dict):
        raise InvalidUsage(UNREADABLE)
    sender, message = body.get("sender"), body.get("message")
    if isinstance(sender, bool) or not isinstance(sender, (str, int)) or str(sender) == "":
        raise InvalidUsage(UNREADABLE)
    if not isinstance(message, str):
        raise InvalidUsage(UNREADABLE)
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidUsage(UNREADABLE)
    return body


class SafeRestInput(RestInput):
    """RestInput with request checking; same name, so the same URL."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return str(chat_body(req)["sender"])

    def _extract_message(self, req: Request) -> Optional[Text]:
        return chat_body(req)["message"]

    def _extract_input_channel(self, req: Request) -> Text:
        # The channel is ours to name; a client cannot claim to be another one.
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return chat_body(request).get("metadata")
