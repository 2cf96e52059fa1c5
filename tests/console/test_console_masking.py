"""Masking personal data: a table of what staff must not see, and what must stay readable."""

from __future__ import annotations

import pytest

from console.masking import default_recogniser, mask_text, mask_texts, pattern_spans

PATTERN_CASES = [
    ("call me on 410-555-0199 tonight", "call me on [PHONE] tonight"),
    ("my cell is (443) 555 0123", "my cell is [PHONE]"),
    ("+1 410.555.0188 works", "[PHONE] works"),
    ("text 4105550177", "text [PHONE]"),
    ("write to jo.smith+fg@example.org please", "write to [EMAIL] please"),
    ("we are at 1234 West Street, Apt 5 now", "we are at [ADDRESS] now"),
    ("he lives at 77 Bay Ridge Ave.", "he lives at [ADDRESS]"),
    ("born 03/14/2002", "born [DATE]"),
    ("since 2024-01-05", "since [DATE]"),
    ("on March 3rd, 2021 he relapsed", "on [DATE] he relapsed"),
    ("the 5th of June was bad", "the [DATE] was bad"),
    ("my name is tom", "my name is [NAME]"),
    ("this is maria", "this is [NAME]"),
    ("my youngest, named leo, drinks", "my youngest, named [NAME], drinks"),
    ("my ssn is 123-45-6789", "my ssn is [ID]"),
    ("member id XHG123456789 with Aetna", "member id [ID] with Aetna"),
]

KEEP_CASES = [
    "I am worried about my son",
    "I'm so tired of the lying",
    "he drinks 12 beers a day",
    "Is ketamine therapy safe for 2 weeks?",
    "we spent $10000 on rehab in 2019",
    "How much does TMS cost?",
]


@pytest.mark.parametrize(("text", "expected"), PATTERN_CASES)
def test_patterns_hide_contact_details_and_dates(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", KEEP_CASES)
def test_ordinary_sentences_stay_readable(text: str) -> None:
    assert mask_text(text, default_recogniser()) == text


def test_names_and_places_found_by_spacy() -> None:
    masked = mask_text("My son Jake Miller moved to Baltimore last year", default_recogniser())
    assert "Jake" not in masked and "Miller" not in masked and "Baltimore" not in masked
    assert "[NAME]" in masked and "[PLACE]" in masked


def test_schools_are_masked_but_the_organisations_families_ask_about_stay() -> None:
    recognise = default_recogniser()
    assert "Anne Arundel Community College" not in mask_text(
        "my son goes to Anne Arundel Community College", recognise)
    for text in ("does Medicaid pay for TMS", "is ketamine FDA approved"):
        assert mask_text(text, recognise) == text


def test_a_name_found_once_is_masked_everywhere_in_the_conversation() -> None:
    texts = ["My daughter Emily is using again", "emily said she would stop"]
    masked = mask_texts(texts, default_recogniser())
    assert all("emily" not in text.lower() for text in masked)


def test_overlapping_matches_give_one_label() -> None:
    spans = pattern_spans("reach me at 410-555-0199")
    assert len(spans) == 1 and spans[0][2] == "PHONE"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my daughter Emily is using again", "my daughter [NAME] is using again"),
        ("our son Jake won't talk", "our son [NAME] won't talk"),
        ("my son I think is using", "my son I think is using"),
    ],
)
def test_a_capitalised_word_after_a_relative_is_a_name(text: str, expected: str) -> None:
    assert mask_text(text) == expected
