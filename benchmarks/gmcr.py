"""GMCR engine benchmark: time and peak memory of all six stability concepts on the
synthetic families of issue 4.

Family: D decision makers (3, or 4), n options dealt round-robin, each DM's first two
options mutually exclusive (an infeasible conjunction), each DM 4 random prioritisation
statements of 1-2 literals (seeded). Each size runs in a fresh process; the table shows the
median wall time of the repeats and the process's peak resident memory.

    .venv/bin/python benchmarks/gmcr.py            # 3 DMs 6..16, 4 DMs 12..20
    .venv/bin/python benchmarks/gmcr.py --quick    # small sizes only
Targets (issue 4): 14 options <= 1.5 s and <= 200 MB; 16 <= 5 s and <= 500 MB;
20 options with 4 DMs <= 60 s. (GMCR+ for contrast: 74 s and 2.2 GB at 14 options.)
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import time

import numpy as np


def synthetic(n_dm: int, n_opt: int, seed: int = 0):  # noqa: ANN201
    """The synthetic conflict of the issue's benchmark family."""
    from accord.analysis.gmcr.model import Conflict, Option, Preference

    rng = np.random.default_rng(seed)
    dms = tuple(f"DM{k}" for k in range(n_dm))
    options = tuple(Option(f"o{k}", dms[k % n_dm]) for k in range(n_opt))
    infeasible = []
    for d in range(n_dm):
        own = [k for k in range(n_opt) if k % n_dm == d]
        if len(own) >= 2:
            infeasible.append(("and", (("lit", own[0], True), ("lit", own[1], True))))
    prefs = {}
    for dm in dms:
        st = []
        for _ in range(4):
            size = int(rng.integers(1, 3))
            ks = rng.choice(n_opt, size=size, replace=False)
            lits = tuple(("lit", int(k), bool(rng.integers(0, 2))) for k in ks)
            st.append(lits[0] if size == 1 else ("and", lits))
        prefs[dm] = Preference(statements=tuple(st))
    return Conflict(dms=dms, preferences=prefs, options=options, infeasible=tuple(infeasible),
                    title=f"synthetic {n_dm} DMs {n_opt} options")


def _run(n_dm: int, n_opt: int, repeats: int, q: mp.Queue) -> None:
    from accord.analysis.gmcr.stability import solve

    c = synthetic(n_dm, n_opt)
    times = []
    res = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = solve(c)
        times.append(time.perf_counter() - t0)
    assert res is not None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB (Linux: KB)
    q.put((statistics.median(times), peak, len(res.states),
           {k: len(v) for k, v in res.equilibria.items()}))


def measure(n_dm: int, n_opt: int, repeats: int) -> tuple[float, float, int, dict[str, int]]:
    """Median time and peak RSS of solving one synthetic size, in a fresh process."""
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_run, args=(n_dm, n_opt, repeats, q))
    p.start()
    out = q.get()
    p.join()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    plan = [(3, n) for n in (6, 8, 10, 12, 14, 16)] + [(4, n) for n in (12, 16, 18, 20)]
    if args.quick:
        plan = [(3, n) for n in (6, 8, 10, 12)] + [(4, 12)]
    print(f"{'DMs':>3} {'options':>7} {'states':>8} {'time s':>8} {'peak MB':>8}  equilibria "
          "(nash gmr smr seq sim seqsim)")
    for n_dm, n_opt in plan:
        reps = args.repeats if n_opt <= 16 else 1
        t, mem, F, eq = measure(n_dm, n_opt, reps)
        counts = " ".join(str(eq[k]) for k in ("nash", "gmr", "smr", "seq", "sim", "seqsim"))
        print(f"{n_dm:>3} {n_opt:>7} {F:>8} {t:>8.3f} {mem:>8.0f}  {counts}", flush=True)


if __name__ == "__main__":
    main()
