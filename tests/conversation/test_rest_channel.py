"""Malformed chat requests get a kind 400 from our REST channel, never Rasa's 500."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sanic.exceptions import InvalidUsage

from family_guide.channels.rest import (
    MAX_MESSAGE_CHARS,
    SafeRestInput,
    chat_body,
    guessable_sender_reply,
    public_message,
    too_long_reply,
)
from family_guide.channels.sender_ids import is_unguessable, new_sender_id

#: A conversation id the channel accepts (the widget's shape: "web-" + 32 hex digits).
ID = "web-" + "0123456789abcdef" * 2


@dataclass
class JsonRequest:
    """Just the part of a Sanic request the check reads: its parsed JSON body."""

    json: Any


@pytest.mark.parametrize(
    "body",
    [None, [], "hello", 42, {"message": "hi"}, {"sender": None, "message": "hi"},
     {"sender": ["a"], "message": "hi"}, {"sender": True, "message": "hi"},
     {"sender": "", "message": "hi"}, {"sender": "s" * 129, "message": "hi"},
     {"sender": "a"}, {"sender": "a", "message": 5},
     {"sender": "a", "message": {"x": 1}}, {"sender": "a", "message": "hi", "metadata": [1]}],
)
def test_malformed_bodies_are_refused_kindly(body: Any) -> None:
    with pytest.raises(InvalidUsage, match="couldn't read that message") as refused:
        chat_body(JsonRequest(body))
    assert refused.value.status_code == 400


@pytest.mark.parametrize(
    "body",
    [{"sender": ID, "message": "hi"}, {"sender": ID, "message": ""},
     {"sender": ID, "message": "hi", "metadata": {"page": "/ketamine"}}],
)
def test_well_formed_bodies_pass(body: dict) -> None:
    assert chat_body(JsonRequest(body)) == body
    assert guessable_sender_reply(JsonRequest(body)) is None


@pytest.mark.parametrize("sender", ["a", "t1", 7, "john", "conversation-1", "x" * 15,
                                    "has spaces in it ok", "<script>alert(1)</script>",
                                    "😀" * 20, "sixteen.chars.id"])
def test_guessable_sender_ids_are_refused_kindly_in_the_reply_format(sender: object) -> None:
    """Issue 17, finding 3: a short or chosen id let a stranger join a family's conversation."""
    refused = guessable_sender_reply(JsonRequest({"sender": sender, "message": "hi"}))
    assert refused is not None and refused.status == 400
    assert refused.content_type == "application/json"
    assert b"reload the page" in refused.body and b"988" in refused.body


def test_the_widgets_ids_and_new_sender_id_are_accepted() -> None:
    assert is_unguessable(ID) and is_unguessable(new_sender_id("test"))
    assert new_sender_id() != new_sender_id()
    with pytest.raises(ValueError):
        new_sender_id("has space")


def test_it_is_still_the_rest_channel_and_names_itself() -> None:
    channel = SafeRestInput()
    assert channel.name() == "rest"
    assert channel._extract_input_channel(JsonRequest({"input_channel": "slack"})) == "rest"


@pytest.mark.parametrize(
    "payload",
    ["/greet", "/how_to_talk", "/crisis_resume", '/booking_pick{"booking_choice":"1"}',
     '/booking_pick{"booking_choice": "other_day"}'],
)
def test_the_bots_own_button_payloads_pass_as_they_are(payload: str) -> None:
    assert public_message(payload) == payload


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ('/greet{"crisis_kind":"suicide"}', 'greet{"crisis_kind":"suicide"}'),
        ("/greet@0.01", "greet@0.01"),
        ('/booking_pick{"booking_choice":"1", "crisis_kind": "danger"}',
         'booking_pick{"booking_choice":"1", "crisis_kind": "danger"}'),
        ('/booking_pick{"booking_choice": 5}', 'booking_pick{"booking_choice": 5}'),
        ("/ he won't wake up", "he won't wake up"),
        ("he won't wake up", "he won't wake up"),
    ],
)
def test_other_slash_messages_are_read_as_words_and_cannot_set_the_crisis_flag(
    typed: str, read_as: str
) -> None:
    """A forged payload cannot fill the crisis triage queue or force a confidence."""
    assert public_message(typed) == read_as


def test_a_message_past_a_few_thousand_characters_gets_a_kind_413_and_is_not_read() -> None:
    letter = "My son drinks every night and I don't know what to do. " * 60  # ~3,300 chars
    assert len(letter) <= MAX_MESSAGE_CHARS
    assert too_long_reply(JsonRequest({"sender": ID, "message": letter})) is None
    refused = too_long_reply(JsonRequest({"sender": ID, "message": "word " * 40_000}))
    assert refused is not None and refused.status == 413
    assert b"too long for me" in refused.body and b"911" in refused.body
