"""The lints themselves: each rule catches its wording and lets honest corrections through.

Without these, a lint with a broken pattern would pass every text and prove nothing.
"""

from __future__ import annotations

import pytest

from tools.content.lint import (
    CLAIM_RULES,
    STIGMA_RULES,
    claim_violations,
    sentences,
    stigma_violations,
)

STIGMATISING = [
    ("addict", "He is an addict."),
    ("addict", "Support for families of addicts."),
    ("addict", "She is a former addict now."),
    ("abuser", "Drug abusers need help too."),
    ("substance abuse", "Substance abuse treatment works."),
    ("substance abuse", "His alcohol abuse got worse."),
    ("alcoholic", "My dad is an alcoholic."),
    ("junkie", "Don't call him a junkie."),
    ("drunk as a label", "Living with a drunk is hard."),
    ("user as a label", "Services for drug users."),
    ("clean/dirty", "She has been clean for a year."),
    ("clean/dirty", "He stayed clean after rehab."),
    ("clean/dirty", "His urine test came back dirty test results."),
    ("clean/dirty", "Celebrate her clean time."),
    ("drug habit", "He pays for his drug habit with his wages."),
    ("replacement therapy", "Methadone is a replacement therapy."),
    ("replacement therapy", "Opioid substitution treatment is available."),
    ("medication-assisted", "Ask about medication-assisted treatment."),
    ("failure framing", "A relapse means failure."),
]

PERSON_FIRST = [
    "Your son has a substance use disorder, and that is treatable.",
    "Alcoholics Anonymous meets every week.",
    "The Substance Abuse and Mental Health Services Administration runs a helpline.",
    "Addiction is a treatable condition.",
    "Ketamine can be addictive.",
    "People who use drugs deserve care.",
    "Syringe programs hand out clean syringes.",
    "A return to use is not a failure.",
    "Use 'return to use' rather than 'failure'.",
    "He has been drinking a lot.",
    "Keep the kitchen clean and tidy.",
]

FORBIDDEN = [
    ("1 cure or guarantee", "Ketamine cures addiction."),
    ("1 cure or guarantee", "We guarantee your loved one will stay sober."),
    ("2 FDA-approved for addiction", "Ketamine is FDA-approved for addiction."),
    ("2 FDA-approved for addiction", "Spravato is approved to treat alcohol use disorder."),
    ("3 headline success rate", "Our program has a 90% success rate."),
    ("3 headline success rate", "Ketamine gave a 10-fold lower death risk."),
    ("3 headline success rate", "In studies 64% of families succeed."),
    ("4 ketamine replaces MOUD", "Ketamine replaces Suboxone."),
    ("4 ketamine replaces MOUD", "Try ketamine instead of methadone."),
    ("5 one infusion / fast detox", "One infusion fixes it."),
    ("5 one infusion / fast detox", "Get a fast detox with ketamine."),
    ("6 safe for everyone / no side effects", "Ketamine is safe for everyone."),
    ("6 safe for everyone / no side effects", "TMS has no side effects."),
    ("6 ketamine not addictive", "Ketamine is not addictive."),
    ("6 ketamine not addictive", "Ketamine is a non-addictive treatment."),
    ("7 TMS cleared for addiction", "TMS is FDA-cleared to treat addiction."),
    ("8 at-home ketamine as good", "At-home ketamine is just as good as a clinic."),
    ("9 insurance will cover", "Your insurance will cover it."),
    ("9 insurance will cover", "Ketamine is covered by insurance."),
    ("10 we get them into treatment / book an intervention",
     "We can get your loved one into treatment."),
    ("10 we get them into treatment / book an intervention", "Book an intervention with us today."),
    ("11 rock bottom / detach completely", "Wait until they hit rock bottom."),
    ("11 rock bottom / detach completely", "You should detach completely."),
    ("12 dismissing harm reduction", "Naloxone just enables drug use."),
    ("12 dismissing harm reduction", "Test strips encourage using."),
    ("13 stop benzos or alcohol now", "Tell him to stop drinking right away."),
    ("13 stop benzos or alcohol now", "Stop the Xanax today."),
    ("13 stop benzos or alcohol now", "She should quit her benzos cold turkey."),
    ("14 Good Samaritan: can't get in trouble",
     "Under the Good Samaritan law you can't get in trouble."),
    ("14 Good Samaritan: can't get in trouble", "Callers have full immunity from arrest."),
    ("15 remote diagnosis or dosing", "Your son is in precontemplation and needs ketamine."),
    ("15 remote diagnosis or dosing", "She is clearly in the contemplation stage."),
    ("15 remote diagnosis or dosing", "Take 0.5 mg/kg of ketamine."),
    ("16 minor treated as an adult who decides",
     "Your teen is old enough to make their own choices."),
    ("16 minor treated as an adult who decides",
     "Your son is 16. Treat him as an adult and let him decide."),
    ("16 minor treated as an adult who decides", "With a teenager, it's up to them."),
    ("17 natural consequences without the safety limit", "Let natural consequences happen."),
    ("17 natural consequences without the safety limit",
     "Stop rescuing them. Natural consequences teach more than words."),
    ("18 an opioid answer applied to another substance",
     "Naloxone reverses an alcohol overdose too."),
    ("18 an opioid answer applied to another substance", "Narcan works on meth overdoses."),
    ("18 an opioid answer applied to another substance", "Suboxone helps with alcohol cravings."),
    ("18 an opioid answer applied to another substance",
     "Ask about the FDA-approved medicines for meth."),
]

HONEST_CORRECTIONS = [
    "Ketamine is not FDA-approved for addiction.",
    "Ketamine is not a cure, and no one can guarantee sobriety.",
    "No treatment can promise a cure.",
    "Be wary of any program that promises a cure.",
    "TMS is not FDA-cleared for alcohol or drug use.",
    "Spravato is FDA-approved for depression that hasn't improved.",
    "One deep TMS device is FDA-cleared to help adults quit smoking.",
    "Ketamine doesn't replace proven medicines like buprenorphine.",
    "Ketamine isn't safe for everyone.",
    "It's a myth that ketamine is not addictive.",
    "Naloxone is not addictive and can't make anyone high.",
    "The FDA warned that at-home ketamine is not as safe.",
    "Insurance will not always cover it, so check with your plan.",
    "We don't stage interventions.",
    "Don't wait for them to hit rock bottom.",
    "Waiting for rock bottom can delay help.",
    "What to avoid: labels, lectures, or waiting for them to hit bottom.",
    "Naloxone doesn't encourage drug use.",
    "Never stop benzodiazepines suddenly.",
    "They should not stop drinking all at once on their own.",
    "Stopping suddenly can cause seizures.",
    "The law does not mean you can't get in trouble.",
    "In one trial, 19 in 100 smokers quit with deep TMS.",
    "They may be in precontemplation.",
    "Call 911, then give naloxone.",
    "Never treat your teen as the adult who makes the choice.",
    "Treat them as the adult who makes the choice.",  # an adult child: the reply names no minor
    "A 16-year-old in Maryland can agree to treatment, but can't refuse it on their own.",
    "Let natural consequences happen, but never when their life is at risk.",
    "Let natural consequences happen. Not when a life is in danger: call 911.",
    "Naloxone works only on opioids, not on alcohol.",
    "Naloxone can't reverse alcohol or benzodiazepines, but give it if opioids might be involved.",
    "Ask about buprenorphine for opioids; for alcohol, naltrexone or acamprosate.",
    "No medication is FDA-approved for stimulant use disorder.",
]


@pytest.mark.parametrize("rule_id,text", STIGMATISING)
def test_stigma_lint_catches(rule_id: str, text: str) -> None:
    assert rule_id in {v.rule_id for v in stigma_violations(text)}


@pytest.mark.parametrize("text", PERSON_FIRST)
def test_stigma_lint_passes_person_first_wording(text: str) -> None:
    assert stigma_violations(text) == []


@pytest.mark.parametrize("rule_id,text", FORBIDDEN)
def test_claim_lint_catches(rule_id: str, text: str) -> None:
    assert rule_id in {v.rule_id for v in claim_violations(text)}


@pytest.mark.parametrize("text", HONEST_CORRECTIONS)
def test_claim_lint_passes_honest_corrections(text: str) -> None:
    assert claim_violations(text) == []


def test_a_negation_in_an_earlier_clause_does_not_excuse_a_claim() -> None:
    text = "Ketamine is not cheap, but it is FDA-approved for addiction."
    assert [v.rule_id for v in claim_violations(text)] == ["2 FDA-approved for addiction"]


def test_every_rule_has_a_catching_example() -> None:
    caught = {rule_id for rule_id, _ in STIGMATISING + FORBIDDEN}
    assert {r.rule_id for r in STIGMA_RULES + CLAIM_RULES} <= caught


def test_all_eighteen_forbidden_claims_are_covered() -> None:
    """The 15 marketing claims and never-say items 16-18 of facts.md section 10."""
    numbers = {r.rule_id.split()[0] for r in CLAIM_RULES}
    assert numbers == {str(n) for n in range(1, 19)}


def test_the_minor_rule_applies_only_to_a_reply_about_a_minor() -> None:
    adult = "Talking with your grown son is hard. Treat him as the adult who makes the choice."
    teen = "Talking with your 15-year-old is hard. Treat him as the adult who makes the choice."
    assert claim_violations(adult) == []
    assert [v.rule_id for v in claim_violations(teen)] == [
        "16 minor treated as an adult who decides"]


def test_the_safety_limit_may_come_anywhere_in_the_reply() -> None:
    assert claim_violations("Let natural consequences happen.\n"
                            "Safety first: call 911 in an emergency.") == []


def test_bullets_are_sentences_of_their_own() -> None:
    assert sentences("Tips:\n- Stop the Xanax today\n- Call 911") == [
        "Tips:", "Stop the Xanax today", "Call 911"]
