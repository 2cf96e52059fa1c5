"""Practical questions families ask that had no answer: jail and court, grief after an overdose,
family coaching and groups, paying for treatment, problem gambling (#15, item 10).

Each key fact is checked in the variation the family would get, and "we can't afford rehab" is
checked end to end through the follow-up reading: it must never be answered with ketamine prices.
"""

from __future__ import annotations

import pytest

from family_guide.followups import Turn, facet_answer


@pytest.mark.parametrize("fact", ["jail", "buprenorphine, methadone or naltrexone",
                                  "first two weeks after release", "naloxone", "§8-507"])
def test_jail_and_court(variation_text, fact: str) -> None:
    assert fact in variation_text("utter_involuntary_treatment_more")


@pytest.mark.parametrize("substance", [None, "opioids", "fentanyl"])
def test_grief_support_is_named_in_every_self_care_answer(variation_text, substance) -> None:
    assert "GRASP" in variation_text("utter_family_self_care", substance)


@pytest.mark.parametrize("fact", ["Partnership to End Addiction", "five one-hour calls",
                                  "28 days by text", "Invitation to Change",
                                  "Grief Recovery After a Substance Passing",
                                  "The Compassionate Friends"])
def test_coaching_and_grief_in_the_deeper_self_care_answer(variation_text, fact: str) -> None:
    assert fact in variation_text("utter_family_self_care_more")


@pytest.mark.parametrize("fact", ["al-anon.org", "nar-anon.org", "Partnership to End Addiction",
                                  "GRASP", "The Compassionate Friends"])
def test_where_to_find_groups_and_coaching(variation_text, fact: str) -> None:
    assert fact in variation_text("utter_family_self_care_where")


@pytest.mark.parametrize("fact", ["Maryland Medicaid", "TRICARE", "prior approval",
                                  "1-800-662-4357"])
def test_paying_for_rehab(variation_text, fact: str) -> None:
    assert fact in variation_text("utter_rehab_support_groups_cost")


@pytest.mark.parametrize("message", ["we can't afford rehab",
                                     "my husband needs rehab but how do we pay for it"])
def test_cant_afford_rehab_gets_the_rehab_cost_answer_without_ketamine_prices(
    domain_dict, variation_text, message: str
) -> None:
    answer = facet_answer(Turn("cost_insurance", message), None, domain_dict["responses"])
    assert answer is not None and answer.response == "utter_rehab_support_groups_cost"
    text = variation_text(answer.response)
    assert "$" not in text and "ketamine" not in text.lower()


def test_the_general_cost_answer_points_to_help_with_rehab_costs(variation_text) -> None:
    text = variation_text("utter_cost_insurance")
    assert "rehab" in text and "Maryland Medicaid" in text and "TRICARE" in text


@pytest.mark.parametrize("fact", ["1-800-GAMBLER", "Maryland Center of Excellence",
                                  "free gambling treatment", "ban themselves", "Gam-Anon", "988"])
def test_problem_gambling(variation_text, fact: str) -> None:
    assert fact in variation_text("utter_behavioral_addiction", "gambling")


def test_gambling_helpline_is_no_longer_an_honest_gap(variation_text) -> None:
    text = variation_text("utter_behavioral_addiction_more")
    assert "1-800-GAMBLER" in text and "couldn't verify" not in text
