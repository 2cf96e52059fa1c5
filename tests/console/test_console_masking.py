"""Masking personal data: a table of what staff must not see, and what must stay readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.clinic_terms import is_clinic_text, lookup_terms, vocabulary
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
    ("his ssn is 123 45 6789", "his ssn is [ID]"),
    ("ssn 123.45.6789 if you need it", "ssn [ID] if you need it"),
    ("member id XHG123456789 with Aetna", "member id [ID] with Aetna"),
    # International numbers, written the ways families abroad write them.
    ("call me on +44 20 7946 0958 tonight", "call me on [PHONE] tonight"),
    ("my brother: +52 55 1234 5678", "my brother: [PHONE]"),
    ("0044 20 7946 0958 is my sister", "[PHONE] is my sister"),
    ("ring +44 (0)20 7946 0958", "ring [PHONE]"),
    # E-mail addresses written out so spam robots miss them.
    ("write to jane at gmail dot com", "write to [EMAIL]"),
    ("jane(at)example.org", "[EMAIL]"),
    ("or jane [at] example [dot] org", "or [EMAIL]"),
    ("JANE AT EXAMPLE DOT COM", "[EMAIL]"),
    ("email me at jane dot doe at gmail dot com", "email me at [EMAIL]"),
    ("jane.doe at gmail.com please", "[EMAIL] please"),
    # Addresses: a letter after the house number, more suffixes, PO boxes.
    ("we live at 12B Main St", "we live at [ADDRESS]"),
    ("our house is 40 Severn Run", "our house is [ADDRESS]"),
    ("she rents 7 Oak Hill, Apt 2 now", "she rents [ADDRESS] now"),
    ("9 Church Row", "[ADDRESS]"),
    ("118 Bay Heights", "[ADDRESS]"),
    ("send it to PO Box 123", "send it to [ADDRESS]"),
    ("send it to P.O. Box 4567", "send it to [ADDRESS]"),
    # Booking codes and calendar links: with the code and a phone number anyone could cancel.
    ("my code is k7q-3mx", "my code is [CODE]"),
    ("K7Q3MX", "[CODE]"),
    ("can I move K7Q3MX to friday", "can I move [CODE] to friday"),
    ("Your booking code is **HUNTER**. [Add it to your calendar]"
     "(http://localhost:8081/ics/HUNTER?t=Qx3_abcDEF12-ghiJKL4567)",
     "Your booking code is **[CODE]**. [Add it to your calendar]"
     "(http://localhost:8081/ics/[CODE]?t=[LINK])"),
]

KEEP_CASES = [
    "I am worried about my son",
    "I'm so tired of the lying",
    "he drinks 12 beers a day",
    "Is ketamine therapy safe for 2 weeks?",
    "we spent $10000 on rehab in 2019",
    "How much does TMS cost?",
    # "at" and "dot" in ordinary sentences, and websites the bot gives out.
    "he is at home",
    "look at that dot on the map",
    "you can chat at 988lifeline.org",
    "I read it at samhsa dot gov",
    # Numbers and street words in ordinary sentences.
    "3 times in a row he relapsed",
    "he ran 5 miles up the hill",
    "after 2 years at this point",
    "he's out 6pm-9pm most nights",
    "the code is the key",
    "Call SAMHSA at 1-800-662-4357, or text HOME to 741741.",
]

# The clinic's own words, in families' messages and in the bot's replies: the recogniser calls
# many of them people or places, and a reviewer must still read them.
CLINIC_VOCABULARY_CASES = [
    "Ketamine is used for treatment-resistant depression.",
    "is ketamine safe for someone who drinks",
    "i'm on kpins",
    "He takes Kpin every night",
    "Kpins and Xanax are all he talks about",
    "Our clinic is in Annapolis, Maryland. We offer ketamine infusion therapy, TMS, and "
    "consultations for families. For a crisis, call or text 988.",
    "Is Spravato the same as esketamine?",
    "Does Sublocade work better than Vivitrol?",
    "Narcan or Kloxxado, either works.",
    "Try Al-Anon or Nar-Anon, or SMART Recovery.",
    "Safe Stations in Anne Arundel County are open 24/7.",
    "He was on Suboxone and now Methadone.",
    "Klonopin and Valium and Ativan",
    "She took Adderall and Xanax",
    "Acamprosate or Antabuse or disulfiram?",
    "He goes to AA and NA meetings",
    "Fentanyl and Xylazine are in everything now",
    "my son is using Molly",
    "Crystal meth is everywhere here",
]


@pytest.mark.parametrize(("text", "expected"), PATTERN_CASES)
def test_patterns_hide_contact_details_and_dates(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", KEEP_CASES)
def test_ordinary_sentences_stay_readable(text: str) -> None:
    assert mask_text(text, default_recogniser()) == text


@pytest.mark.parametrize("text", CLINIC_VOCABULARY_CASES)
def test_the_clinics_own_vocabulary_is_never_masked(text: str) -> None:
    assert mask_text(text, default_recogniser()) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my son Jake is on ketamine", "my son [NAME] is on ketamine"),
        ("Ketamine helped my daughter Emily", "Ketamine helped my daughter [NAME]"),
        ("my husband Greg drives to Annapolis for TMS",
         "my husband [NAME] drives to Annapolis for TMS"),
        # A substance that is also a given name is still a name after a strong cue.
        ("my daughter Molly is using", "my daughter [NAME] is using"),
        ("my name is Crystal", "my name is [NAME]"),
    ],
)
def test_names_next_to_clinic_words_are_still_masked(text: str, expected: str) -> None:
    assert mask_text(text, default_recogniser()) == expected


def test_a_clinic_word_inside_a_recognised_name_stays_readable() -> None:
    # The recogniser reads "Carry Narcan" as one person: the medicine is not part of a name.
    masked = mask_text("Carry Narcan or Kloxxado with you.", default_recogniser())
    assert "Narcan" in masked and "Kloxxado" in masked


def test_a_clinic_word_found_once_is_not_masked_elsewhere_in_the_conversation() -> None:
    texts = ["Ketamine is given as an infusion.", "is ketamine safe with his xanax?"]
    assert mask_texts(texts, default_recogniser()) == texts


def test_substances_and_slang_come_from_the_bots_lookup(tmp_path: Path) -> None:
    lookup = tmp_path / "substance.yml"
    lookup.write_text('version: "3.1"\nnlu:\n- lookup: substance\n  examples: |\n'
                      "    - purple haze\n- synonym: cannabis\n  examples: |\n    - loud\n",
                      encoding="utf-8")
    assert lookup_terms(lookup) == ["substance", "purple haze", "cannabis", "loud"]
    # The real lookup is loaded: slang that only it lists is kept.
    assert {"fetty", "xannies", "special k", "roxys"} <= vocabulary()
    assert is_clinic_text("Anne Arundel County's") and not is_clinic_text(
        "Anne Arundel Community College")


def test_a_booking_code_the_bot_gave_is_masked_when_the_family_types_it_back() -> None:
    texts = ["Your booking code is **HUNTER**. Please keep it.",
             "can i change hunter to next week", "the code was hunter-ish"]
    masked = mask_texts(texts)
    assert masked[:2] == ["Your booking code is **[CODE]**. Please keep it.",
                          "can i change [CODE] to next week"]
    assert masked[2] == texts[2]


def test_a_pasted_calendar_token_is_masked_even_without_its_link() -> None:
    assert mask_text("the link ends in Qx3_abcDEF12-ghiJKL4567 i think") == (
        "the link ends in [LINK] i think")


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
