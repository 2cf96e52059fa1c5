"""What every request needs: settings, the three databases and the masking recogniser.

Built once per app by console.app.create_app and kept on `app.state.console`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import List, Optional, Sequence

from sqlalchemy.engine import Engine

from console.bookings import BookingReader
from console.config import Settings
from console.conversations import Line, Summary, is_personal_slot, summarise_all, transcript
from console.masking import Recogniser, default_recogniser, mask_text, mask_texts
from console.tracker import Event, TrackerReader


@dataclass
class Console:
    """The console's shared services."""

    settings: Settings
    engine: Engine
    tracker: TrackerReader
    booking: BookingReader
    _recogniser: Optional[Recogniser] = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def recognise(self) -> Recogniser:
        """spaCy's people/place recogniser, loaded on first use (it takes a second or two)."""
        with self._lock:
            if self._recogniser is None:
                self._recogniser = default_recogniser()
            return self._recogniser

    def summaries(self) -> List[Summary]:
        """Every conversation's summary, newest first, with bookings from the booking store."""
        return summarise_all(
            self.tracker.all_conversations(),
            self.settings.low_confidence,
            self.booking.booked_senders(),
        )

    def mask(self, text: str) -> str:
        """One text with personal data hidden."""
        return mask_text(text, self.recognise)

    def transcript(self, stream: Sequence[Event], reveal: bool) -> List[Line]:
        """A conversation's lines; texts and personal slots masked unless revealed."""
        lines = transcript(stream, self.settings.low_confidence)
        if reveal:
            return lines
        spoken = [line for line in lines if line.kind in ("user", "bot")]
        for line, masked in zip(spoken, mask_texts([line.text for line in spoken],
                                                   self.recognise)):
            line.text = masked
        for line in lines:
            if line.kind == "slot" and line.slot_value:
                line.slot_value = (
                    "[PERSONAL]" if is_personal_slot(line.slot_name or "")
                    else self.mask(line.slot_value)
                )
            for index, (entity, value) in enumerate(line.entities):
                line.entities[index] = (entity, self.mask(value))
        return lines
