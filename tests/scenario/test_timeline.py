"""`scenario at`: per actor × issue, the latest value dated on or before the date."""

from __future__ import annotations

import json

import pytest

from accord.errors import InputError
from accord.scenario import load_scenario, parse_scenario, scenario_at, tracks

DATED = """
id: dated
title: Dated values
as_of: 2025-12-31
actors: [{id: a, name: A}, {id: b, name: B}]
issues: [{id: x, name: X, scale: {0: none, 100: all}}, {id: y, name: Y, scale: {0: no, 100: yes}}]
positions:
  - {actor: a, issue: x, position: 10, salience: 0.5, as_of: 2025-01-01}
  - {actor: a, issue: x, position: 30, salience: 0.6, as_of: 2025-03-01}
  - {actor: a, issue: x, position: 60, salience: 0.7, as_of: 2025-06-01}
  - {actor: b, issue: x, position: 90, salience: 0.9, as_of: 2025-04-15}
  - {actor: b, issue: y, position: 50, salience: 0.2}
"""


@pytest.fixture
def sc():
    return parse_scenario(DATED, name="dated.yaml")


@pytest.mark.parametrize(("date", "a_x", "b_x"), [
    ("2024-12-31", None, None),      # before anything was said
    ("2025-01-01", 10, None),        # on the day counts
    ("2025-02-28", 10, None),
    ("2025-03-01", 30, None),
    ("2025-04-15", 30, 90),
    ("2025-05-31", 30, 90),
    ("2025-06-01", 60, 90),
    ("2030-01-01", 60, 90),
])
def test_latest_value_on_or_before(sc, date: str, a_x, b_x) -> None:
    at = scenario_at(sc, date)
    got = {p.actor: p.position for p in at.positions_on("x")}
    assert got.get("a") == a_x
    assert got.get("b") == b_x
    # undated values always count
    assert [p.position for p in at.positions_on("y")] == [50]
    assert str(at.as_of) == date


def test_order_in_file_does_not_matter(sc) -> None:
    shuffled = sc.model_copy(update={"positions": list(reversed(sc.positions))})
    for d in ("2025-02-01", "2025-05-01", "2025-07-01"):
        assert ({p.actor: p.position for p in scenario_at(sc, d).positions_on("x")}
                == {p.actor: p.position for p in scenario_at(shuffled, d).positions_on("x")})


def test_tracks_in_time_order(sc) -> None:
    ax = next(t for t in tracks(sc) if (t.actor, t.issue) == ("a", "x"))
    assert [p.position for p in ax.points] == [10, 30, 60]


def test_bad_date_is_input_error(sc) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        scenario_at(sc, "15/09/2025")


def test_cli_at(tmp_path, cli) -> None:
    path = tmp_path / "dated.yaml"
    path.write_text(DATED, encoding="utf-8")
    ran = cli("scenario", "at", str(path), "--date", "2025-04-20", "--json")
    assert ran.code == 0, ran.err
    data = json.loads(ran.out)
    assert {(p["actor"], p["position"]) for p in data["positions"] if p["issue"] == "x"} == {
        ("a", 30), ("b", 90)}
    out = tmp_path / "at.json"
    out.write_text(ran.out, encoding="utf-8")
    assert load_scenario(out).as_of.isoformat() == "2025-04-20"
    bad = cli("scenario", "at", str(path), "--date", "soon")
    assert bad.code == 2 and "YYYY-MM-DD" in bad.err
