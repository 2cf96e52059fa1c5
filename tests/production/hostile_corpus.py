"""A corpus of hostile and odd inputs for the public chat endpoint and the forms behind it.

Built from families of cases crossed with each other, so it is large (200+) yet readable:
huge and empty messages, emoji, right-to-left text, zero-width and control characters, HTML/JS,
SQL-like strings, template and path tricks, Rasa intent-payload injection (crisis flag,
confidence), unclear yeses, personal data the console must mask, guessable and absurd
conversation ids, malformed JSON, wrong content types and an oversized body (issue 17).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from family_guide.channels.sender_ids import new_sender_id

#: A well-formed conversation id, so a malformed body is malformed in its named part only.
SENDER = new_sender_id("hostile-malformed")
_S = SENDER.encode()


@dataclass(frozen=True)
class HostileRequest:
    """One request: what it is, its raw body and its content type."""

    name: str
    body: bytes
    content_type: str = "application/json"


MESSAGES: dict[str, str] = {
    "empty": "",
    "spaces": "     ",
    "newlines": "\n\n\n",
    "10k letters": "a" * 10_000,
    "10k words": "my son drinks " * 715,
    "one 9k word": "x" * 9_000,
    "emoji only": "😭😭😭🙏💔",
    "emoji mixed": "my dad 🍺🍺 every night 😡 what do i do",
    "family emoji zwj": "👨‍👩‍👧‍👦" * 50,
    "arabic rtl": "ابني يشرب كثيرا ماذا أفعل",
    "hebrew rtl": "הבן שלי שותה הרבה",
    "rtl override": "\u202egnp.exe my son",
    "zero width": "na\u200blo\u200cxo\u200dne\ufeff",
    "combining marks": "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "control chars": "".join(chr(c) for c in range(1, 32)),
    "nul in text": "hello\u0000world",
    "bell and escape": "\u0007\u001b[31mred\u001b[0m",
    "script tag": "<script>alert('x')</script>",
    "img onerror": '<img src=x onerror="alert(1)">',
    "javascript url": "[click](javascript:alert(1))",
    "data url": "[x](data:text/html,<script>alert(1)</script>)",
    "iframe": "<iframe src='https://example.com'></iframe>",
    "markdown image": "![x](http://127.0.0.1:9/track.png)",
    "html entities": "&lt;b&gt; &amp; &#x3C;script&#x3E;",
    "sql drop": "'; DROP TABLE events; --",
    "sql or": "\" OR 1=1 --",
    "sql union": "x' UNION SELECT password FROM users --",
    "nosql": '{"$gt": ""}',
    "format string": "%s %n %x {0} {user} ${HOME} {{7*7}}",
    "jinja": "{{ config.items() }}",
    "path traversal": "../../../../etc/passwd",
    "intent injection": '/book_appointment{"booking_name": "<script>x</script>"}',
    "restart payload": "/restart",
    "session start payload": "/session_start",
    "unknown intent payload": "/definitely_not_an_intent",
    "broken payload": '/greet{"a":',
    "crisis buried in noise": "blah " * 200 + "he says he wants to kill himself" + " blah" * 200,
    "long unicode": "ñ" * 5_000,
    "surrogate escape": "\ud83d",
    "very long line of numbers": "4105551234" * 300,
    # Issue 17: forged payloads (finding 5), unclear yes (2), what masking must catch (6).
    "crisis flag injection": '/greet{"crisis_kind":"suicide"}',
    "confidence injection": "/greet@0.01",
    "button payload with an extra slot": '/booking_pick{"booking_choice":"1","crisis_kind":"x"}',
    "button payload with a number": '/booking_pick{"booking_choice": 5}',
    "huh": "huh?",
    "ok question": "ok?",
    "shrug emoji": "🤷",
    "spelled-out email": "write to jane dot doe at gmail dot com",
    "email with (at)": "jane(at)example.org",
    "international phone": "call me on +44 20 7946 0958 tonight",
    "ssn with spaces": "his ssn is 123 45 6789",
    "booking code and token": "my code is K7Q3MX and the link said t=Zx9_abcDEFghiJKLmnoPQ",
    "200k characters of words": "word " * 40_000,
}

SENDERS: dict[str, object] = {
    "normal sender": new_sender_id("hostile") + "-{i}",
    # Guessable ids (issue 17, finding 3): refused kindly, never a conversation.
    "one-letter sender": "a{i}",
    "short sender": "t{i}",
    "guessable name sender": "john-smith-{i}",
    "spaces sender": "my conversation id is {i} ok",
    "html sender": "<script>alert({i})</script>",
    "sql sender": "x'; DROP TABLE events; -- {i}",
    "long sender": "s{i}" + "x" * 300,
    "unicode sender": "😀-{i}",
}

MALFORMED_BODIES: dict[str, bytes] = {
    "truncated json": b'{"sender": "' + _S + b'", "message": "hi"',
    "just a brace": b"{",
    "empty body": b"",
    "json array": b"[]",
    "json null": b"null",
    "json string": b'"hello"',
    "json number": b"42",
    "message is a number": b'{"sender": "' + _S + b'", "message": 5}',
    "message is an object": b'{"sender": "' + _S + b'", "message": {"a": 1}}',
    "message is a list": b'{"sender": "' + _S + b'", "message": ["hi"]}',
    "message is null": b'{"sender": "' + _S + b'", "message": null}',
    "no message": b'{"sender": "' + _S + b'"}',
    "no sender": b'{"message": "hi"}',
    "sender is null": b'{"sender": null, "message": "hi"}',
    "sender is a list": b'{"sender": ["a"], "message": "hi"}',
    "sender is an object": b'{"sender": {"a": 1}, "message": "hi"}',
    "sender is a number": b'{"sender": 7, "message": "hi"}',
    "sender is ten thousand characters": b'{"sender": "' + b"x" * 10_000 + b'", "message": "hi"}',
    "invalid utf8": b'{"sender": "' + _S + b'", "message": "\xff\xfe"}',
    "deep nesting": (b'{"sender": "' + _S + b'", "message": "hi", "metadata": '
                     + b"[" * 5000 + b"]" * 5000 + b"}"),
    "huge metadata": json.dumps({"sender": SENDER, "message": "hi",
                                 "metadata": {"k": "v" * 14_000}}).encode(),
}

WRONG_CONTENT_TYPES: dict[str, tuple[bytes, str]] = {
    "plain text": (b"hello", "text/plain"),
    "form encoded": (b"sender=" + _S + b"&message=hi", "application/x-www-form-urlencoded"),
    "xml": (b"<message>hi</message>", "application/xml"),
    "multipart": (b"--x\r\nContent-Disposition: form-data; name=message\r\n\r\nhi\r\n--x--",
                  "multipart/form-data; boundary=x"),
    "json labelled text": (b'{"sender": "' + _S + b'", "message": "hi"}', "text/plain"),
}


def chat_requests() -> list[HostileRequest]:
    """Every hostile request for the chat endpoint (well over 200)."""
    requests = []
    for i, (sender_name, sender) in enumerate(SENDERS.items()):
        for message_name, message in MESSAGES.items():
            body = json.dumps({"sender": str(sender).format(i=i), "message": message})
            requests.append(HostileRequest(f"{sender_name} / {message_name}", body.encode()))
    requests += [HostileRequest(name, body) for name, body in MALFORMED_BODIES.items()]
    requests += [HostileRequest(name, body, ctype)
                 for name, (body, ctype) in WRONG_CONTENT_TYPES.items()]
    oversized = json.dumps({"sender": SENDER, "message": "a" * 2_000_000}).encode()
    requests.append(HostileRequest("2 MB body", oversized))
    return requests


def form_answers() -> list[str]:
    """Hostile answers to give a form (booking, call back) instead of a name or a phone."""
    return [m for m in MESSAGES.values() if m.strip()][:25]
