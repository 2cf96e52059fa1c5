"""action_recommend_articles: 1-3 reads chosen for this family, each with a one-line reason.

Ranking is pure (actions.article_ranking); the catalogue is read by actions.article_catalogue,
and only what a family may be sent is ranked (no clinic page before the clinic has reviewed it).
Every text comes from the content catalogue (domain/answers/articles.yml): the link layout and the
reason lines are responses, filled in here. Shown articles go into the `articles_shown` slot so
"more" always brings new ones.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.article_catalogue import load_articles, offered_articles
from actions.article_ranking import Pick, current_topic, rank_articles
from family_guide.topics import topic_titles

SHOWN_SLOT = "articles_shown"


def response_text(domain: Dict[Text, Any], name: str) -> str:
    """The first text variation of a response in the domain, or "" if it is missing."""
    variations = (domain.get("responses") or {}).get(name) or []
    return str(variations[0].get("text", "")) if variations else ""


def reason_line(
    pick: Pick,
    domain: Dict[Text, Any],
    topic: Optional[str],
    stage: Optional[str],
    substance: Optional[str],
) -> str:
    """The one-line "why this one", from utter_article_reason_<reason>."""
    template = response_text(domain, f"utter_article_reason_{pick.reason}")
    return template.format(
        topic=topic_titles().get(topic or "", topic or ""),
        stage=stage or "",
        substance=substance or "",
    )


class ActionRecommendArticles(Action):
    """Offers the best unseen articles for the current topic, stage and substance."""

    def name(self) -> Text:
        return "action_recommend_articles"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        shown = list(tracker.get_slot(SHOWN_SLOT) or [])
        topic = current_topic(tracker.events, topic_titles())
        stage = tracker.get_slot("stage")
        substance = tracker.get_slot("substance")
        picks = rank_articles(offered_articles(load_articles()), topic, stage, substance, shown)
        if not picks:
            dispatcher.utter_message(response="utter_articles_none_left")
            return []
        dispatcher.utter_message(response="utter_articles_intro")
        for pick in picks:
            dispatcher.utter_message(
                response="utter_article_link",
                title=pick.article.title,
                summary=pick.article.summary,
                url=pick.article.url,
                reason=reason_line(pick, domain, topic, stage, substance),
            )
        dispatcher.utter_message(response="utter_articles_more")
        return [SlotSet(SHOWN_SLOT, shown + [pick.article.id for pick in picks])]
