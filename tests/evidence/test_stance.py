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
    assert s.claim_recall >= 0.65, s.to_dict()
    assert s.groups_found >= 10, s.to_dict()


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
