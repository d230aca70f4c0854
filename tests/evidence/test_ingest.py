"""Ingest: formats, bad input one line each, idempotence, SIGKILL safety, 4 concurrent writers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accord.evidence import Store, ingest
from accord.evidence.pipeline import build_pipeline

PIPE = build_pipeline()


def _article(i: int) -> str:
    return (f"Talks round {i} ends\n\n\"We will never accept round {i} terms,\" Zelensky said "
            f"after {i} hours of talks. Russia wants about {i},000 square kilometers, a US "
            f"official said. Peskov called it \"a step {i}\" toward peace. Unique token "
            f"z{i}q{i * 7919}.\n")


def test_formats_and_bad_input(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(_article(1), encoding="utf-8")
    (d / "b.html").write_text(
        "<html><head><title>Peace talks</title><style>body{color:red}</style>"
        "<script>alert('x')</script></head><body><article><h1>Peace talks</h1><p>"
        + "Negotiators met in Geneva and discussed a ceasefire for many hours. " * 8
        + "</p></article><script>var secret = 1;</script></body></html>", encoding="utf-8")
    (d / "c.jsonl").write_text(json.dumps({"title": "T", "text": _article(2), "outlet": "AP",
                                           "published": "2025-02-14"}) + "\n{broken\n",
                               encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (d / "latin.txt").write_bytes(_article(3).encode("utf-8") + b"caf\xe9 au lait\n")
    (d / "big.txt").write_bytes(b"a" * 3000)
    store = Store(tmp_path / "e.db")
    problems: list[str] = []
    rep = ingest([d], store, max_bytes=2000, pipeline=PIPE,
                 on_problem=lambda p: problems.append(str(p)))
    assert rep.added == 4  # a.txt, b.html, c.jsonl line 1, latin.txt (with a warning)
    assert rep.failed
    by_file = {Path(p.split(":")[0]).name for p in problems}
    assert by_file == {"c.jsonl", "empty.txt", "bin.txt", "latin.txt", "big.txt"}
    assert any("byte offset" in p and "latin.txt" in p for p in problems)
    texts = [a.text for a in store.articles()]
    assert not any("alert(" in t or "color:red" in t or "secret" in t for t in texts)
    arts = {a.source.split("/")[-1]: a for a in store.articles()}
    assert arts["c.jsonl:1"].outlet == "AP" and str(arts["c.jsonl:1"].published) == "2025-02-14"
    assert arts["a.txt"].title == "Talks round 1 ends"
    again = ingest([d], store, max_bytes=2000, pipeline=PIPE)
    assert again.added == 0 and again.duplicates == 4
    store.close()


def test_cli_exit_code_and_one_line_per_problem(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(_article(5), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00" * 10)
    r = subprocess.run([sys.executable, "-m", "accord", "ingest", str(tmp_path / "ok.txt"),
                        str(tmp_path / "bad.txt"), "--db", str(tmp_path / "e.db")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "bad.txt" in lines[0]
    assert "1 added" in r.stdout


_WRITER = """
import sys
from pathlib import Path
from accord.evidence import Store, ingest
store = Store(sys.argv[1])
ingest([sys.argv[2]], store)
"""


def _corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(_article(i) * 3, encoding="utf-8")


def test_four_concurrent_ingests_lose_and_duplicate_nothing(tmp_path: Path, db_url: str) -> None:
    """On SQLite and (when ACCORD_TEST_PG_URL is set) PostgreSQL."""
    _corpus(tmp_path / "c", 24)
    db = db_url
    Store(db).close()
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, db, str(tmp_path / "c")])
             for _ in range(4)]
    assert all(p.wait(timeout=240) == 0 for p in procs)
    store = Store(db)
    arts = store.articles()
    assert len(arts) == 24
    assert len({a.content_hash for a in arts}) == 24
    stats = store.stats()
    expected = sum(len(PIPE(a.text).quotes) for a in arts)
    assert stats["quotes"] == expected
    store.close()


def test_sigkill_mid_ingest_leaves_no_partial_article(tmp_path: Path) -> None:
    _corpus(tmp_path / "c", 150)
    db = tmp_path / "e.db"
    Store(db).close()
    p = subprocess.Popen([sys.executable, "-c", _WRITER, str(db), str(tmp_path / "c")])
    store = Store(db)
    deadline = time.time() + 60
    while store.count() < 5 and time.time() < deadline:
        time.sleep(0.05)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    arts = store.articles()
    assert 0 < len(arts) < 150
    stats = store.stats()
    # every stored article has all of its evidence
    assert stats["quotes"] == sum(len(PIPE(a.text).quotes) for a in arts)
    assert stats["quantities"] == sum(len(PIPE(a.text).quantities) for a in arts)
    rep = ingest([tmp_path / "c"], store, pipeline=PIPE)
    assert rep.added + len(arts) == 150 and store.count() == 150
    store.close()


@pytest.mark.parametrize("name", ["mini.txt"])
def test_near_duplicate_wire_copy_grouped(tmp_path: Path, name: str) -> None:
    base = _article(9) * 6
    (tmp_path / "a.txt").write_text(base, encoding="utf-8")
    (tmp_path / "b.txt").write_text(base.replace("Talks round 9 ends", "AP: Talks end"),
                                    encoding="utf-8")
    store = Store(tmp_path / "e.db")
    rep = ingest([tmp_path / "a.txt", tmp_path / "b.txt"], store, pipeline=PIPE)
    assert rep.added == 2 and rep.near_duplicates == 1
    assert len(store.duplicate_groups()) == 1
    store.close()


def test_parallel_extraction_stores_what_serial_does(tmp_path: Path) -> None:
    from accord.evidence.ingest import MIN_PARALLEL
    from accord.evidence.pipeline import default_pipeline

    _corpus(tmp_path / "c", MIN_PARALLEL + 6)
    serial, parallel = Store(tmp_path / "s.db"), Store(tmp_path / "p.db")
    r1 = ingest([tmp_path / "c"], serial, pipeline=default_pipeline(), jobs=1)
    r2 = ingest([tmp_path / "c"], parallel, pipeline=default_pipeline(), jobs=2)
    assert r1.added == r2.added == MIN_PARALLEL + 6
    assert serial.stats() == parallel.stats()
    assert [a.source for a in serial.articles()] == [a.source for a in parallel.articles()]
    assert serial.quotes() == parallel.quotes()
    serial.close()
    parallel.close()
