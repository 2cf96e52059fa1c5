"""The clinic's own article makes claims families will ask about; each gets an honest answer (#15).

Ketamine for benzodiazepine withdrawal, for gambling, porn or food, "CTK", ketamine with other
drugs, a loved one who uses ketamine on their own, and what Spravato is approved for. Each key fact
is checked in the variation a family would get for that substance, not just somewhere in the file.
"""

from __future__ import annotations

import pytest

from family_guide.followups import Turn, facet_answer


@pytest.mark.parametrize("fact", ["no controlled trials", "slow taper", "seizures",
                                  "not FDA-approved"])
def test_ketamine_for_benzodiazepine_withdrawal(variation_text, fact: str) -> None:
    assert fact in variation_text("utter_ketamine_info", "benzodiazepines")


@pytest.mark.parametrize("fact", ["not been studied for gambling", "porn or food",
                                  "1-800-GAMBLER", "Gam-Anon"])
def test_ketamine_for_gambling_and_other_behaviours(variation_text, fact: str) -> None:
    assert fact in variation_text("utter_ketamine_info", "gambling")


@pytest.mark.parametrize("fact", ["no controlled trials", "Gambling, porn or food",
                                  "'CTK'", "2020", "not approved for any substance use disorder"])
def test_the_deeper_answer_covers_what_the_research_does_not(variation_text, fact: str) -> None:
    assert fact in variation_text("utter_ketamine_info_more", None)


def test_ctk_is_answered_in_the_tms_answer_too(variation_text) -> None:
    assert "no evidence on combining TMS with ketamine" in variation_text("utter_tms", None)


def test_spravato_approvals_in_the_evidence_answer(variation_text) -> None:
    text = variation_text("utter_ketamine_info_evidence", None)
    assert "2019" in text and "2020 for depression with suicidal thoughts" in text
    assert "not approved for any substance use disorder" in text


@pytest.mark.parametrize("substance", ["benzodiazepines", "alcohol", "opioids", "fentanyl",
                                       "heroin"])
def test_ketamine_with_other_drugs(variation_text, substance: str) -> None:
    text = variation_text("utter_ketamine_safety", substance)
    assert "benzodiazepines, alcohol and opioids" in text
    assert "tell the clinician everything" in text


@pytest.mark.parametrize("substance", ["opioids", "fentanyl", "heroin"])
def test_opioid_variations_keep_the_naloxone_line(variation_text, substance: str) -> None:
    text = variation_text("utter_ketamine_safety", substance)
    assert "naloxone" in text and "never to use alone" in text


def test_interactions_are_in_the_deeper_safety_answer(variation_text) -> None:
    text = variation_text("utter_ketamine_safety_more", None)
    assert "Benzodiazepines, alcohol and opioids" in text
    assert "Tell the clinician everything" in text


@pytest.mark.parametrize("name,facts", [
    ("utter_ketamine_safety", ["bladder", "cut off from the body", "slowed breathing",
                               "No FDA-approved medicine treats ketamine addiction"]),
    ("utter_ketamine_info", ["bladder", "cut off from the body",
                             "No FDA-approved medicine treats ketamine addiction"]),
])
def test_a_loved_one_who_uses_ketamine_on_their_own(variation_text, name: str, facts) -> None:
    text = variation_text(name, "ketamine")
    assert all(fact in text for fact in facts), text


def test_the_benzodiazepine_answer_says_ketamine_has_no_trials(variation_text) -> None:
    """"Can ketamine help with benzo withdrawal?" is trained as the benzodiazepines topic."""
    assert "no controlled trials" in variation_text("utter_benzodiazepines")
    evidence = variation_text("utter_benzodiazepines_evidence")
    assert "slow taper" in evidence and "no controlled trials" in evidence


@pytest.mark.parametrize("message,response", [
    ("is ketamine proven for benzo withdrawal?", "utter_ketamine_info_evidence"),
    ("what's the evidence for tapering xanax slowly", "utter_benzodiazepines_evidence"),
])
def test_evidence_questions_reach_an_answer_that_covers_benzodiazepines(
    domain_dict, variation_text, message: str, response: str
) -> None:
    answer = facet_answer(Turn("ask_evidence", message), None, domain_dict["responses"])
    assert answer is not None and answer.response == response
    text = variation_text(response, "benzodiazepines" if "ketamine" in response else None)
    assert "no controlled trials" in text and "slow taper" in text
