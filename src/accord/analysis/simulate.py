"""Negotiation simulation over the package space of `accord.analysis.agreement`.

Two protocols, both seeded and reproducible:

- **Stacked alternating offers** (multilateral SAOP; Aydoğan et al. 2017, "Alternating offers
  protocols for multilateral negotiation", in *Modern Approaches to Agent-based Complex
  Automated Negotiation*): parties take turns in order; the party whose turn it is accepts the
  standing offer or replaces it with its own; an offer every other party has accepted in turn
  is the agreement; at the deadline talks break down. Negotiators concede in time
  (Faratin, Sierra & Jennings 1998): target utility u(t) = r + (u_max − r)(1 − t^(1/β)) with
  t the share of the deadline used, r the reservation utility and u_max the party's best
  acceptable utility (the issue's u(t) with u_max = 1); β = 0.2 Boulware (holds out),
  1 linear, 5 conceder. A party offers the acceptable package whose utility is the nearest
  above its target, and among packages within `band` of that the one best for the worst-off
  other party (ties at random). Acceptance conditions (Baarslag et al. 2011, "Acceptance
  conditions in automated negotiation"): AC_next (the offer is worth at least my next offer),
  AC_const (at least α), AC_time (any acceptable offer after time T). Nobody accepts a
  package beyond its red lines or below its reservation.
- **Mediated single text** (Raiffa 1982; Klein et al. 2003, "Negotiating complex contracts",
  Group Decision and Negotiation 12:111): a mediator starts from the split-the-difference
  text and proposes changes to one or two issues; each party accepts a change unless it makes
  it worse off (fewer red lines crossed first, then higher utility) and the text moves only
  when all accept, climbing toward the frontier. The mediator picks, among unanimous changes,
  the one best for itself if it is a party, else the one with the largest smallest gain.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from accord.analysis.agreement import Domain, build_domain, iter_blocks
from accord.analysis.bridging import compromise_digits
from accord.errors import AnalysisError, InputError
from accord.scenario import Scenario

BETAS = {"boulware": 0.2, "linear": 1.0, "conceder": 5.0}
MAX_DEADLINE = 100_000  # input check: each round costs every party an offer, so time grows with it
MAX_PACKAGES = 20_000_000
Strategy = Literal["boulware", "linear", "conceder"]
Acceptance = Literal["next", "const", "time"]
TOL = 1e-9


@dataclass(frozen=True)
class Move:
    """One step of a simulation: who did what with which package."""

    step: int
    round: int
    party: str
    action: str
    levels: dict[str, str]
    utilities: dict[str, float]
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"step": self.step, "round": self.round, "party": self.party,
                "action": self.action, "levels": dict(self.levels),
                "utilities": {k: round(v, 6) for k, v in self.utilities.items()},
                "note": self.note}


@dataclass(frozen=True)
class SimulationResult:
    """The offer trace, agreement or breakdown, and how long it took."""

    protocol: str
    parties: list[str]
    agreement: dict[str, str] | None
    utilities: dict[str, float] | None
    rounds: int
    steps: int
    outcome: str
    trace: list[Move]
    settings: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def agreed(self) -> bool:
        """True when the talks ended in an agreement."""
        return self.agreement is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"protocol": self.protocol, "parties": list(self.parties),
                "agreed": self.agreed, "agreement": self.agreement,
                "utilities": None if self.utilities is None else
                {k: round(v, 6) for k, v in self.utilities.items()},
                "rounds": self.rounds, "steps": self.steps, "outcome": self.outcome,
                "settings": dict(self.settings), "trace": [m.to_dict() for m in self.trace],
                "notes": list(self.notes)}


def _betas(parties: tuple[str, ...], strategy: str | Mapping[str, str], beta: float | None
           ) -> np.ndarray:
    out = np.empty(len(parties))
    if not isinstance(strategy, str):
        unknown = [p for p in strategy if p not in parties]
        if unknown:
            raise InputError(f"unknown party '{unknown[0]}' in --strategy", field="--strategy",
                             fix="use party ids: " + ", ".join(parties))
    for k, p in enumerate(parties):
        s = strategy if isinstance(strategy, str) else strategy.get(p, "boulware")
        if s not in BETAS:
            raise InputError(f"unknown strategy '{s}'", field="--strategy",
                             fix="use boulware, linear or conceder")
        out[k] = BETAS[s]
    if beta is not None:
        if not beta > 0 or beta == float("inf"):  # also refuses NaN
            raise InputError("--beta must be positive", field="--beta",
                             fix="use e.g. 0.2 (Boulware), 1 (linear) or 5 (conceder)")
        out[:] = beta
    return out


class _Space:
    """Per party, the packages it accepts (inside its red lines, at or above its reservation),
    sorted by its own utility, with every party's utility and acceptance of each.

    A party only ever offers such packages, so nothing else needs enumerating; parties with the
    same red lines share one enumeration."""

    def __init__(self, dom: Domain) -> None:
        n_p = len(dom.parties)
        self.dom = dom
        self.digits: list[np.ndarray] = [np.zeros((0, len(dom.issues)), dtype=np.intp)] * n_p
        self.u: list[np.ndarray] = [np.zeros((0, n_p))] * n_p
        self.ok: list[np.ndarray] = [np.zeros((0, n_p), dtype=bool)] * n_p
        groups: dict[bytes, list[int]] = {}
        for p in range(n_p):
            key = b"".join(a[p].tobytes() for a in dom.allowed)
            groups.setdefault(key, []).append(p)
        for members in groups.values():
            keep = [np.flatnonzero(a[members[0]]) for a in dom.allowed]
            sub, _ = dom.restrict(keep)
            if sub.size > MAX_PACKAGES:
                raise AnalysisError(f"{sub.size:,} packages are too many to simulate over",
                                    fix=f"keep the product of level counts under "
                                    f"{MAX_PACKAGES:,}")
            idx, us, oks = [], [], []
            for start, u, ok in iter_blocks(sub):
                index = np.arange(start, start + u.shape[0])
                if sub.constraints:
                    feas = sub.feasible(sub.digits_of(index))
                    index, u, ok = index[feas], u[feas], ok[feas]
                # red lines of the other parties are checked too: `ok` is for all parties
                keep_self = ok[:, members[0]] & (u[:, members[0]] >= dom.reservation[
                    members[0]] - TOL) if len(members) == 1 else np.ones(len(index), bool)
                idx.append(index[keep_self])
                us.append(u[keep_self])
                oks.append(ok[keep_self] & (u[keep_self] >= dom.reservation - TOL))
            i_all = np.concatenate(idx)
            u_all = np.concatenate(us)
            ok_all = np.concatenate(oks)
            for p in members:
                own = np.flatnonzero(ok_all[:, p])
                o = own[np.argsort(u_all[own, p], kind="stable")]
                local = sub.digits_of(i_all[o])
                self.digits[p] = np.stack([keep[j][local[:, j]] for j in range(len(keep))],
                                          axis=1) if len(o) else local
                self.u[p], self.ok[p] = u_all[o], ok_all[o]

    def move(self, step: int, rnd: int, p: int, action: str, offer: tuple[int, int],
             note: str = "") -> Move:
        """A trace entry for party p acting on `offer` = (proposer, row)."""
        q, k = offer
        dom = self.dom
        return Move(step, rnd, dom.parties[p], action, dom.package_dict(self.digits[q][k]),
                    {x: float(self.u[q][k, j]) for j, x in enumerate(dom.parties)}, note)


def alternating_offers(dom: Domain, *, strategy: str | Mapping[str, str] = "boulware",
                       beta: float | None = None, acceptance: Acceptance = "next",
                       ac_const: float = 0.8, ac_time: float = 0.95, deadline: int = 100,
                       band: float = 0.02, seed: int = 0, trace: bool = True,
                       space: _Space | None = None) -> SimulationResult:
    """Multilateral stacked alternating offers with time-dependent concession; see the module."""
    if not 1 <= deadline <= MAX_DEADLINE:
        raise InputError(f"--deadline {deadline} is outside 1–{MAX_DEADLINE:,} rounds",
                         field="--deadline", fix="give the number of rounds, e.g. 100")
    if acceptance not in ("next", "const", "time"):
        raise InputError(f"unknown acceptance condition '{acceptance}'", field="--acceptance",
                         fix="use next, const or time")
    for flag, value in (("--ac-const", ac_const), ("--ac-time", ac_time)):
        if not math.isfinite(value):  # above 1 is allowed: "never accept before the end"
            raise InputError(f"{flag} {value} is not a number", field=flag,
                             fix="give a share such as 0.8")
    sp = space or _Space(dom)
    rng = np.random.default_rng(seed)
    n_p = len(dom.parties)
    betas = _betas(dom.parties, strategy, beta)
    res = dom.reservation
    if any(len(u) == 0 for u in sp.u):
        who = [dom.parties[p] for p in range(n_p) if len(sp.u[p]) == 0]
        return SimulationResult("alternating", list(dom.parties), None, None, 0, 0,
                                "breakdown: no package is acceptable to " + ", ".join(who),
                                [], _settings(strategy, betas, acceptance, ac_const, ac_time,
                                              deadline, seed, dom))
    sorted_u = [sp.u[p][:, p] for p in range(n_p)]
    worst_other = [np.delete(sp.u[p], p, axis=1).min(axis=1) if n_p > 1
                   else np.zeros(len(sp.u[p])) for p in range(n_p)]
    umax = np.array([su[-1] for su in sorted_u])
    total = deadline * n_p
    moves: list[Move] = []
    current = (-1, -1)
    accepts = 0

    def target(p: int, t: float) -> float:
        r = min(res[p], umax[p])
        return r + (umax[p] - r) * (1.0 - t ** (1.0 / betas[p]))

    def choose(p: int, t: float) -> int:
        su = sorted_u[p]
        k = min(int(np.searchsorted(su, target(p, t) - TOL)), len(su) - 1)
        hi = max(int(np.searchsorted(su, su[k] + band, side="right")), k + 1)
        if hi - k > 1:
            worst = worst_other[p][k:hi]
            best = np.flatnonzero(worst >= worst.max() - TOL)
            return k + int(best[rng.integers(len(best))]) if len(best) > 1 else k + int(best[0])
        return k

    def next_utility(p: int, t: float) -> float:
        """Own utility of the package nearest above the target at t (AC_next's bar)."""
        su = sorted_u[p]
        return float(su[min(int(np.searchsorted(su, target(p, t) - TOL)), len(su) - 1)])

    for step in range(total):
        p = step % n_p
        rnd = step // n_p
        t = step / total
        if current[0] >= 0:
            q, k = current
            u = sp.u[q][k, p]
            ok = bool(sp.ok[q][k, p])
            if acceptance == "next":
                ok = ok and u >= next_utility(p, (step + 1) / total) - TOL
            elif acceptance == "const":
                ok = ok and u >= ac_const - TOL
            else:
                ok = ok and t >= ac_time
            if ok:
                accepts += 1
                if trace:
                    moves.append(sp.move(step, rnd, p, "accept", current))
                if accepts == n_p - 1:
                    return _done(dom, sp, "alternating", current, rnd + 1, step + 1, moves,
                                 strategy, betas, acceptance, ac_const, ac_time, deadline, seed)
                continue
        current = (p, choose(p, t))
        accepts = 0
        if trace:
            moves.append(sp.move(step, rnd, p, "offer", current))
    return SimulationResult("alternating", list(dom.parties), None, None, deadline, total,
                            f"breakdown: no agreement by the deadline ({deadline} rounds)",
                            moves, _settings(strategy, betas, acceptance, ac_const, ac_time,
                                             deadline, seed, dom))


def _settings(strategy: Any, betas: np.ndarray, acceptance: str, ac_const: float,
              ac_time: float, deadline: int, seed: int, dom: Domain) -> dict[str, Any]:
    return {"strategy": strategy if isinstance(strategy, str) else dict(strategy),
            "beta": {p: float(b) for p, b in zip(dom.parties, betas, strict=True)},
            "acceptance": acceptance, "ac_const": ac_const, "ac_time": ac_time,
            "deadline_rounds": deadline, "seed": seed}


def _done(dom: Domain, sp: _Space, protocol: str, offer: tuple[int, int], rounds: int,
          steps: int,
          moves: list[Move], strategy: Any, betas: np.ndarray, acceptance: str,
          ac_const: float, ac_time: float, deadline: int, seed: int) -> SimulationResult:
    q, k = offer
    return SimulationResult(protocol, list(dom.parties), dom.package_dict(sp.digits[q][k]),
                            {x: float(sp.u[q][k, j]) for j, x in enumerate(dom.parties)},
                            rounds, steps, f"agreement in round {rounds}", moves,
                            _settings(strategy, betas, acceptance, ac_const, ac_time,
                                      deadline, seed, dom))


def mediated(dom: Domain, start: np.ndarray, *, mediator: str | None = None,
             max_rounds: int = 200, seed: int = 0) -> SimulationResult:
    """Mediated single-text negotiation by unanimous hill-climbing; see the module."""
    rng = np.random.default_rng(seed)
    n_i, n_p = len(dom.issues), len(dom.parties)
    med = dom.parties.index(mediator) if mediator in dom.parties else None
    text = np.asarray(start, dtype=np.intp).copy()
    moves: list[Move] = []

    def state(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        u = dom.utilities(d)
        viol = np.zeros((d.shape[0], n_p), dtype=int)
        for j, a in enumerate(dom.allowed):
            viol += ~a.T[d[:, j]]
        viol += (u < dom.reservation - TOL).astype(int)
        return u, viol

    def view(step: int, d: np.ndarray, action: str, note: str = "") -> Move:
        u = dom.utilities(d)[0]
        return Move(step, step, mediator or "mediator", action, dom.package_dict(d),
                    {q: float(u[j]) for j, q in enumerate(dom.parties)}, note)

    moves.append(view(0, text, "start", "split-the-difference text"))
    rounds = 0
    for rnd in range(1, max_rounds + 1):
        # every one- and two-issue change of the current text, as (issue, level) lists
        changes: list[list[tuple[int, int]]] = []
        for j in range(n_i):
            for lv in range(len(dom.levels[j])):
                if lv != text[j]:
                    changes.append([(j, lv)])
        for j, k in itertools.combinations(range(n_i), 2):
            for a in range(len(dom.levels[j])):
                for b in range(len(dom.levels[k])):
                    if a != text[j] and b != text[k]:
                        changes.append([(j, a), (k, b)])
        cands = np.repeat(text[None, :], len(changes), axis=0)
        for r, ch in enumerate(changes):
            for j, lv in ch:
                cands[r, j] = lv
        u0, v0 = state(text[None, :])
        u, v = state(cands)
        better = (v < v0) | ((v == v0) & (u > u0 + TOL))
        same = (v == v0) & (np.abs(u - u0) <= TOL)
        passing = (better | same).all(axis=1) & better.any(axis=1)
        if not passing.any():
            break
        idx = np.flatnonzero(passing)
        fewer = -v[idx].sum(axis=1)
        if med is not None:
            score = fewer * 10.0 + (u[idx, med] - u0[0, med])
        else:
            score = fewer * 10.0 + (u[idx] - u0[0]).min(axis=1)
        top = idx[np.flatnonzero(score >= score.max() - TOL)]
        pick = int(top[rng.integers(len(top))])
        text = cands[pick]
        rounds = rnd
        desc = "; ".join(f"{dom.issues[j]} → {dom.levels[j][lv]}" for j, lv in changes[pick])
        moves.append(view(rnd, text, "adopt", desc))
    u, v = state(text[None, :])
    settings = {"mediator": mediator, "max_rounds": max_rounds, "seed": seed}
    if v[0].sum() == 0:
        return SimulationResult("mediated", list(dom.parties), dom.package_dict(text),
                                {q: float(u[0, j]) for j, q in enumerate(dom.parties)},
                                rounds, rounds, f"agreement after {rounds} changes", moves,
                                settings)
    who = [f"{dom.parties[p]} ({v[0, p]} red line(s) or reservation crossed)"
           for p in range(n_p) if v[0, p]]
    return SimulationResult("mediated", list(dom.parties), None, None, rounds, rounds,
                            "breakdown: no change is acceptable to all and the text is still "
                            "rejected by " + ", ".join(who), moves, settings)


def default_mediator(sc: Scenario, dom: Domain | None = None) -> str:
    """The mediator `accord run` uses: a party whose `role` (else `rationale`) calls it the
    mediator; failing that, the party whose positions lie nearest the salience-weighted mean
    position, issue by issue (a broker's place)."""
    dom = dom or build_domain(sc)
    for attr in ("role", "rationale"):
        named = [p for p in dom.parties if "mediat" in (getattr(sc.actor(p), attr) or "").lower()]
        if len(named) == 1:
            return named[0]
    dist = np.zeros(len(dom.parties))
    for iid in dom.issues:
        ps = [p for p in sc.positions_on(iid) if p.actor in dom.parties]
        w = np.array([p.salience for p in ps])
        if not ps or w.sum() == 0:
            continue
        mean = float((w * np.array([p.position for p in ps])).sum() / w.sum())
        for p in ps:
            dist[dom.parties.index(p.actor)] += abs(p.position - mean)
    return dom.parties[int(np.argmin(dist))]


def simulate(sc: Scenario, *, protocol: Literal["alternating", "mediated"] = "alternating",
             strategy: str | Mapping[str, str] = "boulware", beta: float | None = None,
             acceptance: Acceptance = "next", ac_const: float = 0.8, ac_time: float = 0.95,
             deadline: int = 100, mediator: str | None = None, seed: int = 0
             ) -> SimulationResult:
    """Simulate talks on a scenario's packages: stacked alternating offers or a mediated text.

    `deadline` is in rounds (each party moves once a round); for the mediated protocol it caps
    the number of changes. See the module docstring for the models and their sources."""
    if seed < 0:
        raise InputError(f"--seed {seed} is negative", field="--seed",
                         fix="give a seed of 0 or more")
    if not 1 <= deadline <= MAX_DEADLINE:
        raise InputError(f"--deadline {deadline} is outside 1–{MAX_DEADLINE:,} rounds",
                         field="--deadline", fix="give the number of rounds, e.g. 100")
    dom = build_domain(sc)
    if protocol == "alternating":
        out = alternating_offers(dom, strategy=strategy, beta=beta, acceptance=acceptance,
                                 ac_const=ac_const, ac_time=ac_time, deadline=deadline,
                                 seed=seed)
    elif protocol == "mediated":
        if mediator is not None:
            try:
                sc.actor(mediator)
            except KeyError:
                raise InputError(f"unknown mediator '{mediator}'", field="--mediator",
                                 fix="use an actor id, e.g. " + ", ".join(dom.parties)) from None
        out = mediated(dom, compromise_digits(sc, dom), mediator=mediator,
                       max_rounds=deadline, seed=seed)
        if mediator is not None and mediator not in dom.parties:
            out.notes.append(f"{mediator} holds no positions on the issues, so it picks the "
                             "change with the largest smallest gain")
    else:
        raise InputError(f"unknown protocol '{protocol}'", field="--protocol",
                         fix="use alternating or mediated")
    out.notes.extend(dom.notes)
    return out
