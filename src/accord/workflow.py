"""The main job's steps: which analyses `accord run` runs, in order, and their results.

Analyses stay pure; this module only calls them. To add an analysis to `accord run`, append a
`Step` to `STEPS` (its report section goes into `accord.report.sections.SECTIONS`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import AccordError
from accord.scenario import Scenario, tracks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    """Options every step may read."""

    corpus: Path | None = None
    seed: int = 0
    # results of the steps run so far (a later step may read an earlier one's)
    previous: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Step:
    """One analysis of the main job: a name, the call, and a summary of its result in lines."""

    name: str
    run: Callable[[Scenario, RunOptions], Any]
    summary: Callable[[Any], list[str]] = lambda _r: []


@dataclass
class Results:
    """What `accord run` computed: one entry per step, and the steps that failed with why."""

    scenario: Scenario
    source: str = ""
    items: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        """The result of step `name`, or None if it did not run."""
        return self.items.get(name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: each step's result through its own `to_dict()`."""
        return {"scenario": self.scenario.id,
                "as_of": self.scenario.as_of.isoformat() if self.scenario.as_of else None,
                "results": {k: jsonable(v) for k, v in self.items.items()},
                "errors": dict(self.errors)}

    def summary(self) -> list[str]:
        """Short lines for the terminal: the scenario and one or more lines per step."""
        sc = self.scenario
        lines = [f"{sc.title}: {len(sc.parties())} parties, {len(sc.issues)} issues, "
                 f"{len(sc.positions)} dated positions"
                 + (f" (as of {sc.as_of})" if sc.as_of else "")]
        for step in STEPS:
            if step.name in self.items:
                lines.extend(step.summary(self.items[step.name]))
            elif step.name in self.errors:
                lines.append(f"[yellow]{step.name}: skipped — {self.errors[step.name]}[/yellow]")
        return lines


def jsonable(value: Any) -> Any:
    """A result as plain JSON data: `to_dict()` where it exists, containers walked."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _timeline(sc: Scenario, _opts: RunOptions) -> list[Any]:
    return tracks(sc)


def _timeline_summary(result: list[Any]) -> list[str]:
    moved = [t for t in result if len({p.position for p in t.points}) > 1]
    return [f"timeline: {len(result)} actor × issue tracks, {len(moved)} with a position change"]


def _forecast(sc: Scenario, opts: RunOptions) -> dict[str, Any]:
    from accord.analysis.spatial import forecast
    from accord.analysis.uncertainty import monte_carlo

    return {"forecast": forecast(sc, model="all"),
            "uncertainty": monte_carlo(sc, draws=2000, seed=opts.seed)}


def _forecast_summary(result: dict[str, Any]) -> list[str]:
    f = result["forecast"]
    parts = [f"{x.issue} {x.position:.0f}" for x in f.issues
             if x.model == "compromise" and x.position is not None]
    return [f"forecast (compromise, 0–100): {', '.join(parts)}"]


def _obstacles(sc: Scenario, _opts: RunOptions) -> Any:
    from accord.analysis.obstacles import obstacles

    return obstacles(sc)


def _obstacles_summary(result: Any) -> list[str]:
    top = [i.name for i in result.issues[:3]]
    return [f"obstacles: {', '.join(top)} block a deal most"]


def _evidence_step(_sc: Scenario, opts: RunOptions) -> Any:
    """Ingest `--corpus` into a fresh store and collect its quotes (None without a corpus)."""
    if opts.corpus is None:
        return None
    from accord.evidence.ingest import ingest_corpus

    if not Path(opts.corpus).is_dir():
        from accord.errors import InputError

        raise InputError("corpus folder not found", file=str(opts.corpus),
                         fix="give --corpus an existing folder of articles")
    return ingest_corpus(opts.corpus)


def _evidence_summary(result: Any) -> list[str]:
    if result is None:
        return []
    r = result.report
    return [f"evidence: {r['added']} articles ingested, {result.stats['quotes']} quotes, "
            f"{result.stats['quantities']} quantities, {len(r['problems'])} problem file(s)"]


def _gmcr(sc: Scenario, _opts: RunOptions) -> Any:
    from accord.analysis.gmcr.analysis import solve_conflict

    return solve_conflict(sc) if sc.conflict is not None else None


def _gmcr_summary(result: Any) -> list[str]:
    if result is None:
        return []
    eq = result.stability.equilibria
    top = ", ".join(f"{s} ({result.stability.label(s)})" for s in result.top[:2])
    return [f"conflict: {len(result.stability.states)} states; equilibria Nash {len(eq['nash'])}, "
            f"GMR {len(eq['gmr'])}, SEQ {len(eq['seq'])}; strongest: {top or 'none'}"]


STEPS: list[Step] = [
    Step("timeline", _timeline, _timeline_summary),
    Step("forecast", _forecast, _forecast_summary),
    Step("obstacles", _obstacles, _obstacles_summary),
    Step("evidence", _evidence_step, _evidence_summary),
]
STEPS.append(Step("gmcr", _gmcr, _gmcr_summary))


def _claims_step(_sc: Scenario, opts: RunOptions) -> Any:
    """Claims, cross-source groups, framing and timelines of the `--corpus` store (None
    without a corpus: it reads the store the evidence step built)."""
    ev = opts.previous.get("evidence")
    if ev is None:
        return None
    from accord.evidence.claims import corpus_overview
    from accord.evidence.store import Store

    with Store(ev.db) as store:
        return corpus_overview(store)


def _claims_summary(result: Any) -> list[str]:
    if result is None:
        return []
    same = sum(1 for g in result.corroboration.groups if g.kind == "same_claim")
    return [f"claims: {len(result.claims)} from {result.articles} article(s), "
            f"{len(result.matrix)} parties, {same} claim(s) found in several sources, "
            f"{len(result.framing)} outlet framing profile(s)"]


STEPS.append(Step("claims", _claims_step, _claims_summary))


def _agreement_step(sc: Scenario, opts: RunOptions) -> dict[str, Any]:
    """Agreement search, bridges, named packages and two simulated negotiations."""
    from accord.analysis.agreement import find_agreements
    from accord.analysis.bridging import bridge, score_package
    from accord.analysis.simulate import default_mediator, simulate

    res = find_agreements(sc, seed=opts.seed)
    return {"agreement": res, "bridge": bridge(sc),
            "scores": [score_package(sc, p.id, agreement=res) for p in sc.packages],
            "alternating": simulate(sc, seed=opts.seed),
            "mediated": simulate(sc, protocol="mediated", mediator=default_mediator(sc),
                                 seed=opts.seed)}


def _agreement_summary(result: dict[str, Any]) -> list[str]:
    res, br = result["agreement"], result["bridge"]
    lines = [f"agreement: {res.n_acceptable:,} of {res.n_packages:,} packages acceptable to "
             f"all, {len(res.frontier):,} on the Pareto frontier"]
    if br.options:
        o = br.options[0]
        lines.append(f"bridge: cheapest opening needs {len(o.relaxations)} red-line moves "
                     f"(cost {o.cost:.2f})")
    lines.append(f"simulation: alternating offers — {result['alternating'].outcome}; "
                 f"mediated — {result['mediated'].outcome}")
    return lines


STEPS.append(Step("agreement", _agreement_step, _agreement_summary))


def run_all(sc: Scenario, *, corpus: Path | None = None, source: str = "",
            seed: int = 0) -> Results:
    """Run every step on `sc`; a step that fails on its input is recorded, not fatal."""
    res = Results(scenario=sc, source=source)
    opts = RunOptions(corpus=corpus, seed=seed, previous=res.items)
    for step in STEPS:
        try:
            res.items[step.name] = step.run(sc, opts)
        except AccordError as exc:
            log.warning("%s: %s", step.name, exc)
            res.errors[step.name] = exc.render()
    return res
