"""The fallback never leaves a family at a dead end: likeliest topics first, then a person."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from tracker_builders import tracker_for, user_event

from actions.fallback import ActionOfferTopics, consecutive_fallbacks
from family_guide.topics import likeliest_topics


def user(intent: str, ranking: list[dict[str, Any]] | None = None,
         text: str = "...") -> dict[str, Any]:
    return user_event(text, intent, intent_ranking=ranking or [])


RANKING = [
    {"name": "nlu_fallback", "confidence": 0.3},
    {"name": "crisis_suicide", "confidence": 0.2},
    {"name": "greet", "confidence": 0.15},
    {"name": "relapse", "confidence": 0.12},
    {"name": "how_to_talk", "confidence": 0.1},
    {"name": "naloxone", "confidence": 0.08},
    {"name": "tms", "confidence": 0.05},
]


def test_buttons_skip_glue_and_crisis_topics_and_keep_order() -> None:
    assert likeliest_topics(RANKING) == ["relapse", "how_to_talk", "naloxone"]


def test_consecutive_fallbacks_stop_at_the_last_understood_message() -> None:
    events = [user("nlu_fallback"), user("relapse"), user("nlu_fallback"), user("nlu_fallback")]
    assert consecutive_fallbacks(events) == 2
    assert consecutive_fallbacks([user("greet")]) == 0


def run(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionOfferTopics().run(dispatcher, tracker_for(events), {}))
    return dispatcher.messages


def test_first_miss_offers_the_likeliest_topics_as_buttons() -> None:
    [message] = run([user("greet"), user("nlu_fallback", RANKING)])
    assert message["response"] == "utter_fallback_rephrase"
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ["/relapse", "/how_to_talk", "/naloxone", "/capabilities"]
    assert message["buttons"][0]["title"] == "They started using again"


def test_a_long_letter_is_thanked_never_told_it_was_not_understood() -> None:
    letter = ("My husband has been drinking every night since he lost his job in the spring. "
              "He says it is just to sleep, and I don't know whether to push or to wait. "
              "What should I do?")
    [message] = run([user("nlu_fallback", RANKING, text=letter)])
    assert message["response"] == "utter_fallback_long_message"
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ["/relapse", "/how_to_talk", "/naloxone", "/capabilities"]


def test_a_short_message_about_a_loved_ones_use_is_asked_where_to_start() -> None:
    son = {"entity": "relationship", "value": "son", "start": 3, "end": 6}
    event = user_event("my son drinks every night, what do I do", "nlu_fallback",
                       entities=[son], intent_ranking=RANKING)
    [message] = run([event])
    assert message["response"] == "utter_fallback_where_to_start"
    assert [b["payload"] for b in message["buttons"]][:3] == ["/relapse", "/how_to_talk",
                                                             "/naloxone"]


def test_second_miss_in_a_row_offers_a_person() -> None:
    [message] = run([user("nlu_fallback", RANKING), user("nlu_fallback", RANKING)])
    assert message["response"] == "utter_fallback_human"


def test_a_letter_about_quitting_wine_cold_turkey_offers_readiness_first_and_no_benzo_button(
) -> None:
    """The readiness answer has the never-stop-alone safety; the benzodiazepine answer is
    written for another substance."""
    letter = ("My wife drinks a bottle of wine every night and says she'll quit cold turkey on "
              "Monday. Last time she tried she was shaking by the second day. Should I worry?")
    wine = {"entity": "substance", "value": "alcohol", "start": letter.index("wine"),
            "end": letter.index("wine") + 4}
    turkey = {"entity": "situation", "value": "stopping_alone",
              "start": letter.index("cold turkey"), "end": letter.index("cold turkey") + 11}
    ranking = [{"name": "nlu_fallback", "confidence": 0.3},
               {"name": "relapse", "confidence": 0.2},
               {"name": "benzodiazepines", "confidence": 0.15},
               {"name": "precontemplation", "confidence": 0.1},
               {"name": "how_to_talk", "confidence": 0.05}]
    event = user_event(letter, "nlu_fallback", entities=[wine, turkey], intent_ranking=ranking)
    [message] = run([event])
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == ["/loved_one_ready", "/relapse", "/precontemplation", "/capabilities"]


def test_a_letter_about_a_daughter_home_from_rehab_offers_the_homecoming_answer_first() -> None:
    """Its button says what it is about; the answer behind it is the readiness answer's
    homecoming version (lost tolerance, naloxone, a first appointment outside)."""
    letter = ("Our son came home from detox on Sunday. He looks better, but we don't know "
              "whether to give him his car keys back or watch him every minute. What now?")
    home = {"entity": "situation", "value": "homecoming",
            "start": letter.index("came home"), "end": letter.index("came home") + 21}
    ranking = [{"name": "nlu_fallback", "confidence": 0.3},
               {"name": "boundaries_enabling", "confidence": 0.2},
               {"name": "relapse", "confidence": 0.15},
               {"name": "how_to_talk", "confidence": 0.1}]
    [message] = run([user_event(letter, "nlu_fallback", entities=[home], intent_ranking=ranking)])
    assert [b["payload"] for b in message["buttons"]] == [
        "/loved_one_ready", "/boundaries_enabling", "/relapse", "/capabilities"]
    assert message["buttons"][0]["title"] == "Coming home from rehab or jail"
    assert message["buttons"][1]["title"] == "Boundaries and enabling"
