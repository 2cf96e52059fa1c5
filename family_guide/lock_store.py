"""Rasa's Redis lock store, made safe for several replicas and for a queue longer than a lifetime.

Each conversation's messages are handled one at a time, in order, through a ticket queue kept in
Redis (Rasa's TicketLock, same key and format). Rasa's RedisLockStore has two faults that the
fault tests found (a flood of 21 messages for one conversation: 7 waited until nginx gave up at
60 s, and both replicas were then marked down, so other families got 502s):

- It reads the queue, changes it and writes it back in separate steps. Two replicas doing that at
  once lose each other's change: a finished ticket comes back, a new ticket vanishes, or a deleted
  queue is written again after everyone left it.
- A ticket's lifetime (TICKET_LOCK_LIFETIME, meant to free the queue from a replica that died
  holding it) runs from the moment the message joins the queue. A message still waiting when it
  runs out is dropped from the queue and then waits for ever: it can never reach the front.

Here every change is one Redis transaction (WATCH/MULTI: a change that raced another is redone),
a waiting message renews its ticket each time it looks, and the message being handled renews its
ticket while it runs. So only a replica that stopped (killed, or blocked for a whole lifetime)
loses its place, after one lifetime; a waiter that lost its place anyway joins the back of the
queue again rather than hanging. Ticket numbers come from one Redis counter, so a number is never
reused by a later message.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Optional, Text, TypeVar

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

#: How often a waiting message looks whether its turn has come (Rasa's store: every second,
#: which added up to a second to each message queued behind another).
POLL_S = 0.2
#: One counter for every conversation's ticket numbers.
COUNTER_KEY = "ticket-numbers"

Result = TypeVar("Result")


@dataclass
class Place:
    """A message's ticket number in its conversation's queue (it changes if it rejoins)."""

    number: int


class QueueingRedisLockStore(RedisLockStore):
    """RedisLockStore with atomic queue changes and tickets that do not expire while waiting."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        """Built by Rasa from endpoints.yml (`type: family_guide.lock_store.Queueing...`), with
        the same keys as `type: redis`; or directly with RedisLockStore's arguments."""
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)

    def _change(self, conversation_id: Text,
                change: Callable[[TicketLock], Result]) -> Result:
        """Apply `change` to the conversation's queue as one transaction; an empty queue is
        deleted. The key expires a little after its last ticket, so a queue left by a killed
        replica does not linger."""
        key = self.key_prefix + conversation_id

        def run(pipe: Any) -> Result:
            stored = pipe.get(key)
            lock = (TicketLock.from_dict(json.loads(stored)) if stored
                    else TicketLock(conversation_id))
            lock.remove_expired_tickets()
            result = change(lock)
            pipe.multi()
            if lock.tickets:
                last_expiry = max(ticket.expires for ticket in lock.tickets)
                pipe.set(key, lock.dumps(), ex=max(1, math.ceil(last_expiry - time.time()) + 1))
            else:
                pipe.delete(key)
            return result

        return self.red.transaction(run, key, value_from_callable=True)

    def _new_number(self) -> int:
        return int(self.red.incr(self.key_prefix + COUNTER_KEY))

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Join the back of the conversation's queue."""
        number = self._new_number()
        self._change(conversation_id,
                     lambda lock: lock.tickets.append(Ticket(number, time.time() + lock_lifetime)))
        return number

    def keep_place(self, conversation_id: Text, place: Place,
                   lock_lifetime: float) -> Optional[TicketLock]:
        """Renew this message's ticket (or rejoin the back of the queue if it was dropped);
        the queue when the message is at its front, its lifetime then counted from now."""

        def renew(lock: TicketLock) -> Optional[TicketLock]:
            ticket = next((t for t in lock.tickets if t.number == place.number), None)
            if ticket is None:
                logger.warning("A message for %s lost its place in the queue (its replica "
                               "stalled past the lock lifetime); it joins the back again.",
                               conversation_id)
                ticket = Ticket(self._new_number(), 0.0)
                lock.tickets.append(ticket)
                place.number = ticket.number
            ticket.expires = time.time() + lock_lifetime
            return lock if lock.now_serving == place.number else None

        return self._change(conversation_id, renew)

    def extend(self, conversation_id: Text, number: int, lock_lifetime: float) -> None:
        """Renew the holder's ticket, if it still has one."""

        def renew(lock: TicketLock) -> None:
            for ticket in lock.tickets:
                if ticket.number == number:
                    ticket.expires = time.time() + lock_lifetime

        self._change(conversation_id, renew)

    async def _keep_holding(self, conversation_id: Text, place: Place,
                            lock_lifetime: float) -> None:
        """While the message is handled, renew its ticket: the queue then moves on without it
        only when its replica stopped running (killed, or blocked for a whole lifetime)."""
        while True:
            await asyncio.sleep(lock_lifetime / 3)
            self.extend(conversation_id, place.number, lock_lifetime)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        """Leave the queue (done, or gave up waiting)."""

        def leave(lock: TicketLock) -> None:
            lock.remove_ticket_for(ticket_number)

        self._change(conversation_id, leave)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Leave the queue; the queue is deleted in the same step when it is empty."""
        self.finish_serving(conversation_id, ticket_number)

    def update_lock(self, conversation_id: Text) -> None:
        """Drop expired tickets (in one transaction, unlike Rasa's)."""
        self._change(conversation_id, lambda lock: None)

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = POLL_S) -> AsyncIterator[TicketLock]:
        """Wait for this message's turn, hold it while the body runs, then leave the queue
        (also when the wait or the body is cancelled, e.g. the family's request timed out)."""
        place = Place(self.issue_ticket(conversation_id, lock_lifetime))
        holding: Optional[asyncio.Task] = None
        try:
            while (queue := self.keep_place(conversation_id, place, lock_lifetime)) is None:
                await asyncio.sleep(wait_time_in_seconds)
            holding = asyncio.ensure_future(
                self._keep_holding(conversation_id, place, lock_lifetime))
            yield queue
        finally:
            if holding is not None:
                holding.cancel()
            self.cleanup(conversation_id, place.number)
