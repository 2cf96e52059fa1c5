"""What counts as a crisis, a fallback, a booking; pagination. Events serialised by Rasa."""

from __future__ import annotations

from typing import List

from console_rasa_events import (
    booking_conversation,
    bot,
    form_answer,
    form_opened,
    form_rejected,
    session,
    slot,
    user,
)

from console.conversations import (
    ListFilter,
    apply_filter,
    may_contain,
    paginate,
    search,
    slot_label,
    summarise,
    summarise_all,
    transcript,
    triage,
)
from console.tracker import Event


def as_stored(events: List) -> List[Event]:
    """Rasa events as the console reads them back (Rasa's own as_dict serialisation)."""
    return [Event(i, "s", e.type_name, e.timestamp, None, None, e.as_dict())
            for i, e in enumerate(events, start=1)]


def test_crisis_by_slot_even_when_the_intent_was_something_else() -> None:
    stream = as_stored(session(1) + user("he took a lot of pills and won't wake up", "denial",
                                         0.6, 2) + slot("crisis_kind", "overdose", 3))
    summary = summarise("s", stream, 0.5)
    assert summary.crisis and summary.crisis_kinds == ["overdose"]
    assert not summarise("s", as_stored(slot("crisis_kind", None, 3)), 0.5).crisis


def test_crisis_by_intent() -> None:
    summary = summarise("s", as_stored(user("there is violence at home", "immediate_danger",
                                            0.9, 1)), 0.5)
    assert summary.crisis and summary.crisis_kinds == ["immediate_danger"]


def test_fallback_and_low_confidence_turns() -> None:
    stream = as_stored(
        user("asdf", "nlu_fallback", 0.1, 1) + bot("Sorry?", "action_default_fallback", 2)
        + user("what is tms", "tms_basics", 0.42, 3) + user("thanks", "thanks", 0.97, 4)
    )
    summary = summarise("s", stream, 0.5)
    # The fallback action answering the nlu_fallback turn is the same turn, counted once.
    assert (summary.fallback_turns, summary.low_confidence_turns) == (1, 1)
    assert summary.needs_attention and summary.user_turns == 3
    lines = transcript(stream, 0.5)
    assert [line.low_confidence for line in lines if line.kind == "user"] == [True, True, False]
    assert [line.action for line in lines if line.kind == "action"] == [
        "action_default_fallback"]


def test_answers_a_form_took_are_not_fallbacks_however_low_their_confidence() -> None:
    stream = as_stored(booking_conversation(1))
    summary = summarise("s", stream, 0.5)
    assert summary.user_turns == 5
    assert (summary.fallback_turns, summary.low_confidence_turns) == (0, 0)
    assert not summary.needs_attention
    assert not [line.text for line in transcript(stream, 0.5) if line.low_confidence]


def test_inside_a_form_a_turn_the_form_did_not_take_still_counts() -> None:
    form = "callback_form"
    stream = as_stored(
        session(1) + user("can I talk to a person", "talk_to_human", 0.97, 2)
        + form_opened(form, "callback_name", "What's your name?", 3)
        # A question the form did not take: a rule answered it, at a low confidence.
        + user("wait does tms hurt", "tms_side_effects", 0.31, 4)
        + bot("Most people feel a tapping.", "utter_tms_side_effects", 5)
        + bot("What's your name?", "callback_form", 6)
        # Words nobody understood: the form rejected them and the fallback offered topics.
        + user("zzkq blorf", "nlu_fallback", 0.12, 7) + form_rejected(form, 8)
        + bot("Did you mean one of these?", "action_offer_topics", 9)
        + form_answer("Rosa", "inform", 0.32, form, "callback_name", "Rosa",
                      "callback_contact", "How can the clinic reach you?", 10)
    )
    summary = summarise("s", stream, 0.5)
    assert (summary.fallback_turns, summary.low_confidence_turns) == (1, 1)
    flagged = [line.text for line in transcript(stream, 0.5) if line.low_confidence]
    assert flagged == ["wait does tms hurt", "zzkq blorf"]


def test_bookings_come_from_the_booking_store_not_from_actions() -> None:
    stream = as_stored(user("book me in", "book_appointment", 0.9, 1)
                       + bot("Booked.", "action_booking_submit", 2))
    assert [s.booking for s in summarise_all({"s": stream}, 0.5, set())] == [False]
    assert [s.booking for s in summarise_all({"s": stream}, 0.5, {"s"})] == [True]


def test_a_dialogue_fallback_after_a_confident_intent_counts_once() -> None:
    stream = as_stored(user("ok so what now", "more_info", 0.93, 1)
                       + bot("Sorry, I lost the thread.", "action_default_fallback", 2)
                       + bot("Could you say it another way?", "action_default_fallback", 3))
    summary = summarise("s", stream, 0.5)
    assert (summary.fallback_turns, summary.low_confidence_turns) == (1, 0)


def test_unreviewed_crises_stay_in_triage_until_reviewed() -> None:
    crisis = summarise("a", as_stored(user("i want to die", "crisis_suicide", 0.9, 1)), 0.5)
    calm = summarise("b", as_stored(user("hi", "greet", 0.9, 2)), 0.5)
    assert triage([crisis, calm], {}) == [crisis]
    assert triage([crisis, calm], {"a": "flagged"}) == [crisis]
    assert triage([crisis, calm], {"a": "reviewed"}) == []
    assert apply_filter([crisis, calm], ListFilter(status="unreviewed"), {"a": "reviewed"},
                        {}) == [calm]


def test_pages_are_clamped_to_what_exists() -> None:
    items = list(range(53))
    assert paginate(items, 1, 25) == (items[:25], 1, 3)
    assert paginate(items, 3, 25) == (items[50:], 3, 3)
    assert paginate(items, 99, 25)[1:] == (3, 3)
    assert paginate([], 1, 25) == ([], 1, 1)


def test_the_sentence_that_raised_a_crisis_is_highlighted_in_the_transcript() -> None:
    letter = ("My son drinks every night. He says nothing matters. He took his rifle out of "
              "the safe tonight. How do I talk to him?")
    sign = "He took his rifle out of the safe tonight."
    stream = as_stored(user(letter, "crisis_suicide", 1.0, 1, crisis_sentences=[sign]))
    [line] = [line for line in transcript(stream, 0.5) if line.kind == "user"]
    assert line.crisis_sentences == [sign]
    assert [piece for piece, flagged in line.text_parts() if flagged] == [sign]
    assert "".join(piece for piece, _ in line.text_parts()) == letter


def test_search_decides_on_what_the_reviewer_sees_not_on_the_cheap_pass() -> None:
    stream = as_stored(user("My son Jake is drinking again", "denial", 0.9, 1)
                       + user("jake won't answer his phone", "denial", 0.9, 2))
    summary = summarise("family-2", stream, 0.5)
    # The cheap pass (patterns only) still shows the lower-case "jake": a candidate ...
    assert may_contain(summary, "Jake")
    # ... but the transcript masks him everywhere, so the search does not find him.
    masked = [["My son [NAME] is drinking again", "[NAME] won't answer his phone"]]
    assert search([summary], "Jake", lambda _: masked) == []
    assert search([summary], "answer his PHONE", lambda _: masked) == [summary]
    assert search([summary], "family-2", lambda _: [[]]) == [summary]  # the id is on screen


def test_a_search_for_a_mask_label_is_confirmed_on_the_masked_texts() -> None:
    summary = summarise("s", as_stored(user("Jake won't answer", "denial", 0.9, 1)), 0.5)
    assert not may_contain(summary, "answer me")
    assert may_contain(summary, "[NAME]")  # only full masking writes it


def test_the_audit_log_keeps_the_filter_but_not_the_search_term() -> None:
    wanted = ListFilter(topic="denial", crisis=True, query="Jake Miller")
    assert wanted.audit_detail() == "topic=denial&crisis=1&q=[search, 11 characters]"
    assert ListFilter(query="Jake").audit_detail() == "q=[search, 4 characters]"
    assert ListFilter(crisis=True).audit_detail() == "crisis=1"
    assert ListFilter().audit_detail() == ""


def test_slots_holding_a_booking_code_or_personal_data_are_hidden_whole() -> None:
    assert slot_label("booking_manage_code") == "[CODE]"  # "hunter" looks like a word
    assert slot_label("booking_contact") == "[PERSONAL]"
    assert slot_label("substance") is None
