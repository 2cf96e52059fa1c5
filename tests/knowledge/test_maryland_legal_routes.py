""""Can I make them go to rehab?" gets Maryland's real routes, not "a lawyer can explain" (#15)."""

from __future__ import annotations

import pytest


def _texts(domain_dict, name: str) -> list[str]:
    return [variation["text"] for variation in domain_dict["responses"][name]]


@pytest.mark.parametrize("route", ["911", "211, then press 1", "988", "Emergency petition",
                                   "judge", "lawyer can ask the court for treatment",
                                   "Extreme Risk Protective Order"])
def test_the_answer_names_each_route(domain_dict, route: str) -> None:
    assert all(route in text for text in _texts(domain_dict, "utter_involuntary_treatment"))


@pytest.mark.parametrize("detail", ["District Court", "within 6 hours", "§8-507",
                                    "written consent", "commissioner"])
def test_the_deeper_answer_says_how_each_route_works(domain_dict, detail: str) -> None:
    assert all(detail in text for text in _texts(domain_dict, "utter_involuntary_treatment_more"))


def test_no_longer_sends_the_family_to_a_lawyer_for_the_basics(domain_dict) -> None:
    for name in ("utter_involuntary_treatment", "utter_involuntary_treatment_more"):
        assert not any("A lawyer can explain" in text for text in _texts(domain_dict, name))
