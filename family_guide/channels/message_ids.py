"""A message resent with the same client message id is answered once, never processed twice.

Why: when a Rasa replica dies while it handles a message, the family's widget gets no answer
and sends the message again (same `message_id`). If the dead replica had already stored the
turn, processing the resend would double it in the tracker store; if it had not, the resend
must be processed like the first try. Rasa stores the incoming message's id on the user event,
so the tracker store itself says which case it is. The check and the processing run under the
conversation's lock (Redis in the production profile), so two copies of one message racing on
two replicas cannot both get through.

Only a message the client marks as a resend (`"resend": true`) is looked up: a first try cannot
have a stored copy, and reading the whole conversation back for every message cost about a tenth
of a replica's time under `make bench`.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Text

from rasa.core.agent import Agent
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, Event, UserUttered
from sanic.exceptions import InvalidUsage

#: The widget sends 32 hex characters; anything id-like up to 64 characters is accepted.
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def client_message_id(body: Dict[Text, Any], refusal: Text) -> Optional[Text]:
    """The request's `message_id`, None when it has none, or a 400 (with `refusal`) when it
    is not a short plain id (it is stored and compared, never shown)."""
    message_id = body.get("message_id")
    if message_id is None:
        return None
    if not isinstance(message_id, str) or not _MESSAGE_ID.match(message_id):
        raise InvalidUsage(refusal)
    return message_id


def is_resend(body: Dict[Text, Any]) -> bool:
    """Whether the client says this is another try at a message it sent before."""
    return body.get("resend") is True


def stored_replies(events: Iterable[Event], message_id: Text) -> Optional[List[BotUttered]]:
    """The bot messages that answered the user message with this id, or None when no user
    message with this id is stored."""
    replies: Optional[List[BotUttered]] = None
    for event in events:
        if isinstance(event, UserUttered):
            if replies is not None:
                break  # the next user turn: the answer to ours is complete
            if event.message_id == message_id:
                replies = []
        elif replies is not None and isinstance(event, BotUttered):
            replies.append(event)
    return replies


async def replay(replies: List[BotUttered], sender_id: Text, output: OutputChannel) -> None:
    """Send stored answers again, through the same path Rasa sent them the first time."""
    for reply in replies:
        await output.send_response(sender_id, reply.message())


async def handle_once(agent: Agent, message: UserMessage) -> None:
    """Handle `message` as Agent.handle_message does, unless its id is already stored for this
    sender: then answer with the stored replies and store nothing."""
    if not agent.is_ready() or agent.processor is None:
        return
    async with agent.lock_store.lock(message.sender_id):
        tracker = await agent.tracker_store.retrieve(message.sender_id)
        replies = stored_replies(tracker.events if tracker else [], message.message_id)
        if replies is not None:
            await replay(replies, message.sender_id, message.output_channel)
            return
        await agent.processor.handle_message(message)
