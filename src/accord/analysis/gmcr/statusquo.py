"""Status quo analysis: where the conflict can go from the status quo.

Following Li, Hipel, Kilgour & Fang (2004), "Preference uncertainty in the graph model" and
the status quo analysis of GMCR II (Fang, Hipel, Kilgour & Peng 2003): the states reachable
from the status quo by legal moves, and by unilateral improvements only (no DM moving twice
in succession), and the shortest evolution from the status quo to each equilibrium as a
list of (DM, from, to) steps, improvements only where possible.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from accord.analysis.gmcr.model import Conflict
from accord.analysis.gmcr.moves import View
from accord.analysis.gmcr.stability import CONCEPTS, StabilityResult, solve
from accord.errors import InputError

MAX_EXPLORED = 400_000  # (state, last mover) pairs one search may visit


@dataclass(frozen=True)
class Step:
    """One move of an evolution: who moves, from which state to which."""

    dm: str
    source: int
    target: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"dm": self.dm, "from": self.source, "to": self.target}


@dataclass(frozen=True)
class Evolution:
    """The shortest path from the status quo to one equilibrium."""

    target: int
    concepts: tuple[str, ...]
    steps: tuple[Step, ...] | None  # None: not reachable
    by_improvements: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"to": self.target, "concepts": list(self.concepts),
                "steps": None if self.steps is None else [s.to_dict() for s in self.steps],
                "by_improvements": self.by_improvements}


@dataclass(frozen=True)
class StatusQuoResult:
    """Reachability from the status quo and evolution paths to the equilibria."""

    status_quo: int
    reachable: tuple[int, ...]
    reachable_by_improvements: tuple[int, ...]
    paths: tuple[Evolution, ...]
    labels: dict[int, str]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"status_quo": self.status_quo, "reachable": list(self.reachable),
                "reachable_by_improvements": list(self.reachable_by_improvements),
                "paths": [p.to_dict() for p in self.paths]}


def _search(v: View, start: int, improving: bool
            ) -> dict[tuple[int, int], tuple[int, int] | None]:
    """Breadth-first search over (state, last mover); parents for path recovery."""
    parent: dict[tuple[int, int], tuple[int, int] | None] = {(start, -1): None}
    queue = deque([(start, -1)])
    while queue and len(parent) < MAX_EXPLORED:
        s, last = queue.popleft()
        for p in range(len(v.players)):
            if p == last:
                continue
            for t in v.succ(p, s, improving):
                if (t, p) not in parent:
                    parent[(t, p)] = (s, last)
                    queue.append((t, p))
    return parent


def _path(v: View, parent: dict[tuple[int, int], tuple[int, int] | None], target: int
          ) -> tuple[Step, ...] | None:
    ends = [k for k in parent if k[0] == target and k[1] != -1]
    if not ends:
        return None
    depth: dict[tuple[int, int], int] = {}

    def d(k: tuple[int, int]) -> int:
        n = 0
        cur: tuple[int, int] | None = k
        while cur is not None and parent[cur] is not None:
            n += 1
            cur = parent[cur]
        return n
    for k in ends:
        depth[k] = d(k)
    node: tuple[int, int] | None = min(ends, key=lambda k: (depth[k], k[1]))
    steps = []
    while node is not None and parent[node] is not None:
        prev = parent[node]
        assert prev is not None
        steps.append(Step(v.players[node[1]].name, prev[0], node[0]))
        node = prev
    return tuple(reversed(steps))


def status_quo_analysis(c: Conflict, *, result: StabilityResult | None = None,
                        status_quo: int | None = None,
                        coalitions: list[list[str]] | None = None) -> StatusQuoResult:
    """Reachable states and shortest evolutions from the status quo to every equilibrium."""
    sq = c.status_quo if status_quo is None else status_quo
    if sq is None:
        raise InputError("the conflict has no status quo",
                         fix="give `status_quo` (the options taken now, or a state id)")
    v = View(c, coalitions)
    if not v.feasible(sq):
        raise InputError(f"status quo {sq} is not a feasible state",
                         fix="pick a state that no infeasibility condition excludes")
    res = result or solve(c, coalitions=coalitions)
    legal = _search(v, sq, False)
    imp = _search(v, sq, True)
    reach = sorted({s for s, last in legal if last != -1})
    reach_imp = sorted({s for s, last in imp if last != -1})
    targets: dict[int, list[str]] = {}
    for k in CONCEPTS:
        for s in res.equilibria[k]:
            targets.setdefault(s, []).append(k)
    paths = []
    for s in sorted(targets):
        if s == sq:
            paths.append(Evolution(s, tuple(targets[s]), (), True))
            continue
        steps = _path(v, imp, s)
        by_imp = steps is not None
        if steps is None:
            steps = _path(v, legal, s)
        paths.append(Evolution(s, tuple(targets[s]), steps, by_imp))
    labels = {s.id: s.label for s in res.states}
    return StatusQuoResult(sq, tuple(reach), tuple(reach_imp), tuple(paths), labels)
