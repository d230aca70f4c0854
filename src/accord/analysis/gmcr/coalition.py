"""Coalition analysis in the sense of Kilgour, Hipel, Fang & Li (2001), "Coalition analysis
in group decision support", Group Decision and Negotiation 10(2): 159–175.

A coalition C (two or more DMs) reaches the states its members can get to by a legal
sequence of their own moves (no member moving twice in succession); a *coalition
improvement* from s is such a state that every member strictly prefers to s. An
equilibrium is coalitionally stable if no coalition has an improvement from it
(coalition Nash stability; a single DM's improvement is already excluded by Nash).
(The fixed-partition analysis, coalitions acting as single players, is `solve(...,
coalitions=...)`.)
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from accord.analysis.gmcr.model import Conflict
from accord.analysis.gmcr.moves import View
from accord.analysis.gmcr.stability import CONCEPTS, StabilityResult, solve


@dataclass(frozen=True)
class CoalitionImprovement:
    """A coalition's joint improvement from a state."""

    coalition: tuple[str, ...]
    source: int
    target: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"coalition": list(self.coalition), "from": self.source, "to": self.target}


@dataclass(frozen=True)
class CoalitionResult:
    """Coalitional stability of each equilibrium."""

    improvements: dict[int, tuple[CoalitionImprovement, ...]]  # state -> improvements
    equilibria: dict[str, tuple[int, ...]]  # concept -> coalitionally stable equilibria

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"coalition_improvements": {str(s): [i.to_dict() for i in v]
                                           for s, v in self.improvements.items()},
                "coalitionally_stable": {k: list(v) for k, v in self.equilibria.items()}}


def coalition_improvements(v: View, s: int, members: tuple[int, ...]) -> list[int]:
    """States a coalition reaches from s by a legal sequence that every member prefers."""
    seen: set[tuple[int, int]] = set()
    stack = [(s, -1)]
    found: set[int] = set()
    while stack:
        x, last = stack.pop()
        for m in members:
            if m == last:
                continue
            for y in v.dm_succ(m, x):
                if (y, m) not in seen:
                    seen.add((y, m))
                    if v.prefers(members, y, s):
                        found.add(y)
                    stack.append((y, m))
    return sorted(found)


def coalition_analysis(c: Conflict, *, result: StabilityResult | None = None,
                       max_size: int | None = None) -> CoalitionResult:
    """Which equilibria (under each concept) survive every coalition's improvements."""
    res = result or solve(c)
    v = View(c)
    n = len(c.dms)
    states = sorted({s for k in CONCEPTS for s in res.equilibria[k]})
    imps: dict[int, tuple[CoalitionImprovement, ...]] = {}
    for s in states:
        found = []
        for size in range(2, (max_size or n) + 1):
            for group in combinations(range(n), size):
                for t in coalition_improvements(v, s, group):
                    found.append(CoalitionImprovement(tuple(c.dms[m] for m in group), s, t))
        imps[s] = tuple(found)
    eq = {k: tuple(s for s in res.equilibria[k] if not imps[s]) for k in CONCEPTS}
    return CoalitionResult(imps, eq)
