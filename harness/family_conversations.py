"""Simulated families talking to the public chat endpoint at once, and the check that every
turn they sent was stored exactly once and in order.

Shared by `make bench` (benchmarks/production_load.py) and the fault tests
(tests/production/test_faults.py), so the load a benchmark measures is the load a test survives.
Each conversation sends from its own loopback address (127.0.0.x), as each family has its own
address in real use, so nginx's per-client rate limit applies per conversation. Like the widget,
a family resends a message that got no answer (network error, timeout, 5xx) with the same
message id, so a replica dying mid-message costs a delay, not the turn.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Optional

import aiohttp

from family_guide.channels.sender_ids import new_sender_id

# Realistic family turns: openers, situations, questions, follow-ups and closings.
SCRIPT_TURNS = [
    "hi",
    "my son is drinking every night and says it's not a problem",
    "how do I bring it up without a fight",
    "tell me more",
    "what is naloxone and where do I get it in annapolis",
    "and if it's pills?",
    "is ketamine therapy something that could help him",
    "what are the side effects",
    "how much does it cost, does insurance pay",
    "my husband relapsed after six months sober",
    "should we do an intervention",
    "I'm exhausted, is there support for me",
    "what are fentanyl test strips",
    "how many infusions would he need",
    "what stage is my daughter in, she says she might cut down",
    "can I make him go to rehab",
    "is this chat private",
    "are you a real person",
    "thank you",
    "bye",
]


@dataclass
class Conversation:
    """One simulated family: its id, source address, turns and what happened to each."""

    sender: str
    source_ip: str
    turns: list[str]
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    resends: int = 0


def make_conversations(count: int, turns: int, seed: int, tag: str) -> list[Conversation]:
    """`count` families of `turns` turns each, reproducible from `seed`; every turn is tagged
    so the tracker store check can tell the same words sent by two families apart."""
    rng = random.Random(seed)
    conversations = []
    for i in range(count):
        picked = [SCRIPT_TURNS[0], *rng.sample(SCRIPT_TURNS[1:], k=min(turns - 1, 19))]
        while len(picked) < turns:
            picked.append(rng.choice(SCRIPT_TURNS[1:]))
        conversations.append(
            Conversation(
                sender=new_sender_id(f"bench-{tag}-{i}"),
                source_ip=f"127.0.{1 + i // 200}.{10 + i % 200}",
                turns=[f"{text} [{tag}:{i}:{n}]" for n, text in enumerate(picked)],
            )
        )
    return conversations


#: Pauses before each resend of an unanswered message (the widget's, family-guide.js).
RESEND_DELAYS_S = (1.0, 3.0)


async def send_turn(session: aiohttp.ClientSession, url: str, conv: Conversation,
                    text: str) -> Optional[str]:
    """Send one turn as the widget does, resending it under the same message id while it gets
    no answer; the error the family finally sees, or None."""
    body = {"sender": conv.sender, "message": text, "message_id": uuid.uuid4().hex,
            "resend": False}
    error: Optional[str] = None
    for resend_after in (0.0, *RESEND_DELAYS_S):
        if error is not None:
            conv.resends += 1
            body["resend"] = True
            await asyncio.sleep(resend_after)
        try:
            async with session.post(url, json=body) as r:
                reply = await r.json(content_type=None)
                if r.status >= 500:
                    error = f"HTTP {r.status}"
                    continue
                if r.status != 200 or not isinstance(reply, list) or not reply:
                    return f"HTTP {r.status}"
                return None
        except (aiohttp.ClientError, asyncio.TimeoutError, json.JSONDecodeError) as failure:
            error = type(failure).__name__
    return error


async def run_conversation(
    conv: Conversation, url: str, think: tuple[float, float], rng: random.Random, deadline: float
) -> None:
    """Send the turns one after another, as a person would, with a pause between them."""
    connector = aiohttp.TCPConnector(local_addr=(conv.source_ip, 0), limit=1)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        # Families do not all press Send in the same millisecond: each conversation starts at a
        # random moment within the first pause.
        await asyncio.sleep(rng.uniform(0, think[1]))
        for text in conv.turns:
            if time.monotonic() > deadline:
                conv.errors.append("deadline")
                return
            start = time.perf_counter()
            error = await send_turn(session, url, conv, text)
            if error is not None:
                conv.errors.append(error)
            conv.latencies_ms.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(rng.uniform(*think))


async def drive(conversations: list[Conversation], url: str, think: tuple[float, float],
                limit_s: float, seed: int) -> float:
    """Run every conversation concurrently; returns the wall time."""
    rng = random.Random(seed)
    deadline = time.monotonic() + limit_s
    start = time.perf_counter()
    await asyncio.gather(
        *(run_conversation(c, url, think, random.Random(rng.random()), deadline)
          for c in conversations)
    )
    return time.perf_counter() - start


def lost_and_duplicated(conversations: list[Conversation],
                        stored: dict[str, list[str]]) -> dict[str, int]:
    """Turns sent but not stored, stored more than once, or stored out of order."""
    lost = duplicated = out_of_order = 0
    for conv in conversations:
        kept = stored.get(conv.sender, [])
        lost += sum(1 for t in conv.turns if t not in kept)
        duplicated += len(kept) - len(set(kept))
        sent_order = [t for t in conv.turns if t in kept]
        if list(dict.fromkeys(kept)) != sent_order:
            out_of_order += 1
    return {"lost": lost, "duplicated": duplicated, "conversations_out_of_order": out_of_order}
