"""Benchmark agreement search and the alternating-offers simulation; NegMAS side by side.

Run: .venv/bin/python benchmarks/agreement.py [--repeat 5] [--skip-big]

Cases (random linear-additive domains, seeded):
  frontier+points  4 parties × 7 issues × 6 levels = 279,936 packages  (target ≤ 0.15 s)
  big              4 parties × 9 issues × 6 levels = 10,077,696 packages (target ≤ 20 s, 2 GB):
                   without constraints, with a cross-issue constraint (linked issues fused),
                   and with fusing disabled (chunked enumeration of every package)
  sao-1000         1000 steps of stacked alternating offers, 4 parties, 100,000 packages
                   (target ≤ 0.3 s)
NegMAS (not a dependency) runs in its own interpreter, NEGMAS_PYTHON (default
/tmp/negmas-venv/bin/python), on the same tables. The disagreement point is aligned with
NegMAS's convention d_i = max(reserved value, minimum utility over the outcome space), and the
frontier and Nash point are compared. Times are medians of --repeat runs (2 noisy cores).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from accord.analysis.agreement import Domain, agreements_in
from accord.analysis.simulate import _Space, alternating_offers

NEGMAS_PYTHON = os.environ.get("NEGMAS_PYTHON", "/tmp/negmas-venv/bin/python")


def random_domain(parties: int, issues: int, levels: int, seed: int = 0) -> tuple[Domain, dict]:
    """A domain with positions uniform on 0–100 and random saliences; also its raw tables."""
    rng = np.random.default_rng(seed)
    pos = rng.uniform(0, 100, (parties, issues))
    w = rng.random((parties, issues))
    w /= w.sum(axis=1, keepdims=True)
    vals = np.linspace(0, 100, levels)
    v = 1 - np.abs(vals[None, None, :] - pos[:, :, None]) / 100  # (P, I, L) values in [0, 1]
    tables = tuple(w[:, j, None] * v[:, j, :] for j in range(issues))
    dom = Domain(parties=tuple(f"p{k}" for k in range(parties)),
                 issues=tuple(f"i{j}" for j in range(issues)),
                 levels=tuple(tuple(f"l{k}" for k in range(levels)) for _ in range(issues)),
                 level_values=tuple(tuple(vals) for _ in range(issues)), tables=tables,
                 allowed=tuple(np.ones((parties, levels), bool) for _ in range(issues)),
                 reservation=np.zeros(parties))
    return dom, {"w": w, "v": v}


def negmas_d(dom: Domain) -> np.ndarray:
    """NegMAS's disagreement convention: max(reserved value, minimum utility)."""
    return np.maximum(dom.reservation, sum(t.min(axis=1) for t in dom.tables))


def median_time(fn, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


NEGMAS_SCRIPT = r"""
import json, sys, time, statistics
import numpy as np
from negmas import make_issue, make_os, LinearAdditiveUtilityFunction, TableFun
from negmas.preferences import pareto_frontier, nash_points, kalai_points, max_welfare_points
from negmas import SAOMechanism, BoulwareTBNegotiator
case, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
raw = np.load(path)
w, v = raw["w"], raw["v"]
P, I, L = v.shape
issues = [make_issue(L, name=f"i{j}") for j in range(I)]
os_ = make_os(issues)
ufuns = [LinearAdditiveUtilityFunction(
            values=[TableFun({l: float(v[p, j, l]) for l in range(L)}) for j in range(I)],
            weights=[float(x) for x in w[p]], outcome_space=os_, reserved_value=0.0)
         for p in range(P)]
out = {}
if case == "points":
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        outcomes = list(os_.enumerate())
        front, idx = pareto_frontier(ufuns, outcomes=outcomes, sort_by_welfare=True)
        ranges = [u.minmax() for u in ufuns]  # passing outcomes instead is ~20x slower
        nash = nash_points(ufuns, front, ranges=ranges)
        kalai = kalai_points(ufuns, front, ranges=ranges)
        mw = max_welfare_points(ufuns, front, ranges=ranges)
        times.append(time.perf_counter() - t)
    out = {"time": statistics.median(times), "frontier": len(front),
           "nash": list(nash[0][0]) if nash else None}
else:
    times = []
    for _ in range(repeat):
        m = SAOMechanism(outcome_space=os_, n_steps=1000, one_offer_per_step=True)
        for p in range(P):
            m.add(BoulwareTBNegotiator(name=f"p{p}"), preferences=ufuns[p])
        t = time.perf_counter()
        m.run()
        times.append(time.perf_counter() - t)
    out = {"time": statistics.median(times), "steps": m.state.step,
           "agreement": m.state.agreement is not None}
print(json.dumps(out))
"""


def run_negmas(case: str, raw: dict, repeat: int) -> dict | None:
    """Run NegMAS on the same tables in its own interpreter; None if it is not installed."""
    if not Path(NEGMAS_PYTHON).exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "domain.npz"
        np.savez(path, **raw)
        script = Path(tmp) / "negmas_case.py"
        script.write_text(NEGMAS_SCRIPT)
        proc = subprocess.run([NEGMAS_PYTHON, str(script), case, str(path), str(repeat)],
                              capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-2000:])
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def big_case(kind: str) -> dict:
    """The 10-million-package case, in a fresh process so its peak memory is its own.

    plain: no constraints; constrained: one cross-issue constraint (the linked issues are
    fused, still no enumeration); enumerated: the same with fusing disabled, so every package
    is enumerated in blocks (the worst case, e.g. a constraint linking every issue)."""
    dom, _ = random_domain(4, 9, 6, seed=2)
    if kind != "plain":
        from dataclasses import replace
        dom = replace(dom, constraints=(((0, (0,)), (1, (5,))),))
    if kind == "enumerated":
        import accord.analysis.agreement as agreement
        agreement.MERGE_LIMIT = 1
    t = time.perf_counter()
    res = agreements_in(dom, sample=0)
    dt = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB on Linux
    return {"time": dt, "frontier": len(res.frontier), "rss_mb": rss,
            "packages": dom.size, "acceptable": res.n_acceptable}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--big", choices=["plain", "constrained", "enumerated"],
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.big:
        print(json.dumps(big_case(args.big)))
        return
    rows = []
    # 1. frontier + all points, 280k packages
    dom, raw = random_domain(4, 7, 6, seed=1)
    d = negmas_d(dom)
    t_ours, res = median_time(lambda: agreements_in(dom, disagreement=d, sample=0), args.repeat)
    nm = run_negmas("points", raw, max(1, args.repeat // 2))
    check = ""
    if nm:
        ours_nash = [res.points["nash"].utilities[p] for p in res.parties]
        same_front = nm["frontier"] == len(res.frontier)
        same_nash = nm["nash"] is not None and np.allclose(
            np.prod(np.array(nm["nash"]) - d), np.prod(np.array(ours_nash) - d), rtol=1e-9)
        check = (f"frontier {len(res.frontier)} vs {nm['frontier']}"
                 f"{' ✓' if same_front else ' ✗'}; Nash product "
                 f"{'equal ✓' if same_nash else 'differs ✗'}")
    rows.append(("frontier + Nash/KS/egal./welfare, 4 × 279,936", t_ours,
                 nm["time"] if nm else None, "≤ 0.15 s", check))
    # 2. 10 million packages (separate processes for peak memory)
    if not args.skip_big:
        for kind in ("plain", "constrained", "enumerated"):
            proc = subprocess.run([sys.executable, __file__, "--big", kind],
                                  capture_output=True, text=True, timeout=3600)
            if proc.returncode != 0:
                sys.stderr.write(proc.stderr[-2000:])
                continue
            b = json.loads(proc.stdout.strip().splitlines()[-1])
            rows.append((f"10M packages ({kind}), 4 parties", b["time"], None,
                         "≤ 20 s, ≤ 2 GB",
                         f"peak RSS {b['rss_mb']:.0f} MB; frontier {b['frontier']}; "
                         f"acceptable {b['acceptable']:,}"))
    # 3. 1000-step alternating offers on 100k packages
    dom, raw = random_domain(4, 5, 10, seed=3)

    def sao() -> object:
        return alternating_offers(dom, strategy="boulware", acceptance="const", ac_const=1.01,
                                  deadline=250, trace=False, space=None)

    t_sao, out = median_time(sao, args.repeat)
    t_space, _ = median_time(lambda: _Space(dom), args.repeat)
    nm = run_negmas("sao", raw, max(1, args.repeat // 2))
    rows.append(("alternating offers, 1000 steps, 4 × 100,000", t_sao,
                 nm["time"] if nm else None, "≤ 0.3 s",
                 f"{out.steps} steps incl. {t_space:.3f} s setup"  # type: ignore[attr-defined]
                 + (f"; NegMAS {nm['steps']} steps" if nm else "")))
    print(f"{'case':<48} {'accord':>9} {'NegMAS':>9} {'ratio':>7}  {'target':<15} check")
    for name, ours, theirs, target, note in rows:
        ratio = f"{theirs / ours:6.1f}×" if theirs else "—"
        th = f"{theirs:8.3f}s" if theirs else "—"
        print(f"{name:<48} {ours:8.3f}s {th:>9} {ratio:>7}  {target:<15} {note}")
    if not Path(NEGMAS_PYTHON).exists():
        print(f"(NegMAS not found at {NEGMAS_PYTHON}; set NEGMAS_PYTHON to compare)")


if __name__ == "__main__":
    main()
