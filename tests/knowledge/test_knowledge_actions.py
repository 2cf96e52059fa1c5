"""'Tell me more' and 'and if it's alcohol?' stay on the family's topic, and never dead-end."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

from rasa_sdk.executor import CollectingDispatcher
from tracker_builders import bot_event as bot
from tracker_builders import tracker_for, user_event

from actions.knowledge import (
    ActionAnswerFollowUp,
    ActionMoreOnTopic,
    already_went_deeper,
    last_topic,
    more_reply,
)
from family_guide.followups import follow_up_reply, has_variation_for
from family_guide.topics import answered_topics


def user(intent: str, entities: Optional[List[Dict[str, Any]]] = None) -> Dict[str, Any]:
    return user_event("...", intent, entities=entities or [])


def run(action, events, domain_dict, slots=None) -> List[str]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker_for(events, slots), domain_dict))
    return [message["response"] for message in dispatcher.messages]


def test_every_topic_has_an_answer_a_deeper_answer_and_a_default(domain_dict) -> None:
    responses = domain_dict["responses"]
    for topic in answered_topics():
        for name in (f"utter_{topic}", f"utter_{topic}_more"):
            assert name in responses, name
            assert any("condition" not in v for v in responses[name]), f"{name} has no default"


def test_answers_are_long_enough_to_help_and_short_enough_to_read(domain_dict) -> None:
    """A main answer is about 60-130 words; the deeper one may run a little longer."""
    for topic in set(answered_topics()) - {"clinic_info"}:
        for name, low, high in ((f"utter_{topic}", 55, 135), (f"utter_{topic}_more", 55, 140)):
            for variation in domain_dict["responses"][name]:
                words = len(variation["text"].split())
                assert low <= words <= high, f"{name}: {words} words"


def test_last_topic_skips_follow_ups_but_not_a_new_subject() -> None:
    assert last_topic([user("naloxone"), bot("utter_naloxone"), user("more_info"),
                       user("inform")]) == "naloxone"
    assert last_topic([user("naloxone"), user("book_appointment"), user("more_info")]) is None
    assert last_topic([user("more_info")]) is None


def test_deeper_answer_is_only_offered_once_per_question() -> None:
    events = [user("tms"), bot("utter_tms"), user("more_info"), bot("utter_tms_more")]
    assert already_went_deeper(events, "tms", "utter_tms_more")
    assert not already_went_deeper(events + [user("tms"), bot("utter_tms")], "tms",
                                   "utter_tms_more")


def test_tell_me_more_gives_the_deeper_answer_then_asks_what_else(domain_dict) -> None:
    events = [user("ketamine_safety"), bot("utter_ketamine_safety"), user("more_info")]
    assert run(ActionMoreOnTopic(), events, domain_dict) == [
        "utter_ketamine_safety_more", "utter_anything_else_after_more"]


def test_tell_me_more_twice_offers_a_person_instead_of_repeating(domain_dict) -> None:
    events = [user("relapse"), user("more_info"), bot("utter_relapse_more"), user("more_info")]
    assert run(ActionMoreOnTopic(), events, domain_dict) == ["utter_more_exhausted"]


def test_tell_me_more_for_the_person_who_uses_speaks_to_them(domain_dict) -> None:
    """After "actually it's me", "tell me more" goes deeper for them: their own deeper answer,
    or more on getting help for themself where the topic's deeper answer coaches a family
    member ("ask them to..."); a topic written for any reader keeps its deeper answer."""
    it_is_me = [user("relapse"), bot("utter_relapse"), user("help_for_myself"),
                bot("utter_help_for_myself")]
    assert run(ActionMoreOnTopic(), it_is_me + [user("relapse"), user("more_info")],
               domain_dict)[0] == "utter_relapse_more_self"
    assert run(ActionMoreOnTopic(), it_is_me + [user("how_to_talk"), user("more_info")],
               domain_dict)[0] == "utter_help_for_myself_more"
    assert run(ActionMoreOnTopic(), it_is_me + [user("tms"), user("more_info")],
               domain_dict)[0] == "utter_tms_more"
    family = [user("relapse"), bot("utter_relapse"), user("more_info")]
    assert run(ActionMoreOnTopic(), family, domain_dict)[0] == "utter_relapse_more"


def test_tell_me_more_twice_for_the_person_who_uses_offers_a_person(domain_dict) -> None:
    events = [user("help_for_myself"), user("harm_reduction"), user("more_info"),
              bot("utter_harm_reduction_more_self"), user("more_info")]
    assert run(ActionMoreOnTopic(), events, domain_dict) == ["utter_more_exhausted"]


def test_tell_me_more_with_no_topic_asks_kindly(domain_dict) -> None:
    assert run(ActionMoreOnTopic(), [user("greet"), user("more_info")], domain_dict) == [
        "utter_more_no_topic"]
    assert more_reply(None, False) == ["utter_more_no_topic"]


def test_and_if_its_alcohol_re_answers_a_tailored_topic(domain_dict) -> None:
    events = [user("naloxone"), bot("utter_naloxone"),
              user("inform", [{"entity": "substance", "value": "alcohol"}])]
    assert run(ActionAnswerFollowUp(), events, domain_dict, {"substance": "alcohol"}) == [
        "utter_naloxone", "utter_anything_else"]


def test_relationship_follow_up_re_answers_boundaries(domain_dict) -> None:
    events = [user("boundaries_enabling"),
              user("inform", [{"entity": "relationship", "value": "daughter"}])]
    assert run(ActionAnswerFollowUp(), events, domain_dict, {"relationship": "daughter"}) == [
        "utter_boundaries_enabling", "utter_anything_else"]


def test_follow_up_on_an_untailored_topic_gives_the_safety_note_not_a_repeat(domain_dict) -> None:
    events = [user("stages_of_change"),
              user("inform", [{"entity": "substance", "value": "benzodiazepines"}])]
    assert run(ActionAnswerFollowUp(), events, domain_dict,
               {"substance": "benzodiazepines"}) == ["utter_followup_substance",
                                                     "utter_anything_else"]


def test_follow_up_before_any_topic_asks_what_they_need(domain_dict) -> None:
    events = [user("inform", [{"entity": "relationship", "value": "son"}])]
    assert run(ActionAnswerFollowUp(), events, domain_dict, {"relationship": "son"}) == [
        "utter_followup_no_topic"]


def test_follow_up_reply_without_an_entity_acknowledges(domain_dict) -> None:
    assert follow_up_reply("tms", None, None, domain_dict["responses"]) == [
        "utter_followup_relationship", "utter_anything_else"]


def test_has_variation_for_reads_conditions() -> None:
    variations = [{"text": "a"},
                  {"text": "b", "condition": [{"type": "slot", "name": "substance",
                                               "value": "meth"}]}]
    assert has_variation_for(variations, "substance", "meth")
    assert not has_variation_for(variations, "substance", "alcohol")
    assert not has_variation_for(variations, "relationship", "meth")


def test_tell_me_more_after_a_follow_up_question_stays_on_the_topic() -> None:
    events = [user("naloxone"), bot("utter_naloxone"), user("ask_safety"),
              bot("utter_naloxone_safety"), user("thank"), user("more_info")]
    assert last_topic(events, {"utter_naloxone_safety"}) == "naloxone"


def test_last_topic_reads_a_what_if_as_the_policy_does() -> None:
    """"What if it was klonopin instead" changes the case, not the topic, for the action too:
    the substance word it names is read from the message's entities, as the policy reads it."""
    text = "what if it was klonopin instead"
    klonopin = {"entity": "substance", "value": "benzodiazepines",
                "start": text.index("klonopin"), "end": text.index("klonopin") + 8}
    events = [user("naloxone"), bot("utter_naloxone"),
              user_event(text, "inform", entities=[klonopin])]
    assert last_topic(events) == "naloxone"


def test_a_new_relative_after_an_answer_written_for_anyone_is_told_it_holds(domain_dict) -> None:
    """"Actually it's my dad, not my mom" after the answer for a loved one in denial, which has
    no version per relative: not "I don't have a version for that relationship"."""
    assert follow_up_reply("precontemplation", "relationship", "father",
                           domain_dict["responses"]) == [
        "utter_followup_relationship_same", "utter_anything_else"]
    # An answer with versions per relative, but none for this one, keeps the honest note.
    per_relative = {"utter_how_to_talk": [
        {"text": "any"},
        {"text": "child", "condition": [{"type": "slot", "name": "relationship", "value": "son"}]}]}
    assert follow_up_reply("how_to_talk", "relationship", "father", per_relative) == [
        "utter_followup_relationship", "utter_anything_else"]
