"""The negotiation model: actors, issues on 0–100 scales, dated positions, an optional conflict.

Units, once for every analysis:
- Issue scales run from 0 to 100; each issue labels what its points mean in words.
- Salience is a share of attention from 0 (indifferent) to 1 (nothing matters more).
- Capability is relative: any non-negative number; only ratios between actors matter
  (the bundled scenario uses 0–100).
- A red line is the worst point an actor accepts. A number is one-sided: the actor accepts
  everything from the red line through its own position to the end of the scale it leans to.
  A `{low, high}` pair gives a two-sided acceptable range that must contain the position.
- Dates are ISO dates. A position's `as_of` is when it was stated; `scenario at D` keeps, for
  each actor × issue, the latest value dated on or before D (undated values always count).

Cross-references (unknown ids, duplicates, dates after the scenario's `as_of`, missing evidence)
are checked by `check_scenario`, which returns problems with the path of the field at fault so
the loader can name the file's line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

Scale = Annotated[float, Field(ge=0, le=100)]
Unit = Annotated[float, Field(ge=0, le=1)]
Ident = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.\-]+$")]


class Model(BaseModel):
    """Base: unknown fields are errors (a typo must not pass silently); models are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Interval(Model):
    """A closed range `[low, high]` on the field's own unit."""

    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Interval:
        if self.low > self.high:
            raise ValueError(f"low {self.low:g} is above high {self.high:g}; swap them")
        return self


class Source(Model):
    """An article the scenario cites, declared once and referred to by id."""

    id: Ident
    outlet: str
    title: str | None = None
    file: str | None = None
    url: str | None = None
    published: dt.date | None = None
    event_date: dt.date | None = None
    viewpoint: str | None = None
    synthetic: bool = False


class Citation(Model):
    """Evidence for one value: where it was said and a paraphrase written by us."""

    source: str | None = Field(None, description="id of an entry in `sources`")
    outlet: str | None = None
    date: dt.date | None = None
    article: str | None = Field(None, description="article id: a file name or a store id")
    span: tuple[int, int] | None = Field(None, description="character offsets [start, end)")
    evidence_id: int | None = Field(None, description="id of an evidence row in the store")
    note: str = Field(..., min_length=1, description="what the source says, in our words")

    @model_validator(mode="after")
    def _span_ordered(self) -> Citation:
        if self.span is not None and not (0 <= self.span[0] < self.span[1]):
            raise ValueError("span must be [start, end) with 0 <= start < end")
        return self


class Actor(Model):
    """A party (state, organisation, coalition) or a person affiliated with one."""

    id: Ident
    name: str = Field(..., min_length=1)
    kind: Literal["state", "organisation", "coalition", "person"] = "state"
    affiliation: str | None = Field(None, description="id of the actor this one speaks for")
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)
    capability: float | None = Field(None, ge=0, description="relative; only ratios matter")
    capability_uncertainty: Interval | None = None
    rationale: str | None = None
    evidence: list[Citation] = Field(default_factory=list)
    reservation: Unit | None = Field(
        None, description="utility (0–1) of no agreement (BATNA) for agreement search")


class Level(Model):
    """A discrete outcome on an issue's scale, for agreement search."""

    id: Ident
    value: Scale
    label: str


class Issue(Model):
    """A negotiation issue on a 0–100 scale whose labelled points say what values mean."""

    id: Ident
    name: str = Field(..., min_length=1)
    description: str | None = None
    scale: dict[float, str] = Field(..., description="labelled points: value → words")
    levels: list[Level] = Field(default_factory=list)

    @field_validator("scale")
    @classmethod
    def _scale_points(cls, scale: dict[float, str]) -> dict[float, str]:
        bad = [k for k in scale if not 0 <= k <= 100]
        if bad:
            raise ValueError(f"scale point {bad[0]:g} is off the 0–100 scale")
        for end in (0, 100):
            if end not in scale:
                raise ValueError(f"scale must label the point {end} (what {end} means in words)")
        return scale

    def label_at(self, value: float) -> str:
        """Words for the labelled point nearest to `value`."""
        nearest = min(self.scale, key=lambda k: (abs(k - value), k))
        return self.scale[nearest]


class Position(Model):
    """One actor's stand on one issue at a date, with its evidence."""

    actor: str
    issue: str
    position: Scale
    salience: Unit
    red_line: Scale | Interval | None = None
    uncertainty: Interval | None = Field(None, description="position range (low, high)")
    salience_uncertainty: Interval | None = None
    as_of: dt.date | None = None
    rationale: str | None = None
    evidence: list[Citation] = Field(default_factory=list)
    values: dict[str, Unit] | None = Field(
        None, description="level id → value 0–1 on this issue, replacing the distance rule")

    def acceptable(self) -> tuple[float, float] | None:
        """The closed range of points this actor accepts, or None without a red line."""
        rl = self.red_line
        if rl is None:
            return None
        if isinstance(rl, Interval):
            return (rl.low, rl.high)
        if rl < self.position or (rl == self.position and self.position >= 50):
            return (float(rl), 100.0)
        return (0.0, float(rl))


class ConflictOption(Model):
    """A binary option of a GMCR decision maker."""

    id: Ident
    dm: str
    label: str | None = None
    reversibility: Literal["both", "only_N_to_Y", "only_Y_to_N"] = "both"
    rationale: str | None = None
    evidence: list[Citation] = Field(default_factory=list)


class PreferenceStatement(Model):
    """One option-prioritisation statement with why it holds and its sources.

    `statement` is `a & -b`, `a | b`, `not a`, `a if b` (b implies a), `a iff b`, `a -> b`
    over option ids, or `{option: Y|N, ...}` / `{any_of: [...]}`.
    """

    statement: str | dict[str, Any]
    rationale: str | None = None
    evidence: list[Citation] = Field(default_factory=list)


def _statement_kind(item: Any) -> str:
    if isinstance(item, str):
        return "text"
    if isinstance(item, dict) and "statement" in item or isinstance(item, PreferenceStatement):
        return "full"
    return "condition"


StatementItem = Annotated[
    Annotated[PreferenceStatement, Tag("full")] | Annotated[str, Tag("text")]
    | Annotated[dict[str, Any], Tag("condition")],
    Discriminator(_statement_kind)]


class ConflictPreferences(Model):
    """One decision maker's preferences: statements (most important first; statement i of k
    weighs 2**(k-1-i)) or a ranking of states (ids or Y/N spellings; inner lists tie),
    and misperceptions (conditions of states it can neither move to nor from)."""

    statements: list[StatementItem] = Field(default_factory=list)
    ranking: list[Any] | None = None
    misperceptions: list[str | dict[str, Any]] = Field(default_factory=list)
    rationale: str | None = None


class Conflict(Model):
    """A Graph Model for Conflict Resolution section: decision makers, options, preferences.

    `infeasible` entries are `{option: "Y"|"N", ...}` conjunctions, `{"any_of": [...]}`
    disjunctions or statement strings (`a & b`); `preferences` map each decision maker to
    option-prioritisation statements (a list, or `ConflictPreferences`) or a ranking;
    `status_quo` lists the options taken at the status quo.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    decision_makers: list[str] = Field(..., min_length=2)
    options: list[ConflictOption] = Field(..., min_length=1)
    infeasible: list[dict[str, Any] | str] = Field(default_factory=list)
    preferences: dict[str, ConflictPreferences | list[Any]] = Field(default_factory=dict)
    status_quo: list[str] | None = None
    description: str | None = None


class LevelConstraint(Model):
    """Levels that cannot go together: a package taking all of them (one per issue) is infeasible.

    `levels` maps issue id → a level id or a list of level ids (any of them)."""

    levels: dict[str, str | list[str]] = Field(..., min_length=2)
    rationale: str | None = None


class Package(Model):
    """A named package (e.g. a published plan): one level per issue, for agreement scoring."""

    id: Ident
    name: str = Field(..., min_length=1)
    levels: dict[str, str] = Field(..., min_length=1, description="issue id → level id")
    description: str | None = None
    proposed_by: str | None = Field(None, description="id of the actor that put it forward")
    as_of: dt.date | None = None
    evidence: list[Citation] = Field(default_factory=list)


class Scenario(Model):
    """A negotiation model: the one input every analysis reads."""

    accord: Literal[1] = Field(1, description="scenario format version")
    id: Ident
    title: str
    description: str | None = None
    as_of: dt.date | None = Field(None, description="reference date: no value is dated later")
    require_evidence: bool = False
    sources: list[Source] = Field(default_factory=list)
    actors: list[Actor] = Field(..., min_length=1)
    issues: list[Issue] = Field(..., min_length=1)
    positions: list[Position] = Field(default_factory=list)
    conflict: Conflict | None = None
    constraints: list[LevelConstraint] = Field(default_factory=list)
    packages: list[Package] = Field(default_factory=list)

    # -- lookups -----------------------------------------------------------------------
    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if none)."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id (KeyError if none)."""
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def source(self, source_id: str) -> Source:
        """The source with this id (KeyError if none)."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    def parties(self) -> list[Actor]:
        """Actors that hold positions (persons speak for them and are left out)."""
        holding = {p.actor for p in self.positions}
        return [a for a in self.actors if a.id in holding]

    def positions_on(self, issue_id: str) -> list[Position]:
        """The positions on one issue, in actor order (latest per actor if several dates)."""
        latest: dict[str, Position] = {}
        for p in self.positions:
            if p.issue != issue_id:
                continue
            cur = latest.get(p.actor)
            if cur is None or _date_key(p.as_of) >= _date_key(cur.as_of):
                latest[p.actor] = p
        order = {a.id: k for k, a in enumerate(self.actors)}
        return sorted(latest.values(), key=lambda p: order.get(p.actor, 1 << 30))

    def dates(self) -> list[dt.date]:
        """Every distinct date at which some position was stated, ascending."""
        return sorted({p.as_of for p in self.positions if p.as_of is not None})


def _date_key(d: dt.date | None) -> dt.date:
    return d if d is not None else dt.date.min


@dataclass(frozen=True)
class Problem:
    """A validation problem: the path of the field at fault, what is wrong and the fix."""

    path: tuple[str | int, ...]
    message: str
    fix: str


def check_scenario(sc: Scenario) -> list[Problem]:
    """Cross-reference checks pydantic's field constraints cannot express, in file order."""
    out: list[Problem] = []

    def dup(kind: str, items: list[Any], key: str) -> set[str]:
        seen: set[str] = set()
        for k, item in enumerate(items):
            ident = getattr(item, key)
            if ident in seen:
                out.append(
                    Problem((kind, k, key), f"duplicate {kind[:-1]} id '{ident}'",
                            "give every entry its own id")
                )
            seen.add(ident)
        return seen

    actor_ids = dup("actors", sc.actors, "id")
    issue_ids = dup("issues", sc.issues, "id")
    source_ids = dup("sources", sc.sources, "id")

    def known(ids: set[str], what: str, value: str, path: tuple[str | int, ...]) -> bool:
        if value in ids:
            return True
        hint = ", ".join(sorted(ids)[:8])
        out.append(Problem(path, f"unknown {what} '{value}'", f"use one of: {hint}"))
        return False

    def check_citations(cites: list[Citation], path: tuple[str | int, ...]) -> None:
        for k, c in enumerate(cites):
            if c.source is not None:
                known(source_ids, "source", c.source, (*path, "evidence", k, "source"))
            if c.date and sc.as_of and c.date > sc.as_of:
                out.append(Problem((*path, "evidence", k, "date"),
                                   f"date {c.date} is after the scenario's as_of {sc.as_of}",
                                   "move the scenario's as_of forward or fix the date"))

    for k, a in enumerate(sc.actors):
        if a.affiliation is not None:
            known(actor_ids, "actor", a.affiliation, ("actors", k, "affiliation"))
        if a.capability_uncertainty and a.capability is not None:
            u = a.capability_uncertainty
            if not u.low <= a.capability <= u.high:
                out.append(Problem(("actors", k, "capability_uncertainty"),
                                   f"capability {a.capability:g} is outside its range "
                                   f"[{u.low:g}, {u.high:g}]", "widen the range"))
        if sc.require_evidence and a.capability is not None and not a.evidence:
            out.append(Problem(("actors", k, "evidence"), f"actor '{a.id}' has a capability "
                               "but no evidence, and the file sets require_evidence: true",
                               "add an evidence citation or a rationale source"))
        check_citations(a.evidence, ("actors", k))

    for k, issue in enumerate(sc.issues):
        dup_levels: set[str] = set()
        for j, lv in enumerate(issue.levels):
            if lv.id in dup_levels:
                out.append(Problem(("issues", k, "levels", j, "id"),
                                   f"duplicate level id '{lv.id}' on issue '{issue.id}'",
                                   "give every level its own id"))
            dup_levels.add(lv.id)

    seen_pairs: set[tuple[str, str, dt.date | None]] = set()
    for k, p in enumerate(sc.positions):
        base = ("positions", k)
        known(actor_ids, "actor", p.actor, (*base, "actor"))
        known(issue_ids, "issue", p.issue, (*base, "issue"))
        key = (p.actor, p.issue, p.as_of)
        if key in seen_pairs:
            out.append(Problem((*base, "as_of"), f"a second position of '{p.actor}' on "
                               f"'{p.issue}' dated {p.as_of}",
                               "merge them or give them different as_of dates"))
        seen_pairs.add(key)
        if p.as_of and sc.as_of and p.as_of > sc.as_of:
            out.append(Problem((*base, "as_of"),
                               f"date {p.as_of} is after the scenario's as_of {sc.as_of}",
                               "move the scenario's as_of forward or fix the date"))
        if p.uncertainty and not p.uncertainty.low <= p.position <= p.uncertainty.high:
            out.append(Problem((*base, "uncertainty"),
                               f"position {p.position:g} is outside its uncertainty range "
                               f"[{p.uncertainty.low:g}, {p.uncertainty.high:g}]",
                               "widen the range so it contains the position"))
        for name in ("uncertainty", "salience_uncertainty"):
            iv = getattr(p, name)
            hi = 100 if name == "uncertainty" else 1
            if iv and (iv.low < 0 or iv.high > hi):
                out.append(Problem((*base, name), f"{name} [{iv.low:g}, {iv.high:g}] leaves "
                                   f"the 0–{hi} range", f"keep it within 0–{hi}"))
        rl = p.red_line
        if isinstance(rl, Interval):
            if not rl.low <= p.position <= rl.high:
                out.append(Problem((*base, "red_line"),
                                   f"acceptable range [{rl.low:g}, {rl.high:g}] does not contain "
                                   f"the actor's own position {p.position:g}",
                                   "a red line bounds what the actor accepts; "
                                   "include its position"))
        elif rl is not None:
            wrong = (p.position > 50 and rl > p.position) or (p.position < 50 and rl < p.position)
            if wrong:
                toward = "0" if p.position > 50 else "100"
                out.append(Problem((*base, "red_line"),
                                   f"red line {rl:g} is on the wrong side of the position "
                                   f"{p.position:g}",
                                   f"a red line is the worst point accepted, so it lies between "
                                   f"the position and {toward}; use {{low, high}} for a "
                                   f"two-sided range"))
        if p.values is not None and p.issue in issue_ids:
            lv_ids = {lv.id for lv in sc.issue(p.issue).levels}
            for lv_id in p.values:
                if lv_id not in lv_ids:
                    out.append(Problem((*base, "values", lv_id),
                                       f"unknown level '{lv_id}' on issue '{p.issue}'",
                                       f"use one of: {', '.join(sorted(lv_ids)[:8]) or '(none)'}"))
        if sc.require_evidence and not p.evidence:
            out.append(Problem((*base, "evidence"), f"position of '{p.actor}' on '{p.issue}' "
                               "cites no evidence, and the file sets require_evidence: true",
                               "add at least one evidence citation"))
        check_citations(p.evidence, base)

    def check_levels(issue_id: str, level_ids: list[str], path: tuple[str | int, ...]) -> None:
        if not known(issue_ids, "issue", issue_id, path):
            return
        lv_ids = {lv.id for lv in sc.issue(issue_id).levels}
        for lv_id in level_ids:
            if lv_id not in lv_ids:
                out.append(Problem(path, f"unknown level '{lv_id}' on issue '{issue_id}'",
                                   f"use one of: {', '.join(sorted(lv_ids)[:8]) or '(none)'}"))

    for k, con in enumerate(sc.constraints):
        for iss, lvs in con.levels.items():
            check_levels(iss, [lvs] if isinstance(lvs, str) else lvs,
                         ("constraints", k, "levels", iss))
    pkg_ids: set[str] = set()
    for k, pkg in enumerate(sc.packages):
        if pkg.id in pkg_ids:
            out.append(Problem(("packages", k, "id"), f"duplicate package id '{pkg.id}'",
                               "give every package its own id"))
        pkg_ids.add(pkg.id)
        for iss, lv in pkg.levels.items():
            check_levels(iss, [lv], ("packages", k, "levels", iss))
        if pkg.proposed_by is not None:
            known(actor_ids, "actor", pkg.proposed_by, ("packages", k, "proposed_by"))
        check_citations(pkg.evidence, ("packages", k))

    if sc.conflict is not None:
        c = sc.conflict
        for k, dm in enumerate(c.decision_makers):
            known(actor_ids, "actor", dm, ("conflict", "decision_makers", k))
        opt_ids: set[str] = set()
        for k, o in enumerate(c.options):
            known(set(c.decision_makers), "decision maker", o.dm, ("conflict", "options", k, "dm"))
            if o.id in opt_ids:
                out.append(Problem(("conflict", "options", k, "id"),
                                   f"duplicate option id '{o.id}'", "give every option its own id"))
            opt_ids.add(o.id)
        for dm, pref in c.preferences.items():
            known(set(c.decision_makers), "decision maker", dm, ("conflict", "preferences", dm))
            items = pref.statements if isinstance(pref, ConflictPreferences) else pref
            for j, st in enumerate(items):
                if isinstance(st, PreferenceStatement):
                    check_citations(st.evidence, ("conflict", "preferences", dm, "statements", j))
        for dm in c.decision_makers:
            if dm not in c.preferences:
                out.append(Problem(("conflict", "preferences"),
                                   f"no preferences for decision maker '{dm}'",
                                   "give statements (most important first) or a ranking"))
        for k, o in enumerate(c.status_quo or []):
            known(opt_ids, "option", o, ("conflict", "status_quo", k))
    return out
