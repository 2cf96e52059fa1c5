"""Chooses which articles to offer: pure ranking, no I/O.

An article earns points for matching what the family member last asked about (the topic), the
stage the check-in estimated, and the substance they mentioned; one about a different substance
loses a little. Only articles that match something are offered; with nothing to go on, the
general "start here" reads (tagged request_articles) are offered instead. Articles already shown
in the conversation are never repeated. Each pick carries the reason it was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Collection, Dict, Iterable, List, Optional, Sequence, Tuple

from actions.article_catalogue import Article
from actions.tracker_events import user_intents_latest_first

MAX_PICKS = 3
TOPIC_POINTS = 4.0
STAGE_POINTS = 2.0
SUBSTANCE_POINTS = 2.0
OTHER_SUBSTANCE_PENALTY = -1.0
AUDIENCE_POINTS = {"family": 0.5, "everyone": 0.0, "professionals": -0.5}
RELEVANT = 2.0  # at least one real match (topic, stage or substance)
STARTER_TOPIC = "request_articles"

# Intents that say nothing about what to read: conversation glue and the check-in's own.
NOT_A_TOPIC = frozenset(
    {
        "greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "out_of_scope",
        "more_info", "inform", "nlu_fallback", "request_articles", "stage_skip", "stop_form",
    }
)


@dataclass(frozen=True)
class Pick:
    """An article to offer and why: "topic", "stage", "substance" or "general"."""

    article: Article
    reason: str


def current_topic(events: Iterable[Dict[str, Any]], topics: Collection[str]) -> Optional[str]:
    """The latest topic the family member raised, skipping glue such as "thanks" or "more"."""
    for intent in user_intents_latest_first(events):
        if intent in topics and intent not in NOT_A_TOPIC:
            return intent
    return None


def score_article(
    article: Article, topic: Optional[str], stage: Optional[str], substance: Optional[str]
) -> Tuple[float, str]:
    """Points for one article, and the strongest match as the reason."""
    points = AUDIENCE_POINTS.get(article.audience, 0.0)
    reasons: List[str] = []
    if topic and topic in article.topics:
        points += TOPIC_POINTS
        reasons.append("topic")
    if stage and stage in article.stages:
        points += STAGE_POINTS
        reasons.append("stage")
    if substance and substance != "other" and substance in article.substances:
        points += SUBSTANCE_POINTS
        reasons.append("substance")
    elif substance and article.substances and substance not in article.substances:
        points += OTHER_SUBSTANCE_PENALTY
    return points, (reasons[0] if reasons else "general")


def rank_articles(
    articles: Sequence[Article],
    topic: Optional[str],
    stage: Optional[str],
    substance: Optional[str],
    shown: Collection[str] = (),
    limit: int = MAX_PICKS,
) -> List[Pick]:
    """Up to `limit` unseen articles, best first; ties keep catalogue order."""
    unseen = [(index, a) for index, a in enumerate(articles) if a.id not in shown]
    scored = []
    for index, article in unseen:
        points, reason = score_article(article, topic, stage, substance)
        if reason != "general" and points >= RELEVANT:
            scored.append((-points, index, Pick(article, reason)))
    if not scored:
        for index, article in unseen:
            if STARTER_TOPIC in article.topics:
                points, _ = score_article(article, None, stage, substance)
                scored.append((-points, index, Pick(article, "general")))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [pick for _, _, pick in scored[:limit]]
