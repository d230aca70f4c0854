"""Dated values: the scenario as it stood on a date, and each actor's track over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accord.errors import InputError
from accord.scenario.schema import Position, Scenario


def parse_date(text: str | dt.date, *, what: str = "--date") -> dt.date:
    """An ISO date from user input, or an `InputError` saying how to write it."""
    if isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise InputError(f"{what}: '{text}' is not a date", fix="write it as YYYY-MM-DD") from None


def scenario_at(sc: Scenario, date: str | dt.date) -> Scenario:
    """The scenario as of `date`: for each actor × issue, the latest value dated on or before it.

    Undated positions always count; pairs with no value by then are left out; the result's
    `as_of` is `date`. Actors, issues and the conflict section are kept as they are.
    """
    d = parse_date(date)
    latest: dict[tuple[str, str], Position] = {}
    for p in sc.positions:
        if p.as_of is not None and p.as_of > d:
            continue
        key = (p.actor, p.issue)
        cur = latest.get(key)
        if cur is None or (p.as_of or dt.date.min) >= (cur.as_of or dt.date.min):
            latest[key] = p
    kept = [p for p in sc.positions if latest.get((p.actor, p.issue)) is p]
    return sc.model_copy(update={"positions": kept, "as_of": d})


@dataclass(frozen=True)
class Track:
    """One actor's dated values on one issue, oldest first."""

    actor: str
    issue: str
    points: list[Position] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "actor": self.actor,
            "issue": self.issue,
            "points": [
                {"as_of": p.as_of.isoformat() if p.as_of else None, "position": p.position,
                 "salience": p.salience, "rationale": p.rationale}
                for p in self.points
            ],
        }


def tracks(sc: Scenario) -> list[Track]:
    """Every actor × issue pair with its dated values in time order (scenario order)."""
    groups: dict[tuple[str, str], list[Position]] = {}
    for p in sc.positions:
        groups.setdefault((p.actor, p.issue), []).append(p)
    out = []
    for (actor, issue), pts in groups.items():
        pts.sort(key=lambda p: p.as_of or dt.date.min)
        out.append(Track(actor, issue, pts))
    return out
