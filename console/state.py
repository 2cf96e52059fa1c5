"""What every request needs: settings, the three databases and the masking recogniser.

Built once per app by console.app.create_app and kept on `app.state.console`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from sqlalchemy.engine import Engine

from console.bookings import BookingReader
from console.config import Settings
from console.conversations import (
    Line,
    ListFilter,
    Summary,
    apply_filter,
    search,
    slot_label,
    summarise_all,
    transcript,
)
from console.masking import Recogniser, default_recogniser, mask_conversations, mask_each
from console.tracker import Event, TrackerReader

MASK_CACHE_SIZE = 20000
SPOKEN = ("user", "bot")


def speech_texts(spoken: Sequence[Line]) -> List[str]:
    """What one conversation masks together: every spoken text, then every crisis sentence
    (so a name found anywhere is masked in the highlighted sentences too, and the highlight
    still finds them in the masked text)."""
    return [line.text for line in spoken] + [s for line in spoken for s in line.crisis_sentences]


def put_masked(spoken: Sequence[Line], masked: Sequence[str]) -> None:
    """Write `speech_texts`' masked results back, in the same order."""
    rest = iter(masked)
    for line in spoken:
        line.text = next(rest)
    for line in spoken:
        line.crisis_sentences = [next(rest) for _ in line.crisis_sentences]


@dataclass
class Console:
    """The console's shared services."""

    settings: Settings
    engine: Engine
    tracker: TrackerReader
    booking: BookingReader
    _recogniser: Optional[Recogniser] = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _masked: Dict[str, str] = field(default_factory=dict)
    _summaries: Tuple[object, FrozenSet[str], List[Summary]] = (None, frozenset(), [])
    _streams: Dict[str, Sequence[Event]] = field(default_factory=dict)
    _visible: Dict[str, Tuple[Sequence[Event], List[str]]] = field(default_factory=dict)

    @property
    def recognise(self) -> Recogniser:
        """spaCy's people/place recogniser, loaded on first use (it takes a second or two)."""
        with self._lock:
            if self._recogniser is None:
                self._recogniser = default_recogniser()
            return self._recogniser

    def summaries(self) -> List[Summary]:
        """Every conversation's summary, newest first, with bookings from the booking store.

        Recomputed only when the tracker store or the set of booked conversations changed.
        """
        conversations = self.tracker.all_conversations()
        booked = frozenset(self.booking.booked_senders())
        source, booked_before, cached = self._summaries
        if source is conversations and booked == booked_before:
            return cached
        # Only conversations whose event list changed are summarised again.
        changed = {
            sender: stream for sender, stream in conversations.items()
            if self._streams.get(sender) is not stream
        }
        kept = [s for s in cached if s.sender_id in conversations and s.sender_id not in changed]
        for summary in kept:
            summary.booking = summary.sender_id in booked
        fresh = kept + summarise_all(changed, self.settings.low_confidence, set(booked))
        fresh.sort(key=lambda s: s.last, reverse=True)
        self._streams = dict(conversations)
        self._summaries = (conversations, booked, fresh)
        return fresh

    def mask(self, text: str) -> str:
        """One text with personal data hidden."""
        return self.mask_many([text])[0]

    def mask_many(self, texts: Sequence[str]) -> List[str]:
        """Unrelated texts masked in one batch; results are remembered (bounded) for reuse."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._masked))
        if missing:
            if len(self._masked) > MASK_CACHE_SIZE:
                self._masked.clear()
            self._masked.update(zip(missing, mask_each(missing, self.recognise)))
        return [self._masked.get(t) or mask_each([t], self.recognise)[0] for t in texts]

    def masked_speech(self, streams: Sequence[Sequence[Event]]) -> List[List[Line]]:
        """The spoken lines of several conversations, masked with one recogniser batch."""
        spoken = [[line for line in transcript(stream, self.settings.low_confidence)
                   if line.kind in SPOKEN] for stream in streams]
        masked = mask_conversations([speech_texts(lines) for lines in spoken], self.recognise)
        for lines, texts in zip(spoken, masked):
            put_masked(lines, texts)
        return spoken

    def visible_texts(self, summaries: Sequence[Summary]) -> List[List[str]]:
        """What a reviewer reads of each conversation (its masked user and bot texts), for
        search; remembered per conversation until its events change."""
        streams = [self._streams.get(s.sender_id) or self.tracker.conversation(s.sender_id)
                   for s in summaries]
        missing = {s.sender_id: stream for s, stream in zip(summaries, streams)
                   if self._visible.get(s.sender_id, (None,))[0] is not stream}
        if missing:
            if len(self._visible) > MASK_CACHE_SIZE:
                self._visible.clear()
            spoken = self.masked_speech(list(missing.values()))
            for (sender, stream), lines in zip(missing.items(), spoken):
                self._visible[sender] = (stream, [line.text for line in lines])
        return [self._visible[s.sender_id][1] for s in summaries]

    def select(
        self,
        summaries: Sequence[Summary],
        wanted: ListFilter,
        statuses: Dict[str, str],
        tags: Dict[str, Set[str]],
    ) -> List[Summary]:
        """The conversations the list (and its export) shows for a filter.

        Free-text search finds only what the reviewer can see: the cheap pattern-masked texts
        narrow the candidates, the fully masked texts (names found by the recogniser masked
        too) decide, so a masked name cannot be searched for.
        """
        candidates = apply_filter(summaries, wanted, statuses, tags)
        return search(candidates, wanted.query, self.visible_texts)

    def transcript(self, stream: Sequence[Event], reveal: bool) -> List[Line]:
        """A conversation's lines; texts and personal slots masked unless revealed."""
        lines = transcript(stream, self.settings.low_confidence)
        if reveal:
            return lines
        spoken = [line for line in lines if line.kind in SPOKEN]
        values = [line for line in lines if line.kind == "slot" and line.slot_value]
        put_masked(spoken, mask_conversations([speech_texts(spoken)], self.recognise)[0])
        for line, masked in zip(values, self.mask_many([line.slot_value or "" for line in values])):
            line.slot_value = slot_label(line.slot_name or "") or masked
        for line in spoken:
            line.entities = list(zip([e for e, _ in line.entities],
                                     self.mask_many([v for _, v in line.entities])))
        return lines
