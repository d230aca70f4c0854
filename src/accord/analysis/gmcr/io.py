"""Reading and writing GMCR models: the scenario's `conflict` section, the reference-case
JSON format (`accord-gmcr-case/1`, option and graph forms) and GMCR+ `.gmcr` files.

These map other formats into `Conflict`; analyses never read files themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from accord.analysis.gmcr.model import (
    REVERSIBILITIES,
    Conflict,
    Expr,
    GraphState,
    Option,
    Preference,
    eval_expr,
    feasible_mask,
    parse_condition,
    scores,
    state_ids,
)
from accord.errors import InputError
from accord.inputs import read_bounded

MAX_FILE_BYTES = 10 * 2**20  # input check: a conflict file is a few kB
_GMCR_DIR = {"both": "both", "fwd": "only_N_to_Y", "back": "only_Y_to_N"}
_GMCR_DIR_BACK = {v: k for k, v in _GMCR_DIR.items()}


def _resolver(options: list[Option]) -> Any:
    names = {o.name: k for k, o in enumerate(options)}
    labels = {o.label: k for k, o in enumerate(options) if o.label}
    lower = {o.name.lower(): k for k, o in enumerate(options)}

    def resolve(name: str) -> int:
        if name in names:
            return names[name]
        if name in labels:
            return labels[name]
        if name.lower() in lower:
            return lower[name.lower()]
        if name.isdigit() and int(name) < len(options):
            return int(name)
        raise KeyError(name)
    return resolve


def _ranking(raw: Any, where: str) -> tuple[tuple[int, ...], ...]:
    if not isinstance(raw, list):
        raise InputError(f"{where}: a ranking is a list of state ids (inner lists are ties)",
                         fix="list the states from most to least preferred")
    out = []
    seen: set[int] = set()
    for item in raw:
        group = tuple(int(x) for x in (item if isinstance(item, list) else [item]))
        for s in group:
            if s in seen:
                raise InputError(f"{where}: state {s} is ranked twice",
                                 fix="list every state once")
            seen.add(s)
        out.append(group)
    return tuple(out)


def _yn_ranking(raw: Any, options: list[Option], where: str) -> tuple[tuple[int, ...], ...]:
    """A ranking whose entries may be ids, Y/N spellings or lists of taken option ids."""
    def one(x: Any) -> int:
        if isinstance(x, int):
            return x
        s = str(x)
        if s.isdigit():
            return int(s)
        if set(s) <= {"Y", "N"} and len(s) == len(options):
            return sum(1 << k for k, ch in enumerate(s) if ch == "Y")
        raise InputError(f"{where}: cannot read state '{x}'",
                         fix="give a state id or its Y/N spelling in option order")
    groups = []
    for item in raw:
        groups.append([one(x) for x in (item if isinstance(item, list) else [item])])
    return _ranking(groups, where)


# -- reference-case JSON ----------------------------------------------------------------------

def conflict_from_case(data: dict[str, Any], where: str = "case") -> Conflict:
    """A `Conflict` from the reference-case JSON format (option form or graph form)."""
    dms = [str(d) for d in data.get("decision_makers", [])]
    if len(dms) < 2:
        raise InputError(f"{where}: `decision_makers` needs at least two entries",
                         fix="list the decision makers")
    prefs_raw = data.get("preferences", {})
    title = str(data.get("title") or data.get("case_id") or "")
    if "states" in data and "moves" in data:
        states = tuple(GraphState(int(s["id"]), str(s.get("yn", "")), str(s.get("label", "")))
                       for s in data["states"])
        arcs = {dm: tuple((int(a), int(b)) for a, b in data["moves"].get(dm, []))
                for dm in dms}
        prefs = {dm: Preference(ranking=_ranking(prefs_raw.get(dm, {}).get("ranking"),
                                                 f"{where}: preferences.{dm}.ranking"))
                 for dm in dms}
        sq = data.get("status_quo")
        return Conflict(dms=tuple(dms), preferences=prefs, states=states, arcs=arcs,
                        status_quo=None if sq is None else int(sq), title=title)
    options = []
    for k, o in enumerate(data.get("options", [])):
        rev = o.get("reversibility", "both")
        if rev not in REVERSIBILITIES:
            raise InputError(f"{where}: options[{k}].reversibility '{rev}' is unknown",
                             fix=f"use one of: {', '.join(REVERSIBILITIES)}")
        if o.get("dm") not in dms:
            raise InputError(f"{where}: options[{k}] belongs to unknown DM '{o.get('dm')}'",
                             fix=f"use one of: {', '.join(dms)}")
        options.append(Option(str(o["name"]), str(o["dm"]), rev, o.get("label")))
    resolve = _resolver(options)
    infeasible = tuple(parse_condition(e, resolve, f"{where}: infeasible[{k}]")
                       for k, e in enumerate(data.get("infeasible", [])))
    prefs = {}
    for dm in dms:
        p = prefs_raw.get(dm)
        if p is None:
            raise InputError(f"{where}: no preferences for '{dm}'",
                             fix="add preferences.<dm>.ranking or option_prioritization")
        mis = tuple(parse_condition(e, resolve, f"{where}: preferences.{dm}.misperceptions")
                    for e in p.get("misperceptions", []))
        if p.get("option_prioritization"):
            st = tuple(parse_condition(e, resolve, f"{where}: preferences.{dm}")
                       for e in p["option_prioritization"])
            prefs[dm] = Preference(statements=st, misperceptions=mis)
        else:
            prefs[dm] = Preference(ranking=_ranking(p.get("ranking"),
                                                    f"{where}: preferences.{dm}.ranking"),
                                   misperceptions=mis)
    sq = data.get("status_quo")
    return Conflict(dms=tuple(dms), preferences=prefs, options=tuple(options),
                    infeasible=infeasible, status_quo=None if sq is None else int(sq),
                    title=title)


def load_case(path: str | Path) -> Conflict:
    """Read a reference-case JSON file."""
    p = Path(path)
    try:
        raw = read_bounded(p, limit=MAX_FILE_BYTES, what="a .json or .gmcr conflict file")
        if b"\x00" in raw[:8192]:
            raise InputError(f"{p}: looks like a binary file (it contains NUL bytes)",
                             fix="give a reference-case .json or a GMCR+ .gmcr file")
        data = json.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such file", fix="check the path") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})",
                         fix="check the path and permissions") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
                         f"{exc.start})", fix="save the file as UTF-8") from None
    except RecursionError:
        raise InputError(f"{p}: JSON nested too deeply", fix="check the file") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}",
                         fix="fix the JSON syntax") from None
    if not isinstance(data, dict):
        raise InputError(f"{p}: expected a JSON object", fix="see docs/gmcr.md for the format")
    kind = "GMCR+" if "decisionMakers" in data else "reference-case"
    try:
        if "decisionMakers" in data:
            return conflict_from_gmcr(data, str(p))
        return conflict_from_case(data, str(p))
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
        # a value of the wrong shape somewhere in the file (e.g. a number where a list goes)
        what = (f"missing key {exc.args[0]!r}" if isinstance(exc, KeyError)
                else " ".join(str(exc).split())[:160])
        raise InputError(f"{p}: not a valid {kind} file ({what})",
                         fix="see docs/gmcr.md for the format") from None


# -- scenario conflict section ---------------------------------------------------------------

def conflict_from_scenario(sc: Any) -> Conflict:
    """A `Conflict` from a scenario's `conflict` section (DM ids are actor ids)."""
    cs = sc.conflict
    if cs is None:
        raise InputError(f"scenario '{sc.id}' has no `conflict` section",
                         field="conflict", fix="add decision_makers, options and preferences")
    options = [Option(o.id, o.dm, o.reversibility, o.label) for o in cs.options]
    resolve = _resolver(options)
    infeasible = tuple(parse_condition(e, resolve, f"conflict.infeasible[{k}]")
                       for k, e in enumerate(cs.infeasible))
    prefs: dict[str, Preference] = {}
    for dm in cs.decision_makers:
        raw = cs.preferences.get(dm)
        where = f"conflict.preferences.{dm}"
        if raw is None:
            raise InputError(f"no preferences for decision maker '{dm}'", field=where,
                             fix="give statements (most important first) or a ranking")
        prefs[dm] = _scenario_preference(raw, options, resolve, where)
    sq = None
    if cs.status_quo is not None:
        sq = sum(1 << resolve(o) for o in cs.status_quo)
    names = {}
    for dm in cs.decision_makers:
        try:
            names[dm] = sc.actor(dm).name
        except KeyError:
            names[dm] = dm
    return Conflict(dms=tuple(cs.decision_makers), preferences=prefs, options=tuple(options),
                    infeasible=infeasible, status_quo=sq, title=sc.title, dm_names=names)


def _scenario_preference(raw: Any, options: list[Option], resolve: Any, where: str
                         ) -> Preference:
    if hasattr(raw, "model_dump"):
        raw = raw.model_dump(exclude_none=True)
    if isinstance(raw, list):
        raw = {"statements": raw}
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected statements or a ranking", field=where,
                         fix="write `statements: [...]` or `ranking: [...]`")
    mis = tuple(parse_condition(e, resolve, f"{where}.misperceptions")
                for e in raw.get("misperceptions", []) or [])
    if raw.get("ranking") is not None:
        return Preference(ranking=_yn_ranking(raw["ranking"], options, f"{where}.ranking"),
                          misperceptions=mis)
    statements: list[Expr] = []
    rationales: list[str] = []
    for k, item in enumerate(raw.get("statements", []) or []):
        w = f"{where}.statements[{k}]"
        if isinstance(item, dict) and "statement" in item:
            statements.append(parse_condition(item["statement"], resolve, w))
            rationales.append(str(item.get("rationale") or ""))
        else:
            statements.append(parse_condition(item, resolve, w))
            rationales.append("")
    return Preference(statements=tuple(statements), misperceptions=mis,
                      rationales=tuple(rationales))


# -- GMCR+ .gmcr -----------------------------------------------------------------------------

def _gmcr_cond(raw: Any, where: str) -> Expr:
    if isinstance(raw, dict):
        members = raw.get("members", [])
        return ("or", tuple(_gmcr_cond(m, where) for m in members))
    try:
        lits = tuple(("lit", int(k), str(v).upper() == "Y") for k, v in raw)
    except (TypeError, ValueError):
        raise InputError(f"{where}: cannot read condition {raw!r}",
                         fix="conditions are lists of [option index, 'Y'|'N']") from None
    return lits[0] if len(lits) == 1 else ("and", lits)


def conflict_from_gmcr(data: dict[str, Any], where: str = ".gmcr") -> Conflict:
    """A `Conflict` from a GMCR+ save file (gmcr-py's JSON)."""
    opts_raw = data.get("options", [])
    owner: dict[int, str] = {}
    dms = []
    for d in data.get("decisionMakers", []):
        dms.append(str(d["name"]))
        for k in d.get("options", []):
            owner[int(k)] = str(d["name"])
    options = []
    for k, o in enumerate(opts_raw):
        if k not in owner:
            raise InputError(f"{where}: option {k} ('{o.get('name')}') has no decision maker",
                             fix="assign every option to a decision maker")
        options.append(Option(str(o.get("name", f"option {k}")), owner[k],
                              _GMCR_DIR.get(o.get("permittedDirection", "both"), "both")))
    infeasible = tuple(_gmcr_cond(e, f"{where}: infeasibles") for e in data.get("infeasibles", []))
    base = Conflict(dms=tuple(dms), preferences={}, options=tuple(options), infeasible=infeasible)
    fids = state_ids(len(options))[feasible_mask(base)]
    manual = bool(data.get("useManualPreferenceRanking"))
    prefs = {}
    for d in data.get("decisionMakers", []):
        name = str(d["name"])
        mis = tuple(_gmcr_cond(e, f"{where}: misperceptions") for e in d.get("misperceptions", []))
        if manual and d.get("preferenceRanking") is not None:
            groups = []
            for item in d["preferenceRanking"]:
                grp = item if isinstance(item, list) else [item]
                groups.append(tuple(int(fids[int(x) - 1]) for x in grp))
            prefs[name] = Preference(ranking=tuple(groups), misperceptions=mis)
        else:
            st = tuple(_gmcr_cond(e, f"{where}: preferences of {name}")
                       for e in d.get("preferences", []))
            prefs[name] = Preference(statements=st, misperceptions=mis)
    return Conflict(dms=tuple(dms), preferences=prefs, options=tuple(options),
                    infeasible=infeasible, title=str(data.get("title", "")))


def _expr_to_gmcr(e: Expr) -> Any | None:
    """A condition in GMCR+ syntax, or None if it has no such form (NOT, IF, IFF)."""
    def conj(x: Expr) -> list[list[Any]] | None:
        if x[0] == "lit":
            return [[x[1], "Y" if x[2] else "N"]]
        if x[0] == "and" and all(s[0] == "lit" for s in x[1]):
            return [[s[1], "Y" if s[2] else "N"] for s in x[1]]
        return None
    c = conj(e)
    if c is not None:
        return c
    if e[0] == "or":
        members = [conj(s) for s in e[1]]
        if all(m is not None for m in members):
            return {"compound": True, "members": members}
    return None


def conflict_to_gmcr(c: Conflict) -> dict[str, Any]:
    """A GMCR+ save file for an option-form conflict (manual rankings where a statement
    has no GMCR+ form; `preferenceRanking` uses feasible-state ordinals 1..F by id)."""
    if c.graph_form:
        raise InputError("a graph-form model has no GMCR+ option form",
                         fix="export an option-form model")
    fids = state_ids(len(c.options))[feasible_mask(c)]
    ordinal = {int(s): k + 1 for k, s in enumerate(fids)}
    infeas = [_expr_to_gmcr(e) for e in c.infeasible]
    if any(x is None for x in infeas):  # fall back to explicit infeasible states
        all_ids = state_ids(len(c.options))
        bad = all_ids[~feasible_mask(c)]
        infeas = [[[k, "Y" if (int(s) >> k) & 1 else "N"] for k in range(len(c.options))]
                  for s in bad]
    manual = False
    dms_out = []
    for dm in c.dms:
        p = c.preferences[dm]
        st = [_expr_to_gmcr(e) for e in p.statements]
        mis = [_expr_to_gmcr(e) for e in p.misperceptions]
        entry: dict[str, Any] = {
            "name": dm,
            "options": [k for k, o in enumerate(c.options) if o.dm == dm],
            "preferences": [x for x in st if x is not None],
            "misperceptions": [x for x in mis if x is not None],
        }
        if p.ranking is not None or any(x is None for x in st):
            manual = True
        u = scores(c, dm, fids)
        groups: list[list[int]] = []
        for val in sorted(set(u.tolist()), reverse=True):
            groups.append([ordinal[int(s)] for s, v in zip(fids, u, strict=True) if v == val])
        entry["preferenceRanking"] = [g[0] if len(g) == 1 else g for g in groups]
        dms_out.append(entry)
    return {
        "program": "gmcr-py", "version": "0.3.12",
        "options": [{"name": o.name, "permittedDirection": _GMCR_DIR_BACK[o.reversibility]}
                    for o in c.options],
        "decisionMakers": dms_out,
        "infeasibles": infeas,
        "useManualPreferenceRanking": manual,
    }


def conflict_to_case(c: Conflict) -> dict[str, Any]:
    """The reference-case JSON form of a conflict (rankings made explicit)."""
    if c.graph_form:
        return {
            "title": c.title, "decision_makers": list(c.dms),
            "states": [{"id": s.id, "yn": s.yn, "label": s.label} for s in c.states or ()],
            "status_quo": c.status_quo,
            "moves": {dm: [list(a) for a in (c.arcs or {}).get(dm, ())] for dm in c.dms},
            "preferences": {dm: {"ranking": [list(g) if len(g) > 1 else g[0]
                                             for g in c.preferences[dm].ranking or ()]}
                            for dm in c.dms},
        }
    fids = state_ids(len(c.options))[feasible_mask(c)]
    prefs = {}
    for dm in c.dms:
        u = scores(c, dm, fids)
        groups = []
        for val in sorted(set(u.tolist()), reverse=True):
            g = [int(s) for s, v in zip(fids, u, strict=True) if v == val]
            groups.append(g[0] if len(g) == 1 else g)
        prefs[dm] = {"ranking": groups}
    bad = state_ids(len(c.options))[~feasible_mask(c)]
    out: dict[str, Any] = {
        "title": c.title, "decision_makers": list(c.dms),
        "options": [{"name": o.name, "dm": o.dm, "reversibility": o.reversibility}
                    for o in c.options],
        "infeasible": [{o.name: "Y" if (int(s) >> k) & 1 else "N"
                        for k, o in enumerate(c.options)} for s in bad],
        "preferences": prefs,
    }
    if c.status_quo is not None:
        out["status_quo"] = c.status_quo
    return out


def misperceived(c: Conflict, dm: str) -> np.ndarray:
    """Option-form state ids a DM misperceives."""
    ids = state_ids(len(c.options))
    m = np.zeros(ids.shape, dtype=bool)
    for e in c.preferences[dm].misperceptions:
        m |= eval_expr(e, ids)
    return ids[m]
