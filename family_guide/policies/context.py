"""Corrections, "what if" turns and questions about the last answer's own words go on with the
answer in focus, whatever the NLU thinks.

"Sorry, I meant my daughter, not my girlfriend" or "say it was booze, does that change?" carry
no topic of their own: the NLU reads them as a fallback, a stray topic, or `inform`. The family
means the answer they just got, for the corrected case. This policy (priority 7, above the
rules) answers them from the topic in focus, with the slots the message just set (so the most
specific variation fits the new case), or says honestly that no version was written for it.
"You said ask open questions, what would that sound like?" quotes the answer just given: it gets
that topic's deeper answer (family_guide/quoting.py), not what the quoted words alone suggest.
It never acts on a crisis, inside a form, or on a letter (a letter is a new question).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.followups import (
    asks_whats_inside,
    context_turn,
    corrected_case,
    follow_up_reply,
    last_named_topic,
    outside_substances,
    says_only_a_minors_age,
    steps_for_reader,
    tailoring_slot,
    topic_in_focus,
    user_turns,
)
from family_guide.policies.topic_answers import actions_since_user, next_step
from family_guide.policies.untrained import UntrainedPolicy
from family_guide.quoting import asks_about_answer, quotes_the_bot
from family_guide.topics import answered_topics, likeliest_topics, load_topics

# The intent of a message that only adds to the case ("what if it's alcohol?"), which the rules
# answer by re-answering the topic in focus for it.
INFORM = "inform"


def last_answer(
    tracker: DialogueStateTracker, responses: Dict[Text, Any]
) -> tuple[str, tuple[str, ...]]:
    """What the bot said before the latest user message: its text (the messages sent, and every
    wording of the responses it ran, as `rasa test` runs no responses) and the actions it ran."""
    texts: list[str] = []
    names: list[str] = []
    users = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            users += 1
            if users == 2:
                break
        elif users == 1 and isinstance(event, BotUttered):
            texts.append(event.text or "")
        elif users == 1 and isinstance(event, ActionExecuted) and event.action_name:
            names.append(event.action_name)
            texts += [str(v.get("text") or "") for v in responses.get(event.action_name) or []]
    return "\n".join(texts), tuple(reversed(names))


#: "Tell me more" is answered by this action when the action server is up.
MORE_ON_TOPIC = "action_more_on_topic"


def deeper_steps(focus: str, sent: tuple[str, ...], responses: Any) -> tuple[str, ...]:
    """The deeper answer on the topic in focus, unless it was the answer just sent."""
    deeper = f"utter_{focus}_more"
    if deeper not in responses or deeper in sent or MORE_ON_TOPIC in sent:
        return ()
    return (deeper, "utter_anything_else_after_more")


#: "He's 16 by the way" after an answer with no version for a parent of a teen.
AGE_NOTED = "utter_followup_age_noted"


def for_a_minor(focus: str, responses: Any) -> tuple[str, ...]:
    """The answer in focus again, when it has a version for a parent of a teen (the reader
    fitting picks it), or a note that such versions are used from here on."""
    answer = f"utter_{focus}"
    if f"{answer}_minor" in responses:
        return (answer, "utter_anything_else")
    return (AGE_NOTED, "utter_anything_else")


def context_steps(tracker: DialogueStateTracker, domain: Domain) -> tuple[str, ...]:
    """The responses going on with the answer in focus (a correction, a "what if", a question
    about its words), or () if the latest message is not one."""
    turns = user_turns(tracker)
    if not turns or tracker.active_loop_name:
        return ()
    latest, topics = turns[-1], load_topics()
    if latest.intent in topics and topics[latest.intent].theme == "crisis":
        return ()
    quotes, corrects = quotes_the_bot(latest.text), context_turn(latest)
    if not (quotes or corrects) and latest.intent == INFORM and asks_whats_inside(latest):
        # "What if there's fentanyl in it?" after the answer on his cocaine: not that answer
        # again for fentanyl, but the classifier's likeliest topic (test strips, naloxone).
        asked = likeliest_topics(latest.ranking, limit=1, exclude=(INFORM,))
        if asked and asked[0] in answered_topics():
            return steps_for_reader(tuple(answered_topics()[asked[0]]), turns, domain.responses)
    age_only = not (quotes or corrects) and says_only_a_minors_age(latest)
    if not (quotes or corrects or age_only):
        return ()  # most messages: no need to read the conversation back
    focus = topic_in_focus(turns[:-1], domain.responses)
    if focus is None:
        return ()
    if age_only:
        return steps_for_reader(for_a_minor(focus, domain.responses), turns, domain.responses)
    if quotes:
        answer, sent = last_answer(tracker, domain.responses)
        if asks_about_answer(latest.text, answer):
            return steps_for_reader(deeper_steps(focus, sent, domain.responses), turns,
                                    domain.responses)
    if not corrects:
        return ()
    named = last_named_topic(outside_substances(latest))
    if named is not None and named != focus and named in answered_topics():
        # "not Xanax, his methadone": the topic the correction names.
        steps: tuple[str, ...] = tuple(answered_topics()[named])
    else:
        slot = tailoring_slot(latest.entities)
        corrected = corrected_case(latest)
        value = corrected[slot] if slot in corrected else (tracker.get_slot(slot) if slot else None)
        steps = tuple(follow_up_reply(focus, slot, value, domain.responses))
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
        """"Not Xanax, his methadone": the retracted substance no longer shapes the answer;
        "it's not my boyfriend, it's my brother": the brother does, not the boyfriend the
        same message also names."""
        turns = user_turns(tracker)
        if actions_since_user(tracker) or not turns:
            return []
        return [SlotSet(kind, value) for kind, value in corrected_case(turns[-1]).items()]
