"""Quotes, speakers, quantities and dates on hand-made sentences, and the seed gold targets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accord.evidence import build_pipeline
from accord.evidence.eval import evaluate
from accord.evidence.quantities import extract_dates, extract_quantities

PIPE = build_pipeline()


def _quotes(text: str) -> list[tuple[str, str | None, str, str]]:
    return [(q.text, q.speaker, q.type, q.attribution) for q in PIPE(text).quotes]


def test_quote_split_by_said_gives_two_quotes_with_one_speaker() -> None:
    t = '“We want peace,” Zelensky said. “But not at any price.”'
    assert _quotes(t) == [("We want peace,", "Volodymyr Zelensky", "direct", "explicit"),
                          ("But not at any price.", "Volodymyr Zelensky", "direct", "explicit")]


def test_pronoun_resolves_to_last_person_and_partial_quote() -> None:
    t = ("Kremlin spokesman Dmitry Peskov spoke on Monday. He said the talks were "
         '"a waste of time" and left.')
    assert _quotes(t) == [("a waste of time", "Dmitry Peskov", "partial", "pronoun")]


def test_nested_quote_after_claiming_that_with_a_title_containing_initials() -> None:
    t = ('Analyst Pavel Orlov said: "The talks went nowhere. This U.S. vice president now keeps '
         "claiming that 'a deal is close,' while nothing moves.\"")
    got = PIPE(t).quotes
    inner = [q for q in got if q.nested]
    assert [(q.text, q.speaker, q.cue, q.speaker_mention) for q in inner] == [
        ("a deal is close,", "JD Vance", "claiming", "This U.S. vice president")]


def test_participle_cue_reports_the_subject_of_a_long_sentence() -> None:
    t = ("Peskov, the long-serving spokesman of the Russian presidency, dismissed European "
         "worries that the sanctions could soon be tightened again, saying "
         "\u201cwe are not afraid of anything and never were.\u201d")
    assert [(q.speaker, q.cue) for q in PIPE(t).quotes] == [("Dmitry Peskov", "saying")]


def test_pronoun_skips_an_organisation_named_after_a_preposition() -> None:
    t = ("Anna Berglund, a senior fellow with Nordic Policy Institute, said the line held. "
         "She noted that losses \u201cremain high among the infantry.\u201d")
    assert [(q.speaker, q.attribution) for q in PIPE(t).quotes] == [("Anna Berglund",
                                                                     "pronoun")]


def test_institution_title_and_anonymous_speakers() -> None:
    t = ('"No deal yet," the Kremlin said. The vice president said: "We keep talking." '
         '"It is stuck," a US official said.')
    got = _quotes(t)
    assert [g[1] for g in got] == ["Russia", "JD Vance", "Unnamed US official"]
    assert got[2][3] == "anonymous"


def test_scare_quotes_and_nested_emphasis_are_not_quotes() -> None:
    t = ('The so-called "peace formula" was discussed. "We will never call it "Russian" '
         'land," Zelensky said.')
    assert _quotes(t) == [('We will never call it "Russian" land,', "Volodymyr Zelensky",
                           "direct", "explicit")]


def test_guillemets_and_missing_opening_mark() -> None:
    t = "«Это невозможно», — said Dmitry Peskov.\nPeskov said – we will not discuss it.\""
    got = _quotes(t)
    assert got[0][:2] == ("Это невозможно", "Dmitry Peskov")
    assert got[1][0] == "we will not discuss it." and got[1][1] == "Dmitry Peskov"


def test_context_carry_over_to_next_paragraph() -> None:
    t = '"First part," said Kurt Volker.\n\n"Second part of the same answer."\n'
    got = _quotes(t)
    assert got[1] == ("Second part of the same answer.", "Kurt Volker", "direct", "context")


@pytest.mark.parametrize(("text", "span", "value", "unit", "approx"), [
    ("Russia wants about 6,000 or so square kilometers of land.",
     "about 6,000 or so square kilometers", 6000, "km²", True),
    ("Moscow controls a fifth of the country.", "a fifth", 0.2, "fraction", False),
    ("The front is more than 1,000 km long.", "more than 1,000 km", 1000, "km", True),
    ("A deal in six months, he said.", "six months", 6, "months", False),
    ("Output grew by nearly 4% last year.", "nearly 4%", 4, "percent", True),
    ("Aid worth $2.5 billion was approved.", "$2.5 billion", 2.5e9, "USD", False),
])
def test_quantities(text: str, span: str, value: float, unit: str, approx: bool) -> None:
    q = extract_quantities(text)
    assert len(q) == 1
    assert (q[0].text, q[0].unit, q[0].approximate) == (span, unit, approx)
    assert q[0].value == pytest.approx(value)
    assert text[q[0].start:q[0].end] == span


def test_years_dates_and_counts_in_words_are_not_quantities() -> None:
    assert extract_quantities("In 2022, the two core topics of the four regions on "
                              "Jan. 9 at 10:30, see https://x.com/a/7549136299928666678") == []


def test_relative_dates_resolve_against_publication() -> None:
    d = extract_dates("Last week and on Friday; in June; on 14 February 2025.",
                      date(2025, 2, 19))
    got = {x.text: x.value for x in d}
    assert got["Last week"] == "2025-02-10"
    assert got["on Friday"] == "2025-02-14"
    assert got["in June"] == "2024-06"
    assert got["14 February 2025"] == "2025-02-14"


def test_seed_gold_targets(gold: Path, seeds: Path) -> None:
    res = evaluate(gold, seeds)
    assert res.quotes.f1 >= 0.97
    assert res.speaker_accuracy >= 0.92
    assert res.quantities.f1 >= 0.90
