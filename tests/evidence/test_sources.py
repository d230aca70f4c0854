"""Across sources: same claim in two outlets, syndicated copies once, figures, framing."""

from __future__ import annotations

from accord.evidence.sources import (
    Item,
    frame_article,
    group_items,
    normalise_quantity,
    similarity,
    stems,
)


def _claim(article: str, text: str, stance: str = "demand") -> Item:
    return Item(article, "claim", 0, len(text), text, "Russia", "territory", stance)


def test_same_claim_in_two_outlets_is_one_group_and_copies_count_once() -> None:
    items = [_claim("a", "Moscow wants the whole Donbass region handed over"),
             _claim("b", "Russia wants all of the Donbas region handed over to it"),
             _claim("c", "Russia wants all of the Donbas region handed over to it"),
             _claim("d", "Russia wants a ceasefire line frozen", stance="offer")]
    groups = group_items(items, dup_of={"c": "b"}).groups
    claims = [g for g in groups if g.kind == "same_claim"]
    assert len(claims) == 1
    assert set(claims[0].articles) == {"a", "b", "c"}
    assert claims[0].sources == 2


def test_unrelated_wording_stays_apart() -> None:
    items = [_claim("a", "Russia demands recognition of Crimea as Russian land"),
             _claim("a", "Russia demands the transfer of large cities"),
             _claim("b", "Russia demands control over the Kursk border strip"),
             _claim("b", "Moscow demands recognition of Crimea as Russian")]
    groups = [g for g in group_items(items).groups if g.kind == "same_claim"]
    assert all(len(g.items) == 2 for g in groups)
    assert any({i.text for i in g.items} == {items[0].text, items[3].text} for g in groups)


def test_a_fifth_equals_twenty_percent_and_one_day_24_hours() -> None:
    assert normalise_quantity(20, "%") == normalise_quantity(0.2, "fraction")
    assert normalise_quantity(1, "day") == normalise_quantity(24, "hours")
    assert normalise_quantity(6, "months") != normalise_quantity(100, "days")


def test_spelling_variants_normalise_for_wording() -> None:
    a, b = stems("the Zaporozhye and Lugansk regions"), stems("Zaporizhzhia and Luhansk")
    assert similarity(a, b) == 1.0


def test_framing_counts_the_narrator_only() -> None:
    text = ('Kiev rejected the plan. "Kyiv will never accept the illegally annexed land '
            'status," an official said. Russia illegally annexed the regions, the outlet added.')
    f = frame_article(text)
    assert f["spellings"]["Kyiv"] == {"Kiev": 1}
    assert "illegal_annexation" in f["territory"]
    assert f["territory"]["illegal_annexation"] == 1  # the quoted one is not counted
