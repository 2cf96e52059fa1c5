"""Answer a topic with its plain responses from the topic registry, without one rule per topic.

Most topics are answered the same way: the answer (utter_<topic>), then the follow-up turn
("anything else?" or the stage check-in offer), then listen. catalogues/topics.yml says which
responses; this policy sends them. They are plain responses, so the answers keep working when
the action server is down.

It ranks below RulePolicy (priority 6): wherever a rule applies (crisis replies, booking, the
stage check-in offer, a yes or no to an offer) the rule still wins, as it did over the per-topic
rules this replaces. It stays quiet while a form is active: the forms take every such message as
a text answer (their slot mappings exclude only crisis and leave-the-form intents) and answer
side questions themselves.
"""

from __future__ import annotations

from typing import Any, Collection, Dict, List, Optional, Sequence, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.followups import (
    Turn,
    facet_answer,
    names_a_new_case,
    steps_for_reader,
    topic_asked,
    topic_in_focus,
    user_turns,
    writer_uses,
)
from family_guide.nlg import REFLECTION
from family_guide.policies.untrained import UntrainedPolicy
from family_guide.reflection import reflect
from family_guide.topics import answered_topics

# After a follow-up facet, the same "anything else?" turn as after most answers.
FOLLOW_UP_TURN = "utter_anything_else"


def actions_since_user(tracker: DialogueStateTracker) -> List[str]:
    """The actions the bot ran since the latest user message, oldest first."""
    names: List[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted) and event.action_name:
            names.append(event.action_name)
    return names[::-1]


def next_step(steps: Sequence[str], done: Sequence[str]) -> Optional[str]:
    """The next action of `steps` then a listen, if what ran so far is its beginning."""
    sequence = [*steps, ACTION_LISTEN_NAME]
    if len(done) < len(sequence) and list(done) == sequence[: len(done)]:
        return sequence[len(done)]
    return None


def answer_steps(turns: Sequence[Turn], responses: Collection[str]) -> Sequence[str]:
    """The responses answering the latest turn: a facet of the topic in focus ("is it safe?"),
    else the topic's own answer; either in the version written for this reader."""
    if not turns:
        return ()
    latest = turns[-1]
    focus = topic_in_focus(turns[:-1], responses)
    followed = facet_answer(latest, focus, responses)
    asked = topic_asked(latest, responses)
    if followed is not None:
        steps: Sequence[str] = (followed.response, FOLLOW_UP_TURN)
    else:
        steps = answered_topics().get(asked or "") or ()
    if not steps:
        return ()
    steps = steps_for_reader(steps, turns, responses)
    deeper = f"{steps[0]}_more"
    if (followed is None and asked == focus and deeper in responses
            and not names_a_new_case(latest, turns[:-1])):
        # Asked again in other words, or for the same substance or person: the deeper answer,
        # never the same text twice in a row. (Asked again for a new substance or person: the
        # answer fitted to it, below.)
        steps = (deeper, *steps[1:])
    if REFLECTION in responses and reflect(
        latest.text, latest.entities, asked, latest.ranking, writer_uses(turns)
    ):
        # A letter: first say back what they told us, and offer their other worry; also when
        # it asks a facet of the treatment it names ("could ketamine help him, and would his
        # insurance pay?" is answered with the cost, and whether it could help is offered).
        steps = (REFLECTION, *steps)
    return tuple(steps)


def next_answer_action(tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
    """The next action answering the latest message, or None if none applies."""
    if tracker.active_loop_name:
        return None
    steps = answer_steps(user_turns(tracker), set(domain.responses))
    if not steps:
        return None
    return next_step(steps, actions_since_user(tracker))


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class TopicAnswerPolicy(UntrainedPolicy):
    """Predicts a topic's registry responses in order, then a listen."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Below RulePolicy (6), above MemoizationPolicy (3): see the module docstring.
        return {"priority": 5}

    def next_action(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
        return next_answer_action(tracker, domain)
