"""Bridging: what it would take to reach a deal, and how good a given deal is.

- `bridge`: when no package is acceptable to all, the smallest sets of red-line relaxations
  (who moves how far on which issue) that open a zone, ranked by salience-weighted cost
  (salience × points moved / 100); when some package is acceptable, the trades between issues
  (logrolling: Pruitt 1981, *Negotiation Behavior*; Raiffa 1982) that raise every party's
  utility from a base package.
- `score_package`: a named package's utility for each party, who rejects it and why, and its
  distance to the Pareto frontier and to the Nash point.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from accord.analysis.agreement import (
    AgreementResult,
    DisagreementRule,
    Domain,
    agreements_in,
    build_domain,
    find_agreements,
    issue_zones,
)
from accord.errors import InputError
from accord.scenario import Scenario

TOL = 1e-9


# -- packages given by the user ------------------------------------------------------------
def parse_package(text: str) -> dict[str, str]:
    """`"territory=freeze,nato=neutral"` → {"territory": "freeze", "nato": "neutral"}."""
    out: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if "=" not in part:
            raise InputError(f"'{part}' in --package is not ISSUE=LEVEL", field="--package",
                             fix='write it as "issue=level,issue=level"')
        k, v = (x.strip() for x in part.split("=", 1))
        if k in out and out[k] != v:
            raise InputError(f"issue '{k}' appears twice in --package ({out[k]}, {v})",
                             field="--package", fix="give one level per issue")
        out[k] = v
    if not out:
        raise InputError("--package is empty", field="--package",
                         fix='write it as "issue=level,issue=level"')
    return out


def compromise_digits(sc: Scenario, dom: Domain) -> np.ndarray:
    """Per issue, the level nearest the salience-weighted mean position (split the difference)."""
    out = []
    for j, iid in enumerate(dom.issues):
        ps = [p for p in sc.positions_on(iid) if p.actor in dom.parties]
        w = np.array([p.salience for p in ps])
        x = np.array([p.position for p in ps])
        mean = float((w * x).sum() / w.sum()) if ps and w.sum() > 0 else 50.0
        out.append(int(np.argmin(np.abs(np.array(dom.level_values[j]) - mean))))
    return np.array(out, dtype=np.intp)


def resolve_package(sc: Scenario, dom: Domain, package: str | Mapping[str, str]
                    ) -> tuple[str, np.ndarray, list[str]]:
    """(name, level indices, notes) of a package given by scenario id or issue → level map.

    Issues the package leaves open take the split-the-difference level, and a note says so."""
    name = "package"
    if isinstance(package, str):
        named = {p.id: p for p in sc.packages}
        if package in named:
            name = named[package].name
            levels = dict(named[package].levels)
        elif "=" in package:
            levels = parse_package(package)
        else:
            raise InputError(f"no package '{package}' in the scenario", field="--package",
                             fix="use one of: " + (", ".join(named) or "(none defined)")
                             + ', or write "issue=level,..."')
    else:
        levels = dict(package)
    notes: list[str] = []
    base = compromise_digits(sc, dom)
    digits = base.copy()
    for iid, lv in levels.items():
        if iid not in dom.issues:
            raise InputError(f"unknown issue '{iid}' in the package", field="--package",
                             fix="use one of: " + ", ".join(dom.issues))
        j = dom.issues.index(iid)
        if lv not in dom.levels[j]:
            raise InputError(f"unknown level '{lv}' on issue '{iid}'", field="--package",
                             fix="use one of: " + ", ".join(dom.levels[j]))
        digits[j] = dom.levels[j].index(lv)
    open_ = [i for i in dom.issues if i not in levels]
    if open_:
        notes.append("the package leaves open " + ", ".join(open_) + "; scored at the "
                     "split-the-difference level (" + ", ".join(
                         f"{i}={dom.levels[dom.issues.index(i)][base[dom.issues.index(i)]]}"
                         for i in open_) + ")")
    return name, digits, notes


# -- scoring a package ---------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """One party's verdict on a package: its utility, whether it accepts, and why not."""

    party: str
    utility: float
    accepts: bool
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"party": self.party, "utility": round(self.utility, 6),
                "accepts": self.accepts, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class PackageScore:
    """How a package fares: per-party verdicts and its place relative to the frontier."""

    name: str
    levels: dict[str, str]
    verdicts: list[Verdict]
    on_frontier: bool | None
    dominated_by: int
    uniform_gain: float | None
    distance_to_frontier: float | None
    distance_to_nash: float | None
    best_improvement: dict[str, Any] | None
    notes: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        """True when every party accepts the package."""
        return all(v.accepts for v in self.verdicts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 6)

        return {"name": self.name, "levels": dict(self.levels), "accepted": self.accepted,
                "verdicts": [v.to_dict() for v in self.verdicts],
                "on_frontier": self.on_frontier, "dominated_by": self.dominated_by,
                "uniform_gain": r(self.uniform_gain),
                "distance_to_frontier": r(self.distance_to_frontier),
                "distance_to_nash": r(self.distance_to_nash),
                "best_improvement": self.best_improvement, "notes": list(self.notes)}


def _verdicts(sc: Scenario | None, dom: Domain, digits: np.ndarray) -> list[Verdict]:
    u = dom.utilities(digits)[0]
    out = []
    for k, party in enumerate(dom.parties):
        reasons = []
        for j, iid in enumerate(dom.issues):
            if not dom.allowed[j][k, digits[j]]:
                lv, val = dom.levels[j][digits[j]], dom.level_values[j][digits[j]]
                rl = ""
                if sc is not None:
                    p = {q.actor: q for q in sc.positions_on(iid)}.get(party)
                    acc = p.acceptable() if p else None
                    if acc:
                        rl = f" (accepts {acc[0]:g}–{acc[1]:g})"
                reasons.append(f"{iid}: '{lv}' at {val:g} is beyond its red line{rl}")
        if u[k] < dom.reservation[k] - TOL:
            reasons.append(f"utility {u[k]:.3f} is below its reservation {dom.reservation[k]:.3f}")
        out.append(Verdict(party, float(u[k]), not reasons, reasons))
    return out


def score_package(sc: Scenario, package: str | Mapping[str, str], *,
                  disagreement: DisagreementRule = "reservation",
                  agreement: AgreementResult | None = None) -> PackageScore:
    """Score a package: utility and verdict per party, distance to the frontier and Nash point.

    `uniform_gain` is the largest gain every party could have at once by moving to a frontier
    package (> 0: the package leaves value on the table; ≤ 0: nothing dominates it)."""
    dom = build_domain(sc)
    name, digits, notes = resolve_package(sc, dom, package)
    res = agreement or find_agreements(sc, disagreement=disagreement)
    verdicts = _verdicts(sc, dom, digits)
    u = np.array([v.utility for v in verdicts])
    f = res.frontier_array()
    if f.shape[0] == 0:
        notes.append("no package is acceptable to every party, so there is no frontier to "
                     "compare with (see `accord bridge`)")
        return PackageScore(name, dom.package_dict(digits), verdicts, None, 0, None, None,
                            None, None, notes)
    ur = np.round(u, 10)
    fr = np.round(f, 10)
    dominated = (fr >= ur).all(axis=1) & (fr > ur).any(axis=1)
    gains = (f - u).min(axis=1)
    best = int(np.argmax(gains))
    nash = res.points.get("nash")
    dn = None if nash is None else float(np.linalg.norm(
        np.array([nash.utilities[p] for p in dom.parties]) - u))
    on = bool(not dominated.any() and all(v.accepts for v in verdicts))
    improvement = None
    if gains[best] > TOL:
        fb = res.frontier[best]
        improvement = {"levels": fb.levels, "gains": {p: round(fb.utilities[p] - u[k], 6)
                                                      for k, p in enumerate(dom.parties)}}
    return PackageScore(name, dom.package_dict(digits), verdicts, on, int(dominated.sum()),
                        float(gains[best]), float(np.linalg.norm(f - u, axis=1).min()), dn,
                        improvement, notes)


# -- bridging ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Relaxation:
    """One party moving its red line on one issue to admit a level."""

    party: str
    issue: str
    level: str
    red_line: tuple[float, float]
    to: float
    points: float
    cost: float

    def words(self) -> str:
        """The relaxation as a sentence."""
        return (f"{self.party} accepts '{self.level}' on {self.issue} ({self.to:g}, "
                f"{self.points:g} points beyond its red line {self.red_line[0]:g}–"
                f"{self.red_line[1]:g})")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"party": self.party, "issue": self.issue, "level": self.level,
                "red_line": list(self.red_line), "to": self.to, "points": self.points,
                "cost": round(self.cost, 6)}


@dataclass(frozen=True)
class BridgeOption:
    """A set of relaxations that opens a zone of agreement, with what it opens."""

    relaxations: list[Relaxation]
    cost: float
    n_acceptable: int
    nash: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"relaxations": [r.to_dict() for r in self.relaxations],
                "size": len(self.relaxations), "cost": round(self.cost, 6),
                "n_acceptable": self.n_acceptable, "nash": self.nash}


@dataclass(frozen=True)
class Trade:
    """A move from a base package that raises every party's utility (logrolling)."""

    base: str
    changes: list[tuple[str, str, str]]
    gains: dict[str, float]
    levels: dict[str, str]

    def words(self) -> str:
        """The trade as a sentence."""
        ch = "; ".join(f"{i}: {a} → {b}" for i, a, b in self.changes)
        g = ", ".join(f"{p} +{v:.3f}" for p, v in self.gains.items())
        return f"from {self.base}: {ch} (gains {g})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"base": self.base, "changes": [list(c) for c in self.changes],
                "gains": {k: round(v, 6) for k, v in self.gains.items()},
                "levels": dict(self.levels)}


@dataclass(frozen=True)
class BridgeResult:
    """Relaxation options when nothing is acceptable; trades when something is."""

    has_agreement: bool
    blocked_issues: list[str]
    options: list[BridgeOption]
    reservation_gaps: dict[str, float]
    trades: list[Trade]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"has_agreement": self.has_agreement, "blocked_issues": list(self.blocked_issues),
                "options": [o.to_dict() for o in self.options],
                "reservation_gaps": {k: round(v, 6) for k, v in self.reservation_gaps.items()},
                "trades": [t.to_dict() for t in self.trades], "notes": list(self.notes)}


def _issue_options(sc: Scenario, dom: Domain, j: int) -> list[tuple[list[Relaxation], float]]:
    """For one issue: each level with the relaxations it needs, cheapest first."""
    iid = dom.issues[j]
    pos = {p.actor: p for p in sc.positions_on(iid)}
    opts = []
    for lv in range(len(dom.levels[j])):
        val = dom.level_values[j][lv]
        rel = []
        for k in np.flatnonzero(~dom.allowed[j][:, lv]):
            party = dom.parties[k]
            p = pos[party]
            acc = p.acceptable() or (0.0, 100.0)
            pts = float(max(acc[0] - val, val - acc[1], 0.0))
            rel.append(Relaxation(party, iid, dom.levels[j][lv], acc, val, pts,
                                  p.salience * pts / 100.0))
        opts.append((rel, sum(r.cost for r in rel)))
    opts.sort(key=lambda o: (o[1], len(o[0])))
    # drop options whose parties are a superset of a cheaper option's parties
    kept: list[tuple[list[Relaxation], float]] = []
    for rel, cost in opts:
        who = {r.party for r in rel}
        if any({r.party for r in k[0]} <= who for k in kept):
            continue
        kept.append((rel, cost))
    return kept


def _cheapest_combos(per_issue: list[list[tuple[list[Relaxation], float]]]
                     ) -> Iterator[tuple[tuple[list[Relaxation], float], ...]]:
    """One option per issue, in ascending total cost (best-first over the sorted lists, so
    many blocked issues never enumerate the full product)."""
    if any(not opts for opts in per_issue):
        return
    start = (0,) * len(per_issue)

    def cost(ix: tuple[int, ...]) -> tuple[float, int]:
        picked = [per_issue[j][i] for j, i in enumerate(ix)]
        return (sum(o[1] for o in picked), sum(len(o[0]) for o in picked))

    heap = [(cost(start), start)]
    seen = {start}
    while heap:
        _c, ix = heapq.heappop(heap)
        yield tuple(per_issue[j][i] for j, i in enumerate(ix))
        for j in range(len(ix)):
            if ix[j] + 1 < len(per_issue[j]):
                nxt = ix[:j] + (ix[j] + 1,) + ix[j + 1:]
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (cost(nxt), nxt))


def bridge(sc: Scenario, *, package: str | Mapping[str, str] | None = None,
           max_options: int = 8, max_trades: int = 10) -> BridgeResult:
    """Relaxations that open a zone (when none exists) or trades from a package (when one does).

    Base packages for trades: `package` if given, else the scenario's named packages and the
    split-the-difference package. Trades change one or two issues and must stay acceptable."""
    dom = build_domain(sc)
    res = agreements_in(dom, zones=issue_zones(sc, dom))
    notes: list[str] = []
    blocked = [z.issue for z in res.zones if z.empty]
    options: list[BridgeOption] = []
    gaps: dict[str, float] = {}
    if blocked:
        per_issue = [_issue_options(sc, dom, dom.issues.index(i)) for i in blocked]
        for combo in itertools.islice(_cheapest_combos(per_issue), 50 * max_options):
            rels = [r for o in combo for r in o[0]]
            allowed = [a.copy() for a in dom.allowed]
            for r in rels:
                j = dom.issues.index(r.issue)
                allowed[j][dom.parties.index(r.party), dom.levels[j].index(r.level)] = True
            opened = agreements_in(replace(dom, allowed=tuple(allowed)), sample=0)
            if not opened.n_acceptable:
                continue
            nash = opened.points.get("nash")
            options.append(BridgeOption(rels, sum(r.cost for r in rels), opened.n_acceptable,
                                        nash.to_dict() if nash else None))
            if len(options) >= max_options:
                break
        if not options:
            notes.append("relaxing red lines alone opens no zone: reservation utilities still "
                         "exclude every package")
    elif not res.has_agreement:
        # red lines leave packages, reservations exclude them: shortfalls at the best package
        inside = [np.flatnonzero(a.all(axis=0)) for a in dom.allowed]
        zopa, _ = dom.restrict(inside)
        free = replace(zopa, reservation=np.zeros(len(dom.parties)))
        e = agreements_in(free, disagreement=list(dom.reservation), sample=0
                          ).points["egalitarian"]
        if e is not None:
            gaps = {p: max(0.0, float(dom.reservation[k] - e.utilities[p]))
                    for k, p in enumerate(dom.parties)}
            notes.append("red lines leave packages open but reservations exclude them all; "
                         "reservation_gaps says how far each party must lower its reservation "
                         "to accept the package closest to everyone's reservation")
    trades: list[Trade] = []
    if res.has_agreement:
        bases: list[tuple[str, np.ndarray]] = []
        if package is not None:
            name, digits, pnotes = resolve_package(sc, dom, package)
            bases.append((name, digits))
            notes.extend(pnotes)
        else:
            for p in sc.packages:
                try:
                    name, digits, _ = resolve_package(sc, dom, p.id)
                except InputError:
                    continue
                bases.append((p.id, digits))
            bases.append(("split-the-difference", compromise_digits(sc, dom)))
        for name, digits in bases:
            trades.extend(logrolls(dom, digits, name, limit=max_trades))
        trades.sort(key=lambda t: -min(t.gains.values()))
        trades = trades[:max_trades]
    return BridgeResult(res.has_agreement, blocked, options, gaps, trades, notes)


def logrolls(dom: Domain, base: np.ndarray, name: str = "base", *, limit: int = 10
             ) -> list[Trade]:
    """Changes on one or two issues from `base` that raise every party's utility and keep the
    package acceptable to all, best minimum gain first (two-issue changes are trades)."""
    base = np.asarray(base, dtype=np.intp)
    n_i = len(dom.issues)
    u0 = dom.utilities(base)[0]
    found: list[tuple[float, list[tuple[int, int]], np.ndarray]] = []
    delta = [t - t[:, [base[j]]] for j, t in enumerate(dom.tables)]  # (P, L_j)
    ok_all = [a.all(axis=0) for a in dom.allowed]
    base_ok = all(ok_all[j][base[j]] for j in range(n_i))
    for j, k in itertools.combinations(range(n_i), 2):
        g = delta[j][:, :, None] + delta[k][:, None, :]  # (P, Lj, Lk)
        ok = (g > TOL).all(axis=0) & ok_all[j][:, None] & ok_all[k][None, :]
        if not base_ok:
            others = all(ok_all[m][base[m]] for m in range(n_i) if m not in (j, k))
            ok &= others
        ok &= ((u0[:, None, None] + g) >= dom.reservation[:, None, None] - TOL).all(axis=0)
        for a, b in zip(*np.nonzero(ok), strict=True):
            ch = [(j, int(a)), (k, int(b))]
            ch = [(m, lv) for m, lv in ch if lv != base[m]]
            found.append((float(g[:, a, b].min()), ch, g[:, a, b]))
    # keep each distinct move once, best first
    seen: set[tuple[tuple[int, int], ...]] = set()
    out: list[Trade] = []
    for _gmin, ch, g in sorted(found, key=lambda x: -x[0]):
        key = tuple(ch)
        if key in seen or not ch:
            continue
        seen.add(key)
        new = base.copy()
        for m, lv in ch:
            new[m] = lv
        out.append(Trade(name, [(dom.issues[m], dom.levels[m][base[m]], dom.levels[m][lv])
                                for m, lv in ch],
                         {p: float(g[q]) for q, p in enumerate(dom.parties)},
                         dom.package_dict(new)))
        if len(out) >= limit:
            break
    return out
