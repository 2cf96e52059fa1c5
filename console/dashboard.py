"""Numbers for the dashboard: conversations per day, topics, fallback rate, crises, bookings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import List, Sequence

from console.charts import BarChart, bar_chart
from console.conversations import Summary, day_of


@dataclass(frozen=True)
class Dashboard:
    """Headline counts and the charts shown on the dashboard page."""

    conversations: int
    user_turns: int
    fallback_rate: float
    crisis_count: int
    booking_count: int
    charts: List[BarChart]


def build_dashboard(summaries: Sequence[Summary], today: date, days: int = 14) -> Dashboard:
    """Summarise the last `days` days of conversations (topics and rates over all of them)."""
    first_day = today - timedelta(days=days - 1)
    per_day = Counter(day_of(s.started) for s in summaries)
    fallback_per_day: Counter = Counter()
    turns_per_day: Counter = Counter()
    crisis_per_day: Counter = Counter()
    bookings_per_day: Counter = Counter()
    topics: Counter = Counter()
    for s in summaries:
        day = day_of(s.started)
        turns_per_day[day] += s.user_turns
        fallback_per_day[day] += s.fallback_turns + s.low_confidence_turns
        crisis_per_day[day] += int(s.crisis)
        bookings_per_day[day] += int(s.booking)
        topics.update(s.intents)
    span = [first_day + timedelta(days=offset) for offset in range(days)]
    labels = [d.strftime("%m-%d") for d in span]
    turns = sum(s.user_turns for s in summaries)
    fallbacks = sum(s.fallback_turns + s.low_confidence_turns for s in summaries)
    charts = [
        bar_chart("Conversations per day", list(zip(labels, [per_day[d] for d in span]))),
        bar_chart("Top topics (user turns)", topics.most_common(10)),
        bar_chart(
            "Fallback / low-confidence rate per day",
            list(zip(labels, [
                fallback_per_day[d] / turns_per_day[d] if turns_per_day[d] else 0.0
                for d in span
            ])),
            percent=True,
        ),
        bar_chart("Crisis conversations per day", list(zip(labels, [crisis_per_day[d]
                                                                     for d in span]))),
        bar_chart("Conversations with a booking per day",
                  list(zip(labels, [bookings_per_day[d] for d in span]))),
    ]
    return Dashboard(
        conversations=len(summaries),
        user_turns=turns,
        fallback_rate=fallbacks / turns if turns else 0.0,
        crisis_count=sum(1 for s in summaries if s.crisis),
        booking_count=sum(1 for s in summaries if s.booking),
        charts=charts,
    )
