"""What every request needs: settings, the three databases and the masking recogniser.

Built once per app by console.app.create_app and kept on `app.state.console`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from sqlalchemy.engine import Engine

from console.bookings import BookingReader
from console.config import Settings
from console.conversations import Line, Summary, is_personal_slot, summarise_all, transcript
from console.masking import Recogniser, default_recogniser, mask_each, mask_texts
from console.tracker import Event, TrackerReader

MASK_CACHE_SIZE = 20000


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

    def transcript(self, stream: Sequence[Event], reveal: bool) -> List[Line]:
        """A conversation's lines; texts and personal slots masked unless revealed."""
        lines = transcript(stream, self.settings.low_confidence)
        if reveal:
            return lines
        spoken = [line for line in lines if line.kind in ("user", "bot")]
        values = [line for line in lines if line.kind == "slot" and line.slot_value]
        # The crisis sentences are masked with the conversation, so a name found anywhere in
        # it is masked in them too, and the highlight still finds them in the masked text.
        flagged = [(line, i) for line in spoken for i in range(len(line.crisis_sentences))]
        masked = mask_texts([line.text for line in spoken]
                            + [line.crisis_sentences[i] for line, i in flagged], self.recognise)
        for line, text in zip(spoken, masked):
            line.text = text
        for (line, i), text in zip(flagged, masked[len(spoken):]):
            line.crisis_sentences[i] = text
        for line, masked in zip(values, self.mask_many([line.slot_value or "" for line in values])):
            line.slot_value = "[PERSONAL]" if is_personal_slot(line.slot_name or "") else masked
        for line in spoken:
            line.entities = list(zip([e for e, _ in line.entities],
                                     self.mask_many([v for _, v in line.entities])))
        return lines
