"""A question about the words of the answer just given ("you said ask open questions, what
would that sound like?") goes deeper on that answer, whatever the quoted words suggest alone."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.policies.context import context_steps
from family_guide.quoting import asks_about_answer, quotes_the_bot

# Written for these tests (never from the dev sets).
TALK_ANSWER = ("Pick a calm time. Ask open questions, like 'what would you like to be "
               "different?' Then listen more than you talk.")


@pytest.mark.parametrize("text, quotes", [
    ("you said open questions, how would I start one with my dad", True),
    ("what do you mean by reflections?", True),
    ("when you say calm time, what counts", True),
    ("what do you mean", False),
    ("you said so", False),
    ("my husband said he would stop, what do I do", False),
])
def test_a_quote_needs_a_cue_and_words_to_quote(text: str, quotes: bool) -> None:
    assert quotes_the_bot(text) is quotes


@pytest.mark.parametrize("text, about", [
    ("you said open questions, how would I start one with my dad", True),
    ("when you say calm time, what counts", True),
    ("you mentioned test strips, where do I get them", False),
    ("you said open questions " + "and then a long story " * 10, False),  # a letter
])
def test_the_quoted_words_must_be_in_the_answer(text: str, about: bool) -> None:
    assert asks_about_answer(text, TALK_ANSWER) is about


def conversation(*events: Event) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("t-quote-0001", [ActionExecuted("action_listen"),
                                                             *events])


def asked(intent: str, text: str) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 0.5}, [],
                       {"text": text, "intent": {"name": intent}, "entities": []})


def answered(response: str, text: str) -> list[Event]:
    return [ActionExecuted(response), BotUttered(text, metadata={"utter_action": response}),
            ActionExecuted("utter_anything_else"), ActionExecuted("action_listen")]


def test_a_quote_of_the_answer_gets_its_deeper_answer_not_the_check_in(
    rasa_domain: Domain,
) -> None:
    t = conversation(asked("how_to_talk", "how do I talk to my brother about his drinking"),
                     *answered("utter_how_to_talk", TALK_ANSWER),
                     asked("stage_assessment", "you said open questions, what would those be"))
    assert context_steps(t, rasa_domain) == ("utter_how_to_talk_more",
                                             "utter_anything_else_after_more")


def test_after_the_deeper_answer_or_a_quote_from_elsewhere_the_nlu_decides(
    rasa_domain: Domain,
) -> None:
    deeper_sent = conversation(
        asked("how_to_talk", "how do I talk to my brother about his drinking"),
        *answered("utter_how_to_talk", TALK_ANSWER),
        asked("more_info", "tell me more"),
        *answered("utter_how_to_talk_more", "Open questions invite a story."),
        asked("stage_assessment", "you said open questions, what would those be"))
    elsewhere = conversation(
        asked("how_to_talk", "how do I talk to my brother about his drinking"),
        *answered("utter_how_to_talk", TALK_ANSWER),
        asked("fentanyl_test_strips", "you mentioned test strips, where do I get them"))
    assert context_steps(deeper_sent, rasa_domain) == ()
    assert context_steps(elsewhere, rasa_domain) == ()


def test_the_answer_is_read_from_the_responses_run_when_no_message_was_stored(
    rasa_domain: Domain,
) -> None:
    """`rasa test` runs the actions of a story without sending their messages."""
    t = conversation(asked("how_to_talk", "how do I talk to my brother about his drinking"),
                     ActionExecuted("utter_how_to_talk"), ActionExecuted("utter_anything_else"),
                     ActionExecuted("action_listen"),
                     asked("stage_assessment", "you said open questions, what would those be"))
    assert context_steps(t, rasa_domain)[0] == "utter_how_to_talk_more"
