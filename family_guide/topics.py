"""Human-readable titles for the topic contract, used wherever the bot offers topics as buttons.

The names are the intents of ../shared/eval/topics.yml; a test checks this table covers them all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

TOPIC_TITLES: dict[str, str] = {
    "greet": "Say hello",
    "goodbye": "End the chat",
    "thank": "Say thanks",
    "affirm": "Yes",
    "deny": "No",
    "bot_challenge": "Am I talking to a bot?",
    "capabilities": "What can you help with?",
    "out_of_scope": "Something else",
    "crisis_suicide": "Someone may be thinking of suicide",
    "overdose_emergency": "An overdose is happening now",
    "immediate_danger": "Someone is in danger now",
    "stages_of_change": "How change happens (stages)",
    "precontemplation": "They say there's no problem",
    "loved_one_ready": "They say they want help",
    "relapse": "They started using again",
    "stage_assessment": "Check in on their stage",
    "how_to_talk": "How to talk with them",
    "intervention": "Should we hold an intervention?",
    "boundaries_enabling": "Boundaries and enabling",
    "family_self_care": "Support for me",
    "involuntary_treatment": "Can treatment be forced?",
    "naloxone": "Naloxone (Narcan)",
    "overdose_signs": "Signs of an overdose",
    "test_strips": "Fentanyl and xylazine test strips",
    "harm_reduction": "Keeping them safer",
    "ketamine_info": "Ketamine therapy",
    "ketamine_suggest": "Bringing up ketamine therapy",
    "ketamine_safety": "Ketamine risks and side effects",
    "ketamine_opioid_bridge": "Ketamine and opioid withdrawal",
    "ketamine_process": "What an infusion is like",
    "cost_insurance": "Cost and insurance",
    "tms": "TMS",
    "benzodiazepines": "Benzodiazepines (Xanax and others)",
    "medication_treatment": "Medications like Suboxone",
    "rehab_support_groups": "Rehab and support groups",
    "co_occurring": "Depression, anxiety or pain too",
    "behavioral_addiction": "Gambling, gaming and other habits",
    "book_appointment": "Book a consultation",
    "manage_appointment": "Change or cancel a booking",
    "request_articles": "Something to read",
    "talk_to_human": "Talk to a person",
    "clinic_info": "Clinic location and hours",
    "privacy": "Is this chat private?",
    "help_for_myself": "Help for myself",
}

# Topics never offered as "did you mean" buttons: conversation glue and the crisis topics
# (those are reached by the crisis detector, and a button must not stand in for real help).
NOT_OFFERED_AS_BUTTONS = frozenset(
    {
        "greet",
        "goodbye",
        "thank",
        "affirm",
        "deny",
        "out_of_scope",
        "crisis_suicide",
        "overdose_emergency",
        "immediate_danger",
        "nlu_fallback",
        "more_info",
        "inform",
    }
)


def button_title(intent: str) -> str | None:
    """The button title for an intent, or None when it should not be offered as a button."""
    if intent in NOT_OFFERED_AS_BUTTONS:
        return None
    return TOPIC_TITLES.get(intent)


def likeliest_topics(
    intent_ranking: Iterable[dict[str, Any]], limit: int = 3, exclude: Collection[str] = ()
) -> list[str]:
    """The top-ranked intents that make sense to offer back as topics, best first: the
    fallback's "did you mean" buttons, and the topics a crisis message set aside."""
    topics: list[str] = []
    for entry in intent_ranking:
        name = entry.get("name")
        if name and button_title(name) and name not in exclude and name not in topics:
            topics.append(name)
        if len(topics) == limit:
            break
    return topics
