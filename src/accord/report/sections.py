"""Report sections. A section is a function of the scenario and the run's results that
returns an HTML fragment (or None to leave the section out). Append to `SECTIONS` to extend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from accord.report import plots
from accord.scenario import Citation, Scenario

if TYPE_CHECKING:
    from accord.workflow import Results


@dataclass(frozen=True)
class Section:
    """A titled part of the report."""

    id: str
    title: str
    render: Callable[[Scenario, Results], str | None]


def figure_html(fig: go.Figure) -> str:
    """A plotly figure as a fragment; plotly.js itself is inlined once by the page."""
    return fig.to_html(full_html=False, include_plotlyjs=False,
                       config={"displaylogo": False, "responsive": True})


def table_html(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    """A plain HTML table; cells are escaped here."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>"
                   for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def cite(sc: Scenario, c: Citation) -> str:
    """A citation in words: outlet, date, article and span."""
    outlet, date = c.outlet, c.date
    if c.source:
        try:
            s = sc.source(c.source)
            outlet = outlet or s.outlet
            date = date or s.event_date or s.published
        except KeyError:
            pass
    where = " ".join(x for x in (outlet or "", str(date or ""), c.article or "") if x)
    if c.span:
        where += f" [{c.span[0]}:{c.span[1]}]"
    return where


def _overview(sc: Scenario, _res: Results) -> str:
    actors = table_html(
        ["actor", "kind", "speaks for", "capability", "why"],
        [[a.name, a.kind, sc.actor(a.affiliation).name if a.affiliation else "",
          "" if a.capability is None else f"{a.capability:g}", a.rationale or a.role or ""]
         for a in sc.actors])
    issues = table_html(
        ["issue", "0 means", "50 means", "100 means"],
        [[i.name, i.label_at(0), i.label_at(50), i.label_at(100)] for i in sc.issues])
    desc = f"<p>{escape(sc.description)}</p>" if sc.description else ""
    return f"{desc}<h3>Actors</h3>{actors}<h3>Issues and their scales</h3>{issues}"


def _positions(sc: Scenario, _res: Results) -> str:
    parts = ['<p class="note">Each party sits where its latest stated position puts it; the '
             "marker grows with salience; the pale bar is the range it accepts (its red line).</p>"]
    for issue in sc.issues:
        if sc.positions_on(issue.id):
            parts.append(figure_html(plots.position_map(sc, issue.id)))
    return "".join(parts)


def _salience(sc: Scenario, _res: Results) -> str | None:
    if not sc.positions:
        return None
    return figure_html(plots.salience_heatmap(sc))


def _timeline(sc: Scenario, _res: Results) -> str | None:
    figs = [f for f in (plots.timeline_chart(sc, i.id) for i in sc.issues) if f is not None]
    if not figs:
        return None
    return "".join(figure_html(f) for f in figs)


def _evidence(sc: Scenario, _res: Results) -> str | None:
    rows = []
    for p in sc.positions:
        for c in p.evidence:
            rows.append([sc.actor(p.actor).name, sc.issue(p.issue).name, f"{p.position:g}",
                         str(p.as_of or ""), c.note, cite(sc, c)])
    if not rows:
        return None
    return table_html(["actor", "issue", "position", "as of", "what the source says", "source"],
                      rows, cls="evidence")


def _at_a_glance(_sc: Scenario, res: Results) -> str | None:
    """What every analysis concluded, one line each: the same lines `accord run` prints."""
    from rich.errors import MarkupError
    from rich.text import Text

    def plain(line: str) -> str:
        try:
            return Text.from_markup(line).plain
        except MarkupError:  # a label with [brackets] in it: keep the line as written
            return line

    lines = [plain(line) for line in res.summary()]
    if len(lines) <= 1:
        return None
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return (f"<ul class=\"glance\">{items}</ul><p class=\"note\">Each line is detailed in its "
            "section below, with the evidence it rests on.</p>")


SECTIONS: list[Section] = [
    Section("glance", "At a glance", _at_a_glance),
    Section("overview", "Actors and issues", _overview),
    Section("positions", "Where the parties stand", _positions),
    Section("salience", "What matters to whom", _salience),
    Section("timeline", "How positions moved", _timeline),
    Section("evidence", "Evidence behind every position", _evidence),
]

from accord.report import forecast as _forecast  # noqa: E402  (sections use the helpers above)

SECTIONS += [
    Section("forecast", "Forecasts: where each model expects a deal", _forecast.forecast_section),
    Section("eum", "Expected utility model, round by round", _forecast.eum_section),
    Section("tornado", "What moves the forecast", _forecast.tornado_section),
    Section("obstacles", "What blocks a deal", _forecast.obstacles_section),
]

from accord.report import evidence as _evidence_report  # noqa: E402

SECTIONS += [
    Section("corpus", "Evidence from the corpus: quotes by speaker",
            _evidence_report.evidence_section),
]

from accord.report import gmcr as _gmcr_report  # noqa: E402

SECTIONS += [
    Section("gmcr", "Conflict stability: which outcomes hold", _gmcr_report.render),
]

from accord.report import claims as _claims_report  # noqa: E402

SECTIONS += [
    Section("claims", "Claims from the corpus: stances, sources, framing, timeline",
            _claims_report.claims_section),
]

from accord.report import agreement as _agreement_report  # noqa: E402

SECTIONS += [
    Section("agreement", "Where a deal could lie: zones, frontier, bargaining points",
            _agreement_report.agreement_section),
    Section("bridging", "What it would take: red-line moves and trades",
            _agreement_report.bridging_section),
    Section("simulation", "Simulated talks: alternating offers and a mediator",
            _agreement_report.simulation_section),
]
