"""Moves of GMCR players, in two representations.

`DenseGame` (option form): arrays over all 2**n option combinations; a player's moves are
generated per *change pattern* d (a non-empty subset of its own options): from s to s XOR d,
legal when both states are feasible and not misperceived by the player and every changed
option may change in that direction. Nothing F x F is ever built: per pattern the sources
are a vector, and "best/worst state one move away" is a per-option min/max transform over the
player's options (the states are grouped by the other players' options implicitly).

`ExplicitGame` (graph form, or coalitions of a small option-form model): successor lists.

A *player* is a DM or a coalition acting as one (fixed partition): it controls its members'
options, and prefers a to b only if every member strictly prefers a to b.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from accord.analysis.gmcr.model import Conflict, eval_expr, feasible_mask, scores, state_ids
from accord.errors import InputError

INF = np.inf
CACHE_BYTES = 160 * 2**20  # arcs kept in memory per game; beyond, they are regenerated


@dataclass(frozen=True)
class Player:
    """A DM, or a coalition of DMs acting as one."""

    name: str
    members: tuple[int, ...]  # DM indices


def parse_partition(c: Conflict, coalitions: list[list[str]] | None) -> list[Player]:
    """Players for a fixed partition of the DMs (DMs not named stay alone)."""
    groups: list[list[str]] = []
    used: set[str] = set()
    for g in coalitions or []:
        for dm in g:
            if dm not in c.dms:
                raise InputError(f"unknown decision maker '{dm}' in coalition '{'+'.join(g)}'",
                                 fix=f"use some of: {', '.join(c.dms)}")
            if dm in used:
                raise InputError(f"decision maker '{dm}' is in two coalitions",
                                 fix="give a partition: each DM in one coalition at most")
            used.add(dm)
        groups.append(list(g))
    for dm in c.dms:
        if dm not in used:
            groups.append([dm])
    order = {dm: k for k, dm in enumerate(c.dms)}
    groups.sort(key=lambda g: min(order[d] for d in g))
    return [Player("+".join(g), tuple(order[d] for d in g)) for g in groups]


class DenseGame:
    """Option-form game on dense arrays of length 2**n (infeasible entries masked)."""

    def __init__(self, c: Conflict, players: list[Player]) -> None:
        self.c = c
        self.players = players
        self.n = len(c.options)
        self.N = 1 << self.n
        self.ids = state_ids(self.n)
        self.feas = feasible_mask(c)
        self.fids = self.ids[self.feas]
        if self.fids.size == 0:
            raise InputError("every state is infeasible",
                             fix="loosen the infeasibility conditions")
        self.u = np.full((len(c.dms), self.N), np.nan)
        for d, dm in enumerate(c.dms):
            self.u[d, self.feas] = scores(c, dm, self.fids)
        self.bits: list[list[int]] = []
        self.movable: list[np.ndarray] = []
        for p in players:
            members = {c.dms[m] for m in p.members}
            self.bits.append([k for k, o in enumerate(c.options) if o.dm in members])
            mis = np.zeros(self.N, dtype=bool)
            for m in p.members:
                for e in c.preferences[c.dms[m]].misperceptions:
                    mis |= eval_expr(e, self.ids)
            self.movable.append(self.feas & ~mis)
        self._cache: dict[tuple[int, int, bool], tuple[np.ndarray, np.ndarray]] = {}
        self._cache_bytes = 0

    # -- preferences -------------------------------------------------------------------
    def better(self, p: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Player p prefers a to b (every member strictly)."""
        out = np.ones(a.shape, dtype=bool)
        for m in self.players[p].members:
            out &= self.u[m, a] > self.u[m, b]
        return out

    # -- move generation ---------------------------------------------------------------
    def patterns(self, p: int) -> Iterator[tuple[int, int, int]]:
        """(d, must_be_N, must_be_Y): a change pattern and its reversibility requirements."""
        bits = self.bits[p]
        for r in range(1, len(bits) + 1):
            for sub in itertools.combinations(bits, r):
                d = zero = one = 0
                for k in sub:
                    d |= 1 << k
                    rev = self.c.options[k].reversibility
                    if rev == "only_N_to_Y":
                        zero |= 1 << k
                    elif rev == "only_Y_to_N":
                        one |= 1 << k
                yield d, zero, one

    def arcs(self, p: int, improving: bool = False) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(sources, targets) per change pattern of player p (only improvements if asked)."""
        mv = self.movable[p]
        src_all = self.ids[mv]
        for d, zero, one in self.patterns(p):
            key = (p, d, improving)
            hit = self._cache.get(key)
            if hit is not None:
                yield hit
                continue
            tgt = src_all ^ d
            ok = mv[tgt]
            if zero:
                ok &= (src_all & zero) == 0
            if one:
                ok &= (src_all & one) == one
            s, t = src_all[ok], tgt[ok]
            if improving:
                keep = self.better(p, t, s)
                s, t = s[keep], t[keep]
            size = s.nbytes + t.nbytes
            if self._cache_bytes + size <= CACHE_BYTES:
                self._cache[key] = (s, t)
                self._cache_bytes += size
            yield s, t

    def successors(self, p: int, s: int, improving: bool = False) -> list[int]:
        """Targets of player p's moves from one state (for narration and small searches)."""
        out = []
        if not self.movable[p][s]:
            return out
        for d, zero, one in self.patterns(p):
            t = s ^ d
            if not self.movable[p][t] or (s & zero) or (s & one) != one:
                continue
            if improving and not self.better(p, np.array([t]), np.array([s]))[0]:
                continue
            out.append(t)
        return out

    # -- transforms --------------------------------------------------------------------
    def one_move(self, g: np.ndarray, p: int, op: str) -> np.ndarray:
        """min (op='min') or max of g over {x} and the states player p reaches from x."""
        mv = self.movable[p]
        fill = INF if op == "min" else -INF
        fn = np.minimum if op == "min" else np.maximum
        a = np.where(mv, g, fill)
        for k in self.bits[p]:
            rev = self.c.options[k].reversibility
            v = a.reshape(-1, 2, 1 << k)
            lo, hi = v[:, 0, :], v[:, 1, :]
            both = fn(lo, hi)
            new = np.empty_like(v)
            new[:, 0, :] = both if rev in ("both", "only_N_to_Y") else lo
            new[:, 1, :] = both if rev in ("both", "only_Y_to_N") else hi
            a = new.reshape(-1)
        return np.where(mv, fn(g, a), g)

    def closure_min(self, f: np.ndarray, others: list[int], improving: bool) -> np.ndarray:
        """min of f over each state and every state the players `others` reach from it.

        Any legal sequence of their moves (improvements only if `improving`). In option
        form two successive moves of one player compose into one legal move of that player
        (or a return to the start), so the legal-sequence restriction of Fang et al. (1993)
        changes nothing here except whether the start itself is reachable, which never
        matters: the start of a sanction is the focal player's improvement.
        """
        g = np.where(self.feas, f, INF)
        changed = True
        while changed:
            changed = False
            for j in others:
                if improving:
                    for s, t in self.arcs(j, improving=True):
                        cand = g[t]
                        lower = cand < g[s]
                        if lower.any():
                            g[s[lower]] = cand[lower]
                            changed = True
                else:
                    new = self.one_move(g, j, "min")
                    if (new < g).any():
                        g = new
                        changed = True
        return g


class ExplicitGame:
    """A game given by successor lists over states 0..F-1 (graph form, or small models)."""

    def __init__(self, state_id: list[int], u: np.ndarray, players: list[Player],
                 succ: list[list[list[int]]]) -> None:
        self.state_id = state_id  # external id of each state
        self.u = u  # (n_dm, F)
        self.players = players
        self.succ = succ  # succ[p][x] -> list of targets
        self.F = len(state_id)

    def better(self, p: int, a: int, b: int) -> bool:
        """Player p prefers a to b (every member strictly)."""
        return all(self.u[m, a] > self.u[m, b] for m in self.players[p].members)

    def moves(self, p: int, x: int, improving: bool = False) -> list[int]:
        """Player p's moves (or improvements) from x."""
        if not improving:
            return self.succ[p][x]
        return [y for y in self.succ[p][x] if self.better(p, y, x)]

    def reach(self, x: int, group: list[int], improving: bool) -> set[int]:
        """States the players `group` reach from x by a legal sequence of moves
        (improvements if asked) in which no player moves twice in succession."""
        seen: set[tuple[int, int]] = set()
        stack = [(x, -1)]
        out: set[int] = set()
        while stack:
            s, last = stack.pop()
            for j in group:
                if j == last:
                    continue
                for t in self.moves(j, s, improving):
                    if (t, j) not in seen:
                        seen.add((t, j))
                        out.add(t)
                        stack.append((t, j))
        return out


def explicit_from_dense(g: DenseGame) -> ExplicitGame:
    """Successor lists of a dense game (for analyses that need explicit sets)."""
    fids = [int(s) for s in g.fids]
    pos = {s: k for k, s in enumerate(fids)}
    succ = [[[pos[t] for t in g.successors(p, s)] for s in fids]
            for p in range(len(g.players))]
    return ExplicitGame(fids, g.u[:, g.fids], g.players, succ)


def explicit_from_graph(c: Conflict, players: list[Player]) -> ExplicitGame:
    """An explicit game from a graph-form model (a coalition moves along its members' arcs,
    composed into any legal sequence of them)."""
    ids = [s.id for s in c.states or ()]
    pos = {s: k for k, s in enumerate(ids)}
    u = np.zeros((len(c.dms), len(ids)))
    for d, dm in enumerate(c.dms):
        u[d] = scores(c, dm, np.array(ids, dtype=np.int64))
    base: list[list[list[int]]] = []
    for dm in c.dms:
        lists: list[list[int]] = [[] for _ in ids]
        for a, b in (c.arcs or {}).get(dm, ()):
            if a not in pos or b not in pos:
                raise InputError(f"arc [{a}, {b}] of '{dm}' names an unknown state",
                                 fix="use ids listed in `states`")
            if a != b and pos[b] not in lists[pos[a]]:
                lists[pos[a]].append(pos[b])
        base.append(lists)
    single = ExplicitGame(ids, u, [Player(dm, (k,)) for k, dm in enumerate(c.dms)], base)
    succ = []
    for p in players:
        if len(p.members) == 1:
            succ.append(base[p.members[0]])
        else:
            group = list(p.members)
            succ.append([sorted(single.reach(x, group, False) - {x}) for x in range(len(ids))])
    return ExplicitGame(ids, u, players, succ)


class View:
    """Moves and preferences by state id, whatever the representation (for searches that
    follow single paths: status quo analysis, coalition improvements, narration)."""

    def __init__(self, c: Conflict, coalitions: list[list[str]] | None = None) -> None:
        self.c = c
        self.players = parse_partition(c, coalitions)
        if c.graph_form:
            self._x = explicit_from_graph(c, self.players)
            self._d = None
            self.ids = list(self._x.state_id)
            self._pos = {s: k for k, s in enumerate(self.ids)}
        else:
            self._d = DenseGame(c, self.players)
            self._x = None
            self.ids = [int(s) for s in self._d.fids]
            self._pos = {}
        self.dm_players = [Player(dm, (k,)) for k, dm in enumerate(c.dms)]

    def payoff(self, dm: int, s: int) -> float:
        """DM's ordinal payoff of state s."""
        if self._d is not None:
            return float(self._d.u[dm, s])
        assert self._x is not None
        return float(self._x.u[dm, self._pos[s]])

    def prefers(self, members: tuple[int, ...], a: int, b: int) -> bool:
        """Every member strictly prefers a to b."""
        return all(self.payoff(m, a) > self.payoff(m, b) for m in members)

    def succ(self, p: int, s: int, improving: bool = False) -> list[int]:
        """Player p's moves (or improvements) from s, as state ids."""
        if self._d is not None:
            return self._d.successors(p, s, improving)
        assert self._x is not None
        k = self._pos[s]
        return [self.ids[t] for t in self._x.moves(p, k, improving)]

    def dm_succ(self, dm: int, s: int) -> list[int]:
        """A single DM's moves from s (its own options / arcs), whatever the partition."""
        for p, pl in enumerate(self.players):
            if pl.members == (dm,):
                return self.succ(p, s)
        if self._d is not None:
            g = DenseGame(self.c, self.dm_players)
            self._d_single = g
            return g.successors(dm, s)
        raise ValueError("single-DM moves of a coalition in graph form")

    def feasible(self, s: int) -> bool:
        """Is s a state of the model?"""
        if self._d is not None:
            return 0 <= s < self._d.N and bool(self._d.feas[s])
        return s in self._pos
