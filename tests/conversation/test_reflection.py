"""A letter opens with one sentence that says back what the family told us, and offers the
other worry they raised; short questions and letters with nothing specific get no such line."""

from __future__ import annotations

import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from family_guide.nlg import REFLECTION, FamilyGuideNLG, most_specific
from family_guide.policies.topic_answers import next_answer_action
from family_guide.reflection import alternative_named, reflect, situations

# Written for these tests (never from the dev sets).
LETTER = (
    "My partner has been drinking every night since the spring and he lost his job in October. "
    "Now I found out he has been betting on sports too, thousands on his phone. We have two "
    "little ones and I'm exhausted. What do I do?"
)
PARTNER = {"entity": "relationship", "value": "partner", "start": 3, "end": 10}
ALCOHOL = {"entity": "substance", "value": "alcohol", "start": 20, "end": 28}
BETTING = {"entity": "substance", "value": "gambling", "start": 118, "end": 135}
RANKING = ({"name": "boundaries_enabling", "confidence": 0.55},
           {"name": "behavioral_addiction", "confidence": 0.25},
           {"name": "family_self_care", "confidence": 0.1})


def found_in(letter: str, kind: str, value: str, words: str) -> dict:
    """The entity the NLU gives for `words` in the letter (offsets included)."""
    start = letter.index(words)
    return {"entity": kind, "value": value, "start": start, "end": start + len(words)}


def test_a_letter_is_said_back_with_who_what_and_what_is_around_it() -> None:
    found = reflect(LETTER, [PARTNER, ALCOHOL, BETTING], "boundaries_enabling", RANKING, False)
    assert found is not None
    assert found.text.startswith(
        "It sounds like your partner's drinking and betting on sports are weighing on you, "
        "with children in the house and trouble at work.")
    assert found.second_topic == ("behavioral_addiction", "Gambling, gaming and other habits")


def test_the_writer_who_uses_is_spoken_to_not_about() -> None:
    letter = ("I'm the one with the problem. I have been using coke most weekends to deal with "
              "my anxiety and it is creeping into weeknights now. I don't want my wife to know "
              "yet.")
    cocaine = {"entity": "substance", "value": "cocaine", "start": letter.index("coke"),
               "end": letter.index("coke") + 4}
    found = reflect(letter, [cocaine], "help_for_myself",
                    ({"name": "help_for_myself", "confidence": 0.8},), True)
    assert found is not None and found.text.startswith("It sounds like your own coke use is")
    assert "anxiety or low mood too" in found.text


def test_short_messages_and_letters_with_nothing_specific_get_no_reflection() -> None:
    assert reflect("my son drinks, what do I do?", [ALCOHOL], "how_to_talk", RANKING, False) is None
    vague = ("I don't really know where to start with any of this. It has been going on for a "
             "long time and I keep going back and forth in my head about what is right. Help?")
    assert reflect(vague, [], "how_to_talk", RANKING, False) is None


def test_a_weak_or_unofferable_runner_up_is_not_offered() -> None:
    weak = ({"name": "boundaries_enabling", "confidence": 0.8},
            {"name": "behavioral_addiction", "confidence": 0.05})
    glue = ({"name": "boundaries_enabling", "confidence": 0.6},
            {"name": "greet", "confidence": 0.3}, {"name": "naloxone", "confidence": 0.02})
    for ranking in (weak, glue):
        found = reflect(LETTER, [ALCOHOL], "boundaries_enabling", ranking, False)
        assert found is not None and found.second_topic is None


def test_the_answer_for_children_in_the_home_is_offered_beside_another_answer() -> None:
    """A grandmother raising the children whose letter reads as her own strain gets the
    self-care answer, with the rules that keep the children safe one button away (not the
    ranking's runner-up); a writer who uses is never offered the family's version."""
    letter = ("I'm 68 and raising my two grandsons because their mother, my daughter, is on "
              "meth. She got out of a program in October and now wants to see the boys every "
              "weekend. Last time she came by she was high. What should I do?")
    entities = [found_in(letter, "substance", "meth", "meth"),
                found_in(letter, "situation", "kids_at_home", "raising my two grandsons")]
    ranking = ({"name": "family_self_care", "confidence": 0.31},
               {"name": "relapse", "confidence": 0.17})
    found = reflect(letter, entities, "family_self_care", ranking, False)
    assert found is not None
    assert found.second_topic == ("boundaries_enabling", "Children in the home")
    assert '"Children in the home" is below' in found.text
    found = reflect(letter, entities, "boundaries_enabling", ranking, False)
    assert found is not None and found.second_topic != ("boundaries_enabling",
                                                        "Children in the home")
    found = reflect(letter, entities, "help_for_myself", ranking, True)
    assert found is None or found.second_topic is None or (
        found.second_topic[0] != "boundaries_enabling")


def test_children_in_the_home_is_not_offered_when_the_child_is_the_one_who_uses() -> None:
    letter = ("we've had custody of our granddaughter since she was 6, she's 17 now. I found a "
              "bottle of vodka under her bed and I think she drinks before school. How do we "
              "bring it up without her shutting us out?")
    entities = [found_in(letter, "relationship", "grandchild", "granddaughter"),
                found_in(letter, "situation", "kids_at_home", "custody of our granddaughter"),
                found_in(letter, "substance", "alcohol", "vodka")]
    ranking = ({"name": "how_to_talk", "confidence": 0.6},
               {"name": "family_self_care", "confidence": 0.05})
    found = reflect(letter, entities, "how_to_talk", ranking, False)
    assert found is not None and found.second_topic is None


def test_a_letter_that_never_names_ketamine_is_not_offered_it() -> None:
    """"How do I bring it up with him?" reads close to bringing up ketamine; a letter about a
    father's drinking that never names ketamine or TMS is not offered them."""
    letter = ("Since my mom passed in March my dad, who is 74, has been drinking from the "
              "afternoon on. He fell twice in the kitchen. He's a proud man and gets angry if "
              "anyone mentions it. How do I bring it up with him?")
    drinking = found_in(letter, "substance", "alcohol", "drinking")
    ranking = ({"name": "how_to_talk", "confidence": 0.5},
               {"name": "ketamine_suggest", "confidence": 0.3})
    found = reflect(letter, [drinking], "how_to_talk", ranking, False)
    assert found is not None and found.second_topic is None
    named = letter.replace("How do I", "I read about ketamine. How do I")
    drinking = found_in(named, "substance", "alcohol", "drinking")
    found = reflect(named, [drinking], "how_to_talk", ranking, False)
    assert found is not None and found.second_topic == ("ketamine_suggest",
                                                        "Bringing up ketamine therapy")


def test_whether_ketamine_could_help_is_offered_beside_a_facet_answer() -> None:
    """'Could that help him, and would his insurance pay?' gets the cost answer with the
    general ketamine answer one button away; another facet is not offered beside it."""
    letter = ("My brother is 35, drinks heavily every day and has been depressed for years. I "
              "read about ketamine infusions. Could that help him, and would insurance pay?")
    drinks = found_in(letter, "substance", "alcohol", "drinks")
    could_help = ({"name": "cost_insurance", "confidence": 0.6},
                  {"name": "ketamine_info", "confidence": 0.16})
    found = reflect(letter, [drinks], "cost_insurance", could_help, False)
    assert found is not None and found.second_topic == ("ketamine_info", "Ketamine therapy")
    another_facet = ({"name": "cost_insurance", "confidence": 0.6},
                     {"name": "ketamine_safety", "confidence": 0.3})
    found = reflect(letter, [drinks], "cost_insurance", another_facet, False)
    assert found is not None and found.second_topic is None


def test_the_other_treatment_in_a_choice_is_offered_beside_the_answer() -> None:
    """'TMS or ketamine?' gets the TMS answer with ketamine one button away, even though the
    ranking gives ketamine almost nothing; with no use named, the line still says why."""
    weak = ({"name": "tms", "confidence": 0.9}, {"name": "ketamine_info", "confidence": 0.02})
    letter = ("Our son is 27 and has used meth on and off for years. His counsellor mentioned "
              "TMS and a friend of ours swears by ketamine. Would TMS or ketamine be better?")
    meth = {"entity": "substance", "value": "meth", "start": letter.index("meth"),
            "end": letter.index("meth") + 4}
    found = reflect(letter, [meth], "tms", weak, False)
    assert found is not None and found.second_topic == ("ketamine_info", "Ketamine therapy")
    plain = ("I have been reading about treatments for a long time and I'm going round in "
             "circles. Is ketamine better than rehab for someone who has tried everything?")
    found = reflect(plain, [], "ketamine_info", weak, False)
    assert found is not None and found.text.startswith("You're weighing more than one")
    assert found.second_topic is not None and found.second_topic[0] == "rehab_support_groups"


def test_two_words_for_one_treatment_or_a_non_treatment_are_not_a_choice() -> None:
    for intent, letter in (
        ("medication_treatment", "He has been on and off Suboxone or methadone for years and "
                                 "I don't know which one is better for him in the long run."),
        ("how_to_talk", "She keeps asking whether ketamine or TMS would help, and I don't know "
                        "how to talk to her about any of it without starting a fight."),
    ):
        assert alternative_named(intent, letter) is None


@pytest.mark.parametrize("text, phrase", [
    ("she got fired from the restaurant", "trouble at work"),
    ("he was arrested for a DUI last week", "trouble with the law"),
    ("money keeps going missing from my purse", "money going missing"),
    ("we have a 4 month old", "a baby at home"),
])
def test_situations_are_named_in_plain_words(text: str, phrase: str) -> None:
    assert phrase in situations(text)


def test_gaming_is_named_even_without_an_entity() -> None:
    letter = ("My son is on video games from the minute he gets home until 3am. His grades have "
              "dropped and he screams if we take the console. Is this an addiction, and what do "
              "we do about it?")
    found = reflect(letter, [], "behavioral_addiction", (), False)
    assert found is not None and found.text.startswith("It sounds like your loved one's gaming")


def test_only_the_writers_own_relative_is_named_and_plurals_read_well() -> None:
    letter = ("Another mom told me my 14 year old has been buying pills at school. He swears "
              "they are just vitamins, but his grades are falling and he sleeps all afternoon. "
              "How do I get him to be honest?")
    mom = {"entity": "relationship", "value": "mother", "start": 8, "end": 11}
    pills = {"entity": "substance", "value": "opioids", "start": letter.index("pills"),
             "end": letter.index("pills") + 5}
    found = reflect(letter, [mom, pills], "how_to_talk", (), False)
    assert found is not None
    # "my 14 year old": the writer's own child, named by age; "another mom" is not.
    assert found.text.startswith("It sounds like your 14-year-old's pill use is weighing on you")
    son = "My older son keeps " + letter
    shifted = [{**e, "start": e["start"] + 19, "end": e["end"] + 19} for e in (mom, pills)]
    own = {"entity": "relationship", "value": "son", "start": 9, "end": 12}
    found = reflect(son, [own, *shifted], "how_to_talk", (), False)
    assert found is not None and found.text.startswith("It sounds like your son's pill use")


@pytest.mark.parametrize("opening, who", [
    ("Our teenager has been", "your teen's"),
    ("I think my kid has been", "your kid's"),
    ("A friend of mine has been", "your loved one's"),
])
def test_a_child_named_without_a_relation_word_is_still_the_writers_own(opening: str,
                                                                         who: str) -> None:
    letter = (f"{opening} drinking at parties every weekend, and last month the school called "
              "about missed classes. We argue every time it comes up. What do we do?")
    drinking = {"entity": "substance", "value": "alcohol", "start": letter.index("drinking"),
                "end": letter.index("drinking") + 8}
    found = reflect(letter, [drinking], "how_to_talk", (), False)
    assert found is not None and found.text.startswith(f"It sounds like {who} drinking")


def test_everyday_words_are_not_situations() -> None:
    assert situations("he keeps a tidy house and works hard") == []
    assert situations("what can I tell him so he doesn't end up in the hospital") == []


def test_the_policy_opens_a_letter_with_the_reflection(rasa_domain: Domain) -> None:
    parse = {"intent": {"name": "boundaries_enabling", "confidence": 0.55},
             "intent_ranking": list(RANKING), "entities": [PARTNER, ALCOHOL, BETTING],
             "text": LETTER}
    events = [ActionExecuted("action_listen"),
              UserUttered(LETTER, parse["intent"], parse["entities"], parse)]
    tracker = DialogueStateTracker.from_events("t-reflection-0001", events)
    assert next_answer_action(tracker, rasa_domain) == REFLECTION
    tracker.update(ActionExecuted(REFLECTION))
    assert next_answer_action(tracker, rasa_domain) == "utter_boundaries_enabling"

    nlg = FamilyGuideNLG(domain=rasa_domain)
    message = asyncio.run(nlg.generate(REFLECTION, tracker, "rest"))
    assert message is not None and "your partner's drinking" in message["text"]
    assert message["buttons"] == [{"title": "Gambling, gaming and other habits",
                                   "payload": "/behavioral_addiction"}]


def test_the_most_specific_variation_wins() -> None:
    plain = {"text": "plain"}
    opioids = {"text": "opioids", "condition": [{"type": "slot", "name": "substance",
                                                 "value": "opioids"}]}
    partner_opioids = {"text": "partner and opioids", "condition": [
        {"type": "slot", "name": "relationship", "value": "partner"},
        {"type": "slot", "name": "substance", "value": "opioids"}]}
    assert most_specific([opioids, partner_opioids]) is partner_opioids
    assert most_specific([partner_opioids, opioids]) is partner_opioids
    assert most_specific([plain]) is plain
    assert most_specific([]) is None


def test_the_generator_sends_the_most_specific_variation(rasa_domain: Domain) -> None:
    nlg = FamilyGuideNLG(domain=rasa_domain)
    slots = {"substance": "opioids", "relationship": "partner"}
    texts = {nlg.generate_from_slots("utter_boundaries_enabling", slots, "rest")["text"]
             for _ in range(10)}
    assert len(texts) == 1


def test_an_honest_not_written_reply_names_the_substance_asked_about(rasa_domain: Domain) -> None:
    weed = {"entity": "substance", "value": "cannabis", "start": 4, "end": 8}
    parse = {"intent": {"name": "ask_safety", "confidence": 0.8}, "entities": [weed],
             "text": "and weed, is that a worry too?"}
    tracker = DialogueStateTracker.from_events("t-missing-0001", [
        ActionExecuted("action_listen"),
        UserUttered(parse["text"], parse["intent"], parse["entities"], parse)])
    nlg = FamilyGuideNLG(domain=rasa_domain)
    message = asyncio.run(nlg.generate("utter_facet_missing_safety", tracker, "rest"))
    assert message is not None and message["text"].startswith("About weed: I don't have")
    plain = asyncio.run(nlg.generate("utter_anything_else", tracker, "rest"))
    assert plain is not None and not plain["text"].startswith("About")


def test_prescribed_pain_pills_get_naloxone_without_the_fentanyl_warning(
        rasa_domain: Domain) -> None:
    """An 80-year-old taking the oxycodone and Xanax his doctor prescribes: naloxone, and the
    risk of the two together, not "fentanyl can be in what they take". Pills from anywhere else
    keep the warning."""
    nlg = FamilyGuideNLG(domain=rasa_domain)

    def sent(text: str) -> str:
        events = [ActionExecuted("action_listen"),
                  UserUttered(text, {"name": "benzodiazepines", "confidence": 0.9}, [],
                              {"text": text, "intent": {"name": "benzodiazepines"}})]
        tracker = DialogueStateTracker.from_events("t-prescribed-01", events)
        tracker.update(SlotSet("substance", "opioids"))
        message = asyncio.run(nlg.generate("utter_benzodiazepines", tracker, "rest"))
        assert message is not None
        return str(message["text"]).lower()

    prescribed = sent("My dad is 80 and takes his oxycodone and his Xanax together. The doctor "
                      "prescribes both. Is this dangerous?")
    assert "naloxone" in prescribed and "even when each is prescribed" in prescribed
    assert "fentanyl can be in what they take" not in prescribed
    extra = sent("She's prescribed oxycodone but runs out early and buys extra from a friend.")
    assert "fentanyl can be in what they take" in extra
    for pills_from_anywhere in ("My son is addicted to prescription pills.",
                                "He got hooked on the oxycodone his doctor prescribed."):
        assert "fentanyl can be in what they take" in sent(pills_from_anywhere)


def test_an_answer_for_a_family_facing_opioids_always_carries_naloxone(
        rasa_domain: Domain) -> None:
    nlg = FamilyGuideNLG(domain=rasa_domain)

    def sent(response: str, substance: str | None, intent: str = "co_occurring") -> str:
        events = [ActionExecuted("action_listen"),
                  UserUttered("...", {"name": intent, "confidence": 0.9})]
        tracker = DialogueStateTracker.from_events("t-opioid-line-01", events)
        tracker.update(SlotSet("substance", substance))
        message = asyncio.run(nlg.generate(response, tracker, "rest"))
        assert message is not None
        return str(message["text"]).lower()

    assert "naloxone" in sent("utter_co_occurring", "heroin")
    assert "never to use alone" in sent("utter_intervention", "prescription_stimulants")
    assert "naloxone" not in sent("utter_co_occurring", "alcohol")
    assert "naloxone" not in sent("utter_anything_else", "heroin")
    assert "what you take" in sent("utter_help_for_myself_more", "fentanyl", "help_for_myself")
    naloxone = sent("utter_naloxone", "heroin", "naloxone")
    assert naloxone.count("naloxone (narcan) at home and ask them never") == 0


def test_the_person_who_uses_is_offered_their_own_next_steps_after_an_answer(
        rasa_domain: Domain) -> None:
    nlg = FamilyGuideNLG(domain=rasa_domain)

    def buttons(intent: str, response: str) -> list[str]:
        events = [ActionExecuted("action_listen"),
                  UserUttered("...", {"name": intent, "confidence": 0.9})]
        tracker = DialogueStateTracker.from_events("t-next-steps-01", events)
        message = asyncio.run(nlg.generate(response, tracker, "rest"))
        assert message is not None
        return [button["title"] for button in message.get("buttons") or []]

    for response in ("utter_anything_else", "utter_anything_else_after_more"):
        mine = buttons("help_for_myself", response)
        assert "Book a consultation for me" in mine and "Medicines that help" in mine
        assert "How to talk with them" not in mine and "Check in on their stage" not in mine
        assert "How to talk with them" in buttons("relapse", response)


def test_a_letter_about_a_relatives_use_is_not_offered_help_for_the_writers_own_use() -> None:
    letter = ("My dad drinks every night and falls asleep in his chair. I do the dishes and get "
              "my little sister to bed. My grades are slipping and I'm tired all the time. Is "
              "there anyone who helps kids like me?")
    dad = {"entity": "relationship", "value": "father", "start": 3, "end": 6}
    drinks = {"entity": "substance", "value": "alcohol", "start": 7, "end": 13}
    ranking = ({"name": "family_self_care", "confidence": 0.6},
               {"name": "help_for_myself", "confidence": 0.3})
    found = reflect(letter, [dad, drinks], "family_self_care", ranking, False)
    assert found is not None and found.text.startswith("It sounds like your dad's drinking")
    assert found.second_topic is None
    # Nobody named: the writer may be the one who uses, so the offer stays.
    unnamed = letter.replace("My dad", "He   ")
    found = reflect(unnamed, [drinks], "family_self_care", ranking, False)
    assert found is not None and found.second_topic is not None
    assert found.second_topic[0] == "help_for_myself"


def test_a_conversation_about_someone_who_served_gets_the_veterans_crisis_line(
        rasa_domain: Domain) -> None:
    """988 has its own option for veterans: every reply that gives 988 to a family who said
    their loved one served also gives it, crisis replies included; nobody else gets it."""
    nlg = FamilyGuideNLG(domain=rasa_domain)

    def sent(response: str, text: str, intent: str = "crisis_suicide") -> str:
        events = [ActionExecuted("action_listen"),
                  UserUttered(text, {"name": intent, "confidence": 0.9})]
        tracker = DialogueStateTracker.from_events("t-veterans-0001", events)
        message = asyncio.run(nlg.generate(response, tracker, "rest"))
        assert message is not None
        return str(message["text"])

    served = "my husband is a marine veteran, he drinks every night and talks about not being here"
    assert "838255" in sent("utter_crisis_suicide", served)
    assert "press 1" in sent("utter_crisis_suicide", "since he got deployed he drinks all day")
    assert "838255" in sent("utter_help_for_myself", "I served in the army and I can't stop "
                            "drinking", "help_for_myself")
    assert "838255" not in sent("utter_crisis_suicide", "my son talks about not being here")
    assert "838255" not in sent("utter_anything_else", served, "how_to_talk")
    assert sent("utter_crisis_suicide", served).count("838255") == 1


def test_the_naloxone_line_works_when_rasa_swaps_in_the_models_responses(
        rasa_domain: Domain) -> None:
    """`rasa run` builds the generator with no domain, then sets the model's responses on it:
    the topic answers must be read from those, or no family ever sees the naloxone line."""
    nlg = FamilyGuideNLG(domain=None)
    nlg.responses = rasa_domain.responses
    events = [ActionExecuted("action_listen"),
              UserUttered("my son uses heroin, what medicines help?",
                          {"name": "medication_treatment", "confidence": 0.9})]
    tracker = DialogueStateTracker.from_events("t-late-responses", events)
    tracker.update(SlotSet("substance", "heroin"))
    message = asyncio.run(nlg.generate("utter_medication_treatment", tracker, "rest"))
    assert message is not None and "never to use alone" in message["text"]


def test_the_person_who_uses_gets_the_answer_to_the_question_they_asked(
        rasa_domain: Domain) -> None:
    """"I'm not ready to stop, how do I stay safer?" is read as help for myself first and harm
    reduction next: it gets the harm-reduction answer written for them, not "where to start"."""
    text = "I use fentanyl and I'm not ready to stop. How do I stay safer?"
    ranking = [{"name": "help_for_myself", "confidence": 0.49},
               {"name": "harm_reduction", "confidence": 0.40}]
    parse = {"intent": ranking[0], "intent_ranking": ranking, "entities": [], "text": text}
    tracker = DialogueStateTracker.from_events("t-own-question-1", [
        ActionExecuted("action_listen"), UserUttered(text, parse["intent"], [], parse)])
    assert next_answer_action(tracker, rasa_domain) == "utter_harm_reduction_self"


def _named(letter: str, entity: str, value: str, word: str) -> dict:
    start = letter.index(word)
    return {"entity": entity, "value": value, "start": start, "end": start + len(word)}


@pytest.mark.parametrize("letter, relative, substance, who", [
    # A mother whose daughter is in recovery is not told it is her daughter's heroin use.
    ("My daughter has been on Suboxone for a year and doing really well, but she just moved in "
     "with a boyfriend who still uses heroin. I'm scared she'll slip. How do I bring it up "
     "without pushing her away?", "daughter", "heroin", "your loved one's heroin"),
    ("My daughter has been on Suboxone for a year and doing really well, but she just started "
     "using heroin again on weekends. I'm scared. How do I bring it up without pushing her away?",
     "daughter", "heroin", "your daughter's heroin"),
    # Someone who found them is not the one who uses.
    ("My son is 30 and on Sunday his wife found him asleep in the car, barely breathing, after "
     "he took pills he bought online. He swears it was a one-off. How worried should we be?",
     "son", "pills", "your son's pill"),
])
def test_the_relative_is_said_back_as_the_one_who_uses_only_when_no_one_else_is(
        letter: str, relative: str, substance: str, who: str) -> None:
    entities = [_named(letter, "relationship", relative, relative),
                _named(letter, "substance", "opioids", substance)]
    found = reflect(letter, entities, "how_to_talk", (), False)
    assert found is not None and found.text.startswith(f"It sounds like {who}")


def test_the_naloxone_line_is_not_repeated_on_every_follow_up(rasa_domain: Domain) -> None:
    """Said once in the conversation; said again only when a message names such a substance."""
    nlg = FamilyGuideNLG(domain=rasa_domain)
    heroin = {"entity": "substance", "value": "heroin", "start": 12, "end": 18}
    events = [ActionExecuted("action_listen"),
              UserUttered("my son uses heroin, would ketamine help?",
                          {"name": "ketamine_info", "confidence": 0.9}, [heroin]),
              SlotSet("substance", "heroin"),
              BotUttered("... For safety: keep naloxone (Narcan) at home ..."),
              ActionExecuted("action_listen"),
              UserUttered("how many sessions does it take?",
                          {"name": "ketamine_process", "confidence": 0.9})]
    tracker = DialogueStateTracker.from_events("t-naloxone-once", events)
    follow_up = asyncio.run(nlg.generate("utter_ketamine_process", tracker, "rest"))
    assert follow_up is not None and "naloxone" not in follow_up["text"].lower()
    tracker.update(UserUttered("and he takes fentanyl too, does that change it?",
                               {"name": "ketamine_safety", "confidence": 0.9},
                               [{**heroin, "value": "fentanyl"}]))
    again = asyncio.run(nlg.generate("utter_ketamine_safety", tracker, "rest"))
    assert again is not None and "never to use alone" in again["text"]


@pytest.mark.parametrize("word, said_back", [
    ("slots", "gambling"), ("poker", "gambling"), ("sports betting", "sports betting"),
    ("porn", "porn use"), ("food", "eating"), ("vaping", "vaping"),
])
def test_a_behaviour_is_said_back_in_words_that_read_well(word: str, said_back: str) -> None:
    letter = (f"My husband has a problem with {word} and has hidden it from me for a year. We are "
              "behind on bills and I found out from the bank. What am I supposed to do now?")
    start = letter.index(word)
    value = {"slots": "gambling", "poker": "gambling", "sports betting": "gambling"}.get(
        word, "other")
    entity = {"entity": "substance", "value": value, "start": start, "end": start + len(word)}
    found = reflect(letter, [entity], "behavioral_addiction", (), False)
    assert found is not None
    assert found.text.startswith(f"It sounds like your loved one's {said_back} is weighing on you")


GRIEF_LETTER = ("Our son died of a heroin overdose in the spring. He was 24. I keep going over "
                "the last weekend he was home and what I could have said. My husband has gone "
                "quiet and I don't know where to turn.")


def test_a_family_whose_loved_one_died_is_not_told_about_his_use(rasa_domain: Domain) -> None:
    """Never "your son's heroin use is weighing on you" to a bereaved parent: sympathy instead,
    and the grief answer with no "keep naloxone at home and ask them never to use alone"."""
    son, heroin = _named(GRIEF_LETTER, "relationship", "son", "son"), _named(
        GRIEF_LETTER, "substance", "heroin", "heroin")
    died = _named(GRIEF_LETTER, "situation", "bereaved", "died of a heroin overdose")
    found = reflect(GRIEF_LETTER, [son, heroin, died], "how_to_talk", (), False)
    assert found is not None and found.text == "I'm so sorry for your loss."
    assert reflect(GRIEF_LETTER, [son, heroin, died], "family_self_care", (), False) is None

    nlg = FamilyGuideNLG(domain=rasa_domain)
    tracker = DialogueStateTracker.from_events("t-grief-0001", [
        ActionExecuted("action_listen"),
        UserUttered(GRIEF_LETTER, {"name": "family_self_care", "confidence": 0.7}),
        SlotSet("substance", "heroin"), SlotSet("situation", "bereaved")])
    grief = asyncio.run(nlg.generate("utter_family_self_care", tracker, "rest"))
    assert grief is not None
    for words in ("GRASP", "Compassionate Friends", "988"):
        assert words in grief["text"]
    assert "naloxone" not in grief["text"].lower()
    # Another answer in the same conversation (a relative who still uses) keeps the line.
    other = asyncio.run(nlg.generate("utter_how_to_talk", tracker, "rest"))
    assert other is not None and "naloxone" in other["text"].lower()
    # The next-step buttons offer no naloxone and no check-in on someone who has died.
    turn = asyncio.run(nlg.generate("utter_anything_else", tracker, "rest"))
    assert turn is not None
    titles = [button["title"] for button in turn.get("buttons") or []]
    assert "Talk to a person" in titles
    assert not {"Naloxone (Narcan)", "Check in on their stage"} & set(titles)


@pytest.mark.parametrize("text, warned", [
    ("My husband was on the Vivitrol shot after rehab but he skipped his last injection three "
     "weeks ago. He swears he's fine. What should I be doing?", True),
    ("my son missed his vivitrol shot last month and seems off", True),
    ("she came off Vivitrol in the spring and now she's hanging out with old friends", True),
    # Still on it, or only asking about it: no warning about a lapse.
    ("my son gets his Vivitrol shot every month and is doing well, how do I support him",
     False),
    ("is vivitrol better than suboxone for my daughter?", False),
    ("My son has been on Vivitrol shots for six months. He says he's going to skip the next "
     "one because he feels great.", True),
    ("she's on vivitrol and I worry she'll stop going to her appointments", False),
])
def test_a_missed_vivitrol_shot_brings_the_lost_tolerance_warning(
        rasa_domain: Domain, text: str, warned: bool) -> None:
    """Issue #15 item 1: when a Vivitrol shot wears off or is missed, tolerance is low and the old
    amount can cause an overdose; any answer to that family says so, once."""
    nlg = FamilyGuideNLG(domain=rasa_domain)
    events = [ActionExecuted("action_listen"),
              UserUttered(text, {"name": "medication_treatment", "confidence": 0.8})]
    tracker = DialogueStateTracker.from_events("t-vivitrol-0001", events)
    message = asyncio.run(nlg.generate("utter_medication_treatment", tracker, "rest"))
    assert message is not None
    said = message["text"].lower()
    assert ("when a shot wears off" in said) == warned
    if warned:
        assert said.count("naloxone") >= 1
        tracker.update(BotUttered(message["text"]))
        again = asyncio.run(nlg.generate("utter_relapse", tracker, "rest"))
        assert again is not None and "when a shot wears off" not in again["text"].lower()


def test_a_letter_the_classifier_could_not_place_still_carries_the_safety_lines(
        rasa_domain: Domain) -> None:
    """"Which of these matters most?" to a letter about a missed Vivitrol shot, or about heroin,
    still says what keeps them alive, as a topic answer would."""
    nlg = FamilyGuideNLG(domain=rasa_domain)
    text = ("My husband had the Vivitrol shot after rehab but missed his last one a month ago. "
            "He says he's fine. I don't know what to think anymore or what to do first.")
    tracker = DialogueStateTracker.from_events("t-fallback-0001", [
        ActionExecuted("action_listen"),
        UserUttered(text, {"name": "nlu_fallback", "confidence": 0.2}),
        SlotSet("substance", "heroin")])
    message = asyncio.run(nlg.generate("utter_fallback_long_message", tracker, "rest"))
    assert message is not None
    said = message["text"].lower()
    assert "when a shot wears off" in said and "naloxone" in said


def test_a_short_message_the_classifier_could_not_place_still_carries_the_naloxone_line(
        rasa_domain: Domain) -> None:
    """"Where should we start?" to a short message about a daughter who uses fentanyl still
    says to keep naloxone and never use alone."""
    nlg = FamilyGuideNLG(domain=rasa_domain)
    tracker = DialogueStateTracker.from_events("t-fallback-0002", [
        ActionExecuted("action_listen"),
        UserUttered("my daughter is pregnant and still using fentanyl, what can i do",
                    {"name": "nlu_fallback", "confidence": 0.2}),
        SlotSet("substance", "fentanyl")])
    message = asyncio.run(nlg.generate("utter_fallback_where_to_start", tracker, "rest"))
    assert message is not None and "never to use alone" in message["text"]


def test_words_that_say_there_is_no_way_forward_put_988_first(rasa_domain: Domain) -> None:
    """No crisis was found, but the message says someone can't go on: the answer opens with
    988, in the reader's version; a crisis reply or an answer that has 988 is left alone."""
    nlg = FamilyGuideNLG(domain=rasa_domain)

    def sent(response: str, text: str, crisis: dict, intent: str = "boundaries_enabling") -> str:
        parse = {"intent": {"name": intent, "confidence": 0.6}, "entities": [], "text": text,
                 "crisis": crisis}
        events = [ActionExecuted("action_listen"),
                  UserUttered(text, parse["intent"], [], parse_data=parse)]
        tracker = DialogueStateTracker.from_events("t-no-way-forward", events)
        message = asyncio.run(nlg.generate(response, tracker, "rest"))
        assert message is not None
        return str(message["text"])

    worried = {"kind": None, "no_way_forward": ["can't do this anymore"]}
    letter = "my son sat in his car and told me he can't do this anymore. what should i do?"
    answer = sent("utter_boundaries_enabling", letter, worried)
    assert answer.startswith("If you, or the person you love, feel there's no way forward")
    assert answer.count("call or text 988") == 1
    own = sent("utter_fallback_long_message", "i'm the one on pills and i feel hopeless",
               worried, "help_for_myself")
    assert own.startswith("If you feel there's no way forward, please call or text 988")
    assert "988" in sent("utter_fallback_long_message", letter, worried)
    assert "988" not in sent("utter_boundaries_enabling", letter, {"kind": None,
                                                                  "no_way_forward": []})
    crisis = {"kind": "suicide", "no_way_forward": ["can't do this anymore"]}
    assert "no way forward" not in sent("utter_crisis_suicide", letter, crisis, "crisis_suicide")
    assert "no way forward" not in sent("utter_anything_else", letter, worried)


def test_quitting_alcohol_cold_turkey_gets_the_seizure_warning_once(rasa_domain: Domain) -> None:
    """Any answer to a family whose loved one will quit heavy drinking all at once says that it
    can cause seizures and DTs; only once, and never for a substance whose withdrawal is not
    the danger (the readiness answer for cannabis carries nothing)."""
    nlg = FamilyGuideNLG(domain=rasa_domain)

    def tracker_for(substance: str) -> DialogueStateTracker:
        text = f"he says he'll quit {substance} cold turkey on monday, how do i support him"
        tracker = DialogueStateTracker.from_events("t-cold-turkey", [
            ActionExecuted("action_listen"),
            UserUttered(text, {"name": "how_to_talk", "confidence": 0.6})])
        tracker.update(SlotSet("substance", substance))
        tracker.update(SlotSet("situation", "stopping_alone"))
        return tracker

    tracker = tracker_for("alcohol")
    message = asyncio.run(nlg.generate("utter_how_to_talk", tracker, "rest"))
    assert message is not None and "delirium tremens" in message["text"]
    tracker.update(BotUttered(message["text"]))
    again = asyncio.run(nlg.generate("utter_boundaries_enabling", tracker, "rest"))
    assert again is not None and "seizure" not in again["text"].lower()
    cannabis = asyncio.run(nlg.generate("utter_how_to_talk", tracker_for("cannabis"), "rest"))
    assert cannabis is not None and "seizure" not in cannabis["text"].lower()


@pytest.mark.parametrize("situation, substance, response, warned", [
    ("homecoming", None, "utter_fallback_long_message", True),
    ("homecoming", "opioids", "utter_how_to_talk", True),
    ("after_er", "cocaine", "utter_family_self_care", True),
    # Home from an alcohol detox: opioid tolerance is not their risk.
    ("homecoming", "alcohol", "utter_how_to_talk", False),
    (None, "heroin", "utter_how_to_talk", False),
])
def test_time_away_brings_the_lost_tolerance_line_once(
        rasa_domain: Domain, situation: str | None, substance: str | None, response: str,
        warned: bool) -> None:
    """Issue #15 item 1: home from detox, rehab or jail, or just out of the hospital after an
    overdose, the old amount can kill; every answer to that family says so once, and the
    "which of these?" fallback too."""
    nlg = FamilyGuideNLG(domain=rasa_domain)
    tracker = DialogueStateTracker.from_events("t-tolerance-0001", [
        ActionExecuted("action_listen"),
        UserUttered("our son got home on friday and we don't know what to do now",
                    {"name": "nlu_fallback", "confidence": 0.2}),
        SlotSet("situation", situation), SlotSet("substance", substance)])
    message = asyncio.run(nlg.generate(response, tracker, "rest"))
    assert message is not None
    said = message["text"].lower()
    assert ("tolerance is lower now" in said) == warned
    if warned:
        # Naloxone is said once with it: by the answer, or by the line.
        assert said.count("never to use alone") == 1
        tracker.update(BotUttered(message["text"]))
        again = asyncio.run(nlg.generate("utter_boundaries_enabling", tracker, "rest"))
        assert again is not None and "tolerance is lower now" not in again["text"].lower()
