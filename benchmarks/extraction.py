"""Extraction speed: articles per second per core for the default pipeline on the seed articles
repeated; the time to store extracted articles (bulk INSERTs, one transaction each); and wall
time to ingest N synthetic articles (seed texts with a unique line each, so each is a
near-duplicate of one seed) into a fresh SQLite store with 1 and 2 extraction processes.
Prints a table (pipeline rate: median of --repeat runs).

    .venv/bin/python benchmarks/extraction.py [--n 10000] [--repeat 3] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import tempfile
import time
from pathlib import Path

from accord.evidence import Store, build_pipeline, default_pipeline, ingest

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000, help="articles to ingest")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2],
                    help="ingest worker processes to compare")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no seed texts in {SEEDS}")
    pipe = build_pipeline()
    pipe(texts[0])  # warm caches
    rates = []
    for _ in range(args.repeat):
        batch = texts * 40
        t0 = time.process_time()
        for t in batch:
            pipe(t)
        rates.append(len(batch) / (time.process_time() - t0))
    rows = [("pipeline " + "+".join(pipe.names), f"{statistics.median(rates):.0f} articles/s/core",
             "≥ 100")]
    with tempfile.TemporaryDirectory() as d:
        corpus = Path(d) / "c.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for i in range(args.n):
                fh.write(json.dumps({"text": f"Wire copy {i}.\n" + texts[i % len(texts)],
                                     "outlet": f"outlet{i % 7}"}) + "\n")
        # storing alone: pre-extracted documents, one transaction each
        docs = [pipe(t) for t in texts]
        m = min(args.n, 1000)
        batch = [dataclasses.replace(docs[i % len(docs)], text=f"Store only {i}.\n"
                                     + docs[i % len(docs)].text) for i in range(m)]
        store = Store(Path(d) / "s.db")
        t0, c0 = time.perf_counter(), time.process_time()
        for doc in batch:
            store.add_document(doc)
        rows.append((f"store {m} extracted articles (SQLite)",
                     f"{(time.perf_counter() - t0) / m * 1000:.1f} ms/article wall, "
                     f"{(time.process_time() - c0) / m * 1000:.1f} ms CPU", ""))
        store.close()
        for jobs in args.jobs:
            store = Store(Path(d) / f"e{jobs}.db")
            t0 = time.perf_counter()
            rep = ingest([corpus], store, pipeline=default_pipeline(), max_bytes=10**10,
                         jobs=jobs)
            wall = time.perf_counter() - t0
            groups = len(store.duplicate_groups())
            store.close()
            rows.append((f"ingest {args.n} articles into SQLite, jobs={jobs}",
                         f"{wall:.1f} s ({rep.added / wall:.0f}/s, {groups} near-dup groups)",
                         "≤ 120 s"))
    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'result':<40}  target")
    for r in rows:
        print(f"{r[0]:<{w}}  {r[1]:<40}  {r[2]}")


if __name__ == "__main__":
    main()
