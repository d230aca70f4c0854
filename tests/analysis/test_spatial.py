"""Compromise, weighted median and Nash against published cases and hand computations."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.spatial import compromise, forecast, nash, weighted_median
from accord.scenario import parse_scenario

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "bargaining"


def shared(name: str) -> dict:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"shared dev data {path} is absent")
    return json.loads(path.read_text())


def make_scenario(rows: list[tuple[str, float | None, float, float, object]]) -> object:
    """A one-issue scenario from (actor, capability, position, salience, red_line) rows."""
    actors = []
    positions = []
    for name, cap, x, s, rl in rows:
        cap_s = "" if cap is None else f", capability: {cap}"
        actors.append(f"  - {{id: {name}, name: {name}{cap_s}}}")
        rl_s = "" if rl is None else f", red_line: {json.dumps(rl)}"
        positions.append(f"  - {{actor: {name}, issue: i, position: {x}, salience: {s}{rl_s}}}")
    text = ("accord: 1\nid: t\ntitle: t\nactors:\n" + "\n".join(actors)
            + "\nissues:\n  - {id: i, name: I, scale: {0: low, 100: high}}\npositions:\n"
            + "\n".join(positions) + "\n")
    return parse_scenario(text)


def test_emission_standards_compromise_and_median_exact() -> None:
    d = shared("bdm1994_ec_car_emission_standards.json")
    x = np.array([a["position"] for a in d["actors"]], float)
    w = np.array([a["capability"] * a["salience"] / 100 for a in d["actors"]])
    assert float(compromise(x, w)) == pytest.approx(7.390, abs=5e-4)
    assert float(weighted_median(x, w)) == 7.0
    # the same through a scenario on the 0–100 scale
    rows = [(a["name"], a["capability"], (a["position"] - 4) / 6 * 100, a["salience"] / 100, None)
            for a in d["actors"]]
    f = forecast(make_scenario(rows), model="all", eum_options={"max_rounds": 1})
    assert f.get("i", "compromise").position / 100 * 6 + 4 == pytest.approx(7.390, abs=5e-4)
    assert f.get("i", "median").position / 100 * 6 + 4 == pytest.approx(7.0)


def test_copenhagen_every_issue_compromise_exact() -> None:
    d = shared("stokman_copenhagen_2009_exchange.json")
    want = d["derived_reference_values_computed_here"]["compromise_weighted_mean_power_x_salience"]
    for issue, value in want.items():
        rows = [r for r in d["positions"] if r["issue"] == issue]
        x = np.array([r["position"] for r in rows])
        w = np.array([r["power"] * r["salience"] for r in rows])
        assert float(compromise(x, w)) == pytest.approx(value, abs=5e-4), issue


def test_median_hand_cases() -> None:
    # weights 1, 2, 4 at 10, 50, 90: half of 7 is 3.5, reached at 90
    assert float(weighted_median([10, 50, 90], [1, 2, 4])) == 90
    # exactly half at 20 → midpoint to the next position; "lower" keeps 20
    assert float(weighted_median([20, 80], [1, 1])) == 50
    assert float(weighted_median([20, 80], [1, 1], tie="lower")) == 20
    # vectorised over draws
    out = weighted_median(np.array([[0, 10, 100], [0, 10, 100]]), np.array([[1, 1, 3], [3, 1, 1]]))
    assert out.tolist() == [100, 0]


def test_nash_hand_cases() -> None:
    span = np.array([100.0, 100.0])
    # linear gains 1 − z/100 and z/100, weights 2:1 → maximise 2 log(1−t) + log t → t = 1/3
    assert float(nash([0, 100], [2, 1], span, span)) == pytest.approx(100 / 3, abs=1e-6)
    assert float(nash([0, 100], [1, 1], span, span)) == pytest.approx(50, abs=1e-6)
    # red lines: A at 0 accepts up to 60, B at 100 accepts down to 30 → max (60−z)(z−30) at 45
    sc = make_scenario([("a", 1, 0, 1, 60), ("b", 1, 100, 1, 30)])
    assert forecast(sc, model="nash").get("i", "nash").position == pytest.approx(45, abs=1e-6)
    # status quo 50 between them: no point gives both a gain; 50 is the only one neither loses on
    sq = forecast(sc, model="nash", disagreement="status_quo", status_quo=50)
    assert sq.get("i", "nash").position == pytest.approx(50)
    # status quo 80: a at 0 gains for z < 80 only, b at 100 for z > 80 only → the point 80
    sq80 = forecast(sc, model="nash", disagreement="status_quo", status_quo=80)
    assert sq80.get("i", "nash").position == pytest.approx(80)
    # no zone of agreement → no Nash point
    sc2 = make_scenario([("a", 1, 0, 1, 20), ("b", 1, 100, 1, 70)])
    assert forecast(sc2, model="nash").get("i", "nash").position is None


def test_missing_capability_gets_the_mean() -> None:
    sc = make_scenario([("a", 3, 0, 1, None), ("b", 1, 100, 1, None), ("c", None, 100, 1, None)])
    f = forecast(sc, model="compromise").get("i", "compromise")
    assert f.position == pytest.approx(300 / 6)  # c weighs (3 + 1) / 2 = 2
    assert any("mean capability" in n for n in f.diagnostics["notes"])
    ex = forecast(sc, model="compromise", missing_capability="exclude").get("i", "compromise")
    assert ex.position == pytest.approx(25)


actor_rows = st.lists(
    st.tuples(st.floats(0.1, 10), st.floats(0, 100), st.floats(0.05, 1)), min_size=2, max_size=7)


@settings(max_examples=60, deadline=None)
@given(actor_rows, st.randoms(use_true_random=False))
def test_permuting_actors_changes_nothing(rows: list, rnd: object) -> None:
    x = np.array([r[1] for r in rows])
    w = np.array([r[0] * r[2] for r in rows])
    d = np.full(len(rows), 100.0)
    perm = list(range(len(rows)))
    rnd.shuffle(perm)
    for f in (compromise, weighted_median):
        assert float(f(x[perm], w[perm])) == pytest.approx(float(f(x, w)), abs=1e-9)
    assert float(nash(x[perm], w[perm], d, d)) == pytest.approx(float(nash(x, w, d, d)), abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(actor_rows)
def test_compromise_and_median_within_range_and_unanimity(rows: list) -> None:
    x = np.array([r[1] for r in rows])
    w = np.array([r[0] * r[2] for r in rows])
    d = np.full(len(rows), 100.0)
    for value in (compromise(x, w), weighted_median(x, w), nash(x, w, d, d)):
        assert x.min() - 1e-6 <= float(value) <= x.max() + 1e-6
    same = np.full_like(x, x[0])
    for value in (compromise(same, w), weighted_median(same, w), nash(same, w, d, d)):
        assert float(value) == pytest.approx(x[0], abs=1e-6)


def _nash_bisection(x: np.ndarray, w: np.ndarray, d_lo: np.ndarray, d_hi: np.ndarray
                    ) -> np.ndarray:
    """Reference: bisection on the derivative of Σ w log gain over the feasible interval."""
    lo = np.maximum(np.max(x - d_lo, axis=-1), 0.0)
    hi = np.minimum(np.min(x + d_hi, axis=-1), 100.0)
    a, b = lo.copy(), np.maximum(hi, lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(80):
            z = (a + b) / 2
            dz = z[..., None] - x
            term = np.where(dz < 0, w / (d_lo + dz), np.where(dz > 0, -w / (d_hi - dz), 0.0))
            up = np.where(w > 0, term, 0.0).sum(axis=-1) > 0
            a, b = np.where(up, z, a), np.where(up, b, z)
    return np.where(lo <= hi + 1e-9, (a + b) / 2, np.nan)


def test_piecewise_nash_equals_bisection_on_random_rows() -> None:
    rng = np.random.default_rng(3)
    for t in range(60):
        m, n = 400, int(rng.integers(1, 7))
        x = rng.integers(0, 5, (m, n)) * 25.0 if t % 3 == 0 else rng.uniform(0, 100, (m, n))
        w = rng.uniform(0, 5, (m, n)) * (rng.random((m, n)) > 0.15)  # some zero weights
        if t % 4 == 0:
            d_lo = d_hi = np.full((m, n), 100.0)
        else:  # red lines, some at the position itself
            d_lo = rng.uniform(0, 80, (m, n)) * (rng.random((m, n)) > 0.1)
            d_hi = rng.uniform(0, 80, (m, n)) * (rng.random((m, n)) > 0.1)
        want, got = _nash_bisection(x, w, d_lo, d_hi), nash(x, w, d_lo, d_hi)
        assert (np.isnan(want) == np.isnan(got)).all()
        ok = ~np.isnan(want)
        assert np.abs(want[ok] - got[ok]).max(initial=0.0) < 1e-9
