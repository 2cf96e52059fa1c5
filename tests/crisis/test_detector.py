"""The crisis safety net finds live crises of each kind and stays quiet about denied, past,
hypothetical and everyday-idiom messages, on the pure logic and on the real Rasa component."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rasa.shared.nlu.training_data.message import Message

from family_guide.crisis.decide import decide
from family_guide.crisis.detect import CrisisLexicon
from family_guide.crisis.spelling import correct_word

#: The `run_pipeline` fixture (conftest.py): text + classifier ranking -> processed Message.
RunPipeline = Callable[[str, list[tuple[str, float]]], Message]

LIVE_CRISES = [
    # suicide / self-harm: writer or loved one, slang
    ("my daughter says she wants to unalive herself", "suicide"),
    ("kms i'm done", "suicide"),
    ("he keeps telling me we'd be better off without him", "suicide"),
    ("everyone would be better off without me", "suicide"),
    # "Better off" said of no place or plan is the wish to be gone.
    ("he texted me at 4am that everyone would be better off. he isn't answering", "suicide"),
    ("she keeps saying we would all be better off", "suicide"),
    ("honestly my kids would be better off", "suicide"),
    ("she said she'd be better off gone", "suicide"),
    # Not seeing the point of living is the wish itself, not its denial.
    ("he told me he doesn't see the point of going on", "suicide"),
    ("she can't see any point in living since the funeral", "suicide"),
    ("i dont see the point of waking up anymore", "suicide"),
    ("he doesn't think he'll be around much longer", "suicide"),
    ("she told me she wants to go to sleep and not wake up", "suicide"),
    ("I think she's been cutting again", "suicide"),
    ("my husband talks about ending his life", "suicide"),
    ("I don't want to live anymore", "suicide"),
    ("she no longer wants to live", "suicide"),
    ("I'm afraid he will hurt himself", "suicide"),
    ("she says she isn't suicidal but I don't believe her", "suicide"),
    ("he has been stockpiling his sleeping pills", "suicide"),
    ("he tried to kill himself years ago and now he talks about it again", "suicide"),
    ("honestly i just want to end it", "suicide"),
    ("what's the point of living anymore", "suicide"),
    ("she keeps talking about ending things", "suicide"),
    # overdose now
    ("he won't wake up", "overdose"),
    ("her lips are blue", "overdose"),
    ("he's making a gurgling sound and barely breathing", "overdose"),
    ("she took a whole bottle just now", "overdose"),
    ("I think he is overdosing", "overdose"),
    ("I can't tell if she's breathing", "overdose"),
    ("he took the pills half an hour ago and now he's limp", "overdose"),
    ("he overdosed last year and now he is not breathing again", "overdose"),
    ("he keeps nodding off and I can't get him to wake up", "overdose"),
    ("my son keeps nodding off, he just took something", "overdose"),
    # A vague time in another clause does not make a sign now a worry.
    ("he's not breathing, I always knew this would happen one day", "overdose"),
    ("I'm terrified she won't wake up", "overdose"),
    # ... but the same fear without the car, or said as a threat, is suicide risk.
    ("she has been so low and I'm scared she's going to kill herself", "suicide"),
    ("he's been so depressed since the crash, I'm scared he'll kill himself or someone else",
     "suicide"),
    ("he got a DUI last year and now he said he would kill himself or someone else", "suicide"),
    # danger now
    ("he's throwing things at me right now", "danger"),
    ("she has a knife", "danger"),
    ("he said he'd kill me", "danger"),
    ("we're locked in the bedroom and he is kicking the door", "danger"),
    ("I don't feel safe, he is getting violent", "danger"),
    ("he said if I call the police he'll kill me", "danger"),  # a conditional threat
    ("there's violence in the house right now", "danger"),
]

NOT_CRISES = [
    # ... and "better off" somewhere, or if something changes, is everyday.
    "everyone would be better off if he went to rehab",
    "we'd all be better off if she moved out",
    "i think everyone is better off without the drinking in the house",
    "the kids are better off with their dad for now",
    "the kids would be better off not seeing this every night",
    "we're all better off since he left",
    "he'd be better off gone from that apartment",
    "i don't think he'll be here tomorrow, he works late",
    "he doesn't see the point of going to meetings anymore",
    "she doesn't see the point of being sober at a wedding",
    "i don't see the point in arguing with him when he's drunk",
    # a relationship ending is not a life ending
    "i want to end things with my boyfriend, he keeps using",
    # denied
    "he's not suicidal, just sad",
    "she has never wanted to hurt herself",
    "no one here has a gun",
    # past and recovered: a harm-reduction moment, not an emergency
    "he overdosed last year and is fine now",
    "he overdosed in 2022 and is doing ok",
    "Two years ago she OD'd. She has been sober since.",
    "he used to get violent when drunk but that was years ago",
    # hypothetical, future, information
    "overdose signs?",
    "what if he ODs someday",
    "how do I know if someone is overdosing",
    "what do I do if he stops breathing",
    "I'm worried she will overdose one day",
    # everyday idioms
    "my phone is dying",
    "this traffic is killing me",
    "I'm dying to know what ketamine costs",
    "he won't wake up for work on time",
    "she is not responding to my texts",
    "I'm cutting back on the money I give him",
    "I could kill him for lying again",
    "I can't go on like this, I'm exhausted",
    "he hurt himself falling off a ladder",
    "she used to cut herself as a teenager, how do I talk to her about her drinking",
    "the fight with my son last night left me exhausted",
    "I'm afraid he will kill someone driving drunk someday",
    "the stuff that brings people back from an od, what's it called",
    "he gets violent when he drinks, how do I set limits",
    "how many sessions does it take",
]

BURIED = [
    (
        "We've been dealing with his drinking for years and I've read every book. He lost his "
        "job in March and the bank called about the house. Tonight he told me he wants to die. "
        "Anyway, I wanted to ask about your family program and whether insurance covers it.",
        "suicide",
    ),
    (
        "Sorry, long story. My partner has used on and off since college, we tried rehab twice. "
        "Right now he is on the floor and his lips are turning blue. I have Narcan somewhere. "
        "He has also been really depressed lately.",
        "overdose",
    ),
]

TYPOS = [
    ("my son is sucidal", "suicide"),
    ("she is suicidel again", "suicide"),
    ("i think he is overdosng", "overdose"),
    ("hes not breating", "overdose"),
    ("she is unresponsve", "overdose"),
    ("he is threatning to kill us", "danger"),
]


@pytest.mark.parametrize(("text", "kind"), LIVE_CRISES + BURIED + TYPOS)
def test_live_crisis_is_found_with_its_kind(lexicon: CrisisLexicon, text: str, kind: str) -> None:
    assert lexicon.analyse_text(text).kind == kind


@pytest.mark.parametrize("text", NOT_CRISES)
def test_denied_past_hypothetical_and_idioms_are_not_crises(
    lexicon: CrisisLexicon, text: str
) -> None:
    result = lexicon.analyse_text(text)
    assert result.kind is None, [(m.trigger, m.status, m.text) for m in result.mentions]


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        ("he's not suicidal, just sad", "suicide", "negated"),
        ("he overdosed in 2022 and is doing ok", "overdose", "past"),
        ("what if he ODs someday", "overdose", "conditional"),
        ("she OD'd and is in the hospital now", "overdose", "resolved"),
        ("what are the signs that someone is not breathing", "overdose", "info"),
        # A crash feared in a letter about driving drunk is not suicide.
        ("she drives drunk and I'm scared she's going to kill herself or someone else",
         "suicide", "mundane"),
        # Nodding off seen again and again is a sign of use to talk about, not an emergency.
        ("my sister keeps nodding off at family dinners, how do I bring it up", "overdose",
         "mundane"),
        ("he keeps nodding off at the table lately and we think it's pills", "overdose",
         "mundane"),
        # A sign feared at a vague time to come is a worry about mixing, not a sign now.
        ("she mixes her sleeping pills with wine. I'm terrified she won't wake up one morning",
         "overdose", "future"),
        ("I'm scared that one of these days he won't wake up", "overdose", "future"),
    ],
)
def test_defused_mentions_say_why(
    lexicon: CrisisLexicon, text: str, kind: str, reason: str
) -> None:
    assert reason in lexicon.analyse_text(text).defusals(kind)


@pytest.mark.parametrize(
    ("typo", "word"),
    [("sucidal", "suicidal"), ("suicdie", "suicide"), ("overdosnig", "overdosing"),
     ("unresponisve", "unresponsive"), ("himslef", "himself")],
)
def test_misspelled_crisis_words_are_repaired(typo: str, word: str) -> None:
    assert correct_word(typo) == word


@pytest.mark.parametrize("word", ["breaching", "overdone", "putting", "sheathing", "hello"])
def test_real_words_are_left_alone(word: str) -> None:
    assert correct_word(word) == word


def test_entity_span_points_at_the_crisis_words(lexicon: CrisisLexicon) -> None:
    text = "Hi. Long week. He won't wake up."
    mention = lexicon.analyse_text(text).first_active("overdose")
    assert mention is not None
    assert "wake" in text[mention.start_char : mention.end_char]


# --- combining the lexicon with the classifier -------------------------------------------


def test_confident_classifier_alone_raises_a_crisis(lexicon: CrisisLexicon) -> None:
    decision = decide(lexicon.analyse_text("she posted something strange"), "crisis_suicide",
                      0.9, threshold=0.6)
    assert decision.kind == "suicide"
    assert decision.sources == ("classifier",)


def test_unsure_classifier_alone_does_not(lexicon: CrisisLexicon) -> None:
    decision = decide(lexicon.analyse_text("we argued about money"), "immediate_danger", 0.4,
                      threshold=0.6)
    assert decision.kind is None


def test_lexicon_denial_overrules_a_confident_classifier(lexicon: CrisisLexicon) -> None:
    decision = decide(lexicon.analyse_text("he's not suicidal, just sad"), "crisis_suicide",
                      0.95, threshold=0.6)
    assert decision.kind is None
    assert decision.overruled_kind == "suicide"


def test_overdose_leads_when_several_kinds_are_live(lexicon: CrisisLexicon) -> None:
    text = "she wants to die and she took a whole bottle of pills"
    assert decide(lexicon.analyse_text(text), "crisis_suicide", 0.9, threshold=0.6).kind == (
        "overdose"
    )


def test_a_word_that_needs_right_now_does_not_overrule_the_classifier(
    lexicon: CrisisLexicon,
) -> None:
    """ "drunk and violent" alone is not proof of danger now, but it is no denial either."""
    decision = decide(lexicon.analyse_text("my husband is drunk and violent and i'm scared"),
                      "immediate_danger", 0.8, threshold=0.6)
    assert decision.kind == "danger"


def test_long_messages_are_read_to_the_end(lexicon: CrisisLexicon) -> None:
    text = "We talked about his job and the bills. " * 300 + "Now he won't wake up."
    assert lexicon.analyse_text(text).kind == "overdose"


def test_lexicon_kind_leads_over_a_different_classifier_guess(lexicon: CrisisLexicon) -> None:
    decision = decide(lexicon.analyse_text("I'm scared she'll hurt herself"), "immediate_danger",
                      0.95, threshold=0.6)
    assert decision.kind == "suicide"


# --- the real Rasa component on real Messages ---------------------------------------------


def _entities(message: Message) -> list[tuple[str, str]]:
    return [(e["entity"], e["value"]) for e in message.get("entities", [])]


@pytest.mark.parametrize(
    ("text", "intent", "kind"),
    [
        ("he won't wake up and his lips are blue", "overdose_emergency", "overdose"),
        ("my wife wants to unalive herself", "crisis_suicide", "suicide"),
        ("he has a knife and he's screaming", "immediate_danger", "danger"),
    ],
)
def test_crisis_never_falls_back_even_when_the_classifier_is_unsure(
    run_pipeline: RunPipeline, text: str, intent: str, kind: str
) -> None:
    # The classifier is lost: low and ambiguous, so FallbackClassifier would fire.
    message = run_pipeline(text, [("greet", 0.12), ("thank", 0.11), ("tms", 0.10)])
    assert message.get("intent") == {"name": intent, "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == intent
    assert ("crisis_kind", kind) in _entities(message)
    assert message.get("crisis")["sources"] == ["lexicon"]


def test_confident_classifier_crisis_is_confirmed_with_the_slot_entity(
    run_pipeline: RunPipeline,
) -> None:
    message = run_pipeline(
        "she has been saying goodbye to people", [("crisis_suicide", 0.85), ("greet", 0.05)]
    )
    assert message.get("intent")["name"] == "crisis_suicide"
    assert message.get("intent")["confidence"] == 1.0
    assert ("crisis_kind", "suicide") in _entities(message)


def test_denied_crisis_is_replaced_by_the_next_topic(run_pipeline: RunPipeline) -> None:
    message = run_pipeline(
        "he's not suicidal, just sad all the time",
        [("crisis_suicide", 0.7), ("co_occurring", 0.2), ("greet", 0.05)],
    )
    assert message.get("intent")["name"] == "co_occurring"
    assert ("crisis_kind", "suicide") not in _entities(message)
    assert message.get("crisis")["overruled_kind"] == "suicide"


def test_past_overdose_becomes_a_harm_reduction_moment(run_pipeline: RunPipeline) -> None:
    message = run_pipeline(
        "he overdosed last year and is fine now",
        [("overdose_emergency", 0.8), ("relapse", 0.1), ("greet", 0.05)],
    )
    assert message.get("intent")["name"] == "harm_reduction"
    assert not _entities(message)


def test_overdose_question_gets_the_signs_answer(run_pipeline: RunPipeline) -> None:
    message = run_pipeline(
        "what are the signs someone is overdosing",
        [("overdose_emergency", 0.55), ("overdose_signs", 0.4)],
    )
    assert message.get("intent")["name"] == "overdose_signs"


def test_ordinary_message_passes_through_untouched(run_pipeline: RunPipeline) -> None:
    message = run_pipeline("how much does ketamine cost", [("cost_insurance", 0.9)])
    assert message.get("intent") == {"name": "cost_insurance", "confidence": 0.9}
    assert message.get("crisis")["kind"] is None
    assert not _entities(message)


def test_unsure_overdose_guess_about_the_future_becomes_harm_reduction(
    run_pipeline: RunPipeline,
) -> None:
    message = run_pipeline(
        "what if he ODs someday", [("overdose_emergency", 0.45), ("naloxone", 0.3), ("greet", 0.1)]
    )
    assert message.get("intent")["name"] == "harm_reduction"
    assert not _entities(message)


def test_invisible_characters_cannot_hide_a_crisis(run_pipeline: RunPipeline) -> None:
    text = "he is sui\u200bcidal"
    message = run_pipeline(text, [("greet", 0.3), ("thank", 0.29)])
    assert message.get("intent")["name"] == "crisis_suicide"
    entity = next(e for e in message.get("entities") if e["entity"] == "crisis_kind")
    assert (entity["start"], entity["end"]) == (0, len(text))
