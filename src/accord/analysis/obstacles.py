"""What blocks a deal: per issue, the weighted distance between the parties, whether a zone of
possible agreement (ZOPA) exists inside every party's red lines, and if not, the smallest
red-line movement that would open one, and by whom.

The zone of possible agreement is the bargaining range of Raiffa (1982) *The Art and Science of
Negotiation* — the overlap of the parties' reservation ranges — here on each issue's 0–100 scale
with the red lines as reservation points. The smallest opening minimises Σ_i gap_i(z) over points
z of the scale (gap_i = how far z lies outside party i's acceptable range): a convex,
piecewise-linear problem whose minimum lies at one of the range ends.

Ranking (interpretive choices, parameters of `obstacles`): issues without a ZOPA come first,
ordered by the salience-weighted movement needed (moving a red line one cares about costs more);
then issues with a ZOPA, ordered by the capability × salience weighted spread of positions around
their compromise. Only actors with a red line on the issue constrain the ZOPA.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.spatial import compromise, issue_inputs
from accord.scenario import Scenario, scenario_at


@dataclass(frozen=True)
class Move:
    """A red line that would have to move: who, from where to where, by how many points."""

    actor: str
    red_line_from: float
    red_line_to: float
    points: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"actor": self.actor, "from": round(self.red_line_from, 3),
                "to": round(self.red_line_to, 3), "points": round(self.points, 3)}


@dataclass(frozen=True)
class IssueObstacle:
    """One issue's obstacle figures and the reason in words."""

    issue: str
    name: str
    rank: int
    spread: float
    mean_salience: float
    zopa: tuple[float, float] | None
    movement: float
    weighted_movement: float
    moves: tuple[Move, ...]
    opening_point: float | None
    actors_with_red_lines: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"issue": self.issue, "name": self.name, "rank": self.rank,
                "spread": round(self.spread, 3), "mean_salience": round(self.mean_salience, 3),
                "zopa": list(self.zopa) if self.zopa else None,
                "movement_needed": round(self.movement, 3),
                "salience_weighted_movement": round(self.weighted_movement, 3),
                "moves": [m.to_dict() for m in self.moves],
                "opening_point": self.opening_point,
                "actors_with_red_lines": self.actors_with_red_lines, "reason": self.reason}


@dataclass(frozen=True)
class ObstacleRanking:
    """Issues ranked from the biggest obstacle to a deal down."""

    scenario: str
    as_of: str | None
    issues: tuple[IssueObstacle, ...]
    choices: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"scenario": self.scenario, "as_of": self.as_of, "choices": self.choices,
                "issues": [i.to_dict() for i in self.issues]}


def smallest_opening(lo: np.ndarray, hi: np.ndarray, weight: np.ndarray | None = None
                     ) -> tuple[float, np.ndarray]:
    """The point z minimising Σ weight_i · (how far z lies outside [lo_i, hi_i]), and the gaps.

    Ties go to the point nearest the middle of the candidates (the lowest on an exact tie).
    """
    w = np.ones_like(lo) if weight is None else weight
    cand = np.unique(np.concatenate([lo, hi]))
    gaps = np.maximum(lo[None, :] - cand[:, None], 0) + np.maximum(cand[:, None] - hi[None, :], 0)
    cost = gaps @ w
    best = np.flatnonzero(np.isclose(cost, cost.min(), rtol=0, atol=1e-9))
    z = float(cand[best].mean())
    gz = np.maximum(lo - z, 0) + np.maximum(z - hi, 0)
    return z, gz


def obstacles(sc: Scenario, *, as_of: str | dt.date | None = None,
              missing_capability: str = "mean") -> ObstacleRanking:
    """Rank the scenario's issues by how much they block a deal (see the module docstring)."""
    if as_of is not None:
        sc = scenario_at(sc, as_of)
    rows: list[dict[str, Any]] = []
    for issue in sc.issues:
        inp = issue_inputs(sc, issue.id, missing_capability=missing_capability)  # type: ignore[arg-type]
        if not inp.actors:
            continue
        w = inp.weight
        centre = float(compromise(inp.position, w))
        spread = float(np.sum(w * np.abs(inp.position - centre)) / w.sum()) if w.sum() else 0.0
        red = inp.has_red_line
        lo, hi, s = inp.lo[red], inp.hi[red], inp.salience[red]
        ids = [a for a, r in zip(inp.actors, red, strict=True) if r]
        zopa = None
        moves: list[Move] = []
        movement = weighted = 0.0
        opening = None
        if ids:
            low, high = float(lo.max()), float(hi.min())
            if low <= high:
                zopa = (low, high)
            else:
                z, gaps = smallest_opening(lo, hi)
                z_w, gaps_w = smallest_opening(lo, hi, s)
                opening = round(z, 3)
                movement = float(gaps.sum())
                weighted = float((gaps_w * s).sum())
                for k in np.flatnonzero(gaps > 1e-9):
                    frm = float(lo[k] if z < lo[k] else hi[k])
                    moves.append(Move(ids[k], frm, z, float(gaps[k])))
                moves.sort(key=lambda m: -m.points)
        rows.append({"issue": issue, "spread": spread, "sal": float(inp.salience.mean()),
                     "zopa": zopa, "movement": movement, "weighted": weighted, "moves": moves,
                     "opening": opening, "n_red": len(ids)})
    rows.sort(key=lambda r: (r["zopa"] is not None or r["n_red"] == 0, -r["weighted"],
                             -r["spread"] * r["sal"]))
    names = {a.id: a.name for a in sc.actors}
    out = []
    for rank, r in enumerate(rows, 1):
        out.append(IssueObstacle(r["issue"].id, r["issue"].name, rank, r["spread"], r["sal"],
                                 r["zopa"], r["movement"], r["weighted"], tuple(r["moves"]),
                                 r["opening"], r["n_red"], _reason(r, names)))
    return ObstacleRanking(sc.id, sc.as_of.isoformat() if sc.as_of else None, tuple(out),
                           {"ranking": "no ZOPA first (by salience-weighted red-line movement), "
                            "then by weighted spread × mean salience",
                            "missing_capability": missing_capability})


def _reason(r: dict[str, Any], names: dict[str, str]) -> str:
    spread = f"the parties sit {r['spread']:.0f} points apart on average once capability and " \
             f"salience are counted (mean salience {r['sal']:.2f})"
    if r["n_red"] == 0:
        return f"No party states a red line; {spread}."
    if r["zopa"] is not None:
        lo, hi = r["zopa"]
        return (f"A deal is possible between {lo:g} and {hi:g}: every party with a red line "
                f"accepts that range; {spread}.")
    who = "; ".join(f"{names.get(m.actor, m.actor)} {m.points:.0f} points "
                    f"(from {m.red_line_from:g} to {m.red_line_to:g})" for m in r["moves"])
    return (f"No point lies inside every party's red lines. Opening one at {r['opening']:g} "
            f"needs {r['movement']:.0f} points of red-line movement in all: {who}; {spread}.")
