"""Genius / ANAC negotiation domains read into a `Scenario` (Lin et al. 2014, "Genius: an
integrated environment for supporting the design of generic automated negotiators",
Computational Intelligence 30(1)).

A domain file lists issues and their items; each preference profile gives, per issue, an
`evaluation` per item and a `weight`, plus a `reservation` value (and a `discount_factor`,
which agreement search does not use). A profile is linear additive:
u(ω) = Σ_j w_j · eval_j(ω_j) / max_k eval_j(k), with weights normalised to sum 1.

Mapping: each issue becomes an issue with one level per item, spread evenly over 0–100 in the
domain's item order (the scale only orders items; the values tables carry the preferences);
each profile becomes a party whose position on an issue is its best item, whose salience is the
issue weight, whose `values` table is eval/max per item, and whose reservation utility is the
profile's reservation value. No red lines: Genius profiles have none. Integer issues become one
level per integer (up to 101); real-valued issues are refused with a fix.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.inputs import read_bounded
from accord.scenario import Scenario

MAX_BYTES = 5 * 1024 * 1024


def _ident(text: str, used: set[str], fallback: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_.\-]+", "_", text.strip()).strip("_")[:70] or fallback
    ident, k = base, 2
    while ident in used:
        ident, k = f"{base}_{k}", k + 1
    used.add(ident)
    return ident


def _read_xml(path: Path) -> ET.Element:
    data = read_bounded(path, limit=MAX_BYTES, what="Genius XML files")
    if b"<!ENTITY" in data:
        raise InputError("XML entity declarations are not accepted", file=str(path),
                         fix="Genius files declare no entities; remove the DOCTYPE")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = exc.position
        raise InputError(f"not well-formed XML: {exc}", file=str(path), line=line,
                         column=col + 1, fix="check the file is a Genius XML file") from None


def _number(el: ET.Element, what: str, path: Path) -> float:
    """The `value` attribute of a <reservation> or <weight> element, as a finite number."""
    raw = el.get("value", "0")
    try:
        x = float(raw)
    except ValueError:
        x = float("nan")
    if not math.isfinite(x):
        raise InputError(f"<{what}> value '{raw}' is not a number", file=str(path),
                         fix=f"give the {what} as a number, e.g. value=\"0.5\"")
    return x


def _issues(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter("issue")]


def _items(issue: ET.Element, path: Path) -> list[str]:
    """Item values of an issue (discrete) or the integers of an integer issue."""
    kind = (issue.get("type") or issue.get("etype") or "discrete").lower()
    items = issue.findall("item")
    if items:
        return [it.get("value") or it.get("index") or "" for it in items]
    if kind == "integer":
        try:
            lo, hi = int(issue.get("lowerbound", "")), int(issue.get("upperbound", ""))
        except ValueError:
            raise InputError(f"integer issue '{issue.get('name')}' lacks lowerbound/upperbound",
                             file=str(path), fix="give both bounds") from None
        if not 0 < hi - lo + 1 <= 101:
            raise InputError(f"integer issue '{issue.get('name')}' has {hi - lo + 1} values",
                             file=str(path), fix="agreement search takes up to 101 levels "
                             "per issue; discretise it into items")
        return [str(v) for v in range(lo, hi + 1)]
    raise InputError(f"issue '{issue.get('name')}' of type '{kind}' has no items",
                     file=str(path), fix="only discrete and integer issues can be imported")


def read_genius(domain: str | Path, profiles: Sequence[str | Path], *,
                names: Sequence[str] | None = None, scenario_id: str | None = None) -> Scenario:
    """Read a Genius domain and its linear-additive profiles into a scenario."""
    dpath = Path(domain)
    if len(profiles) < 2:
        raise InputError("agreement search needs at least two preference profiles",
                         fix="pass the domain file and two or more profile files")
    if names is not None and len(names) != len(profiles):
        raise InputError(f"--names gives {len(names)} name(s) for {len(profiles)} profiles",
                         field="--names", fix="give one comma-separated name per profile")
    if names is not None and len({n.strip().lower() for n in names}) != len(names):
        raise InputError("--names repeats a name", field="--names",
                         fix="give each party its own name")
    droot = _read_xml(dpath)
    dissues = _issues(droot)
    if not dissues:
        raise InputError("no <issue> elements: not a Genius domain file", file=str(dpath),
                         fix="pass the domain file first, then the profiles")
    used: set[str] = set()
    issues: list[dict[str, Any]] = []
    item_ids: list[dict[str, str]] = []
    for k, e in enumerate(dissues):
        name = e.get("name") or f"issue{k + 1}"
        values = _items(e, dpath)
        lv_used: set[str] = set()
        n = len(values)
        levels = [{"id": _ident(v, lv_used, f"item{m + 1}"), "label": v or f"item {m + 1}",
                   "value": round(100.0 * m / (n - 1), 6) if n > 1 else 50.0}
                  for m, v in enumerate(values)]
        item_ids.append({v: lv["id"] for v, lv in zip(values, levels, strict=True)})
        issues.append({"id": _ident(name, used, f"issue{k + 1}"), "name": name,
                       "index": e.get("index"),
                       "scale": {0: levels[0]["label"], 100: levels[-1]["label"]},
                       "levels": levels})
    actors: list[dict[str, Any]] = []
    positions: list[dict[str, Any]] = []
    a_used: set[str] = set()
    for m, prof in enumerate(profiles):
        ppath = Path(prof)
        root = _read_xml(ppath)
        label = names[m] if names and m < len(names) else ppath.stem
        aid = _ident(label, a_used, f"party{m + 1}")
        res_el = root.find(".//reservation")
        reservation = (_number(res_el, "reservation", ppath) if res_el is not None else 0.0)
        weights = {w.get("index"): _number(w, "weight", ppath) for w in root.iter("weight")}
        pissues = {e.get("name"): e for e in _issues(root)}
        wsum = 0.0
        rows = []
        for k, iss in enumerate(issues):
            pe = pissues.get(iss["name"])
            if pe is None:
                raise InputError(f"profile has no issue '{iss['name']}' of the domain",
                                 file=str(ppath), fix="use the profiles of this domain")
            w = weights.get(pe.get("index"), 0.0)
            ev: dict[str, float] = {}
            for it in pe.findall("item"):
                v = it.get("value") or it.get("index") or ""
                if v not in item_ids[k]:
                    raise InputError(f"item '{v}' of issue '{iss['name']}' is not in the domain",
                                     file=str(ppath), fix="use the profiles of this domain")
                try:
                    ev[item_ids[k][v]] = float(it.get("evaluation", "nan"))
                except ValueError:
                    ev[item_ids[k][v]] = float("nan")
            bad = [x for x, e in ev.items() if not e >= 0]
            if bad or not ev:
                raise InputError(f"issue '{iss['name']}' has a missing or negative evaluation",
                                 file=str(ppath), fix="give every item evaluation >= 0")
            top = max(ev.values())
            vals = {lv["id"]: (ev.get(lv["id"], 0.0) / top if top > 0 else 1.0)
                    for lv in iss["levels"]}
            best = max(iss["levels"], key=lambda lv, vals=vals: vals[lv["id"]])
            rows.append((iss, w, best["value"], vals))
            wsum += w
        if wsum <= 0:
            raise InputError("all issue weights are zero", file=str(ppath),
                             fix="give the issues positive <weight> values")
        for iss, w, pos, vals in rows:
            positions.append({"actor": aid, "issue": iss["id"], "position": pos,
                              "salience": round(w / wsum, 12), "values": vals})
        actors.append({"id": aid, "name": label, "kind": "organisation",
                       "reservation": min(1.0, max(0.0, reservation))})
    for iss in issues:
        del iss["index"]
    sid = scenario_id or _ident(dpath.stem, set(), "genius")
    return Scenario.model_validate({
        "accord": 1, "id": sid, "title": f"Genius domain {dpath.stem}",
        "description": "Imported from a Genius/ANAC domain and linear-additive profiles; level "
                       "values only order the items, each party's values table carries its "
                       "preferences.",
        "actors": actors, "issues": issues, "positions": positions})
