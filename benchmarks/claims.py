"""Claims speed: articles per second per core of the whole default pipeline (claims on) on the
seed articles repeated, and the CPU time each component takes per article. Prints a table of
medians over repeated runs (the machine has two noisy cores).

    .venv/bin/python benchmarks/claims.py [--repeat 5] [--copies 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from accord.evidence import Document, build_pipeline

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5, help="timed runs (median reported)")
    ap.add_argument("--copies", type=int, default=20, help="times the seed set is repeated")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no seed texts in {SEEDS}")
    pipe = build_pipeline()
    for t in texts:
        pipe(t)  # warm caches and lazy imports
    batch = texts * args.copies
    rates: list[float] = []
    per: dict[str, list[float]] = {c.name: [] for c in pipe.components}
    for _ in range(args.repeat):
        t0 = time.process_time()
        for t in batch:
            pipe(t)
        rates.append(len(batch) / (time.process_time() - t0))
        spent = dict.fromkeys(per, 0.0)
        for t in batch:
            doc = Document(text=t)
            for comp in pipe.components:
                c0 = time.process_time()
                doc = comp(doc)
                spent[comp.name] += time.process_time() - c0
        for name, s in spent.items():
            per[name].append(1000 * s / len(batch))
    rows = [("pipeline " + "+".join(pipe.names),
             f"{statistics.median(rates):.0f} articles/s/core", "≥ 100")]
    rows += [(f"  {name}", f"{statistics.median(v):.2f} ms/article", "")
             for name, v in per.items()]
    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'median':<26}  target")
    for r in rows:
        print(f"{r[0]:<{w}}  {r[1]:<26}  {r[2]}")


if __name__ == "__main__":
    main()
