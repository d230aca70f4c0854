"""Forecast engine benchmarks: EUM scaling, Monte Carlo draws, Dask 2 workers vs 1.

Run: .venv/bin/python benchmarks/forecast.py [--quick]
Prints medians of repeated runs (the machine's cores are noisy), the EUM growth exponent, the
peak memory of one EUM round at 1000 actors, and the Dask speed-up (with and without starting
the cluster).
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from accord import bundled_scenario
from accord.analysis.eum import EUMResult, eum_issue
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


def status(res: EUMResult) -> str:
    if res.converged:
        return "fixed point"
    return f"cycle of period {res.cycle}" if res.cycle else "still moving"


def dask_time(workers: int, draws: int, repeat: int) -> tuple[float, float]:
    """(median seconds on a running cluster, seconds including starting it)."""
    from dask.distributed import LocalCluster

    sc = bundled_scenario()
    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        start = time.perf_counter() - t0
        addr = cluster.scheduler_address
        run = timed(lambda: monte_carlo(sc, draws=draws, seed=1, tornado=False, scheduler=addr),
                    repeat)
    return run, run + start


def main() -> None:
    quick = "--quick" in sys.argv
    rows: list[tuple[str, float, float | None, str]] = []
    per_round: dict[int, float] = {}
    for n, rounds, rep, target, stop in ((10, 1000, 5, None, True), (50, 1000, 5, 0.3, True),
                                         (50, 100, 5, None, False), (200, 10, 3, 2.0, False),
                                         (1000, 10, 1 if quick else 3, 60.0, False)):
        x, c, s = eum_case(n)
        res = eum_issue(x, c, s, max_rounds=rounds, stop_on_cycle=stop)
        t = timed(lambda x=x, c=c, s=s, r=rounds, st=stop:
                  eum_issue(x, c, s, max_rounds=r, stop_on_cycle=st), rep)
        what = "to a fixed point or cycle" if stop else f"{rounds} rounds"
        rows.append((f"EUM {n} actors, {what}", t, target,
                     f"{res.rounds} rounds, {status(res)}, {t / max(res.rounds, 1):.4f} s/round"))
        if not stop:
            per_round[n] = t / max(res.rounds, 1)
    x, c, s = eum_case(1000)
    tracemalloc.start()
    eum_issue(x, c, s, max_rounds=1)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    sc = bundled_scenario()
    t_mc = timed(lambda: monte_carlo(sc, draws=10_000, seed=1, tornado=False), 7)
    rows.append(("10,000 draws × 3 closed-form models, bundled scenario", t_mc, 0.5, ""))
    draws = 20_000 if quick else 100_000
    t0 = timed(lambda: monte_carlo(sc, draws=draws, seed=1, tornado=False), 3)
    rows.append((f"{draws:,} draws in process", t0, None, ""))
    d1, d1s = dask_time(1, draws, 3)
    d2, d2s = dask_time(2, draws, 3)
    rows.append((f"{draws:,} draws, Dask 1 worker (cluster running)", d1, None,
                 f"{d1s:.2f} s incl. cluster start"))
    rows.append((f"{draws:,} draws, Dask 2 workers (cluster running)", d2, None,
                 f"{d2s:.2f} s incl. cluster start"))
    print(f"{'case':56} {'median s':>9} {'target s':>9}  notes")
    for name, t, target, note in rows:
        tgt = "" if target is None else f"{target:g}"
        print(f"{name:56} {t:9.3f} {tgt:>9}  {note}")
    print(f"Dask speed-up 2 workers vs 1: {d1 / d2:.2f}× on a running cluster, "
          f"{d1s / d2s:.2f}× including cluster start")
    ns = sorted(per_round)
    slope = np.polyfit(np.log(ns), np.log([per_round[n] for n in ns]), 1)[0]
    print(f"EUM time per round grows as n^{slope:.2f} (n = {', '.join(map(str, ns))})")
    print(f"peak memory of one EUM round at 1000 actors: {peak:.0f} MB (tracemalloc)")


if __name__ == "__main__":
    main()
