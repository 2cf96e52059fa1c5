"""Every crisis reply carries the numbers a family needs, comes first, and needs no action
server: the rules use only utter_ responses and Rasa's own action_deactivate_loop."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from answer_picking import answer
from rasa.shared.core.domain import Domain

RULES_FILE = Path(__file__).resolve().parents[2] / "data" / "rules" / "crisis.yml"
CRISIS_INTENTS = ("crisis_suicide", "overdose_emergency", "immediate_danger")
BUILT_IN_ACTIONS = {"action_deactivate_loop", "action_listen"}


@pytest.fixture(scope="module")
def domain(rasa_domain: Domain) -> Domain:
    return rasa_domain


@pytest.fixture(scope="module")
def rules() -> dict[str, list[str]]:
    """Crisis intent -> the actions its rule runs, in order."""
    data = yaml.safe_load(Path(RULES_FILE).read_text(encoding="utf-8"))
    by_intent: dict[str, list[str]] = {}
    for rule in data["rules"]:
        steps = rule["steps"]
        intents = [step["intent"] for step in steps if "intent" in step]
        by_intent[intents[0]] = [step["action"] for step in steps if "action" in step]
    return by_intent


def texts(domain: Domain, response: str) -> list[str]:
    variations = domain.responses.get(response)
    assert variations, f"{response} is missing from the content catalogue"
    return [variation["text"] for variation in variations]


def path_text(domain: Domain, rules: dict[str, list[str]], intent: str) -> str:
    """Everything the bot says on one crisis path, in order."""
    return "\n".join(
        text
        for action in rules[intent]
        if action.startswith("utter_")
        for text in texts(domain, action)
    )


def test_every_crisis_intent_has_a_rule(rules: dict[str, list[str]]) -> None:
    assert set(CRISIS_INTENTS) <= set(rules)


@pytest.mark.parametrize("intent", CRISIS_INTENTS)
def test_crisis_paths_need_no_action_server(rules: dict[str, list[str]], intent: str) -> None:
    custom = [a for a in rules[intent] if not a.startswith("utter_") and a not in BUILT_IN_ACTIONS]
    assert custom == []


@pytest.mark.parametrize("intent", CRISIS_INTENTS)
def test_crisis_reply_is_the_whole_turn(rules: dict[str, list[str]], intent: str) -> None:
    """An open form is closed first; then only crisis replies, nothing else asked."""
    actions = rules[intent]
    assert actions[0] == "action_deactivate_loop"
    assert all(a.startswith("utter_") for a in actions[1:])
    replies = actions[1:]
    assert replies[0] == f"utter_{intent}"
    # Last, an offer to come back to the rest of the message once everyone is safe.
    assert replies[-1] == "utter_crisis_come_back"


@pytest.mark.parametrize("intent", CRISIS_INTENTS)
def test_every_reply_on_a_crisis_path_exists(
    domain: Domain, rules: dict[str, list[str]], intent: str
) -> None:
    for action in rules[intent]:
        if action.startswith("utter_"):
            assert texts(domain, action)


def variation(domain: Domain, response: str, crisis_kind: str | None) -> str:
    """The text sent when the crisis_kind slot holds this value (None: the default one)."""
    for candidate in domain.responses[response]:
        values = [c.get("value") for c in candidate.get("condition") or []]
        if (crisis_kind is None and not values) or values == [crisis_kind]:
            return candidate["text"]
    raise AssertionError(f"{response} has no variation for crisis_kind={crisis_kind}")


def test_suicide_reply_gives_988_and_911_first(domain: Domain) -> None:
    for text in texts(domain, "utter_crisis_suicide"):
        assert re.search(r"\b988\b", text)
        assert "988lifeline.org" in text
        assert re.search(r"\b911\b", text)
    assert "someone else" in variation(domain, "utter_crisis_suicide", None)


@pytest.mark.parametrize(
    "response", ["utter_crisis_suicide", "utter_crisis_suicide_safety", "utter_overdose_emergency"]
)
def test_a_writer_at_risk_is_spoken_to_not_about(domain: Domain, response: str) -> None:
    """When the writer is the one at risk, the reply says "you", never "your loved one"."""
    kind = "overdose_self" if "overdose" in response else "suicide_self"
    own = variation(domain, response, kind).lower()
    assert "loved one" not in own and "stay with them" not in own
    assert re.search(r"\byou\b", own)


def test_suicide_path_covers_staying_with_them_and_removing_means(
    domain: Domain, rules: dict[str, list[str]]
) -> None:
    said = path_text(domain, rules, "crisis_suicide").lower()
    assert "stay with them" in said
    assert "medicines" in said and "firearm" in said and "gun" in said
    assert "extreme risk protective order" in said  # Maryland's legal route to remove a gun
    assert "utter_crisis_suicide_keep_talking" in rules["crisis_suicide"]


def test_overdose_first_message_is_short_and_says_911_and_naloxone(domain: Domain) -> None:
    for text in texts(domain, "utter_overdose_emergency"):
        assert re.search(r"\b911\b", text)
        assert "naloxone" in text.lower() or "narcan" in text.lower()
        assert len(text.split()) <= 25, "the first overdose message must be readable at a glance"


def test_overdose_steps_cover_waking_breathing_second_dose_and_staying(
    domain: Domain, rules: dict[str, list[str]]
) -> None:
    said = path_text(domain, rules, "overdose_emergency").lower()
    for step in ("wake", "rescue breaths", "onto their side", "2 to 3 minutes", "second dose",
                 "until help arrives"):
        assert step in said, step


def test_good_samaritan_law_is_two_short_sentences_in_the_overdose_flow(domain: Domain) -> None:
    """Issue #15, item 9: in the moment, what it protects and 'call 911'; the limits come after."""
    for text in texts(domain, "utter_overdose_good_samaritan"):
        lower = text.lower()
        assert "good samaritan" in lower
        assert "possession" in lower or "having drugs" in lower
        assert "paraphernalia" in lower
        assert "call 911" in lower
        assert len(re.findall(r"[.!?](\s|$)", text)) == 2
        assert "can't get in trouble" not in lower and "cannot get in trouble" not in lower


@pytest.mark.parametrize("response", ("utter_naloxone_more", "utter_overdose_signs_more"))
def test_good_samaritan_law_is_described_with_its_limits(domain: Domain, response: str) -> None:
    for text in texts(domain, response):
        lower = text.lower()
        assert "good samaritan" in lower
        assert "having drugs" in lower and "paraphernalia" in lower
        assert "probation" in lower and "parole" in lower
        for limit in ("warrants", "felonies", "immigration"):
            assert limit in lower, limit
        assert "can't get in trouble" not in lower and "cannot get in trouble" not in lower


def test_danger_reply_gives_911_and_a_safe_place_first(domain: Domain) -> None:
    for text in texts(domain, "utter_immediate_danger"):
        assert re.search(r"\b911\b", text)
        lower = text.lower()
        assert "get away" in lower and "neighbour" in lower and "doors locked" in lower
        # Safety planning: a room with a way out, away from the kitchen and weapons.
        assert "way out" in lower and "kitchen" in lower and "weapons" in lower


def test_danger_path_gives_the_domestic_violence_route(
    domain: Domain, rules: dict[str, list[str]]
) -> None:
    said = path_text(domain, rules, "immediate_danger").lower()
    assert "1-800-799-7233" in said and "start to 88788" in said
    assert "protective order" in said and "peace order" in said
    assert "commissioner" in said  # open when the courts are closed
    assert "children" in said


def test_overdose_path_names_poison_help_for_other_drugs(
    domain: Domain, rules: dict[str, list[str]]
) -> None:
    said = path_text(domain, rules, "overdose_emergency")
    assert "Poison Help (1-800-222-1222" in said
    assert "No naloxone? Go straight to step 3." in said


def test_the_come_back_offer_is_a_button_to_the_set_aside_question(domain: Domain) -> None:
    [offer] = domain.responses["utter_crisis_come_back"]
    assert [b["payload"] for b in offer["buttons"]] == ["/crisis_resume"]


def test_danger_path_then_gives_988_and_maryland_211(
    domain: Domain, rules: dict[str, list[str]]
) -> None:
    said = path_text(domain, rules, "immediate_danger")
    assert re.search(r"\b988\b", said)
    assert "211, then press 1" in said


def test_crisis_kind_slot_is_filled_from_the_detector_entity(domain: Domain) -> None:
    assert "crisis_kind" in domain.entities
    slot = next(s for s in domain.slots if s.name == "crisis_kind")
    assert slot.mappings == [{"type": "from_entity", "entity": "crisis_kind"}]
    assert {"danger", "overdose", "suicide"} <= set(slot.values)


@pytest.mark.parametrize("kind", ("suicide", "suicide_self"))
def test_a_bereaved_family_gets_988_in_words_that_fit_their_loss(domain: Domain,
                                                                 kind: str) -> None:
    """A parent whose son died of an overdose is not told to "stay with them" or keep naloxone
    for someone who has died: sympathy, 988 and 911 first, then grief support."""
    first = answer(domain.responses, "utter_crisis_suicide", crisis_kind=kind,
                   situation="bereaved")
    assert first.startswith("i'm so sorry for your loss")
    assert re.search(r"\b988\b", first) and re.search(r"\b911\b", first)
    if kind == "suicide":
        steps = answer(domain.responses, "utter_crisis_suicide_safety", crisis_kind=kind,
                       situation="bereaved")
        assert "grasp" in steps and "compassionate friends" in steps
        assert "stay with them" not in steps and "naloxone" not in steps
        assert "gun" in steps  # means safety still, for anyone in the family at risk
