"""The topic-answer policy sends a topic's registry responses in order, then listens; a
follow-up with no subject of its own is answered for the topic in focus."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.policies.topic_answers import next_answer_action, next_step


def tracker_after(intent: str, *actions: str, loop: str | None = None,
                  text: str = "...", before: tuple[tuple[str, str], ...] = ()
                  ) -> DialogueStateTracker:
    events: list = [ActionExecuted("action_listen")]
    if loop:
        events.insert(0, ActiveLoop(loop))
    for earlier_intent, earlier_text in before:
        events += [UserUttered(earlier_text, {"name": earlier_intent, "confidence": 0.9}),
                   ActionExecuted(f"utter_{earlier_intent}"), ActionExecuted("action_listen")]
    events += [UserUttered(text, {"name": intent, "confidence": 0.9})]
    events += [ActionExecuted(action) for action in actions]
    return DialogueStateTracker.from_events("test", events)


@pytest.fixture(scope="module")
def domain(rasa_domain: Domain) -> Domain:
    return rasa_domain


def test_the_answer_then_the_follow_up_then_a_listen(domain: Domain) -> None:
    assert next_answer_action(tracker_after("naloxone"), domain) == "utter_naloxone"
    after = tracker_after("naloxone", "utter_naloxone")
    assert next_answer_action(after, domain) == "utter_anything_else"
    done = ("utter_naloxone", "utter_anything_else")
    assert next_answer_action(tracker_after("naloxone", *done), domain) == "action_listen"


def test_a_denial_is_followed_by_the_check_in_offer(domain: Domain) -> None:
    after = tracker_after("precontemplation", "utter_precontemplation")
    assert next_answer_action(after, domain) == "utter_offer_stage_assessment"


def test_quiet_for_rule_topics_forms_and_other_turns(domain: Domain) -> None:
    assert next_answer_action(tracker_after("book_appointment"), domain) is None
    assert next_answer_action(tracker_after("crisis_suicide"), domain) is None
    assert next_answer_action(tracker_after("naloxone", loop="booking_form"), domain) is None
    assert next_answer_action(tracker_after("naloxone", "action_offer_topics"), domain) is None


def test_a_follow_up_without_a_subject_asks_about_the_topic_in_focus(domain: Domain) -> None:
    after_naloxone = (("naloxone", "where do I get narcan"),)
    safe = tracker_after("ask_safety", text="is it safe?", before=after_naloxone)
    assert next_answer_action(safe, domain) == "utter_naloxone_safety"
    cost = tracker_after("cost_insurance", text="how much is it", before=after_naloxone)
    assert next_answer_action(cost, domain) == "utter_naloxone_cost"
    after_tms = (("tms", "what is tms"),)
    suggest = tracker_after("how_to_talk", text="how would I bring it up with her",
                            before=after_tms)
    assert next_answer_action(suggest, domain) == "utter_tms_suggest"


@pytest.mark.parametrize("topic, earlier, response", [
    # "Is there anything I should keep in the house?" ... "is it expensive": not ketamine prices.
    ("harm_reduction", "what should I keep in the house to keep her safe",
     "utter_harm_reduction_cost"),
    ("behavioral_addiction", "my husband bets on sports every night",
     "utter_behavioral_addiction_cost"),
])
def test_how_much_after_an_answer_is_its_own_cost(domain: Domain, topic: str, earlier: str,
                                                  response: str) -> None:
    cost = tracker_after("cost_insurance", text="is it expensive", before=((topic, earlier),))
    assert next_answer_action(cost, domain) == response


def test_a_follow_up_that_names_its_subject_is_answered_for_that_subject(domain: Domain) -> None:
    after_tms = (("tms", "what is tms"),)
    ketamine = tracker_after("ask_evidence", text="is ketamine fda approved", before=after_tms)
    assert next_answer_action(ketamine, domain) == "utter_ketamine_info_evidence"


def test_a_question_of_its_own_is_not_taken_as_a_follow_up(domain: Domain) -> None:
    after_tms = (("tms", "what is tms"),)
    talk = tracker_after("how_to_talk", text="how do I talk to my son about his drinking",
                         before=after_tms)
    assert next_answer_action(talk, domain) == "utter_how_to_talk"
    cost = tracker_after("cost_insurance", text="how much is it",
                         before=(("precontemplation", "he says he is fine"),))
    assert next_answer_action(cost, domain) == "utter_cost_insurance"


def test_no_answer_for_that_facet_is_said_honestly(domain: Domain) -> None:
    after = (("overdose_signs", "what does an overdose look like"),)
    evidence = tracker_after("ask_evidence", text="is there proof of that", before=after)
    assert next_answer_action(evidence, domain) == "utter_facet_missing_evidence"
    first = tracker_after("ask_safety", text="is it safe?")
    assert next_answer_action(first, domain) == "utter_followup_no_topic"


def test_the_same_topic_asked_again_gets_the_deeper_answer(domain: Domain) -> None:
    again = tracker_after("how_to_talk", text="but what do I actually say to him",
                          before=(("how_to_talk", "how do I bring up his drinking"),))
    assert next_answer_action(again, domain) == "utter_how_to_talk_more"


def _with_substance(text: str, word: str, value: str) -> tuple[str, str, list[dict]]:
    start = text.index(word)
    return text, value, [{"entity": "substance", "value": value, "start": start,
                          "end": start + len(word)}]


@pytest.mark.parametrize("follow_up, word, value, expected", [
    # The same pills, asked about again: more, not the same text twice.
    ("is it dangerous for her to stop the ativan?", "ativan", "benzodiazepines",
     "utter_benzodiazepines_more"),
    # Another substance: the answer fitted to it.
    ("is it dangerous for her to stop the klonopin and the wine?", "wine", "alcohol",
     "utter_benzodiazepines"),
])
def test_the_same_case_asked_again_goes_deeper_and_a_new_one_is_answered_for_it(
        domain: Domain, follow_up: str, word: str, value: str, expected: str) -> None:
    letter = "my mother takes her ativan every night and gets confused, how do I raise it"
    first = _with_substance(letter, "ativan", "benzodiazepines")
    latest = _with_substance(follow_up, word, value)
    events: list = [ActionExecuted("action_listen"),
                    UserUttered(first[0], {"name": "benzodiazepines", "confidence": 0.9},
                                first[2]),
                    ActionExecuted("utter_benzodiazepines"), ActionExecuted("action_listen"),
                    UserUttered(latest[0], {"name": "benzodiazepines", "confidence": 0.9},
                                latest[2])]
    tracker = DialogueStateTracker.from_events("test", events)
    assert next_answer_action(tracker, domain) == expected


@pytest.mark.parametrize("intent, text, expected", [
    ("medication_treatment", "how do we find him a doctor for suboxone?",
     "utter_medication_treatment_where"),
    ("rehab_support_groups", "ok where can she go for rehab near annapolis",
     "utter_rehab_support_groups_where"),
    ("rehab_support_groups", "how long does rehab usually take?",
     "utter_rehab_support_groups_duration"),
    ("how_to_talk", "how long should I wait before I bring it up?", "utter_how_to_talk"),
    # Two questions, or no place asked: the topic's own answer.
    ("naloxone", "what is narcan and where can I get it", "utter_naloxone"),
    ("behavioral_addiction", "where do I even start with his betting",
     "utter_behavioral_addiction"),
])
def test_a_short_where_or_how_long_question_gets_its_topics_facet_answer(
        domain: Domain, intent: str, text: str, expected: str) -> None:
    assert next_answer_action(tracker_after(intent, text=text), domain) == expected


def test_next_step_only_continues_its_own_sequence() -> None:
    steps = ("utter_a", "utter_b")
    assert next_step(steps, []) == "utter_a"
    assert next_step(steps, ["utter_a", "utter_b", "action_listen"]) is None
    assert next_step(steps, ["utter_b"]) is None
