"""Evidence that updates the scenario: compare the store's recent claims with the scenario's
values and propose dated updates, each with the claims behind it.

Rules (interpretive choices, logged in every proposal's `why`):
- a red line claimed after the position's date and no red line in the scenario → propose the
  current position as the red line (the party declared it non-negotiable);
- offers or agreements after the position's date that follow demands → propose a new dated
  position `step` points toward the other parties' mean position (a concession signal);
- demands or red lines after a position that had moved toward the others → no move (only a
  reminder), since a hard line restated is not new information;
- the issue's share of the party's recent claims far from its salience share → propose a
  salience change halfway toward the claim share (attention revealed by speech; cf. the
  salience measurement of Bueno de Mesquita's expected-utility model, where salience is read
  from how much an actor attends to an issue).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from accord.evidence.claims import StoredClaim
from accord.scenario import Scenario
from accord.scenario.schema import Citation


@dataclass(frozen=True)
class Proposal:
    """One proposed change to the scenario with its evidence."""

    actor: str
    issue: str
    kind: str  # position | red_line | salience
    old: float | None
    new: float
    as_of: str | None
    why: str
    evidence: tuple[StoredClaim, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "issue": self.issue, "kind": self.kind, "old": self.old,
                "new": self.new, "as_of": self.as_of, "why": self.why,
                "evidence": [{"evidence_id": c.id, "article": c.article, "outlet": c.outlet,
                              "date": c.date, "span": [c.start, c.end], "stance": c.stance,
                              "text": c.text} for c in self.evidence]}


@dataclass(frozen=True)
class Suggestions:
    """All proposals for one scenario."""

    scenario: str
    proposals: tuple[Proposal, ...]
    unmatched_actors: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "proposals": [p.to_dict() for p in self.proposals],
                "unmatched_actors": list(self.unmatched_actors)}


def actor_map(sc: Scenario) -> dict[str, str]:
    """Store actor names (canonical registry names) → scenario actor ids, by name and alias."""
    out: dict[str, str] = {}
    for a in sc.actors:
        target = a.affiliation if a.kind == "person" and a.affiliation else a.id
        for n in [a.name, a.id, *a.aliases]:
            out.setdefault(n.lower(), target)
            out.setdefault(n.lower().replace("_", " "), target)
    return out


def suggest(sc: Scenario, claims: list[StoredClaim], *, step: float = 10.0,
            salience_gap: float = 0.25, since: str | None = None) -> Suggestions:
    """Proposed updates of `sc` from `claims` (see the module docstring for the rules)."""
    amap = actor_map(sc)
    issue_ids = {i.id for i in sc.issues}
    by_pair: dict[tuple[str, str], list[StoredClaim]] = defaultdict(list)
    by_actor: dict[str, list[StoredClaim]] = defaultdict(list)
    unmatched: set[str] = set()
    for c in claims:
        aid = amap.get(c.actor.lower())
        if aid is None:
            unmatched.add(c.actor)
            continue
        if since and (c.date or "") < since:
            continue
        by_actor[aid].append(c)
        if c.issue in issue_ids:
            by_pair[(aid, c.issue)].append(c)
    props: list[Proposal] = []
    for (aid, iid), cs in sorted(by_pair.items()):
        cur = next((p for p in sc.positions_on(iid) if p.actor == aid), None)
        if cur is None:
            continue
        after = [c for c in cs if _after(c.date, cur.as_of)]
        if not after:
            continue
        latest = max((c.date for c in after if c.date), default=None)
        reds = [c for c in after if c.stance == "red_line"]
        if reds and cur.red_line is None:
            props.append(Proposal(aid, iid, "red_line", None, cur.position, latest,
                                  "declared non-negotiable after the scenario's date: the "
                                  "current position becomes the red line", tuple(reds[:5])))
        softer = [c for c in after if c.stance in ("offer", "agreement")]
        harder = [c for c in after if c.stance in ("demand", "red_line", "rejection")]
        if softer and len(softer) >= len(harder):
            others = [p.position for p in sc.positions_on(iid) if p.actor != aid]
            if others:
                mean = sum(others) / len(others)
                move = max(-step, min(step, mean - cur.position))
                if abs(move) >= 1:
                    props.append(Proposal(
                        aid, iid, "position", cur.position, round(cur.position + move, 1),
                        latest, f"{len(softer)} offer/agreement claim(s) against "
                        f"{len(harder)} hard-line claim(s) since {cur.as_of or 'undated'}: "
                        f"move {abs(move):g} points toward the others' mean", tuple(softer[:5])))
    for aid, cs in sorted(by_actor.items()):
        mine = [p for p in sc.positions if p.actor == aid]
        latest_sal = {}
        for p in sorted(mine, key=lambda p: p.as_of or dt.date.min):
            latest_sal[p.issue] = p.salience
        tot_sal = sum(latest_sal.values())
        counted = [c for c in cs if c.issue in latest_sal]
        if tot_sal <= 0 or len(counted) < 5:
            continue
        for iid, sal in latest_sal.items():
            share = sum(c.issue == iid for c in counted) / len(counted)
            rel = sal / tot_sal
            if abs(share - rel) >= salience_gap:
                # halfway toward the claim share, at most 0.2 per update
                target = sal * share / max(rel, 0.05)
                new = max(0.0, min(1.0, sal + max(-0.2, min(0.2, (target - sal) / 2))))
                ev = tuple(c for c in counted if c.issue == iid)[:5]
                latest = max((c.date for c in counted if c.date), default=None)
                props.append(Proposal(aid, iid, "salience", sal, round(new, 2), latest,
                                      f"{share:.0%} of its recent claims are on this issue "
                                      f"against a salience share of {rel:.0%}", ev))
    return Suggestions(sc.id, tuple(props), tuple(sorted(unmatched)))


def _after(date: str | None, as_of: dt.date | None) -> bool:
    if as_of is None:
        return True
    if not date:
        return False
    try:
        return dt.date.fromisoformat(date[:10]) > as_of
    except ValueError:
        return False


def apply(sc: Scenario, sug: Suggestions, *, today: dt.date | None = None) -> Scenario:
    """A copy of `sc` with each proposal written as a new dated position citing its evidence
    (store ids in `evidence_id`)."""
    from accord.scenario.io import scenario_to_dict
    from accord.scenario.schema import Scenario as ScenarioModel

    data = scenario_to_dict(sc)
    positions = data.setdefault("positions", [])
    for p in sug.proposals:
        cur = next((x for x in sc.positions_on(p.issue) if x.actor == p.actor), None)
        if cur is None:
            continue
        entry = scenario_to_dict_position(cur)
        as_of = p.as_of or (today or dt.date.today()).isoformat()
        entry["as_of"] = as_of[:10]
        if p.kind == "position":
            entry["position"] = p.new
            entry.pop("uncertainty", None)
        elif p.kind == "red_line":
            entry["red_line"] = p.new
        else:
            entry["salience"] = p.new
        entry["rationale"] = f"suggested from evidence: {p.why}"
        entry["evidence"] = [Citation(outlet=c.outlet, date=_date(c.date), article=str(c.article),
                                      span=(c.start, c.end) if c.end > c.start else None,
                                      evidence_id=c.id, note=c.summary or c.text[:200]
                                      ).model_dump(exclude_none=True, mode="json")
                             for c in p.evidence]
        positions.append(entry)
    if data.get("as_of"):
        dates = [str(x.get("as_of")) for x in positions if x.get("as_of")]
        data["as_of"] = max([str(data["as_of"]), *dates])
    return ScenarioModel.model_validate(data)


def scenario_to_dict_position(p: Any) -> dict[str, Any]:
    """A position as a plain dict (JSON-compatible)."""
    return p.model_dump(exclude_none=True, mode="json")


def _date(d: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(d[:10]) if d else None
    except ValueError:
        return None
