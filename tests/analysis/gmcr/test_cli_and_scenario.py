"""`accord gmcr` commands, the scenario's `conflict` section (statements with NOT/IF/IFF),
GMCR+ round trips, status quo paths and narration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.analysis.gmcr import solve
from accord.analysis.gmcr.io import conflict_from_gmcr, conflict_to_gmcr, load_case
from accord.analysis.gmcr.statusquo import status_quo_analysis
from tests.conftest import run_cli

CASES = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "gmcr"
CUBAN = CASES / "cuban_missile_crisis.json"
needs_cases = pytest.mark.skipif(not CUBAN.exists(), reason="shared GMCR cases not found")

PD_YAML = """\
accord: 1
id: pd
title: Prisoners in words
actors:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
issues:
  - {id: x, name: X, scale: {0: none, 100: all}}
conflict:
  decision_makers: [a, b]
  options:
    - {id: a_coop, dm: a, label: Alpha cooperates}
    - {id: b_coop, dm: b, label: Beta cooperates}
  status_quo: []
  preferences:
    a:
      statements:
        - {statement: b_coop, rationale: wants the other to cooperate}
        - not a_coop
    b: [a_coop, -b_coop]
"""


def test_scenario_conflict_section_solves_like_the_textbook(tmp_path: Path) -> None:
    f = tmp_path / "pd.yaml"
    f.write_text(PD_YAML)
    r = run_cli("gmcr", "solve", str(f), "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert set(out) >= {"states", "equilibria", "stable_for"}
    assert out["equilibria"]["nash"] == [0]
    assert out["equilibria"]["gmr"] == [0, 3]
    assert out["equilibria"]["seq"] == [0, 3]
    assert out["stable_for"]["a"]["nash"] == [0, 2]
    assert [s["yn"] for s in out["states"]] == ["NN", "YN", "NY", "YY"]


def test_if_and_iff_statements(tmp_path: Path) -> None:
    """'x if y' is satisfied unless y holds without x; 'x iff y' when both agree."""
    text = PD_YAML.replace("        - not a_coop\n", "        - a_coop if b_coop\n") \
                  .replace("b: [a_coop, -b_coop]", "b: [b_coop iff a_coop]")
    f = tmp_path / "pd2.yaml"
    f.write_text(text)
    out = json.loads(run_cli("gmcr", "solve", str(f), "--json").out)
    # Alpha: b_coop (2) + (a_coop if b_coop) (1): scores NN 1, YN 1, NY 2, YY 3.
    # Beta: states where both agree (0, 3) score 1, the rest 0.
    assert out["stable_for"]["a"]["nash"] == [0, 1, 3]
    assert out["stable_for"]["b"]["nash"] == [0, 3]
    assert out["equilibria"]["nash"] == [0, 3]


def test_bad_statement_is_one_line_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(PD_YAML.replace("b: [a_coop, -b_coop]", "b: [a_coop & & nothing]"))
    r = run_cli("gmcr", "solve", str(f))
    assert r.code == 2
    assert "conflict.preferences.b" in r.err and "Traceback" not in r.err


@needs_cases
def test_cli_solve_reference_json_with_coalition() -> None:
    elmira = CASES / "elmira_gmcrpy_12state.json"
    r = run_cli("gmcr", "solve", str(elmira), "--coalition", "MoE+Local Government", "--json")
    assert r.code == 0, r.err
    out = json.loads(r.out)
    expected = json.loads(elmira.read_text())["expected_coalition_equilibria"][0]["expected"]
    assert out["equilibria"]["gmr"] == sorted(expected["GMR"])
    assert set(out["stable_for"]) == {"MoE+Local Government", "Uniroyal"}


@needs_cases
def test_gmcr_plus_round_trip(tmp_path: Path) -> None:
    c = load_case(CUBAN)
    back = conflict_from_gmcr(json.loads(json.dumps(conflict_to_gmcr(c))))
    assert solve(back).equilibria == solve(c).equilibria
    out = tmp_path / "cuban.gmcr"
    assert run_cli("gmcr", "export", str(CUBAN), "-o", str(out)).code == 0
    r = run_cli("gmcr", "solve", str(out), "--json")
    assert json.loads(r.out)["equilibria"]["seq"] == [4, 5, 6]
    r = run_cli("gmcr", "import", str(out), "-o", str(tmp_path / "c.json"))
    assert r.code == 0
    assert solve(load_case(tmp_path / "c.json")).equilibria == solve(c).equilibria


@needs_cases
def test_status_quo_paths_are_legal_improvements() -> None:
    c = load_case(CASES / "us_north_korea_2017_original.json")
    res = status_quo_analysis(c, status_quo=0)
    assert res.status_quo == 0
    for ev in res.paths:
        if not ev.steps:
            continue
        assert ev.steps[0].source == 0 and ev.steps[-1].target == ev.target
        for a, b in zip(ev.steps, ev.steps[1:], strict=False):
            assert a.target == b.source and a.dm != b.dm


@needs_cases
def test_explain_names_the_sanction() -> None:
    r = run_cli("gmcr", "explain", str(CUBAN), "6", "--dm", "US")
    assert r.code == 0, r.err
    assert "USSR drops 'Withdraw'" in r.out
    assert "Not stable" in r.out  # Nash: the US would rather lift the blockade


def test_bundled_conflict_solves_and_cites_sources() -> None:
    from accord import bundled_scenario
    from accord.analysis.gmcr.analysis import solve_conflict

    sc = bundled_scenario()
    if sc.conflict is None:
        pytest.skip("bundled scenario has no conflict section")
    an = solve_conflict(sc)
    assert an.stability.equilibria["nash"]
    assert an.status_quo is not None and an.narration
    source_ids = {s.id for s in sc.sources}
    for prefs in sc.conflict.preferences.values():
        for st in prefs.statements:
            assert st.evidence and all(e.source in source_ids for e in st.evidence)
