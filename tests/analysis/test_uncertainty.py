"""Monte Carlo bands, tornado, Sobol (SALib) and Dask: same seed, same numbers anywhere."""

from __future__ import annotations

import numpy as np
import pytest

from accord.analysis.uncertainty import draw, monte_carlo
from accord.scenario import parse_scenario

TEXT = """accord: 1
id: t
title: t
actors:
  - {id: a, name: A, capability: 2, capability_uncertainty: {low: 1, high: 3}}
  - {id: b, name: B, capability: 1}
  - {id: c, name: C, capability: 1}
issues:
  - {id: i, name: I, scale: {0: low, 100: high}}
  - {id: fixed, name: Fixed, scale: {0: low, 100: high}}
positions:
  - {actor: a, issue: i, position: 20, salience: 0.5, red_line: 60,
     uncertainty: {low: 10, high: 40}, salience_uncertainty: {low: 0.3, high: 0.7}}
  - {actor: b, issue: i, position: 80, salience: 0.5, red_line: 30,
     uncertainty: {low: 70, high: 90}}
  - {actor: c, issue: i, position: 50, salience: 0.2}
  - {actor: b, issue: fixed, position: 30, salience: 0.5}
  - {actor: c, issue: fixed, position: 60, salience: 0.5}
"""


@pytest.fixture(scope="module")
def sc():  # noqa: ANN201
    return parse_scenario(TEXT)


def test_triangular_draws_match_the_distribution() -> None:
    rng = np.random.default_rng(3)
    x = draw(np.array([0.0, 5.0]), np.array([2.0, 5.0]), np.array([10.0, 5.0]), 200_000, rng)
    assert x[:, 1].min() == x[:, 1].max() == 5.0  # no range: constant
    assert x[:, 0].mean() == pytest.approx((0 + 2 + 10) / 3, abs=0.03)
    assert x[:, 0].min() >= 0 and x[:, 0].max() <= 10
    u = draw(np.array([0.0]), np.array([2.0]), np.array([10.0]), 100_000, rng, "uniform")
    assert u.mean() == pytest.approx(5, abs=0.05)


def test_bands_and_red_line_probability(sc) -> None:  # noqa: ANN001
    u = monte_carlo(sc, draws=4000, seed=7)
    b = u.band("i", "compromise")
    assert b.p95[0] <= b.p80[0] <= b.median <= b.p80[1] <= b.p95[1]
    assert b.p95[0] > 10 and b.p95[1] < 90
    # by hand: acceptable ranges [0, 60] and [30, 100] → inside iff 30 ≤ forecast ≤ 60
    assert 0.5 < b.p_inside_red_lines <= 1  # the compromise mostly lands in 40–55
    fixed = u.band("fixed", "compromise")
    assert fixed.p80 == (45.0, 45.0) and fixed.p_inside_red_lines is None
    again = monte_carlo(sc, draws=4000, seed=7)
    assert again.to_dict() == u.to_dict()
    other = monte_carlo(sc, draws=4000, seed=8)
    assert other.band("i", "compromise").median != b.median


def test_tornado_orders_by_swing_and_sobol_runs(sc) -> None:  # noqa: ANN001
    u = monte_carlo(sc, draws=100, seed=1, sobol_samples=64)
    bars = [t for t in u.tornado if t.issue == "i" and t.model == "compromise"]
    assert [t.swing for t in bars] == sorted((t.swing for t in bars), reverse=True)
    # a's position moves the compromise most: its weight is largest and its range widest
    assert (bars[0].actor, bars[0].input) == ("a", "position")
    top = bars[0]
    w = np.array([2 * 0.5, 1 * 0.5, 1 * 0.2])
    x = np.array([20.0, 80, 50])
    lo = (w @ np.array([10.0, 80, 50])) / w.sum()
    assert top.at_low == pytest.approx(lo, abs=1e-3)
    s = u.sobol["i"]["compromise"]
    assert max(s, key=lambda k: s[k]["ST"]) == "a.position"
    assert abs(w @ x / w.sum() - u.band("i", "compromise").median) < 5


def test_dask_local_cluster_gives_the_same_numbers(sc) -> None:  # noqa: ANN001
    pytest.importorskip("dask.distributed")
    here = monte_carlo(sc, draws=3000, seed=11, chunk=1000, tornado=False)
    there = monte_carlo(sc, draws=3000, seed=11, chunk=1000, tornado=False, workers=2)
    assert there.executor.startswith("dask LocalCluster")
    assert [b.to_dict() for b in there.bands] == [b.to_dict() for b in here.bands]


def test_dask_existing_scheduler(sc) -> None:  # noqa: ANN001
    distributed = pytest.importorskip("dask.distributed")
    here = monte_carlo(sc, draws=2000, seed=5, chunk=500, tornado=False)
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cl:
        there = monte_carlo(sc, draws=2000, seed=5, chunk=500, tornado=False,
                            scheduler=cl.scheduler_address)
    assert there.executor.startswith("dask scheduler")
    assert [b.to_dict() for b in there.bands] == [b.to_dict() for b in here.bands]
