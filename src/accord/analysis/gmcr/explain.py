"""Narration: plain sentences saying why a state is or is not stable for a DM under each
concept, naming the improvement, the sanction sequence and the states by their options.

The sentences follow the definitions of Fang, Hipel & Kilgour (1993) (see `stability`);
sanction sequences are found by breadth-first search, so the shortest one is told.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from accord.analysis.gmcr.model import Conflict
from accord.analysis.gmcr.moves import View
from accord.analysis.gmcr.stability import CONCEPT_NAMES, CONCEPTS, StabilityResult, solve
from accord.errors import InputError


@dataclass(frozen=True)
class Explanation:
    """Sentences per DM and concept for one state."""

    state: int
    label: str
    sentences: dict[str, dict[str, str]]  # player -> concept -> sentence
    stable: dict[str, dict[str, bool]]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"state": self.state, "label": self.label, "stable": self.stable,
                "sentences": self.sentences}

    def text(self) -> str:
        """All sentences as plain text."""
        lines = [f"State {self.state}: {self.label}"]
        for p, per in self.sentences.items():
            lines.append(f"{p}:")
            for k, s in per.items():
                lines.append(f"  {CONCEPT_NAMES[k]}: {s}")
        return "\n".join(lines)


class _Teller:
    def __init__(self, c: Conflict, v: View, res: StabilityResult) -> None:
        self.c, self.v, self.res = c, v, res

    def name(self, p: int) -> str:
        pl = self.v.players[p]
        return " and ".join(self.c.dm_name(self.c.dms[m]) for m in pl.members)

    def st(self, s: int) -> str:
        return f"state {s} ({self.res.label(s)})"

    def move(self, p: int, a: int, b: int) -> str:
        """'Russia takes X and drops Y' for an option-form move."""
        who = self.name(p)
        if self.c.graph_form:
            return f"{who} moves to {self.st(b)}"
        opts = list(enumerate(self.c.options))
        took = [o.text for k, o in opts if not (a >> k) & 1 and (b >> k) & 1]
        dropped = [o.text for k, o in opts if (a >> k) & 1 and not (b >> k) & 1]
        parts = []
        if took:
            parts.append("takes " + " and ".join(f"'{t}'" for t in took))
        if dropped:
            parts.append("drops " + " and ".join(f"'{t}'" for t in dropped))
        return f"{who} {' and '.join(parts)}"

    def sanction(self, p: int, s: int, s1: int, improving: bool, smr: bool
                 ) -> list[tuple[int, int, int]] | None:
        """Shortest sequence of the others' moves from s1 to an effective sanction."""
        members = self.v.players[p].members
        others = [j for j in range(len(self.v.players)) if j != p]
        parent: dict[tuple[int, int], tuple[int, int] | None] = {(s1, -1): None}
        q = deque([(s1, -1)])
        while q:
            x, last = q.popleft()
            for j in others:
                if j == last:
                    continue
                for y in self.v.succ(j, x, improving):
                    if (y, j) in parent:
                        continue
                    parent[(y, j)] = (x, last)
                    ok = not self.v.prefers(members, y, s)
                    if ok and smr:
                        ok = not any(self.v.prefers(members, z, s) for z in self.v.succ(p, y))
                    if ok:
                        seq = []
                        node: tuple[int, int] | None = (y, j)
                        while node is not None and parent[node] is not None:
                            prev = parent[node]
                            assert prev is not None
                            seq.append((node[1], prev[0], node[0]))
                            node = prev
                        return list(reversed(seq))
                    q.append((y, j))
        return None

    def tell(self, p: int, s: int, concept: str) -> str:
        who = self.name(p)
        members = self.v.players[p].members
        uis = self.v.succ(p, s, improving=True)
        if not uis:
            return f"{who} has no move from {self.st(s)} that it prefers, so it stays."
        if concept == "nash":
            t = uis[0]
            return (f"Not stable: if {self.move(p, s, t)}, the result, {self.st(t)}, is "
                    f"better for {who}" + (f" ({len(uis) - 1} other improvement(s) too)."
                                           if len(uis) > 1 else "."))
        if concept in ("sim", "seqsim"):
            others = [j for j in range(len(self.v.players)) if j != p]
            if concept == "seqsim" and s in self.res.stable_for[self.v.players[p].name]["seq"]:
                return self.tell(p, s, "seq")
            told = []
            for t in uis:
                hit = None
                for j in others:
                    for w in self.v.succ(j, s, improving=True):
                        z = (t ^ w ^ s) if not self.c.graph_form else None
                        if z is not None and self.v.feasible(z) and \
                                not self.v.prefers(members, z, s):
                            hit = (j, w, z)
                            break
                    if hit:
                        break
                if hit is None:
                    return (f"Not stable: if {self.move(p, s, t)}, no other party has an "
                            f"improvement of its own that, taken at the same time, leaves "
                            f"{who} no better off than at {self.st(s)}.")
                j, w, z = hit
                told.append(f"if {self.move(p, s, t)} while {self.move(j, s, w)}, the "
                            f"outcome is {self.st(z)}, which {who} does not prefer")
            return "Stable: " + "; ".join(told[:2]) + "."
        improving = concept == "seq"
        smr = concept == "smr"
        told = []
        for t in uis:
            seq = self.sanction(p, s, t, improving, smr)
            if seq is None:
                kind = "improvements of their own" if improving else "moves"
                return (f"Not stable: if {self.move(p, s, t)}, reaching {self.st(t)}, the "
                        f"others have no sequence of {kind} that leaves {who} no better off "
                        f"than at {self.st(s)}.")
            answer = ", then ".join(self.move(j, a, b) for j, a, b in seq)
            end = seq[-1][2]
            told.append(f"if {self.move(p, s, t)}, the others can answer: {answer}, reaching "
                        f"{self.st(end)}, which {who} likes no better than {self.st(s)}"
                        + (" and from which it cannot escape to anything better"
                           if smr else ""))
        more = f" ({len(told) - 2} more improvement(s) are deterred likewise)" \
            if len(told) > 2 else ""
        return "Stable: " + "; ".join(told[:2]) + more + "."


def explain(c: Conflict, state: int, *, dm: str | None = None,
            coalitions: list[list[str]] | None = None,
            result: StabilityResult | None = None) -> Explanation:
    """Why `state` is or is not stable for each DM (or only `dm`) under each concept."""
    res = result or solve(c, coalitions=coalitions)
    v = View(c, coalitions)
    if not v.feasible(state):
        raise InputError(f"state {state} is not a feasible state of the model",
                         fix=f"use one of: {', '.join(str(s.id) for s in res.states[:12])}")
    teller = _Teller(c, v, res)
    players = list(range(len(v.players)))
    if dm is not None:
        names = [p.name for p in v.players]
        low = {n.lower(): k for k, n in enumerate(names)}
        disp = {c.dm_name(n).lower(): k for k, n in enumerate(names)}
        key = dm.lower()
        if key not in low and key not in disp:
            raise InputError(f"unknown decision maker '{dm}'",
                             fix=f"use one of: {', '.join(names)}")
        players = [low.get(key, disp.get(key, 0))]
    sentences: dict[str, dict[str, str]] = {}
    stable: dict[str, dict[str, bool]] = {}
    for p in players:
        name = v.players[p].name
        sentences[name] = {k: teller.tell(p, state, k) for k in CONCEPTS}
        stable[name] = {k: state in res.stable_for[name][k] for k in CONCEPTS}
    return Explanation(state, res.label(state), sentences, stable)
