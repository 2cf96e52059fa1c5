"""Rasa's REST channel, refusing malformed requests with a kind 400 instead of a 500.

Rasa's RestInput assumes the body is a JSON object: an empty body, a JSON list, a string or a
number makes it fail with "Internal Server Error". A missing sender would also file every such
message under one shared "default" conversation. This channel keeps Rasa's behaviour and URL
(/webhooks/rest/webhook) and only checks the request first.

It also keeps the public from steering the bot with Rasa's "/intent{...}@confidence" syntax:
only payloads shaped like the bot's own buttons pass as such; anything else is read as text
(so it goes through understanding and the crisis safety net like any message), and no payload
can set the crisis flag or a confidence. And it accepts only conversation ids nobody can guess
(sender_ids.py), so no stranger can join a family's conversation.

A message may carry a client `message_id` (the widget resends an unanswered message with the
same one, marked `"resend": true`): a resend of a message already stored is answered without
being processed again (family_guide/channels/message_ids.py). Streamed replies (`?stream=true`)
go through the same handling: Rasa's own stream dropped the id, so a resend was stored twice, and
a message the bot failed on left the stream open for ever.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from asyncio import CancelledError, Queue
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Union

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from family_guide.channels.message_ids import client_message_id, handle_once, is_resend
from family_guide.channels.rate_limit import from_environment, too_fast_reply
from family_guide.channels.sender_ids import GUESSABLE, MAX_SENDER_CHARS, is_unguessable

logger = logging.getLogger(__name__)

UNREADABLE = (
    "Sorry, I couldn't read that message. Please type your question again. "
    "In an emergency, call 911; for a crisis, call or text 988."
)
#: Real family letters run to a few hundred characters, rarely past 2,000; far longer text
#: cost Rasa seconds per message and stalled every other conversation (200,000 characters
#: took over 30 s). Longer messages get a kind reply (413) and are not read.
MAX_MESSAGE_CHARS = 4000
TOO_LONG = (
    "That message is too long for me to read at once. Could you send it in a few shorter "
    "parts? In an emergency, call 911; for a crisis, call or text 988."
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
    if isinstance(sender, bool) or not isinstance(sender, (str, int)):
        raise InvalidUsage(UNREADABLE)
    if not 0 < len(str(sender)) <= MAX_SENDER_CHARS:
        raise InvalidUsage(UNREADABLE)
    if not isinstance(message, str):
        raise InvalidUsage(UNREADABLE)
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidUsage(UNREADABLE)
    return body


#: The bot's buttons send "/intent" or "/booking_pick{"booking_choice": "..."}": nothing else.
BUTTON_ENTITIES = frozenset({"booking_choice"})
MAX_CHOICE_LENGTH = 40
_PAYLOAD = re.compile(r"^/(?P<intent>[a-z][a-z0-9_]{0,60})(?P<entities>\{.*\})?$", re.DOTALL)


def is_button_payload(text: str) -> bool:
    """Whether `text` is shaped like one of the bot's own button payloads."""
    match = _PAYLOAD.match(text)
    if match is None:
        return False
    if match["entities"] is None:
        return True
    try:
        entities = json.loads(match["entities"])
    except ValueError:
        return False
    return isinstance(entities, dict) and all(
        key in BUTTON_ENTITIES and isinstance(value, str) and len(value) <= MAX_CHOICE_LENGTH
        for key, value in entities.items()
    )


def public_message(text: str) -> str:
    """The message as the bot should read it: a button payload as sent, any other "/..." as
    plain words (so "/greet{"crisis_kind": "suicide"}" or "/greet@0.01" sets nothing)."""
    if text.startswith("/") and not is_button_payload(text):
        return text.lstrip("/ ")
    return text


def too_long_reply(request: Request) -> Optional[HTTPResponse]:
    """A kind 413 in Rasa's reply format for a message past MAX_MESSAGE_CHARS, else None (a
    malformed body is left to chat_body's 400)."""
    try:
        message = chat_body(request)["message"]
    except InvalidUsage:
        return None
    if len(message) <= MAX_MESSAGE_CHARS:
        return None
    return response.json([{"text": TOO_LONG}], status=413)


def guessable_sender_reply(request: Request) -> Optional[HTTPResponse]:
    """A kind 400 in Rasa's reply format for a readable request whose sender id could be
    guessed (family_guide/channels/sender_ids.py), else None (chat_body's 400 covers the rest)."""
    try:
        sender = chat_body(request)["sender"]
    except InvalidUsage:
        return None
    if is_unguessable(sender):
        return None
    return response.json([{"text": GUESSABLE}], status=400)


_DONE = object()


Answer = Callable[[OutputChannel], Awaitable[None]]


def streamed(answer: Answer) -> Callable[[Any], Awaitable[None]]:
    """A Sanic streaming function writing each reply as a JSON line while `answer` runs; the
    stream ends when the answer does, however it ends (Rasa's own waited for ever when the
    bot failed)."""

    async def stream(resp: Any) -> None:
        queue: Queue = Queue()

        async def answer_then_end() -> None:
            try:
                await answer(QueueOutputChannel(queue))
            finally:
                await queue.put(_DONE)

        task = asyncio.ensure_future(answer_then_end())
        while (reply := await queue.get()) is not _DONE:
            await resp.write(json.dumps(reply) + "\n")
        await task

    return stream


class SafeRestInput(RestInput):
    """RestInput with request checking; same name, so the same URL."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[None]]
    ) -> Blueprint:
        """Rasa's routes (same URLs and replies), with floods (rate_limit.py), over-long
        messages and guessable conversation ids answered before the bot reads them, and a resent
        message id answered once."""
        routes = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        rate_limit = from_environment()

        @routes.middleware("request")
        async def refuse_too_fast(request: Request) -> Optional[HTTPResponse]:
            if request.method == "POST":
                return too_fast_reply(rate_limit, request)
            return None

        @routes.middleware("request")
        async def refuse_too_long(request: Request) -> Optional[HTTPResponse]:
            if request.method == "POST":
                return too_long_reply(request)
            return None

        @routes.middleware("request")
        async def refuse_guessable_sender(request: Request) -> Optional[HTTPResponse]:
            if request.method == "POST":
                return guessable_sender_reply(request)
            return None

        @routes.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @routes.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Union[ResponseStream, HTTPResponse]:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            body = chat_body(request)
            message_id = client_message_id(body, UNREADABLE)
            input_channel = self._extract_input_channel(request)
            metadata = self.get_metadata(request)

            async def answer(output: OutputChannel) -> None:
                """Handle the message once, whichever way the replies go back."""
                message = UserMessage(text, output, sender_id, input_channel=input_channel,
                                      message_id=message_id, metadata=metadata)
                try:
                    if message_id is not None and is_resend(body):
                        await handle_once(request.app.ctx.agent, message)
                    else:
                        await on_new_message(message)
                except CancelledError:
                    logger.error("The bot did not answer in time (sender %s).", sender_id)
                except Exception:
                    logger.exception("The bot failed to answer (sender %s).", sender_id)

            if bool_arg(request, "stream", default=False):
                return response.stream(streamed(answer), content_type="text/event-stream")
            collector = CollectingOutputChannel()
            await answer(collector)
            return response.json(collector.messages)

        return routes

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return str(chat_body(req)["sender"])

    def _extract_message(self, req: Request) -> Optional[Text]:
        return public_message(chat_body(req)["message"])

    def _extract_input_channel(self, req: Request) -> Text:
        # The channel is ours to name; a client cannot claim to be another one.
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return chat_body(request).get("metadata")
