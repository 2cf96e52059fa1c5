"""What a conversation has told us: the topic in focus, the loved one's age, who is writing."""

from __future__ import annotations

import pytest

from family_guide.followups import (
    Turn,
    facet_answer,
    for_reader,
    loved_one_is_minor,
    mentions_military_service,
    named_topic,
    steps_for_reader,
    topic_asked,
    topic_in_focus,
    writer_is_minor,
    writer_uses,
)


def test_the_topic_stays_in_focus_through_follow_ups_and_ends_with_booking() -> None:
    responses = {"utter_naloxone_safety"}
    turns = [Turn("naloxone", "where can I get narcan"), Turn("ask_safety", "is it safe"),
             Turn("thank", "thanks"), Turn("more_info", "tell me more")]
    assert topic_in_focus(turns, responses) == "naloxone"
    assert topic_in_focus([*turns, Turn("book_appointment", "book me")], responses) is None


def test_a_named_subject_wins_over_the_topic_in_focus() -> None:
    assert named_topic("is Narcan safe for kids") == "naloxone"
    assert named_topic("what about suboxone?") == "medication_treatment"
    assert named_topic("is it safe") is None


def test_a_teenager_is_recognised_and_a_later_adult_age_wins() -> None:
    for text in ("my 15 year old son vapes", "she's 16 and drinking", "he's a sophomore in high "
                 "school", "our teenager smokes weed", "my 14yo daughter",
                 "my grandson is 16 and lives with us", "our stepdaughter just turned 15",
                 "she\u2019s 16 and drinking"):  # a phone's curly apostrophe
        assert loved_one_is_minor([Turn("how_to_talk", text)]), text
    for text in ("my son is 24", "he has been drinking for 15 years",
                 "he started when he was 15 and he is 30 now", "since he was a teenager",
                 "my son is 15 years clean and his sister drinks",
                 "my brother is 16 and drinks, how do I tell our parents"):
        assert not loved_one_is_minor([Turn("how_to_talk", text)]), text
    turns = [Turn("how_to_talk", "my 16 year old"), Turn("inform", "sorry, he's 19")]
    assert not loved_one_is_minor(turns)


def test_the_answer_is_fitted_to_who_is_reading() -> None:
    responses = {"utter_how_to_talk", "utter_how_to_talk_minor", "utter_relapse_self"}
    teen = [Turn("how_to_talk", "my 15 year old son")]
    assert for_reader("utter_how_to_talk", teen, responses) == "utter_how_to_talk_minor"
    me = [Turn("help_for_myself", "actually it's me who drinks"), Turn("relapse", "I slipped")]
    assert writer_uses(me)
    assert for_reader("utter_relapse", me, responses) == "utter_relapse_self"
    assert for_reader("utter_how_to_talk", me, responses) == "utter_how_to_talk"


def test_the_person_who_uses_is_not_offered_the_check_in_about_a_loved_one() -> None:
    responses = {"utter_relapse", "utter_relapse_self", "utter_offer_stage_assessment"}
    steps = ("utter_relapse", "utter_offer_stage_assessment")
    me = [Turn("help_for_myself", "it's me who drinks"), Turn("relapse", "I slipped")]
    assert steps_for_reader(steps, me, responses) == ("utter_relapse_self",
                                                      "utter_help_for_myself_next")
    family = [Turn("relapse", "my son slipped")]
    assert steps_for_reader(steps, family, responses) == steps


def test_a_letter_the_classifier_reads_as_from_the_person_who_uses_switches_the_reader() -> None:
    ranking = ({"name": "crisis_suicide", "confidence": 0.5},
               {"name": "help_for_myself", "confidence": 0.35},
               {"name": "co_occurring", "confidence": 0.1})
    assert writer_uses([Turn("co_occurring", "...", ranking)])
    second = ({"name": "co_occurring", "confidence": 0.5},
              {"name": "help_for_myself", "confidence": 0.4})
    assert not writer_uses([Turn("co_occurring", "...", second)])


# The classifier put relapse first and help_for_myself third, well under the switch's 0.3.
RELAPSE_FIRST = ({"name": "relapse", "confidence": 0.6},
                 {"name": "how_to_talk", "confidence": 0.2},
                 {"name": "help_for_myself", "confidence": 0.08})


@pytest.mark.parametrize("text", [
    "I was clean for ten months and I relapsed on Saturday. Am I back at day one?",
    "my drinking got bad again after the holidays and my wife found the bottles",
    "I've been using again since my shoulder surgery and I'm ashamed to tell my sponsor",
    "I can't stop gambling on my phone, I lost our rent money",
    "i'm hooked on the pills my doctor stopped prescribing, what now",
    "I was eleven months clean and took two pills from a friend. Am I back at zero?",
    "after a year off I drank again at my cousin's party and I feel awful",
    "im 17 and i've lost like $900 on sports betting apps. my parents don't know",
    "how do I quit drinking without my kids finding out?",
    "honestly it's me. i'm the one taking too many pills and i can't stop",
])
def test_a_letter_that_says_the_writer_uses_switches_the_reader(text: str) -> None:
    responses = {"utter_relapse", "utter_relapse_self"}
    turns = [Turn("relapse", text, RELAPSE_FIRST)]
    assert writer_uses(turns)
    assert for_reader("utter_relapse", turns, responses) == "utter_relapse_self"


@pytest.mark.parametrize("text", [
    "my son relapsed on Saturday after ten months clean",
    "I drank heavily when my kids were small and now my daughter drinks the same way",
    "I've been sober twelve years and my son is using heroin",
    "how do I use a fentanyl test strip on his pills",
    "he keeps saying 'I'm not addicted', but I found foil in his car",
    "my husband has lost thousands on sports betting this year",
    "he drinks every night and I'm exhausted. how do I stop enabling him?",
    "I'm the one taking care of everything while he drinks",
])
def test_a_family_letter_keeps_the_family_answer(text: str) -> None:
    assert not writer_uses([Turn("relapse", text, RELAPSE_FIRST)])


def test_the_words_alone_do_not_switch_when_the_classifier_sees_no_writer_who_uses() -> None:
    ranking = ({"name": "relapse", "confidence": 0.7}, {"name": "how_to_talk", "confidence": 0.3})
    assert not writer_uses([Turn("relapse", "my relapse scared my whole family", ranking)])


@pytest.mark.parametrize("text, young", [
    ("my dad drinks every night and im 15", True),
    ("I'm in 10th grade and my brother sells pills", True),
    ("I'm 16 years old, my mom uses meth", True),
    ("I am a 17 year old guy and I vape every day", True),
    ("I'm a 15 minute drive from her place", False),
    ("I'm a 16 year veteran of the fire service", False),
    ("I'm 15 years sober and my son just relapsed", False),
    ("I'm 12 minutes from his apartment", False),
    ("I'm 16 weeks pregnant and my husband drinks", False),
    ("how do I raise it with my dad, he talks to me like I'm 10", False),
    ("my mother acts as if I'm a kid", False),
    ("my daughter is 15", False),
])
def test_a_young_writer_is_recognised_by_what_they_say_about_themselves(text: str,
                                                                        young: bool) -> None:
    assert writer_is_minor([Turn("family_self_care", text)]) is young


def test_a_young_writer_gets_their_own_version_and_never_the_parents() -> None:
    responses = {"utter_family_self_care", "utter_family_self_care_young",
                 "utter_how_to_talk", "utter_how_to_talk_minor"}
    young = [Turn("family_self_care", "my mom drinks every night and im 14")]
    assert for_reader("utter_family_self_care", young, responses) == (
        "utter_family_self_care_young")
    # "I'm 16 years old" also reads as a minor's age: the parent's version is still not theirs.
    me = [Turn("how_to_talk", "I'm 16 years old and my dad drinks, how do I tell him")]
    assert for_reader("utter_how_to_talk", me, responses) == "utter_how_to_talk"


def test_a_young_writer_who_uses_gets_the_version_for_their_age() -> None:
    """A 16-year-old asking for help for themself is not sent adult medicine lists or booking:
    their own version where one is written, the version for the person who uses otherwise."""
    responses = {"utter_help_for_myself", "utter_help_for_myself_young",
                 "utter_medication_treatment", "utter_medication_treatment_self",
                 "utter_medication_treatment_self_young", "utter_relapse", "utter_relapse_self",
                 "utter_offer_stage_assessment", "utter_help_for_myself_next",
                 "utter_help_for_myself_next_young"}
    teen = [Turn("help_for_myself", "I'm a 16 year old and I can't stop taking pills, help")]
    assert for_reader("utter_help_for_myself", teen, responses) == "utter_help_for_myself_young"
    assert for_reader("utter_medication_treatment", teen, responses) == (
        "utter_medication_treatment_self_young")
    assert for_reader("utter_relapse", teen, responses) == "utter_relapse_self"
    assert steps_for_reader(("utter_relapse", "utter_offer_stage_assessment"), teen,
                            responses) == ("utter_relapse_self", "utter_help_for_myself_next_young")
    adult = [Turn("help_for_myself", "I'm 34 and I can't stop taking pills, help")]
    assert for_reader("utter_help_for_myself", adult, responses) == "utter_help_for_myself"
    assert for_reader("utter_medication_treatment", adult, responses) == (
        "utter_medication_treatment_self")
    assert steps_for_reader(("utter_relapse", "utter_offer_stage_assessment"), adult,
                            responses) == ("utter_relapse_self", "utter_help_for_myself_next")


@pytest.mark.parametrize("text, served", [
    ("my dad is a vietnam veteran and drinks a fifth a day", True),
    ("he was deployed twice and came back different", True),
    ("she served in the navy for twenty years", True),
    ("the VA gave him pills for his back", True),
    ("he did two tours in Afghanistan", True),
    ("he's in the army and home on leave", True),
    ("since she got out of the marines she drinks", True),
    ("he served time for possession", False),
    ("he vapes in his room all day", False),
    ("my son served me divorce papers", False),
    ("he's a vet tech and steals the ketamine", False),
])
def test_military_service_is_read_from_what_the_family_says(text: str, served: bool) -> None:
    assert mentions_military_service([Turn("how_to_talk", text)]) is served


@pytest.mark.parametrize("text, intent, response", [
    ("My daughter has been on Suboxone for a year and doing well, but her new boyfriend still "
     "uses. I'm scared she'll slip. How do I bring it up without pushing her away?",
     "how_to_talk", None),
    ("he's on methadone now, how do I bring up ketamine with him", "how_to_talk",
     "utter_ketamine_suggest"),
    ("how do I suggest suboxone to my son", "how_to_talk", "utter_medication_treatment_suggest"),
    ("she is taking her buprenorphine every day, how would I suggest ketamine to her",
     "ketamine_suggest", "utter_ketamine_suggest"),
])
def test_a_treatment_the_loved_one_is_already_on_is_not_what_they_ask_to_suggest(
        text: str, intent: str, response: str | None) -> None:
    responses = {"utter_ketamine_suggest", "utter_medication_treatment_suggest"}
    answer = facet_answer(Turn(intent, text), None, responses)
    assert (answer.response if answer else None) == response


def _ranked(*pairs: tuple[str, float]) -> tuple[dict, ...]:
    return tuple({"name": name, "confidence": confidence} for name, confidence in pairs)


@pytest.mark.parametrize("ranking, asked", [
    # "I use fentanyl and I'm not ready to stop. How do I stay safer?"
    (_ranked(("help_for_myself", 0.49), ("harm_reduction", 0.40)), "harm_reduction"),
    # "Is there a pill that makes it easier to quit drinking?"
    (_ranked(("help_for_myself", 0.67), ("medication_treatment", 0.31)), "medication_treatment"),
    # "I want to go to rehab but I'm scared": the next topic is too unlikely to lead.
    (_ranked(("help_for_myself", 0.86), ("rehab_support_groups", 0.08)), "help_for_myself"),
    # A next topic with no answer written for the person who uses never leads.
    (_ranked(("help_for_myself", 0.55), ("tms", 0.40)), "help_for_myself"),
])
def test_help_for_myself_answers_the_question_the_writer_asked(ranking: tuple[dict, ...],
                                                               asked: str) -> None:
    responses = {"utter_harm_reduction_self", "utter_medication_treatment_self",
                 "utter_rehab_support_groups_self"}
    assert topic_asked(Turn("help_for_myself", "...", ranking), responses) == asked
    assert topic_asked(Turn("relapse", "...", ranking), responses) == "relapse"


def _substance(value: str) -> dict:
    return {"entity": "substance", "value": value, "start": 0, "end": 1}


@pytest.mark.parametrize("text, named, asked", [
    # Another substance named, never a benzodiazepine: the next topic that fits answers (not
    # ketamine, which the message never names).
    ("my son takes kratom every day to get off pills, is that ok? should I worry",
     "kratom", "precontemplation"),
    # The benzodiazepine answer still answers a benzodiazepine, or a message naming none.
    ("my mom takes xanax and drinks wine, can she just stop", "benzodiazepines",
     "benzodiazepines"),
    ("can my mom just stop her pills cold turkey", None, "benzodiazepines"),
    # Named both ways ("her Klonopin and her wine"): the benzodiazepine subject keeps it.
    ("she drinks and takes klonopin, can she stop both at once", "alcohol", "benzodiazepines"),
])
def test_an_answer_written_for_one_substance_is_not_given_for_another(
        text: str, named: str | None, asked: str) -> None:
    ranking = _ranked(("benzodiazepines", 0.31), ("ketamine_safety", 0.11),
                      ("precontemplation", 0.08), ("harm_reduction", 0.07))
    entities = (_substance(named),) if named else ()
    assert topic_asked(Turn("benzodiazepines", text, ranking, entities), set()) == asked


@pytest.mark.parametrize("situation, asked, answered", [
    # The loved one died: the grief answer, not how to talk with them or keep naloxone for them.
    ("bereaved", "how_to_talk", "family_self_care"),
    ("bereaved", "naloxone", "family_self_care"),
    ("bereaved", "ketamine_info", "ketamine_info"),
    # A situation whose answers carry their own version gives no topic away.
    ("homecoming", "rehab_support_groups", "rehab_support_groups"),
    ("college", "rehab_support_groups", "rehab_support_groups"),
])
def test_a_situation_with_its_own_answer_takes_the_topics_that_would_miss_it(
        situation: str, asked: str, answered: str) -> None:
    entities = ({"entity": "situation", "value": situation, "start": 0, "end": 1},)
    assert topic_asked(Turn(asked, "...", _ranked((asked, 0.6)), entities), set()) == answered
    assert topic_asked(Turn(asked, "...", _ranked((asked, 0.6))), set()) == asked
