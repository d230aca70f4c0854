"""Agreement search against brute force on random domains and against hand-computed cases."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from accord.analysis.agreement import (
    build_domain,
    find_agreements,
    pareto_indices,
)
from accord.errors import AnalysisError
from accord.scenario import load_scenario, parse_scenario

MINI = Path(__file__).resolve().parents[1] / "data" / "mini.yaml"


def random_scenario(seed: int, n_parties: int = 3, n_issues: int = 3, max_levels: int = 4,
                    red_lines: bool = True, constraint: bool = False,
                    reservation: bool = False) -> str:
    """A random scenario as YAML text: parties with positions, saliences, red lines."""
    rng = np.random.default_rng(seed)
    lines = ["accord: 1", f"id: rand{seed}", "title: random", "actors:"]
    for a in range(n_parties):
        r = f", reservation: {rng.uniform(0, 0.5):.3f}" if reservation else ""
        lines.append(f"  - {{id: p{a}, name: P{a}{r}}}")
    lines.append("issues:")
    nl = []
    for i in range(n_issues):
        n = int(rng.integers(2, max_levels + 1))
        nl.append(n)
        vals = np.sort(rng.choice(np.arange(0, 101, 5), size=n, replace=False))
        lines += [f"  - id: i{i}", f"    name: I{i}", "    scale: {0: low, 100: high}",
                  "    levels:"]
        lines += [f"      - {{id: l{k}, value: {v}, label: L{k}}}" for k, v in enumerate(vals)]
    lines.append("positions:")
    for a in range(n_parties):
        for i in range(n_issues):
            if rng.random() < 0.1:
                continue  # indifferent to this issue
            pos = float(rng.integers(0, 101))
            rl = ""
            if red_lines and rng.random() < 0.4:
                lo = float(rng.integers(0, int(pos * 0.5) + 1))
                hi = float(rng.integers(int(pos + (100 - pos) * 0.5), 101))
                rl = f", red_line: {{low: {lo}, high: {hi}}}"
            lines.append(f"  - {{actor: p{a}, issue: i{i}, position: {pos}, "
                         f"salience: {rng.uniform(0.05, 1):.3f}{rl}}}")
    if constraint:
        lines += ["constraints:", "  - levels: {i0: l0, i1: [l0, l1]}"]
    return "\n".join(lines) + "\n"


def brute_force(sc) -> tuple[list[tuple[str, ...]], np.ndarray]:
    """Every acceptable package and its utilities, computed one by one from the scenario."""
    issues = [i for i in sc.issues if i.levels]
    parties = [a.id for a in sc.parties()]
    pos = {(p.actor, p.issue): p for i in issues for p in sc.positions_on(i.id)}
    packs, utils = [], []
    for combo in itertools.product(*[i.levels for i in issues]):
        ids = {i.id: lv.id for i, lv in zip(issues, combo, strict=True)}
        bad = False
        for c in sc.constraints:
            if all(ids[i] in ([x] if isinstance(x, str) else x) for i, x in c.levels.items()):
                bad = True
        if bad:
            continue
        row = []
        for a in parties:
            tot = sum(pos[(a, i.id)].salience for i in issues if (a, i.id) in pos)
            u = 0.0
            for i, lv in zip(issues, combo, strict=True):
                p = pos.get((a, i.id))
                if p is None:
                    continue
                acc = p.acceptable()
                if acc and not acc[0] <= lv.value <= acc[1]:
                    bad = True
                u += p.salience / tot * (1 - abs(lv.value - p.position) / 100)
            if u < (sc.actor(a).reservation or 0.0) - 1e-12:
                bad = True
            row.append(u)
        if not bad:
            packs.append(tuple(lv.id for lv in combo))
            utils.append(row)
    return packs, np.array(utils).reshape(-1, len(parties))


def brute_pareto(u: np.ndarray) -> set[int]:
    """Indices of non-dominated rows, by checking every pair."""
    out = set()
    for k in range(len(u)):
        if not any((u[m] >= u[k] - 1e-12).all() and (u[m] > u[k] + 1e-12).any()
                   for m in range(len(u))):
            out.add(k)
    return out


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("constraint", [False, True])
def test_frontier_and_points_match_brute_force(seed: int, constraint: bool) -> None:
    sc = parse_scenario(random_scenario(seed, n_parties=2 + seed % 3, n_issues=3 + seed % 2,
                                        constraint=constraint, reservation=seed % 2 == 1))
    res = find_agreements(sc)
    packs, u = brute_force(sc)
    assert res.n_acceptable == len(packs)
    issues = [i.id for i in sc.issues]
    ref = {packs[k] for k in brute_pareto(u)}
    got = {tuple(f.levels[i] for i in issues) for f in res.frontier}
    assert got == ref
    if not packs:
        assert all(v is None for v in res.points.values())
        return
    d = np.array([res.disagreement[p] for p in res.parties])
    gains = u - d
    ok = (gains > 0).all(axis=1)
    if ok.any():
        best = max(np.prod(gains[ok], axis=1))
        nash = np.array([res.points["nash"].utilities[p] for p in res.parties])
        assert math.isclose(np.prod(nash - d), best, rel_tol=1e-9)
    else:
        assert res.points["nash"] is None
    welfare = np.array([res.points["max_welfare"].utilities[p] for p in res.parties])
    assert math.isclose(welfare.sum(), u.sum(axis=1).max(), rel_tol=1e-9)
    ega = np.array([res.points["egalitarian"].utilities[p] for p in res.parties])
    assert math.isclose((ega - d).min(), gains.min(axis=1).max(), abs_tol=1e-9)
    ideal = u.max(axis=0)
    live = ideal - d > 1e-12
    ks = np.array([res.points["kalai_smorodinsky"].utilities[p] for p in res.parties])
    ratio = (gains[:, live] / (ideal - d)[live]).min(axis=1)
    assert math.isclose(((ks - d)[live] / (ideal - d)[live]).min(), ratio.max(), abs_tol=1e-9)


def test_pareto_keeps_ties_and_drops_dominated() -> None:
    u = np.array([[1, 0], [0, 1], [0.5, 0.5], [0.5, 0.5], [0.4, 0.5], [0, 0]])
    assert pareto_indices(u).tolist() == [0, 1, 2, 3]


def test_pareto_random_against_pairwise() -> None:
    rng = np.random.default_rng(3)
    for k in (2, 3, 4):
        u = np.round(rng.random((300, k)), 2)
        assert set(pareto_indices(u).tolist()) == brute_pareto(u)


def test_mini_hand_case() -> None:
    # North (position 80, red line 40) and South (0, red line 60) on levels 0, 50, 100:
    # only 50 is inside both red lines; utilities 1 − |50 − 80|/100 = 0.7 and 1 − 50/100 = 0.5.
    res = find_agreements(load_scenario(MINI))
    assert res.zones[0].levels == ["current"]
    assert res.zones[0].range == (40.0, 60.0)
    assert res.zones[0].excluded_by == {"south_line": ["north"], "north_line": ["south"]}
    assert res.n_acceptable == 1
    assert res.points["nash"].utilities == pytest.approx({"north": 0.7, "south": 0.5})
    # with d = the minimum over acceptable packages nobody gains, so Nash is undefined
    assert find_agreements(load_scenario(MINI), disagreement="min").points["nash"] is None


HAND = """
accord: 1
id: hand
title: two issues, two parties
actors: [{id: a, name: A}, {id: b, name: B, reservation: 0.3}]
issues:
  - id: x
    name: X
    scale: {0: none, 100: all}
    levels: [{id: x0, value: 0, label: x0}, {id: x1, value: 100, label: x1}]
  - id: y
    name: Y
    scale: {0: none, 100: all}
    levels: [{id: y0, value: 0, label: y0}, {id: y1, value: 100, label: y1}]
positions:
  - {actor: a, issue: x, position: 100, salience: 0.75}
  - {actor: a, issue: y, position: 100, salience: 0.25}
  - {actor: b, issue: x, position: 0, salience: 0.25}
  - {actor: b, issue: y, position: 0, salience: 0.75}
"""


def test_logroll_hand_case() -> None:
    # A cares about x (0.75), B about y (0.75): the trade x1,y0 gives both 0.75. B's
    # utilities are x0y0 1, x0y1 0.25, x1y0 0.75, x1y1 0: its reservation 0.3 leaves two.
    res = find_agreements(parse_scenario(HAND))
    assert res.n_acceptable == 2
    assert res.points["nash"].levels == {"x": "x1", "y": "y0"}
    assert res.points["nash"].utilities == pytest.approx({"a": 0.75, "b": 0.75})
    assert {tuple(f.levels.values()) for f in res.frontier} == {("x1", "y0"), ("x0", "y0")}
    assert res.disagreement == {"a": 0.0, "b": 0.3}


def test_chunking_does_not_change_results() -> None:
    sc = parse_scenario(random_scenario(5, n_parties=3, n_issues=4, max_levels=5,
                                        constraint=True))
    a = find_agreements(sc).to_dict()
    b = find_agreements(sc, chunk=7).to_dict()
    assert a == b


def test_no_levels_is_an_analysis_error() -> None:
    sc = load_scenario(MINI)
    bare = sc.model_copy(update={"issues": [i.model_copy(update={"levels": []})
                                            for i in sc.issues]})
    with pytest.raises(AnalysisError, match="levels"):
        build_domain(bare)


def test_values_table_replaces_distance_rule() -> None:
    text = HAND.replace("{actor: a, issue: x, position: 100, salience: 0.75}",
                        "{actor: a, issue: x, position: 100, salience: 0.75, "
                        "values: {x0: 0.4, x1: 1.0}}")
    dom = build_domain(parse_scenario(text))
    u = dom.utilities(np.array([[0, 0]]))[0]
    assert u[0] == pytest.approx(0.75 * 0.4)


def test_unknown_level_in_values_names_the_field() -> None:
    from accord.errors import ScenarioError
    text = HAND.replace("salience: 0.75}", "salience: 0.75, values: {nope: 1}}", 1)
    with pytest.raises(ScenarioError, match="unknown level 'nope'"):
        parse_scenario(text)


# -- bridging and scoring ---------------------------------------------------------------------
def test_bridge_hand_case_ranks_relaxations_by_salience_cost() -> None:
    from accord.analysis.bridging import bridge

    # North accepts 60–100 (salience 0.8), South 0–40 (salience 1.0); levels 0, 50, 100.
    # Level 50 needs both to move 10 points: 0.8·0.1 + 1.0·0.1 = 0.18; level 0 needs North to
    # move 60 (0.48); level 100 needs South to move 60 (0.60).
    text = MINI.read_text().replace("red_line: 40, as_of: 2025-05-01", "red_line: 60, "
                                    "as_of: 2025-05-01").replace("red_line: 60, as_of: "
                                    "2025-01-10}\n", "red_line: 40, as_of: 2025-01-10}\n")
    sc = parse_scenario(text)
    assert find_agreements(sc).n_acceptable == 0
    res = bridge(sc)
    assert res.blocked_issues == ["border"]
    costs = [round(o.cost, 6) for o in res.options]
    assert costs == [0.18, 0.48, 0.6]
    first = res.options[0].relaxations
    assert {(r.party, r.level, r.points) for r in first} == {("north", "current", 10.0),
                                                              ("south", "current", 10.0)}


def test_logroll_and_score_hand_case() -> None:
    from accord.analysis.bridging import bridge, score_package

    sc = parse_scenario(HAND)
    # from x0,y1 (A 0.25, B 0.25) the trade x1,y0 gives each +0.5
    res = bridge(sc, package={"x": "x0", "y": "y1"})
    assert res.trades[0].changes == [("x", "x0", "x1"), ("y", "y1", "y0")]
    assert res.trades[0].gains == pytest.approx({"a": 0.5, "b": 0.5})
    s = score_package(sc, {"x": "x0", "y": "y1"})
    assert [v.accepts for v in s.verdicts] == [True, False]
    assert "below its reservation" in s.verdicts[1].reasons[0]
    assert s.dominated_by == 1 and s.uniform_gain == pytest.approx(0.5)
    assert s.best_improvement["levels"] == {"x": "x1", "y": "y0"}
    on = score_package(sc, "x=x1,y=y0")
    assert on.on_frontier and on.uniform_gain == pytest.approx(0.0)


def test_score_rejects_unknown_level_with_a_fix() -> None:
    from accord.analysis.bridging import score_package
    from accord.errors import InputError

    with pytest.raises(InputError, match="unknown level 'z9'.*use one of: x0, x1"):
        score_package(parse_scenario(HAND), "x=z9")


# -- command line ----------------------------------------------------------------------------
def test_cli_agree_score_bridge_simulate(tmp_path: Path) -> None:
    import json

    from tests.conftest import run_cli

    r = run_cli("agree", str(MINI), "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["n_acceptable"] == 1
    r = run_cli("score", str(MINI), "--package", "border=nowhere")
    assert r.code == 2 and r.err.count("\n") == 1 and "use one of" in r.err
    r = run_cli("score", str(MINI), "-p", "border=north_line", "--json")
    assert json.loads(r.out)[0]["verdicts"][1]["accepts"] is False
    runs = [run_cli("simulate", str(MINI), "--json", "--seed", "3", "--strategy", "linear")
            for _ in range(2)]
    assert runs[0].code == 0 and runs[0].out == runs[1].out
    assert json.loads(runs[0].out)["agreement"] == {"border": "current"}
    r = run_cli("bridge", str(MINI), "--json")
    assert r.code == 0 and json.loads(r.out)["has_agreement"] is True


def test_cheapest_combos_match_sorted_product() -> None:
    from accord.analysis.bridging import _cheapest_combos

    rng = np.random.default_rng(4)
    per_issue = [sorted([([], float(c)) for c in np.round(rng.random(int(n)), 3)],
                        key=lambda o: o[1]) for n in rng.integers(1, 5, size=4)]
    ref = sorted(sum(o[1] for o in c) for c in itertools.product(*per_issue))
    got = [sum(o[1] for o in c) for c in _cheapest_combos(per_issue)]
    assert got == pytest.approx(ref)


def test_report_sections_render_scores_bridges_and_trace() -> None:
    from accord.report.agreement import agreement_section, bridging_section, simulation_section
    from accord.workflow import Results, RunOptions, _agreement_step

    text = HAND + ("packages:\n  - {id: plan, name: The plan, levels: {x: x0, y: y1}}\n")
    sc = parse_scenario(text)
    res = Results(scenario=sc, items={"agreement": _agreement_step(sc, RunOptions())})
    html = agreement_section(sc, res)
    assert "The plan" in html and "below its reservation" in html and "Nash" in html
    assert "X: x0 → x1; Y: y1 → y0" in bridging_section(sc, res)  # the trade from the plan
    sim = simulation_section(sc, res)
    assert "Outcome: agreement" in sim and "Mediated single text" in sim


@pytest.mark.parametrize("seed", range(6))
def test_enumerated_and_fused_constraint_paths_agree(seed: int, monkeypatch) -> None:
    import accord.analysis.agreement as agreement

    sc = parse_scenario(random_scenario(seed, n_parties=3, n_issues=4, max_levels=5,
                                        constraint=True, reservation=seed % 2 == 0))
    fused = find_agreements(sc).to_dict()
    monkeypatch.setattr(agreement, "MERGE_LIMIT", 1)  # every component too big: enumerate
    enumerated = find_agreements(sc, chunk=16).to_dict()
    assert fused == enumerated
    packs, _u = brute_force(sc)
    assert fused["n_acceptable"] == len(packs)
