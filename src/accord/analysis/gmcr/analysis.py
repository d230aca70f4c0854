"""The whole GMCR analysis of a scenario's `conflict` section, for `accord run` and the API:
stability (Fang, Hipel & Kilgour 1993), coalitional stability (Kilgour et al. 2001),
status quo paths and narration of the leading equilibria."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.analysis.gmcr.coalition import CoalitionResult, coalition_analysis
from accord.analysis.gmcr.explain import Explanation, explain
from accord.analysis.gmcr.io import conflict_from_scenario
from accord.analysis.gmcr.model import Conflict
from accord.analysis.gmcr.stability import CONCEPTS, StabilityResult, solve
from accord.analysis.gmcr.statusquo import StatusQuoResult, status_quo_analysis


@dataclass(frozen=True)
class ConflictAnalysis:
    """Stability, coalitions, status quo paths and narration of one conflict."""

    conflict: Conflict
    stability: StabilityResult
    coalitions: CoalitionResult | None
    status_quo: StatusQuoResult | None
    top: tuple[int, ...]  # equilibria ranked by the number of concepts they satisfy
    narration: tuple[Explanation, ...]

    def strength(self, s: int) -> int:
        """Number of concepts under which s is an equilibrium."""
        return sum(s in self.stability.equilibria[k] for k in CONCEPTS)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"stability": self.stability.to_dict(),
                "coalitions": self.coalitions.to_dict() if self.coalitions else None,
                "status_quo": self.status_quo.to_dict() if self.status_quo else None,
                "top": list(self.top),
                "narration": [e.to_dict() for e in self.narration]}


def analyse_conflict(c: Conflict, *, n_top: int = 3) -> ConflictAnalysis:
    """Run every GMCR analysis on a conflict; narrate the `n_top` strongest equilibria."""
    res = solve(c)
    eq = sorted({s for k in CONCEPTS for s in res.equilibria[k]})
    strength = {s: sum(s in res.equilibria[k] for k in CONCEPTS) for s in eq}
    top = tuple(sorted(eq, key=lambda s: (-strength[s], s))[:n_top])
    coal = coalition_analysis(c, result=res) if len(c.dms) > 2 and len(eq) <= 64 else None
    sq = status_quo_analysis(c, result=res) if c.status_quo is not None else None
    narr = tuple(explain(c, s, result=res) for s in top)
    return ConflictAnalysis(c, res, coal, sq, top, narr)


def solve_conflict(scenario: Any, *, n_top: int = 3) -> ConflictAnalysis:
    """GMCR analysis of a scenario's `conflict` section (InputError if it has none)."""
    return analyse_conflict(conflict_from_scenario(scenario), n_top=n_top)
