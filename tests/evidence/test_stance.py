"""Stances and claims: cue classes, negation, reported speech, quotes; recall on the seed gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.evidence.stance import extract_claims

GOLD = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "seeds-gold" / "gold.json"


def _claims(text: str) -> set[tuple[str, str, str]]:
    return {(c.actor, c.issue, c.stance) for c in extract_claims(text)}


def test_never_recognise_is_a_red_line() -> None:
    got = _claims("Kyiv said it will never recognise the occupied territories as Russian.")
    assert ("Ukraine", "territory", "red_line") in got


def test_does_not_rule_out_is_an_offer() -> None:
    got = _claims("Washington does not rule out easing sanctions on Moscow.")
    assert ("United States", "sanctions", "offer") in got
    assert ("United States", "sanctions", "rejection") not in got


def test_reported_speech_gives_the_party_not_the_reporter() -> None:
    got = _claims("According to the envoy, Moscow insists on Ukraine's neutrality.")
    assert ("Russia", "nato", "demand") in got


def test_officials_speak_for_their_state() -> None:
    claims = extract_claims("Putin demanded that the West lift its sanctions.")
    c = next(c for c in claims if c.issue == "sanctions")
    assert (c.actor, c.stance, c.speaker) == ("Russia", "demand", "Vladimir Putin")


def test_rejection_and_coordinated_holders() -> None:
    got = _claims("Moscow wants Kyiv to cede the Donetsk region, demands that Ukraine and "
                  "the West have rejected.")
    assert ("Ukraine", "territory", "rejection") in got or ("The West", "territory",
                                                             "rejection") in got


def test_first_person_in_a_quote_is_the_speaker() -> None:
    text = 'Zelensky said: "We are ready to discuss a ceasefire."'
    got = _claims(text)
    assert ("Ukraine", "ceasefire", "offer") in got


def test_offsets_are_the_evidence_span() -> None:
    text = "Later, Washington and Moscow agreed to hold talks in Riyadh."
    claims = extract_claims(text)
    assert claims
    for c in claims:
        assert text[c.start:c.end] == c.text
    assert {c.actor for c in claims if c.stance == "agreement"} >= {"United States", "Russia"}


def test_claim_recall_and_groups_on_the_seed_gold() -> None:
    if not GOLD.exists():
        pytest.skip(f"seed gold not found at {GOLD}")
    from accord.evidence.claims import score_gold

    s = score_gold(GOLD)
    assert s.claim_recall >= 0.70, s.to_dict()
    assert s.groups_found >= 10, s.to_dict()
    # gold-overlap precision: a lower bound (gold claims are a selection)
    assert s.claims_predicted_matched == round(s.claim_precision_overlap * s.claims_predicted)
    assert s.claim_precision_overlap >= 0.45, s.to_dict()


def test_claims_are_dated_by_the_article_or_their_sentence() -> None:
    from datetime import date

    from accord.evidence import Document, default_pipeline

    text = ("Talks resumed in Geneva.\n\nOn Friday, Moscow demanded a full withdrawal from "
            "Donbas.\n\nKyiv rejected any ceasefire that freezes the front line.\n")
    # 2025-09-10 is a Wednesday: "On Friday" is 2025-09-05
    doc = default_pipeline()(Document(text=text, published=date(2025, 9, 10)))
    dates = {c.actor: c.date for c in doc.claims}
    assert dates["Russia"] == "2025-09-05"
    assert dates["Ukraine"] == "2025-09-10"
    # no publication date: the date in the file name, then the latest day the text names
    doc = default_pipeline()(Document(text=text, source="corpus/herald-2025-09-11.txt"))
    assert {c.date for c in doc.claims} == {"2025-09-11"}
    doc = default_pipeline()(Document(text=text + "It was signed on 3 March 2025.\n"))
    assert {c.date for c in doc.claims} == {"2025-03-03"}
    assert doc.layers["date_source"] == "latest date in the text"


# -- precision: what is NOT a claim (sentences written for the tests) -------------------------


def test_narrator_description_without_a_cue_is_no_claim() -> None:
    # reported speech with an issue but no stance cue: no position
    assert not extract_claims("Officials in Warsaw said the talks on the ceasefire took place "
                              "in a hotel near the airport.")


def test_evaluation_of_a_persons_statement_is_no_claim() -> None:
    text = ('"The envoy\'s remarks are a cover for the failure of the ceasefire talks," said '
            "Kirill Ozhimko, an analyst.")
    assert not extract_claims(text)
    assert not extract_claims("What Zelensky announced is proof that sanctions are unrealistic, "
                              "an analyst wrote.")


def test_questions_are_no_claims() -> None:
    assert not extract_claims("Is Washington ready to recognise the annexed territories?")


def test_party_inside_a_whether_clause_holds_nothing() -> None:
    text = ("The analyst said the main obstacle is whether Moscow is willing to accept a "
            "ceasefire.")
    assert ("Russia", "ceasefire", "offer") not in _claims(text)
    assert not _claims("If the Kremlin refuses a ceasefire,")


def test_a_conditional_does_not_hide_the_main_clause() -> None:
    text = ("Zelensky said that if Kyiv is not invited to NATO, Ukraine will need security "
            "guarantees from its partners.")
    assert ("Ukraine", "security_guarantees", "demand") in _claims(text)


def test_subject_after_the_cue_only_as_inverted_speaker() -> None:
    # the party after 'think' is the object of the thought, not the thinker
    got = _claims('"They think in Europe that the Kremlin will be scared into a ceasefire," '
                  "wrote an analyst.")
    assert not any(a == "Russia" and s == "assessment" for a, _i, s in got)
    # an inverted reporting clause names the holder
    got = _claims("Territory remains the key obstacle in the talks, Vance said.")
    assert ("United States", "territory", "assessment") in got


def test_coordinated_object_of_a_preposition_holds_nothing() -> None:
    claims = extract_claims("Zelensky insists on security guarantees from the U.S. and other "
                            "Western partners as the key element of any peace deal.")
    assert {(c.actor, c.stance) for c in claims if c.issue == "security_guarantees"} == {
        ("Ukraine", "demand")}


def test_headings_are_no_claims() -> None:
    assert not extract_claims("What Moscow demands\n\nThe talks resumed in Geneva.")


def test_one_claim_per_actor_issue_and_span() -> None:
    claims = extract_claims("Kyiv is no longer making a full withdrawal a condition for "
                            "ceasefire talks.")
    keys = [(c.actor, c.issue, c.start) for c in claims]
    assert len(keys) == len(set(keys))
    assert ("Ukraine", "ceasefire", "offer") in {(c.actor, c.issue, c.stance) for c in claims}


def test_issue_of_a_previous_sentence_only_through_an_anaphor() -> None:
    text = "Washington proposed a ceasefire along the front line. Moscow rejected the plan."
    assert ("Russia", "ceasefire", "rejection") in _claims(text)
    text = "Washington proposed a ceasefire along the front line. Moscow has its own demands."
    assert not any(a == "Russia" for a, _i, _s in _claims(text))


def test_commentators_named_by_their_city_hold_nothing() -> None:
    assert not any(a == "Russia" for a, _i, _s in _claims(
        "Many Moscow analysts are skeptical of the chances for a peace deal."))
    assert ("Russia", "overall_deal", "assessment") in _claims(
        "Moscow is skeptical of the chances for a peace deal.")
