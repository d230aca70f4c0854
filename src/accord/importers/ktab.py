"""KTAB's spatial-model CSV (KAPSARC Toolkit for Behavioral Analysis) read into a `Scenario`.

Format (KTAB `examples/smp/doc/*.csv`): line 1 `name, description, number of actors, number of
dimensions`; line 2 a header `Actor,Description,Power,Pstn1,Sal1,Pstn2,Sal2,...`; then one row
per actor. Trailing commas and padded spaces are allowed. Positions are on 0–100 already;
saliences are 0–100 in KTAB (a budget: an actor's saliences sum to at most 100) and become 0–1
here; power becomes the actor's relative capability.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from accord.errors import InputError
from accord.inputs import read_bounded
from accord.scenario import Scenario

MAX_BYTES = 10 * 2**20  # input check: a KTAB CSV has one row per actor


def _cells(line: str) -> list[str]:
    row = next(csv.reader([line], skipinitialspace=True), [])
    cells = [c.strip() for c in row]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _ident(text: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.\-]+", "_", text.strip()).strip("_")[:70] or "actor"
    ident, k = base, 2
    while ident in used:
        ident, k = f"{base}_{k}", k + 1
    used.add(ident)
    return ident


def parse_ktab(text: str, *, name: str = "<ktab>") -> Scenario:
    """Parse KTAB CSV text; every problem is an `InputError` naming the line and the fix."""
    lines = [(k + 1, ln) for k, ln in enumerate(io.StringIO(text).read().splitlines())
             if ln.strip() and not ln.strip().startswith("#")]
    if len(lines) < 3:
        raise InputError("a KTAB CSV needs a title line, a header line and at least one actor",
                         file=name, fix="see docs/forecast.md for the format")
    ln1, first = lines[0]
    meta = _cells(first)
    if len(meta) < 4:
        raise InputError("line 1 must be 'name, description, number of actors, number of "
                         "dimensions'", file=name, line=ln1, fix="add the missing fields")
    try:
        n_actors, n_dims = int(float(meta[2])), int(float(meta[3]))
    except ValueError:
        raise InputError(f"line 1: '{meta[2]}', '{meta[3]}' are not counts", file=name,
                         line=ln1, fix="write the number of actors and of dimensions") from None
    ln2, head_line = lines[1]
    header = _cells(head_line)
    want = 3 + 2 * n_dims
    if len(header) < want:
        raise InputError(f"header has {len(header)} columns; {n_dims} dimensions need {want}",
                         file=name, line=ln2,
                         fix="Actor,Description,Power then a Pstn/Sal pair per dimension")
    dims = []
    for d in range(n_dims):
        label = header[3 + 2 * d]
        dims.append(label or f"dim{d + 1}")
    rows = lines[2:]
    if len(rows) != n_actors:
        raise InputError(f"line 1 announces {n_actors} actors but {len(rows)} rows follow",
                         file=name, line=ln1, fix="fix the count or the rows")
    used_actor: set[str] = set()
    used_issue: set[str] = set()
    issue_ids = [_ident(lbl, used_issue) for lbl in dims]
    actors, positions = [], []
    for line_no, raw in rows:
        cells = _cells(raw)
        if len(cells) < want:
            raise InputError(f"row has {len(cells)} values; {want} expected", file=name,
                             line=line_no, fix="give Power and a Pstn/Sal pair per dimension")

        def num(k: int, what: str, hi: float | None, line_no: int = line_no,
                cells: list[str] = cells) -> float:
            try:
                v = float(cells[k])
            except ValueError:
                raise InputError(f"{what} '{cells[k]}' is not a number", file=name, line=line_no,
                                 fix="write a number") from None
            if v < 0 or (hi is not None and v > hi):
                rng = f"0–{hi:g}" if hi is not None else "≥ 0"
                raise InputError(f"{what} {v:g} is outside {rng}", file=name, line=line_no,
                                 fix=f"use a value in {rng}")
            return v

        aid = _ident(cells[0], used_actor)
        actors.append({"id": aid, "name": cells[0] or aid, "role": cells[1] or None,
                       "capability": num(2, "Power", None)})
        for d, iid in enumerate(issue_ids):
            positions.append({"actor": aid, "issue": iid,
                              "position": num(3 + 2 * d, f"{dims[d]} position", 100),
                              "salience": num(4 + 2 * d, f"{dims[d]} salience", 100) / 100})
    title = meta[0] or Path(name).stem
    sid = _ident(title, set())
    data = {"accord": 1, "id": sid, "title": title, "description": meta[1] or None,
            "actors": actors,
            "issues": [{"id": iid, "name": lbl, "scale": {0: "0", 100: "100"}}
                       for iid, lbl in zip(issue_ids, dims, strict=True)],
            "positions": positions}
    try:
        return Scenario.model_validate(data)
    except Exception as exc:  # pydantic errors: reported as one line
        raise InputError(f"cannot map the KTAB data into a scenario: {exc}".splitlines()[0],
                         file=name, fix="check names and numbers") from None


def read_ktab(path: str | Path) -> Scenario:
    """Read a KTAB CSV file (UTF-8, or Latin-1 as a fallback)."""
    p = Path(path)
    raw = read_bounded(p, limit=MAX_BYTES, what="KTAB CSV files",
                       fix="a KTAB CSV has one row per actor; check you passed the right path")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return parse_ktab(text, name=str(p))
