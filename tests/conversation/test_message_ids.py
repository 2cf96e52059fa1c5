"""A resent message (same client message id) is answered once and stored once.

The lock and tracker stores are Rasa's own in-memory ones; only the bot's processing is a stand-in
that stores the turn the way Rasa does (the user event keeps the incoming message's id).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Dict, List

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from sanic.exceptions import InvalidUsage

from family_guide.channels.message_ids import client_message_id, handle_once, stored_replies
from family_guide.channels.rest import UNREADABLE, SafeRestInput

SENDER = "web-5b0c7c3a9d2e4f1a8b6c0d9e7f1a2b3c"


@dataclass
class StoringProcessor:
    """Stores a user turn and its answer as Rasa's processor does, and counts its work."""

    tracker_store: InMemoryTrackerStore
    handled: List[str] = field(default_factory=list)

    async def handle_message(self, message: UserMessage) -> None:
        self.handled.append(message.text)
        tracker = await self.tracker_store.get_or_create_tracker(message.sender_id)
        answer = BotUttered(f"answer to {message.text}", {"buttons": [{"title": "More",
                                                                       "payload": "/more"}]})
        for event in (UserUttered(message.text, message_id=message.message_id),
                      ActionExecuted("utter_answer"), answer, ActionExecuted("action_listen")):
            tracker.update(event)
        await self.tracker_store.save(tracker)
        await message.output_channel.send_response(message.sender_id, answer.message())


def make_agent() -> SimpleNamespace:
    store = InMemoryTrackerStore(Domain.empty())
    return SimpleNamespace(is_ready=lambda: True, lock_store=InMemoryLockStore(),
                           tracker_store=store, processor=StoringProcessor(store))


def user_texts(agent: SimpleNamespace) -> List[str]:
    tracker = asyncio.run(agent.tracker_store.retrieve(SENDER))
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def test_stored_replies_are_the_bot_messages_between_that_turn_and_the_next() -> None:
    events = [UserUttered("hi", message_id="m1"), ActionExecuted("utter_greet"),
              BotUttered("Hello"), BotUttered("How can I help?"), ActionExecuted("action_listen"),
              UserUttered("naloxone?", message_id="m2"), BotUttered("Naloxone is...")]
    assert [r.text for r in stored_replies(events, "m1")] == ["Hello", "How can I help?"]
    assert [r.text for r in stored_replies(events, "m2")] == ["Naloxone is..."]
    assert stored_replies(events, "m3") is None


def test_a_turn_stored_without_an_answer_replays_as_nothing() -> None:
    assert stored_replies([UserUttered("hi", message_id="m1")], "m1") == []


@pytest.mark.parametrize("body", [{}, {"message_id": None}])
def test_a_message_without_an_id_has_none(body: Dict[str, Any]) -> None:
    assert client_message_id(body, UNREADABLE) is None


@pytest.mark.parametrize("message_id", ["", 7, ["m"], "a b", "<script>", "m" * 65, "é"])
def test_an_id_that_is_not_a_short_plain_id_is_refused_kindly(message_id: Any) -> None:
    with pytest.raises(InvalidUsage, match="couldn't read that message") as refused:
        client_message_id({"message_id": message_id}, UNREADABLE)
    assert refused.value.status_code == 400


def test_a_resend_is_answered_with_the_stored_replies_and_not_processed_again() -> None:
    agent = make_agent()

    async def send(text: str, message_id: str) -> List[Dict[str, Any]]:
        from rasa.core.channels.channel import CollectingOutputChannel

        collector = CollectingOutputChannel()
        await handle_once(agent, UserMessage(text, collector, SENDER, message_id=message_id))
        return collector.messages

    first = asyncio.run(send("hi", "m1"))
    resent = asyncio.run(send("hi", "m1"))
    other = asyncio.run(send("hi", "m2"))  # the same words sent again on purpose: a new turn
    assert resent == first and first[0]["text"] == "answer to hi" and first[0]["buttons"]
    assert other == first
    assert agent.processor.handled == ["hi", "hi"]
    assert user_texts(agent) == ["hi", "hi"]


def test_two_copies_racing_are_processed_once() -> None:
    agent = make_agent()

    async def race() -> None:
        await asyncio.gather(*(handle_once(agent, UserMessage("hi", sender_id=SENDER,
                                                              message_id="m1"))
                               for _ in range(3)))

    asyncio.run(race())
    assert agent.processor.handled == ["hi"]


@dataclass
class ChatRequest:
    """What the channel's route reads of a Sanic request."""

    json: Dict[str, Any]
    app: SimpleNamespace
    method: str = "POST"
    args: Dict[str, Any] = field(default_factory=dict)


def webhook(channel: SafeRestInput, on_new_message: Any) -> Any:
    routes = channel.blueprint(on_new_message)
    return next(r.handler for r in routes._future_routes if r.uri == "/webhook")


def test_the_channel_passes_the_message_id_on_and_answers_a_resend_once() -> None:
    agent = make_agent()
    app = SimpleNamespace(ctx=SimpleNamespace(agent=agent))
    receive = webhook(SafeRestInput(), on_new_message=agent.processor.handle_message)
    body = {"sender": SENDER, "message": "what is naloxone", "message_id": "a1b2c3"}
    tries = [body, {**body, "resend": True}]
    replies = [json.loads(asyncio.run(receive(ChatRequest(sent, app))).body) for sent in tries]
    assert replies[0] == replies[1] and replies[0][0]["recipient_id"] == SENDER
    assert agent.processor.handled == ["what is naloxone"]
    tracker = asyncio.run(agent.tracker_store.retrieve(SENDER))
    assert [e.message_id for e in tracker.events if isinstance(e, UserUttered)] == ["a1b2c3"]


def test_a_first_try_goes_straight_to_rasa_without_reading_the_conversation_back() -> None:
    """A first try cannot have a stored copy: only a resend costs a tracker store read."""
    agent = make_agent()
    reads: List[str] = []
    retrieve = agent.tracker_store.retrieve

    async def counting_retrieve(sender_id: str) -> Any:
        reads.append(sender_id)
        return await retrieve(sender_id)

    agent.tracker_store.retrieve = counting_retrieve
    seen: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        seen.append(message)

    receive = webhook(SafeRestInput(), on_new_message)
    app = SimpleNamespace(ctx=SimpleNamespace(agent=agent))
    body = {"sender": SENDER, "message": "hi", "message_id": "f1rst", "resend": False}
    asyncio.run(receive(ChatRequest(body, app)))
    assert [m.message_id for m in seen] == ["f1rst"] and reads == []


def test_a_message_without_an_id_goes_to_rasa_as_before() -> None:
    seen: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        seen.append(message)

    receive = webhook(SafeRestInput(), on_new_message)
    app = SimpleNamespace(ctx=SimpleNamespace(agent=None))
    asyncio.run(receive(ChatRequest({"sender": SENDER, "message": "hi"}, app)))
    assert [m.text for m in seen] == ["hi"] and seen[0].input_channel == "rest"


@dataclass
class StreamedReply:
    """What a Sanic streaming response receives: the lines written to it."""

    lines: List[str] = field(default_factory=list)

    async def write(self, data: str) -> None:
        self.lines.append(data)


def streamed_replies(receive: Any, body: Dict[str, Any], app: SimpleNamespace) -> List[Any]:
    request = ChatRequest(body, app, args={"stream": "true"})

    async def run() -> List[Any]:
        stream = await receive(request)
        reply = StreamedReply()
        await asyncio.wait_for(stream.streaming_fn(reply), timeout=5)
        return [json.loads(line) for line in reply.lines]

    return asyncio.run(run())


def test_a_streamed_resend_is_answered_once_too() -> None:
    agent = make_agent()
    app = SimpleNamespace(ctx=SimpleNamespace(agent=agent))
    receive = webhook(SafeRestInput(), on_new_message=agent.processor.handle_message)
    body = {"sender": SENDER, "message": "what is naloxone", "message_id": "s7r3am"}
    first = streamed_replies(receive, body, app)
    resent = streamed_replies(receive, {**body, "resend": True}, app)
    assert first == resent and first[0]["text"] == "answer to what is naloxone"
    assert agent.processor.handled == ["what is naloxone"]
    tracker = asyncio.run(agent.tracker_store.retrieve(SENDER))
    assert [e.message_id for e in tracker.events if isinstance(e, UserUttered)] == ["s7r3am"]


def test_a_stream_ends_even_when_the_bot_fails() -> None:
    async def failing(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "partial answer")
        raise RuntimeError("the replica fell over")

    receive = webhook(SafeRestInput(), failing)
    app = SimpleNamespace(ctx=SimpleNamespace(agent=None))
    replies = streamed_replies(receive, {"sender": SENDER, "message": "hi"}, app)
    assert [reply["text"] for reply in replies] == ["partial answer"]
