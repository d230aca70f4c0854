"""Agreement search: the outcome space of packages, utilities, zones of agreement, the Pareto
frontier and the bargaining solutions on it.

A *package* picks one discrete level per issue. A party's utility for a package is the
salience-weighted mean over issues of a value in [0, 1]: by default linear in the distance
from the party's position on the 0–100 scale, `v = 1 − |level − position| / 100`, or the
party's own per-level table (`Position.values`). Weights are the party's saliences divided by
their sum, so utilities lie in [0, 1] and 1 means "every issue at my own position"
(the linear-additive model of Raiffa 1982, *The Art and Science of Negotiation*, and of the
ANAC/Genius domains). A level beyond a party's red line makes a package unacceptable to it
(a hard constraint); so does a utility below its reservation utility (BATNA; default 0, so by
default the red lines alone say what a party accepts).

Solutions (all computed on the exact Pareto frontier of the packages acceptable to all):
- Nash (1950): maximise Π(u_i − d_i) over packages with every u_i > d_i;
- Kalai & Smorodinsky (1975): maximise min_i (u_i − d_i)/(a_i − d_i), a = ideal point;
- egalitarian (Kalai 1977): maximise min_i (u_i − d_i);
- maximum welfare (utilitarian): maximise Σ u_i.
Ties are broken by the larger welfare, then the lower package index, so results are stable.

The frontier is exact. Without cross-issue constraints it is built issue by issue: a
Pareto-optimal point of a Minkowski sum A ⊕ B is a sum of Pareto-optimal points of A and B,
so F_k = pareto(F_{k−1} ⊕ L_k) never enumerates the full space. With constraints, or to count
acceptable packages, the space is enumerated in chunks of packages × parties arrays so memory
stays bounded.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from accord.errors import AnalysisError, InputError
from accord.scenario import Scenario

log = logging.getLogger(__name__)

CHUNK = 1 << 18  # packages per chunk when enumerating
MERGE_LIMIT = 1 << 20  # largest fused issue (level combinations) before enumerating instead
DECIMALS = 10  # utilities are rounded to this many decimals before dominance comparisons
DisagreementRule = Literal["reservation", "min"]
POINTS = ("nash", "kalai_smorodinsky", "egalitarian", "max_welfare")


# -- the outcome space ---------------------------------------------------------------------
@dataclass(frozen=True)
class Domain:
    """The outcome space as arrays: one table of weighted values per issue, red-line masks.

    `tables[j][p, l]` is party p's weight on issue j times its value of level l, so a package's
    utility for p is the sum over issues of `tables[j][p, level_j]`. `allowed[j][p, l]` says
    whether level l lies inside p's red line. `constraints` lists level combinations that
    cannot go together: each is a tuple of (issue index, allowed level indices)."""

    parties: tuple[str, ...]
    issues: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    level_values: tuple[tuple[float, ...], ...]
    tables: tuple[np.ndarray, ...]
    allowed: tuple[np.ndarray, ...]
    reservation: np.ndarray
    constraints: tuple[tuple[tuple[int, tuple[int, ...]], ...], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of levels per issue."""
        return tuple(len(lv) for lv in self.levels)

    @property
    def size(self) -> int:
        """Number of packages (before constraints)."""
        return math.prod(self.shape)

    def utilities(self, digits: np.ndarray) -> np.ndarray:
        """Utilities (n × parties) of packages given as level indices (n × issues)."""
        digits = np.asarray(digits, dtype=np.intp).reshape(-1, len(self.issues))
        u = np.zeros((digits.shape[0], len(self.parties)))
        for j, t in enumerate(self.tables):
            u += t.T[digits[:, j]]
        return u

    def red_line_ok(self, digits: np.ndarray) -> np.ndarray:
        """(n × parties) whether each package keeps inside each party's red lines."""
        digits = np.asarray(digits, dtype=np.intp).reshape(-1, len(self.issues))
        ok = np.ones((digits.shape[0], len(self.parties)), dtype=bool)
        for j, a in enumerate(self.allowed):
            ok &= a.T[digits[:, j]]
        return ok

    def feasible(self, digits: np.ndarray) -> np.ndarray:
        """(n,) whether each package respects the cross-issue constraints."""
        digits = np.asarray(digits, dtype=np.intp).reshape(-1, len(self.issues))
        ok = np.ones(digits.shape[0], dtype=bool)
        for con in self.constraints:
            hit = np.ones(digits.shape[0], dtype=bool)
            for j, lv in con:
                hit &= np.isin(digits[:, j], lv)
            ok &= ~hit
        return ok

    def digits_of(self, index: np.ndarray) -> np.ndarray:
        """Level indices (n × issues) of packages numbered in C order."""
        return np.stack(np.unravel_index(np.asarray(index), self.shape), axis=1)

    def restrict(self, keep: Sequence[np.ndarray]) -> tuple[Domain, list[np.ndarray]]:
        """The sub-space keeping only the given level indices per issue, and the index maps."""
        keep = [np.asarray(k, dtype=np.intp) for k in keep]
        pos = [dict(zip(k.tolist(), range(len(k)), strict=True)) for k in keep]
        cons = []
        for con in self.constraints:
            new = tuple((j, tuple(pos[j][x] for x in lv if x in pos[j])) for j, lv in con)
            if all(lv for _j, lv in new):
                cons.append(new)
        sub = Domain(
            parties=self.parties, issues=self.issues,
            levels=tuple(tuple(self.levels[j][x] for x in k) for j, k in enumerate(keep)),
            level_values=tuple(tuple(self.level_values[j][x] for x in k)
                               for j, k in enumerate(keep)),
            tables=tuple(t[:, k] for t, k in zip(self.tables, keep, strict=True)),
            allowed=tuple(a[:, k] for a, k in zip(self.allowed, keep, strict=True)),
            reservation=self.reservation, constraints=tuple(cons), notes=self.notes)
        return sub, keep

    def package_dict(self, digits: Sequence[int]) -> dict[str, str]:
        """issue id → level id of one package."""
        return {i: self.levels[j][int(d)] for j, (i, d) in enumerate(zip(self.issues, digits,
                                                                         strict=True))}


def level_value(position: float, level: float) -> float:
    """The default value of a level to a party at `position`: linear in distance, in [0, 1]."""
    return 1.0 - abs(level - position) / 100.0


def build_domain(sc: Scenario, *, parties: Sequence[str] | None = None,
                 reservation: Mapping[str, float] | None = None) -> Domain:
    """The outcome space of a scenario: issues with levels × parties holding positions on them.

    Issues without levels are left out (noted); a party without a position on an issue is
    indifferent to it. Reservation utilities come from `Actor.reservation` (default 0) unless
    `reservation` overrides them."""
    notes: list[str] = []
    issues = [i for i in sc.issues if i.levels]
    skipped = [i.id for i in sc.issues if not i.levels]
    if skipped:
        notes.append(f"issues without levels left out of the outcome space: {', '.join(skipped)}")
    if not issues:
        raise AnalysisError("no issue has discrete levels, so there are no packages to search",
                            field="issues", fix="add `levels:` (id, value, label) to the issues")
    pos = {(p.actor, p.issue): p for i in issues for p in sc.positions_on(i.id)}
    if parties is None:
        holders = {a for a, _i in pos}
        party_ids = [a.id for a in sc.actors if a.id in holders]
    else:
        party_ids = list(parties)
        for a in party_ids:
            try:
                sc.actor(a)
            except KeyError:
                raise InputError(f"unknown party '{a}'", fix="use one of: " + ", ".join(
                    x.id for x in sc.parties())) from None
    if len(party_ids) < 2:
        raise AnalysisError("agreement search needs at least two parties with positions on "
                            "issues that have levels", field="positions",
                            fix="add positions for a second party")
    n_p = len(party_ids)
    sal = np.zeros((n_p, len(issues)))
    for k, a in enumerate(party_ids):
        for j, i in enumerate(issues):
            p = pos.get((a, i.id))
            if p is not None:
                sal[k, j] = p.salience
    tot = sal.sum(axis=1)
    tables, allowed = [], []
    for j, i in enumerate(issues):
        vals = np.array([lv.value for lv in i.levels])
        t = np.zeros((n_p, len(vals)))
        ok = np.ones((n_p, len(vals)), dtype=bool)
        for k, a in enumerate(party_ids):
            p = pos.get((a, i.id))
            if p is None:
                continue
            if p.values is not None:
                v = np.array([p.values.get(lv.id, np.nan) for lv in i.levels])
                miss = np.isnan(v)
                v[miss] = 1.0 - np.abs(vals[miss] - p.position) / 100.0
            else:
                v = 1.0 - np.abs(vals - p.position) / 100.0
            t[k] = v * (sal[k, j] / tot[k] if tot[k] > 0 else 0.0)
            acc = p.acceptable()
            if acc is not None:
                ok[k] = (vals >= acc[0] - 1e-9) & (vals <= acc[1] + 1e-9)
        tables.append(t)
        allowed.append(ok)
    for k in np.flatnonzero(tot == 0):
        tables[0][k] = 1.0
        notes.append(f"{party_ids[k]} gives no salience to any issue: utility 1 for every package")
    res = np.zeros(n_p)
    for k, a in enumerate(party_ids):
        r = (reservation or {}).get(a)
        if r is None:
            r = sc.actor(a).reservation
        res[k] = 0.0 if r is None else float(r)
    idx = {i.id: j for j, i in enumerate(issues)}
    cons = []
    for c in sc.constraints:
        if not all(i in idx for i in c.levels):
            continue
        entry = []
        for i, lvs in c.levels.items():
            ids = [lvs] if isinstance(lvs, str) else list(lvs)
            lv_ids = [lv.id for lv in sc.issue(i).levels]
            entry.append((idx[i], tuple(lv_ids.index(x) for x in ids if x in lv_ids)))
        cons.append(tuple(entry))
    return Domain(
        parties=tuple(party_ids), issues=tuple(i.id for i in issues),
        levels=tuple(tuple(lv.id for lv in i.levels) for i in issues),
        level_values=tuple(tuple(lv.value for lv in i.levels) for i in issues),
        tables=tuple(tables), allowed=tuple(allowed), reservation=res,
        constraints=tuple(cons), notes=tuple(notes))


def iter_blocks(dom: Domain, chunk: int = CHUNK
                ) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """(first package index, utilities, red-line acceptance) of consecutive blocks of packages
    in C order, at most max(`chunk`, last issue's levels) per block.

    The trailing issues are combined once by broadcasting (an outer sum of the per-issue
    tables); each block adds one combination of the leading issues to it, so no per-package
    index arithmetic is needed."""
    shape, n_p = dom.shape, len(dom.parties)
    h, tail = len(shape), 1
    while h > 0 and (tail * shape[h - 1] <= chunk or tail == 1):
        h -= 1
        tail *= shape[h]
    tu = np.zeros((1, n_p))
    tok = np.ones((1, n_p), dtype=bool)
    for j in range(h, len(shape)):
        tu = (tu[:, None, :] + dom.tables[j].T[None, :, :]).reshape(-1, n_p)
        tok = (tok[:, None, :] & dom.allowed[j].T[None, :, :]).reshape(-1, n_p)
    head = shape[:h]
    for c in range(math.prod(head)):
        hd = np.unravel_index(c, head) if head else ()
        hu = np.zeros(n_p)
        hok = np.ones(n_p, dtype=bool)
        for j, x in enumerate(hd):
            hu = hu + dom.tables[j][:, x]
            hok = hok & dom.allowed[j][:, x]
        yield c * tail, tu + hu, tok & hok


def iter_chunks(dom: Domain, chunk: int = CHUNK) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(level indices, utilities) of every package, block by block (see `iter_blocks`)."""
    for start, u, _ok in iter_blocks(dom, chunk):
        yield dom.digits_of(np.arange(start, start + u.shape[0])), u


# -- Pareto frontier -----------------------------------------------------------------------
def pareto_indices(u: np.ndarray) -> np.ndarray:
    """Row indices (ascending) of the non-dominated rows of `u` (higher is better); ties kept.

    Rows are rounded to `DECIMALS` first so that sums computed in different orders compare
    equal. Points are visited by descending sum (a dominator always has a larger sum) and each
    one removes the points it dominates; cost O(n × frontier)."""
    u = np.round(np.asarray(u, dtype=float), DECIMALS)
    n = u.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.intp)
    if u.shape[1] == 1:
        return np.flatnonzero(u[:, 0] == u[:, 0].max())
    order = np.argsort(-u.sum(axis=1), kind="stable")
    # integer grid (units of 10^-DECIMALS), one contiguous row per party: fast comparisons
    cols = np.rint(u[order].T * 10.0**DECIMALS).astype(np.int64)
    idx = order
    i = 0
    while i < cols.shape[1]:
        rest = cols[:, i:]
        # a block of the best remaining points removes everything any of them dominates;
        # the block's survivors are final (only points with larger sums can dominate them)
        b = int(max(1, min(128, 2_000_000 // rest.shape[1])))
        le = np.ones((min(b, rest.shape[1]), rest.shape[1]), dtype=bool)
        lt = np.zeros_like(le)
        for row in rest:
            top = row[:b, None]
            le &= row[None, :] <= top
            lt |= row[None, :] < top
        dom = (le & lt).any(axis=0)
        if dom.any():
            keep = np.ones(cols.shape[1], dtype=bool)
            keep[i:] = ~dom
            cols, idx = cols[:, keep], idx[keep]
        i += le.shape[0] - int(dom[:b].sum())
    return np.sort(idx)


def _frontier_separable(dom: Domain) -> tuple[np.ndarray, np.ndarray]:
    """Exact frontier of a constraint-free space, built issue by issue (Minkowski sums)."""
    n_p = len(dom.parties)
    digits = np.zeros((1, 0), dtype=np.intp)
    u = np.zeros((1, n_p))
    for t in dom.tables:
        n_l = t.shape[1]
        u = (u[:, None, :] + t.T[None, :, :]).reshape(-1, n_p)
        digits = np.concatenate([np.repeat(digits, n_l, axis=0),
                                 np.tile(np.arange(n_l), digits.shape[0])[:, None]], axis=1)
        keep = pareto_indices(u)
        u, digits = u[keep], digits[keep]
    return digits, u


def _frontier_enumerated(dom: Domain, chunk: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact frontier of the feasible packages by chunked enumeration."""
    best_d = np.zeros((0, len(dom.issues)), dtype=np.intp)
    best_u = np.zeros((0, len(dom.parties)))
    for start, u, _ok in iter_blocks(dom, chunk):
        index = np.arange(start, start + u.shape[0])
        ok = dom.feasible(dom.digits_of(index))
        keep = pareto_indices(u[ok])
        best_d = np.concatenate([best_d, dom.digits_of(index[ok][keep])])
        best_u = np.concatenate([best_u, u[ok][keep]])
        keep = pareto_indices(best_u)
        best_d, best_u = best_d[keep], best_u[keep]
    return best_d, best_u


@dataclass(frozen=True)
class Merged:
    """A constrained space rewritten without constraints: issues linked by a constraint are
    fused into one issue whose levels are their feasible combinations."""

    dom: Domain
    groups: tuple[tuple[int, ...], ...]
    combos: tuple[np.ndarray, ...]

    def expand(self, digits: np.ndarray, n_issues: int) -> np.ndarray:
        """Level indices in the original space of packages given in the fused space."""
        out = np.zeros((digits.shape[0], n_issues), dtype=np.intp)
        for c, (grp, cmb) in enumerate(zip(self.groups, self.combos, strict=True)):
            out[:, list(grp)] = cmb[digits[:, c]]
        return out


def merge_constraints(dom: Domain, limit: int | None = None) -> Merged | None:
    """Fuse constraint-linked issues (connected components) into single issues; None when a
    component has more than `limit` (default `MERGE_LIMIT`) level combinations (then the
    space is enumerated instead)."""
    limit = MERGE_LIMIT if limit is None else limit
    parent = list(range(len(dom.issues)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for con in dom.constraints:
        js = [j for j, _lv in con]
        for j in js[1:]:
            parent[root(j)] = root(js[0])
    groups: dict[int, list[int]] = {}
    for j in range(len(dom.issues)):
        groups.setdefault(root(j), []).append(j)
    grps = sorted(tuple(g) for g in groups.values())
    if any(math.prod(dom.shape[j] for j in g) > limit for g in grps):
        return None
    tables, allowed, combos, levels, values = [], [], [], [], []
    for g in grps:
        sub_shape = tuple(dom.shape[j] for j in g)
        cmb = np.stack(np.unravel_index(np.arange(math.prod(sub_shape)), sub_shape), axis=1)
        full = np.zeros((cmb.shape[0], len(dom.issues)), dtype=np.intp)
        full[:, list(g)] = cmb
        ok = np.ones(cmb.shape[0], dtype=bool)
        for con in dom.constraints:
            if con[0][0] in g:
                hit = np.ones(cmb.shape[0], dtype=bool)
                for j, lv in con:
                    hit &= np.isin(full[:, j], lv)
                ok &= ~hit
        cmb = cmb[ok]
        combos.append(cmb)
        tables.append(sum(dom.tables[j][:, cmb[:, k]] for k, j in enumerate(g)))
        allowed.append(np.logical_and.reduce([dom.allowed[j][:, cmb[:, k]]
                                              for k, j in enumerate(g)]))
        levels.append(tuple("+".join(dom.levels[j][x] for j, x in zip(g, row, strict=True))
                            for row in cmb))
        values.append(tuple(0.0 for _ in range(cmb.shape[0])))
    fused = Domain(parties=dom.parties,
                   issues=tuple("+".join(dom.issues[j] for j in g) for g in grps),
                   levels=tuple(levels), level_values=tuple(values),
                   tables=tuple(np.asarray(t, dtype=float).reshape(len(dom.parties), -1)
                                for t in tables),
                   allowed=tuple(allowed), reservation=dom.reservation, notes=dom.notes)
    return Merged(fused, tuple(grps), tuple(combos))


def frontier(dom: Domain, *, chunk: int = CHUNK) -> tuple[np.ndarray, np.ndarray]:
    """Exact Pareto frontier of the feasible packages of `dom` (no red lines or reservations
    applied): level indices (n × issues) and utilities (n × parties), sorted by package."""
    if dom.size == 0:
        return np.zeros((0, len(dom.issues)), dtype=np.intp), np.zeros((0, len(dom.parties)))
    if not dom.constraints:
        d, u = _frontier_separable(dom)
    elif (m := merge_constraints(dom)) is not None:
        if m.dom.size == 0:
            return (np.zeros((0, len(dom.issues)), dtype=np.intp),
                    np.zeros((0, len(dom.parties))))
        d, u = _frontier_separable(m.dom)
        d = m.expand(d, len(dom.issues))
    else:
        d, u = _frontier_enumerated(dom, chunk)
    order = np.lexsort(d.T[::-1]) if d.shape[0] else np.zeros(0, dtype=np.intp)
    return d[order], u[order]


# -- results -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PackageView:
    """One package: its level per issue and each party's utility."""

    levels: dict[str, str]
    utilities: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"levels": dict(self.levels),
                "utilities": {k: round(v, 6) for k, v in self.utilities.items()}}


@dataclass(frozen=True)
class IssueZone:
    """The zone of possible agreement on one issue: levels inside every party's red lines."""

    issue: str
    levels: list[str]
    range: tuple[float, float] | None
    excluded_by: dict[str, list[str]]

    @property
    def empty(self) -> bool:
        """True when no level is acceptable to every party."""
        return not self.levels

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"issue": self.issue, "levels": list(self.levels),
                "range": list(self.range) if self.range else None,
                "excluded_by": {k: list(v) for k, v in self.excluded_by.items()}}


@dataclass(frozen=True)
class AgreementResult:
    """What agreement search found: zones, acceptable packages, frontier and solution points."""

    parties: list[str]
    issues: list[str]
    n_packages: int
    n_feasible: int
    n_acceptable: int
    zones: list[IssueZone]
    frontier: list[PackageView]
    points: dict[str, PackageView | None]
    disagreement: dict[str, float]
    disagreement_rule: str
    reservation: dict[str, float]
    ideal: dict[str, float]
    notes: list[str] = field(default_factory=list)
    sample: np.ndarray | None = field(default=None, repr=False, compare=False)
    sample_all: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def has_agreement(self) -> bool:
        """True when some package is acceptable to every party."""
        return self.n_acceptable > 0

    def frontier_array(self) -> np.ndarray:
        """Frontier utilities as an array (n × parties) in `parties` order."""
        return np.array([[f.utilities[p] for p in self.parties] for f in self.frontier]
                        ).reshape(-1, len(self.parties))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (`--json`)."""
        return {
            "parties": list(self.parties), "issues": list(self.issues),
            "n_packages": self.n_packages, "n_feasible": self.n_feasible,
            "n_acceptable": self.n_acceptable,
            "zones": [z.to_dict() for z in self.zones],
            "frontier": [f.to_dict() for f in self.frontier],
            "points": {k: (v.to_dict() if v else None) for k, v in self.points.items()},
            "disagreement": {"rule": self.disagreement_rule,
                             "values": {k: round(v, 6) for k, v in self.disagreement.items()}},
            "reservation": dict(self.reservation),
            "ideal": {k: (None if math.isnan(v) else round(v, 6)) for k, v in self.ideal.items()},
            "notes": list(self.notes),
        }


def issue_zones(sc: Scenario, dom: Domain | None = None) -> list[IssueZone]:
    """Per issue: the levels inside every party's red lines, and who excludes the rest."""
    dom = dom or build_domain(sc)
    out = []
    for j, iid in enumerate(dom.issues):
        a = dom.allowed[j]
        inside = a.all(axis=0)
        excl = {dom.levels[j][lv]: [dom.parties[k] for k in np.flatnonzero(~a[:, lv])]
                for lv in np.flatnonzero(~inside)}
        lo, hi = 0.0, 100.0
        for p in sc.positions_on(iid):
            acc = p.acceptable()
            if p.actor in dom.parties and acc is not None:
                lo, hi = max(lo, acc[0]), min(hi, acc[1])
        out.append(IssueZone(iid, [dom.levels[j][lv] for lv in np.flatnonzero(inside)],
                             (lo, hi) if lo <= hi else None, excl))
    return out


def solution_points(u: np.ndarray, d: np.ndarray, ideal: np.ndarray) -> dict[str, int | None]:
    """Row index in `u` (frontier utilities) of each solution point, or None if undefined."""
    if u.shape[0] == 0:
        return dict.fromkeys(POINTS)
    u = np.round(u, DECIMALS)
    welfare = u.sum(axis=1)

    def pick(score: np.ndarray, valid: np.ndarray | None = None) -> int | None:
        s = np.round(np.where(valid, score, -np.inf) if valid is not None else score, 9)
        if not np.isfinite(s).any():
            return None
        best = np.flatnonzero(s == s.max())
        return int(best[np.argmax(welfare[best])])

    gain = u - d
    pos = (gain > 0).all(axis=1)
    with np.errstate(divide="ignore"):
        nash = pick(np.log(np.where(gain > 0, gain, 1.0)).sum(axis=1), pos)
    span = ideal - d
    live = span > 1e-12
    if live.any():
        ks = pick((gain[:, live] / span[live]).min(axis=1), (gain[:, live] >= 0).all(axis=1))
    else:
        ks = None
    return {"nash": nash, "kalai_smorodinsky": ks,
            "egalitarian": pick(gain.min(axis=1)), "max_welfare": pick(welfare)}


def find_agreements(sc: Scenario, *, disagreement: DisagreementRule | Sequence[float] =
                    "reservation", parties: Sequence[str] | None = None,
                    reservation: Mapping[str, float] | None = None, chunk: int = CHUNK,
                    sample: int = 3000, seed: int = 0) -> AgreementResult:
    """Zones of agreement, acceptable packages, the exact Pareto frontier and the Nash,
    Kalai–Smorodinsky, egalitarian and maximum-welfare packages of a scenario.

    `disagreement`: "reservation" (d = reservation utilities, default), "min" (d = each party's
    lowest utility over the acceptable packages), or explicit values in party order.
    References: Nash (1950) Econometrica 18:155; Kalai & Smorodinsky (1975) Econometrica 43:513;
    Kalai (1977) Econometrica 45:1623; Raiffa (1982)."""
    dom = build_domain(sc, parties=parties, reservation=reservation)
    return agreements_in(dom, zones=issue_zones(sc, dom), disagreement=disagreement,
                         chunk=chunk, sample=sample, seed=seed)


def agreements_in(dom: Domain, *, zones: list[IssueZone] | None = None,
                  disagreement: DisagreementRule | Sequence[float] = "reservation",
                  chunk: int = CHUNK, sample: int = 3000, seed: int = 0) -> AgreementResult:
    """`find_agreements` on an outcome space already built (e.g. an imported Genius domain)."""
    notes = list(dom.notes)
    n_p = len(dom.parties)
    inside = [np.flatnonzero(a.all(axis=0)) for a in dom.allowed]
    if zones is None:
        zones = [IssueZone(i, [dom.levels[j][x] for x in inside[j]], None, {})
                 for j, i in enumerate(dom.issues)]
    zopa, _maps = dom.restrict(inside)
    res = dom.reservation
    # count feasible (whole space) and acceptable packages, keep a sample for plots
    rng = np.random.default_rng(seed)
    n_feasible = dom.size
    if dom.constraints:
        whole = merge_constraints(dom)
        n_feasible = whole.dom.size if whole is not None else sum(
            int(dom.feasible(dom.digits_of(np.arange(s, min(dom.size, s + chunk)))).sum())
            for s in range(0, dom.size, chunk))
    n_acc = 0
    lo = np.full(n_p, np.inf)
    hi = np.full(n_p, -np.inf)
    keep_sample: list[np.ndarray] = []
    sep = zopa if not zopa.constraints else (
        m.dom if (m := merge_constraints(zopa)) is not None else None)
    floor = sum(t.min(axis=1) for t in sep.tables) if sep is not None and sep.size else lo
    if sep is not None and sep.size and (res <= np.round(floor, DECIMALS) + 1e-9).all():
        # every package inside the red lines meets every reservation: count, bounds and a
        # sample follow from the additive tables without enumerating
        n_acc = sep.size
        lo, hi = floor, sum(t.max(axis=1) for t in sep.tables)
        digits = np.stack([rng.integers(0, n, size=min(sample, sep.size)) for n in sep.shape],
                          axis=1)
        keep_sample.append(sep.utilities(digits))
    elif zopa.size:
        per_chunk = max(1, sample * chunk // max(zopa.size, 1))
        for start, u, _ok in iter_blocks(zopa, chunk):
            ok = (np.round(u, DECIMALS) >= res - 1e-9).all(axis=1)
            if zopa.constraints:
                ok &= zopa.feasible(zopa.digits_of(np.arange(start, start + u.shape[0])))
            ua = u[ok]
            n_acc += ua.shape[0]
            if ua.shape[0]:
                lo = np.minimum(lo, ua.min(axis=0))
                hi = np.maximum(hi, ua.max(axis=0))
                take = rng.choice(ua.shape[0], size=min(per_chunk, ua.shape[0]), replace=False)
                keep_sample.append(ua[np.sort(take)])
    # frontier of the acceptable set = frontier of the zone space that meets reservations
    fd, fu = frontier(zopa, chunk=chunk) if zopa.size else (
        np.zeros((0, len(dom.issues)), dtype=np.intp), np.zeros((0, n_p)))
    ok = (np.round(fu, DECIMALS) >= res - 1e-9).all(axis=1)
    fd, fu = fd[ok], fu[ok]
    fd = np.stack([inside[j][fd[:, j]] for j in range(len(dom.issues))], axis=1) if fd.size \
        else fd
    ideal = hi if n_acc else np.full(n_p, np.nan)
    if isinstance(disagreement, str):
        if disagreement == "reservation":
            d = res.copy()
        elif disagreement == "min":
            d = lo.copy() if n_acc else res.copy()
        else:
            raise InputError(f"unknown disagreement rule '{disagreement}'",
                             fix="use 'reservation' or 'min'")
        rule = disagreement
    else:
        d = np.asarray(disagreement, dtype=float)
        if d.shape != (n_p,):
            raise InputError(f"disagreement needs {n_p} values (one per party)",
                             fix="give one value per party, in party order")
        rule = "given"
    if n_acc:
        below = [f"{p} ({d[k]:.3f} < {lo[k]:.3f})" for k, p in enumerate(dom.parties)
                 if d[k] < lo[k] - 1e-9]
        if below:
            notes.append("disagreement utility below the party's lowest utility over the "
                         "acceptable packages for " + ", ".join(below) + ": every acceptable "
                         "package beats no deal for it, so the Nash point depends on how far "
                         "below d lies (--disagreement min uses that lowest utility)")
    empty = [z.issue for z in zones if z.empty]
    if empty:
        notes.append("no level is inside every party's red lines on: " + ", ".join(empty)
                     + " (see `accord bridge`)")
    elif not n_acc:
        notes.append("every package inside the red lines falls below some party's reservation "
                     "utility")
    pts = solution_points(fu, d, ideal) if n_acc else dict.fromkeys(POINTS)
    if n_acc and pts["nash"] is None:
        notes.append("no acceptable package gives every party more than its disagreement "
                     "utility, so the Nash point is undefined")
    views = [_view(dom, fd[k], fu[k]) for k in range(fd.shape[0])]
    return AgreementResult(
        parties=list(dom.parties), issues=list(dom.issues), n_packages=dom.size,
        n_feasible=n_feasible, n_acceptable=n_acc, zones=zones, frontier=views,
        points={k: (views[v] if v is not None else None) for k, v in pts.items()},
        disagreement={p: float(d[k]) for k, p in enumerate(dom.parties)},
        disagreement_rule=rule,
        reservation={p: float(res[k]) for k, p in enumerate(dom.parties)},
        ideal={p: float(ideal[k]) for k, p in enumerate(dom.parties)}, notes=notes,
        sample=np.concatenate(keep_sample) if keep_sample else np.zeros((0, n_p)),
        sample_all=_sample_all(dom, sample, rng))


def _sample_all(dom: Domain, n: int, rng: np.random.Generator) -> np.ndarray:
    """Utilities of up to `n` random feasible packages, red lines ignored (for plots)."""
    if n <= 0:
        return np.zeros((0, len(dom.parties)))
    if dom.size <= n:
        digits = dom.digits_of(np.arange(dom.size))
    else:
        digits = np.stack([rng.integers(0, k, size=n) for k in dom.shape], axis=1)
    return dom.utilities(digits[dom.feasible(digits)])


def _view(dom: Domain, digits: np.ndarray, u: np.ndarray) -> PackageView:
    return PackageView(dom.package_dict(digits),
                       {p: float(u[k]) for k, p in enumerate(dom.parties)})
