"""Forecast engine benchmarks: EUM scaling, Monte Carlo draws, Dask 2 workers vs 1.

Run: .venv/bin/python benchmarks/forecast.py [--quick]
Prints medians of repeated runs (the machine's cores are noisy) and the EUM growth exponent.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from accord import bundled_scenario
from accord.analysis.eum import eum_issue
from accord.analysis.uncertainty import monte_carlo


def timed(fn: Callable[[], object], repeat: int) -> float:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def eum_case(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(0, 100, n), rng.uniform(1, 100, n), rng.uniform(0.1, 1, n)


def main() -> None:
    quick = "--quick" in sys.argv
    rows = []
    for n, rounds, rep, target in ((10, 100, 5, None), (50, 100, 5, 0.3), (200, 10, 3, 2.0),
                                   (1000, 10, 1, 60.0)):
        if quick and n == 1000:
            continue
        x, c, s = eum_case(n)
        res = eum_issue(x, c, s, max_rounds=rounds)
        t = timed(lambda x=x, c=c, s=s, r=rounds: eum_issue(x, c, s, max_rounds=r), rep)
        per_round = t / max(res.rounds, 1)
        what = "to convergence" if rounds == 100 else f"{rounds} rounds"
        rows.append((f"EUM {n} actors, {what} ({res.rounds} played)", t, target, per_round, n))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sc = bundled_scenario()
    t_mc = timed(lambda: monte_carlo(sc, draws=10_000, seed=1, tornado=False), 5)
    rows.append(("10,000 draws × 3 closed-form models, bundled scenario", t_mc, 0.5, None, None))
    draws = 20_000 if quick else 100_000
    t1 = timed(lambda: monte_carlo(sc, draws=draws, seed=1, tornado=False, workers=1), 1)
    t2 = timed(lambda: monte_carlo(sc, draws=draws, seed=1, tornado=False, workers=2), 1)
    t0 = timed(lambda: monte_carlo(sc, draws=draws, seed=1, tornado=False), 1)
    rows.append((f"{draws:,} draws in process", t0, None, None, None))
    rows.append((f"{draws:,} draws, Dask 1 worker (incl. cluster start)", t1, None, None, None))
    rows.append((f"{draws:,} draws, Dask 2 workers (incl. cluster start)", t2, None, None, None))
    print(f"{'case':58} {'median s':>9} {'target s':>9} {'s/round':>9}")
    for name, t, target, per_round, _n in rows:
        tgt = "" if target is None else f"{target:g}"
        pr = "" if per_round is None else f"{per_round:.4f}"
        print(f"{name:58} {t:9.3f} {tgt:>9} {pr:>9}")
    print(f"Dask speed-up 2 workers vs 1: {t1 / t2:.2f}×")
    pts = [(n, pr) for _name, _t, _tg, pr, n in rows if n and n >= 50]
    if len(pts) >= 2:
        ln = np.log([p[0] for p in pts])
        lt = np.log([p[1] for p in pts])
        print(f"EUM time per round grows as n^{np.polyfit(ln, lt, 1)[0]:.2f} (n ≥ 50)")
    print(f"peak memory of this process: {rss:.0f} MB (after the EUM runs)")


if __name__ == "__main__":
    main()
