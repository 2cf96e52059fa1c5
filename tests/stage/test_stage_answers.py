"""Reading a family member's reply to each check-in question, including odd input."""

import pytest

from actions.stage_answers import (
    ALLOWED_ANSWERS,
    MIXED,
    NO,
    NOT_USING,
    RETURNED_TO_USE,
    SEES_PROBLEM,
    STOPPED,
    STOPPED_LONG,
    STOPPED_RECENT,
    TALKED_CHANGE,
    TOOK_STEP,
    UNSURE,
    USING,
    YES,
    duration_in_months,
    interpret_answer,
)

CASES = [
    # slot, reply, intent, expected
    (SEES_PROBLEM, "yes", None, YES),
    (SEES_PROBLEM, "Yeah, he knows", None, YES),
    (SEES_PROBLEM, "yes but he never does anything about it", None, MIXED),
    (SEES_PROBLEM, "kind of", None, MIXED),
    (SEES_PROBLEM, "sort of", None, MIXED),
    (SEES_PROBLEM, "no", None, NO),
    (SEES_PROBLEM, "she doesn't think she has a problem", None, NO),
    (SEES_PROBLEM, "Nope, totally in denial", None, NO),
    (
        SEES_PROBLEM,
        "He says he's fine and that I'm overreacting. Every time I bring it up he gets "
        "defensive and walks out, and this has been going on for two years now.",
        None,
        NO,
    ),
    (SEES_PROBLEM, "he doesn't think he has a problem but lately he admits it worries him",
     None, MIXED),
    (SEES_PROBLEM, "idk", None, UNSURE),
    (SEES_PROBLEM, "he thinks everyone drinks like him", None, NO),
    (SEES_PROBLEM, "absolutely not, he laughs it off", None, NO),
    (NOT_USING, "she's on and off", None, USING),
    (SEES_PROBLEM, "I honestly don't know", None, UNSURE),
    (SEES_PROBLEM, "👍", None, YES),
    (SEES_PROBLEM, "👎👎", None, NO),
    (SEES_PROBLEM, "🤷‍♀️", None, UNSURE),
    (SEES_PROBLEM, "/affirm", "affirm", YES),
    (SEES_PROBLEM, "/deny", "deny", NO),
    (SEES_PROBLEM, "/stage_skip", "stage_skip", UNSURE),
    (SEES_PROBLEM, "he says nothing is wrong", "precontemplation", NO),
    (TALKED_CHANGE, "yes, he said he wants to cut down", None, YES),
    (TALKED_CHANGE, "he says he doesn't need to stop", None, NO),
    (TALKED_CHANGE, "not really, he changes the subject", None, NO),
    (TALKED_CHANGE, "not sure", None, UNSURE),
    (TOOK_STEP, "No, but he tried cutting down last month", None, YES),
    # Words beat a "skip" guess from the classifier.
    (TOOK_STEP, "not sure, but he did call a clinic once", "stage_skip", YES),
    (TOOK_STEP, "pass", "stage_skip", UNSURE),
    (TOOK_STEP, "she called a clinic last week", None, YES),
    (TOOK_STEP, "no he hasn't called anyone", None, NO),
    (TOOK_STEP, "he hasn't done anything, it's all talk", None, NO),
    (NOT_USING, "using", None, USING),
    (NOT_USING, "still using every day", None, USING),
    (NOT_USING, "he was sober 2 years but now he's drinking again", None, USING),
    (NOT_USING, "stopped_recent", None, STOPPED_RECENT),
    (NOT_USING, "he stopped 3 weeks ago", None, STOPPED_RECENT),
    (NOT_USING, "still not using, 2 months now", None, STOPPED_RECENT),
    (NOT_USING, "Stopped, less than 6 months", None, STOPPED_RECENT),
    (NOT_USING, "sober for 8 months!", None, STOPPED_LONG),
    (NOT_USING, "nearly a year sober", None, STOPPED_LONG),
    (NOT_USING, "she quit", None, STOPPED),
    (NOT_USING, "no idea honestly", None, UNSURE),
    (RETURNED_TO_USE, "yes he relapsed last week", None, YES),
    (RETURNED_TO_USE, "no, he has not gone back", None, NO),
    (RETURNED_TO_USE, "he started again", "relapse", YES),
    (RETURNED_TO_USE, "🤷", None, UNSURE),
]


@pytest.mark.parametrize("slot,reply,intent,expected", CASES)
def test_reply_is_read_as_the_family_member_meant(slot, reply, intent, expected):
    assert interpret_answer(slot, reply, intent) == expected


@pytest.mark.parametrize("reply", ["asdfgh", "", "   ", "🍕", "?!", "what time is it"])
@pytest.mark.parametrize("slot", list(ALLOWED_ANSWERS))
def test_unreadable_replies_give_none_instead_of_a_guess(slot, reply):
    assert interpret_answer(slot, reply, None) is None


@pytest.mark.parametrize("slot", list(ALLOWED_ANSWERS))
def test_every_answer_is_in_the_questions_vocabulary(slot):
    replies = ["yes", "no", "idk", "kind of", "still using", "sober 1 year", "🤷", "/stage_skip"]
    for reply in replies:
        answer = interpret_answer(slot, reply, "stage_skip" if reply.startswith("/") else None)
        assert answer is None or answer in ALLOWED_ANSWERS[slot]


def test_unknown_question_is_a_programming_error():
    with pytest.raises(ValueError):
        interpret_answer("stage_favourite_colour", "blue")


@pytest.mark.parametrize(
    "words,months",
    [("3 weeks", 0.7), ("a year", 12.0), ("two months and 10 days", 2.0), ("half a year", 6.0),
     ("nothing", None)],
)
def test_duration_in_months(words, months):
    result = duration_in_months(words)
    assert result == months if months is None else round(result, 1) == months
