"""How actions read the family member's past intents from the tracker's events."""

from rasa_sdk.events import ActiveLoop, BotUttered, SlotSet, UserUttered
from tracker_builders import user_event as said

from actions.tracker_events import user_intent, user_intents_latest_first


def test_user_intent_reads_only_user_messages():
    assert user_intent(said("my son drinks", "denial")) == "denial"
    assert user_intent(BotUttered("That sounds hard.")) is None
    assert user_intent(SlotSet("substance", "alcohol")) is None


def test_a_message_without_a_classification_has_no_intent():
    assert user_intent(UserUttered("hello", parse_data=None)) is None
    assert user_intent(UserUttered("hello", parse_data={"intent": None})) is None
    assert user_intent({"event": "user"}) is None


def test_intents_come_newest_first_and_skip_everything_but_user_messages():
    events = [
        said("hi", "greet"),
        BotUttered("Hello."),
        ActiveLoop("stage_form"),
        said("what is relapse", "relapse"),
        SlotSet("requested_slot", "sees_problem"),
        UserUttered("???", parse_data={}),
        said("tell me more", "more_info"),
    ]
    assert list(user_intents_latest_first(events)) == ["more_info", None, "relapse", "greet"]


def test_intents_can_be_read_from_a_one_pass_iterable():
    events = iter([said("hi", "greet"), said("thanks", "thanks")])
    assert list(user_intents_latest_first(events)) == ["thanks", "greet"]
    assert list(user_intents_latest_first([])) == []
