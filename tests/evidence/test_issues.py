"""Issue tagging: lexicon hits, exclusions, several issues per sentence, article F1 on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import InputError
from accord.evidence.issues import (
    issues_by_sentence,
    load_issue_lexicon,
    tag_issues,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
GOLD = SHARED / "data" / "seeds-gold" / "gold.json"


def _issues(text: str) -> set[str]:
    return {t.issue for t in tag_issues(text)}


def test_several_issues_in_one_sentence() -> None:
    got = _issues("Kyiv wants security guarantees before it talks about the occupied regions "
                  "or about lifting sanctions.")
    assert {"security_guarantees", "territory", "sanctions"} <= got


def test_exclusion_keeps_the_plant_out_of_territory() -> None:
    got = _issues("Both sides argued over who would run the Zaporizhzhia nuclear power plant.")
    assert "zaporizhzhia_npp" in got
    assert "territory" not in got
    assert "territory" in _issues("Troops advanced in the Zaporizhzhia region.")


def test_offsets_point_at_the_matched_words() -> None:
    text = "A ceasefire was discussed; NATO membership was not."
    for t in tag_issues(text):
        assert text[t.start:t.end] == t.text
    assert [t.issue for t in tag_issues(text)][:1] == ["ceasefire"]


def test_sentences_carry_their_own_issues() -> None:
    text = "The minerals deal was signed.\nPrisoner exchanges continued."
    rows = issues_by_sentence(text)
    assert rows[0].issues == ("minerals",) or "minerals" in rows[0].issues
    assert "humanitarian" in rows[1].issues and "minerals" not in rows[1].issues


def test_a_broken_lexicon_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "issues.yaml"
    bad.write_text("territory:\n  patterns: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad pattern"):
        load_issue_lexicon(str(bad))
    empty = tmp_path / "empty.yaml"
    empty.write_text("territory: {}\n", encoding="utf-8")
    with pytest.raises(InputError, match="patterns"):
        load_issue_lexicon(str(empty))


def test_article_issue_f1_on_the_seed_gold() -> None:
    if not GOLD.exists():
        pytest.skip(f"seed gold not found at {GOLD}")
    from accord.evidence.claims import score_gold

    score = score_gold(GOLD)
    assert score.issues_f1 >= 0.85, score.to_dict()


def test_a_quote_gives_its_issues_to_the_article_without_a_claim() -> None:
    from accord.evidence import extract

    doc = extract("Markets were calm on Monday.\n\n“Sanctions relief is far off and nobody "
                  "expects it soon,” said Mark Olsen, an economist at a bank in Oslo.\n")
    assert doc.quotes and not doc.claims  # an economist speaks but holds no position
    assert doc.issues == ["sanctions"]
