"""The bundled Russia–Ukraine scenario: valid, complete, cited and dated."""

from __future__ import annotations

import json

from accord import bundled_scenario, load_scenario, scenario_at
from accord.scenario import scenario_to_dict
from tests.conftest import SHARED

PARTIES = {"Russia", "Ukraine", "United States", "European allies"}
ISSUES = {"territory", "security_guarantees", "nato", "military_limits", "zaporizhzhia_npp",
          "sanctions", "minerals", "humanitarian", "language_culture", "elections_governance",
          "ceasefire", "reconstruction"}


def test_bundled_validates_and_covers_parties_and_issues() -> None:
    sc = bundled_scenario()
    assert sc.require_evidence
    assert {a.name for a in sc.parties()} >= PARTIES
    assert {i.id for i in sc.issues} == ISSUES
    for issue in sc.issues:
        assert {0, 100} <= set(issue.scale), issue.id
        assert issue.levels, f"{issue.id} has no discrete levels"
        assert sc.positions_on(issue.id), f"nobody holds a position on {issue.id}"


def test_names_follow_the_gold_registry() -> None:
    gold = SHARED / "data" / "seeds-gold" / "gold.json"
    if not gold.exists():
        import pytest

        pytest.skip("seeds gold not available")
    names = {r["name"] for r in json.loads(gold.read_text())["registry"]}
    sc = bundled_scenario()
    assert {a.name for a in sc.actors} <= names


def test_every_value_cites_a_seed_span_that_exists() -> None:
    sc = bundled_scenario()
    seeds = SHARED / "seeds"
    for p in sc.positions:
        assert p.evidence and p.as_of and p.rationale
        for c in p.evidence:
            src = sc.source(c.source)
            assert c.span and c.note
            if seeds.is_dir():
                text = (seeds / src.file).read_text(encoding="utf-8")
                assert c.span[1] <= len(text)
                # our paraphrase is not the article's sentence
                assert c.note.strip() not in text
    for a in sc.parties():
        assert a.capability is not None and a.evidence and a.rationale


def test_positions_move_over_the_year() -> None:
    sc = bundled_scenario()
    jan = {p.actor: p.position for p in scenario_at(sc, "2025-01-31").positions_on("territory")}
    sep = {p.actor: p.position for p in scenario_at(sc, "2025-09-30").positions_on("territory")}
    # Russia's territorial demand narrowed from four regions to Donbas, January → September.
    assert jan["russia"] > sep["russia"]
    dates = {p.as_of.year * 100 + p.as_of.month for p in sc.positions if p.as_of}
    assert {202501, 202502, 202509, 202512} <= dates


def test_json_round_trip(tmp_path, cli) -> None:
    ran = cli("scenario", "show", "--json")
    assert ran.code == 0, ran.err
    path = tmp_path / "rt.json"
    path.write_text(ran.out, encoding="utf-8")
    again = load_scenario(path)
    assert again == bundled_scenario()
    assert scenario_to_dict(again) == json.loads(ran.out)
