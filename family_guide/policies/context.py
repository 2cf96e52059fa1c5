"""Corrections and "what if" turns re-answer the case just discussed, whatever the NLU thinks.

"Sorry, I meant my daughter, not my girlfriend" or "say it was booze, does that change?" carry
no topic of their own: the NLU reads them as a fallback, a stray topic, or `inform`. The family
means the answer they just got, for the corrected case. This policy (priority 7, above the
rules) answers them from the topic in focus, with the slots the message just set (so the most
specific variation fits the new case), or says honestly that no version was written for it.
It never acts on a crisis, inside a form, or on a letter (a letter is a new question).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.followups import (
    context_turn,
    follow_up_reply,
    last_named_topic,
    outside_substances,
    retracts_substance,
    steps_for_reader,
    tailoring_slot,
    topic_in_focus,
    user_turns,
)
from family_guide.policies.topic_answers import actions_since_user, next_step
from family_guide.policies.untrained import UntrainedPolicy
from family_guide.topics import answered_topics, load_topics


def context_steps(tracker: DialogueStateTracker, domain: Domain) -> tuple[str, ...]:
    """The responses re-answering a correction or "what if" turn, or () if it is not one."""
    turns = user_turns(tracker)
    if not turns or tracker.active_loop_name:
        return ()
    latest, topics = turns[-1], load_topics()
    if latest.intent in topics and topics[latest.intent].theme == "crisis":
        return ()
    if not context_turn(latest):
        return ()
    focus = topic_in_focus(turns[:-1], domain.responses)
    if focus is None:
        return ()
    named = last_named_topic(outside_substances(latest))
    if named is not None and named != focus and named in answered_topics():
        # "not Xanax, his methadone": the topic the correction names.
        steps: tuple[str, ...] = tuple(answered_topics()[named])
    else:
        slot = tailoring_slot(latest.entities)
        steps = tuple(follow_up_reply(focus, slot, tracker.get_slot(slot) if slot else None,
                                      domain.responses))
    return steps_for_reader(steps, turns, domain.responses)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class ContextPolicy(UntrainedPolicy):
    """Predicts the re-answer of a correction or "what if" turn, then a listen."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Above RulePolicy (6): the inform and fallback rules would answer without the context.
        return {"priority": 7}

    def next_action(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
        steps = context_steps(tracker, domain)
        return next_step(steps, actions_since_user(tracker)) if steps else None

    def events_before(self, tracker: DialogueStateTracker, domain: Domain) -> List[Event]:
        """"Not Xanax, his methadone": the retracted substance no longer shapes the answer."""
        turns = user_turns(tracker)
        if actions_since_user(tracker) or not turns or not retracts_substance(turns[-1]):
            return []
        return [SlotSet("substance", None)]
