"""Stability analysis: Nash, GMR, SMR, SEQ, SIM and SEQ+SIM, per DM and overall.

Definitions of Fang, Hipel & Kilgour (1993), *Interactive Decision Making: The Graph Model
for Conflict Resolution* (Wiley), ch. 3 and 5, for n decision makers. For a focal player i
at state s, with R_i^+(s) its unilateral improvements (UIs):
- Nash: i has no UI from s.
- GMR: every UI s1 can be sanctioned: the other players, by some legal sequence of moves
  (any number of moves, no player moving twice in succession), reach s2 with s2 not
  preferred by i to s.
- SMR: as GMR, and from that s2 no move of i reaches a state i prefers to s.
- SEQ: as GMR, but the sanctioning sequence consists of unilateral improvements.
- SIM: every UI s1 is met by a simultaneous UI of one other player from s such that the
  combined state is feasible and not preferred by i to s (two-DM simultaneous sanctioning
  generalised one opponent at a time, as GMCR II and GMCR+ do).
- SEQ+SIM: stable for i if SEQ- or SIM-stable for i.
A state is an equilibrium under a concept if it is stable for every player.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.gmcr.model import Conflict, state_label, yn_of
from accord.analysis.gmcr.moves import (
    DenseGame,
    ExplicitGame,
    Player,
    explicit_from_graph,
    parse_partition,
)

log = logging.getLogger(__name__)

CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")
CONCEPT_NAMES = {"nash": "Nash", "gmr": "GMR", "smr": "SMR", "seq": "SEQ", "sim": "SIM",
                 "seqsim": "SEQ+SIM"}


@dataclass(frozen=True)
class StateInfo:
    """A feasible state: its id, Y/N spelling and words."""

    id: int
    yn: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"id": self.id, "yn": self.yn, "label": self.label}


@dataclass(frozen=True)
class StabilityResult:
    """Per-player stable states and equilibria under each concept."""

    title: str
    players: tuple[str, ...]
    states: tuple[StateInfo, ...]
    stable_for: dict[str, dict[str, tuple[int, ...]]]  # player -> concept -> ids
    equilibria: dict[str, tuple[int, ...]]  # concept -> ids
    coalitions: tuple[str, ...] | None = None
    status_quo: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: states, equilibria per concept, stable states per player."""
        out: dict[str, Any] = {
            "title": self.title,
            "states": [s.to_dict() for s in self.states],
            "equilibria": {k: list(v) for k, v in self.equilibria.items()},
            "stable_for": {p: {k: list(v) for k, v in d.items()}
                           for p, d in self.stable_for.items()},
        }
        if self.coalitions is not None:
            out["coalitions"] = list(self.coalitions)
        if self.status_quo is not None:
            out["status_quo"] = self.status_quo
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    def label(self, state_id: int) -> str:
        """Words for a state id."""
        for s in self.states:
            if s.id == state_id:
                return s.label
        return str(state_id)


def state_infos(c: Conflict) -> list[StateInfo]:
    """The feasible states of a conflict, in increasing id."""
    if c.graph_form:
        return [StateInfo(s.id, s.yn, s.label or s.yn or str(s.id))
                for s in sorted(c.states or (), key=lambda s: s.id)]
    from accord.analysis.gmcr.model import feasible_mask, state_ids

    n = len(c.options)
    ids = state_ids(n)[feasible_mask(c)]
    return [StateInfo(int(s), yn_of(int(s), n), state_label(c, int(s))) for s in ids]


def solve(c: Conflict, *, coalitions: list[list[str]] | None = None) -> StabilityResult:
    """Stability of every feasible state for every player under the six concepts.

    `coalitions`: a fixed partition of DMs acting as single players (an improvement needs
    every member to improve; a sanction is effective unless every member prefers it).
    """
    players = parse_partition(c, coalitions)
    if c.graph_form:
        game = explicit_from_graph(c, players)
        stable = _explicit_stability(game, _graph_combiner(c, game))
        ids = game.state_id
    else:
        dense = DenseGame(c, players)
        stable = _dense_stability(dense)
        ids = [int(s) for s in dense.fids]
    stable_for: dict[str, dict[str, tuple[int, ...]]] = {}
    equilibria: dict[str, tuple[int, ...]] = {}
    for k in CONCEPTS:
        all_ok = np.ones(len(ids), dtype=bool)
        for p, pl in enumerate(players):
            mask = stable[k][p]
            stable_for.setdefault(pl.name, {})[k] = tuple(i for i, ok in zip(ids, mask, strict=True)
                                                          if ok)
            all_ok &= mask
        equilibria[k] = tuple(i for i, ok in zip(ids, all_ok, strict=True) if ok)
    return StabilityResult(
        title=c.title, players=tuple(p.name for p in players), states=tuple(state_infos(c)),
        stable_for=stable_for, equilibria=equilibria,
        coalitions=tuple(p.name for p in players) if coalitions else None,
        status_quo=c.status_quo)


# -- dense engine (option form) -------------------------------------------------------------

def _dense_stability(g: DenseGame) -> dict[str, list[np.ndarray]]:
    """Stable masks over the feasible states, per concept and player."""
    out: dict[str, list[np.ndarray]] = {k: [] for k in CONCEPTS}
    P = len(g.players)
    ui_masks: dict[int, list[tuple[int, np.ndarray]]] = {}

    def ui_mask_list(j: int) -> list[tuple[int, np.ndarray]]:
        if j not in ui_masks:
            lst = []
            for s, t in g.arcs(j, improving=True):
                if s.size:
                    m = np.zeros(g.N, dtype=bool)
                    m[s] = True
                    lst.append((int(s[0] ^ t[0]), m))
            ui_masks[j] = lst
        return ui_masks[j]

    for p in range(P):
        others = [j for j in range(P) if j != p]
        members = g.players[p].members

        def exists(pred: Any, p: int = p) -> np.ndarray:
            res = np.zeros(g.N, dtype=bool)
            for s, t in g.arcs(p):
                if s.size:
                    hit = pred(s, t)
                    res[s[hit]] = True
            return res

        def all_above(Ms: list[np.ndarray], members: tuple[int, ...] = members) -> Any:
            def pred(s: np.ndarray, t: np.ndarray) -> np.ndarray:
                ok = np.ones(s.shape, dtype=bool)
                for M, m in zip(Ms, members, strict=True):
                    ok &= M[t] > g.u[m, s]
                return ok
            return pred

        nash_u = exists(lambda s, t, p=p: g.better(p, t, s))
        if others:
            gm = [g.closure_min(g.u[m], others, False) for m in members]
            gmr_u = exists(all_above(gm))
            sq = [g.closure_min(g.u[m], others, True) for m in members]
            seq_u = exists(all_above(sq))
        else:
            gmr_u = seq_u = nash_u
        if len(members) == 1:
            m = members[0]
            cmax = g.one_move(g.u[m], p, "max")
            mc = g.closure_min(cmax, others, False) if others else cmax

            def smr_pred(s: np.ndarray, t: np.ndarray, m: int = m, mc: np.ndarray = mc
                         ) -> np.ndarray:
                return (g.u[m, t] > g.u[m, s]) & (mc[t] > g.u[m, s])
            smr_u = exists(smr_pred)
        else:
            smr_u = _smr_search(g, p, others, nash_u)
        sim_u = np.zeros(g.N, dtype=bool)
        opp = [(j, d, m) for j in others for d, m in ui_mask_list(j)]
        for si, ti in g.arcs(p, improving=True):
            if not si.size:
                continue
            sanctioned = np.zeros(si.shape, dtype=bool)
            for _j, d, m in opp:
                ok = m[si]
                if not ok.any():
                    continue
                comb = ti ^ d
                ok &= g.feas[comb]
                idx = np.nonzero(ok)[0]
                if idx.size:
                    sanctioned[idx] |= ~g.better(p, comb[idx], si[idx])
            sim_u[si[~sanctioned]] = True
        for k, unst in (("nash", nash_u), ("gmr", gmr_u), ("smr", smr_u), ("seq", seq_u),
                        ("sim", sim_u)):
            out[k].append(~unst[g.fids])
        out["seqsim"].append(out["seq"][-1] | out["sim"][-1])
    return out


def _smr_search(g: DenseGame, p: int, others: list[int], has_ui: np.ndarray) -> np.ndarray:
    """SMR instability for a multi-member player by explicit search (coalition analysis)."""
    unst = np.zeros(g.N, dtype=bool)

    def pref(a: int, b: int) -> bool:
        return bool(g.better(p, np.array([a]), np.array([b]))[0])

    reach_cache: dict[int, set[int]] = {}

    def reach(x: int) -> set[int]:
        if x not in reach_cache:
            seen: set[int] = set()
            stack = [x]
            while stack:
                y = stack.pop()
                for j in others:
                    for z in g.successors(j, y):
                        if z not in seen:
                            seen.add(z)
                            stack.append(z)
            reach_cache[x] = seen
        return reach_cache[x]

    for s in np.nonzero(has_ui)[0]:
        s = int(s)
        for t in g.successors(p, s, improving=True):
            ok = any(not pref(s2, s) and not any(pref(s3, s) for s3 in g.successors(p, s2))
                     for s2 in reach(t))
            if not ok:
                unst[s] = True
                break
    return unst


# -- explicit engine (graph form) -----------------------------------------------------------

def _graph_combiner(c: Conflict, g: ExplicitGame) -> Any:
    """Combine two simultaneous moves from x through the states' Y/N spellings."""
    yns = [s.yn for s in sorted(c.states or (), key=lambda s: s.id)]
    if not all(yns) or any("-" in y for y in yns) or len(set(map(len, yns))) != 1:
        return None
    pos = {y: k for k, y in enumerate(yns)}

    def combine(x: int, a: int, b: int) -> int | None:
        out = []
        for cx, ca, cb in zip(yns[x], yns[a], yns[b], strict=True):
            if ca != cx and cb != cx and ca != cb:
                return None
            out.append(ca if ca != cx else cb)
        return pos.get("".join(out))
    return combine


def _explicit_stability(g: ExplicitGame, combine: Any) -> dict[str, list[np.ndarray]]:
    """Stable masks per concept and player, straight from the definitions."""
    out: dict[str, list[np.ndarray]] = {k: [] for k in CONCEPTS}
    P = len(g.players)
    for p in range(P):
        others = [j for j in range(P) if j != p]
        cache: dict[tuple[int, bool], set[int]] = {}

        def reach(x: int, imp: bool, others: list[int] = others,
                  cache: dict[tuple[int, bool], set[int]] = cache) -> set[int]:
            if (x, imp) not in cache:
                cache[(x, imp)] = g.reach(x, others, imp)
            return cache[(x, imp)]

        masks = {k: np.ones(g.F, dtype=bool) for k in CONCEPTS}
        for x in range(g.F):
            uis = g.moves(p, x, True)
            if not uis:
                continue
            masks["nash"][x] = False
            masks["gmr"][x] = all(any(not g.better(p, y, x) for y in reach(t, False))
                                  for t in uis)
            masks["smr"][x] = all(
                any(not g.better(p, y, x) and not any(g.better(p, z, x) for z in g.moves(p, y))
                    for y in reach(t, False)) for t in uis)
            masks["seq"][x] = all(any(not g.better(p, y, x) for y in reach(t, True))
                                  for t in uis)
            if combine is None:
                masks["sim"][x] = False
            else:
                opp = [w for j in others for w in g.moves(j, x, True)]
                masks["sim"][x] = all(
                    any((z := combine(x, t, w)) is not None and not g.better(p, z, x)
                        for w in opp) for t in uis)
        masks["seqsim"] = masks["seq"] | masks["sim"]
        for k in CONCEPTS:
            out[k].append(masks[k])
    return out


def player_index(res_players: tuple[str, ...], name: str) -> int:
    """Index of a player by name (case-insensitive)."""
    for k, p in enumerate(res_players):
        if p == name or p.lower() == name.lower():
            return k
    raise KeyError(name)


__all__ = ["CONCEPTS", "CONCEPT_NAMES", "StabilityResult", "StateInfo", "Player", "solve"]
