"""Report sections for agreement search, bridging and simulated talks (plots and tables only;
every number comes from the `agreement` step of `accord run`)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go

from accord.report.plots import actor_colours
from accord.report.sections import figure_html, table_html
from accord.scenario import Scenario

if TYPE_CHECKING:
    from accord.workflow import Results

POINT_NAMES = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky",
               "egalitarian": "egalitarian", "max_welfare": "max welfare"}
POINT_SYMBOLS = {"nash": "star", "kalai_smorodinsky": "diamond", "egalitarian": "square",
                 "max_welfare": "triangle-up"}


def _name(sc: Scenario, actor_id: str) -> str:
    try:
        return sc.actor(actor_id).name
    except KeyError:
        return actor_id


def zopa_figure(sc: Scenario, res: Any) -> go.Figure:
    """Per issue: the range inside every red line (green) or the gap between them (red), and
    the issue's levels (filled when inside the zone)."""
    fig = go.Figure()
    names = [sc.issue(z.issue).name for z in res.zones]
    for z, name in zip(res.zones, names, strict=True):
        if z.range is not None:
            fig.add_trace(go.Scatter(x=list(z.range), y=[name, name], mode="lines",
                                     line={"color": "#2ca02c", "width": 14}, showlegend=False,
                                     hovertemplate=f"{escape(name)}: zone %{{x}}<extra></extra>"))
        else:
            lo, hi = 0.0, 100.0
            lows, highs = [], []
            for p in sc.positions_on(z.issue):
                acc = p.acceptable()
                if acc and p.actor in res.parties:
                    lows.append(acc[0])
                    highs.append(acc[1])
            if lows:
                lo, hi = min(highs), max(lows)
            fig.add_trace(go.Scatter(x=[lo, hi], y=[name, name], mode="lines",
                                     line={"color": "#d62728", "width": 14}, opacity=0.5,
                                     showlegend=False,
                                     hovertemplate=f"{escape(name)}: gap between red lines "
                                     "%{x}<extra></extra>"))
        issue = sc.issue(z.issue)
        inside = set(z.levels)
        fig.add_trace(go.Scatter(
            x=[lv.value for lv in issue.levels], y=[name] * len(issue.levels), mode="markers",
            marker={"size": 9, "color": ["#2ca02c" if lv.id in inside else "white"
                                         for lv in issue.levels],
                    "line": {"color": "#333", "width": 1}},
            text=[lv.label for lv in issue.levels], showlegend=False,
            hovertemplate="%{text} (%{x})<extra></extra>"))
    fig.update_xaxes(range=[-3, 103], title="issue scale (0–100)")
    fig.update_layout(title="Zone of possible agreement per issue: green range inside every "
                      "red line, red gap where red lines do not meet; dots are levels",
                      height=120 + 34 * len(names), margin={"l": 170, "r": 20, "t": 50})
    return fig


def pairwise_figure(sc: Scenario, res: Any, bridge: Any, a: str, b: str) -> go.Figure:
    """Utility of party a vs party b: packages, the acceptable ones, the frontier of all
    parties projected, and the solution points."""
    ia, ib = res.parties.index(a), res.parties.index(b)
    fig = go.Figure()
    if res.sample_all is not None and len(res.sample_all):
        fig.add_trace(go.Scattergl(x=res.sample_all[:, ia], y=res.sample_all[:, ib],
                                   mode="markers", name="packages (sample)",
                                   marker={"size": 3, "color": "#c7c7c7"}, hoverinfo="skip"))
    if res.sample is not None and len(res.sample):
        fig.add_trace(go.Scattergl(x=res.sample[:, ia], y=res.sample[:, ib], mode="markers",
                                   name="acceptable to all", marker={"size": 4,
                                                                     "color": "#98df8a"}))
    f = res.frontier_array()
    if len(f):
        fig.add_trace(go.Scatter(x=f[:, ia], y=f[:, ib], mode="markers",
                                 name="Pareto frontier (all parties)",
                                 marker={"size": 6, "color": "#1f77b4"}))
    for key, view in res.points.items():
        if view is None:
            continue
        fig.add_trace(go.Scatter(x=[view.utilities[a]], y=[view.utilities[b]], mode="markers",
                                 name=POINT_NAMES[key], marker={
                                     "size": 14, "symbol": POINT_SYMBOLS[key],
                                     "line": {"color": "black", "width": 1}}))
    if bridge is not None and bridge.options and bridge.options[0].nash:
        u = bridge.options[0].nash["utilities"]
        fig.add_trace(go.Scatter(x=[u[a]], y=[u[b]], mode="markers",
                                 name="Nash point after the cheapest bridge",
                                 marker={"size": 14, "symbol": "star-open", "color": "#ff7f0e",
                                         "line": {"width": 2}}))
    fig.add_trace(go.Scatter(x=[res.disagreement[a]], y=[res.disagreement[b]], mode="markers",
                             name="disagreement point", marker={"size": 10, "symbol": "x",
                                                                "color": "black"}))
    fig.update_xaxes(title=f"utility of {_name(sc, a)} (0–1)", range=[-0.02, 1.02])
    fig.update_yaxes(title=f"utility of {_name(sc, b)} (0–1)", range=[-0.02, 1.02])
    fig.update_layout(title=f"Packages as {_name(sc, a)} and {_name(sc, b)} value them",
                      height=520, margin={"t": 50})
    return fig


def agreement_section(sc: Scenario, results: Results) -> str | None:
    """ZOPA per issue, the pairwise utility plot, solution points and named packages."""
    run = results.get("agreement")
    if not run:
        return None
    res = run["agreement"]
    parts = [f"<p>{res.n_acceptable:,} of {res.n_packages:,} packages (one level per issue) "
             f"are acceptable to every party; {len(res.frontier):,} of them are "
             "Pareto-optimal. Utilities run from 0 to 1 (1: every issue at the party's own "
             "position); a package beyond a party's red line or below its reservation utility "
             "is unacceptable to it.</p>"]
    parts.append(figure_html(zopa_figure(sc, res)))
    a, b = pick_pair(res)
    parts.append(figure_html(pairwise_figure(sc, res, run.get("bridge"), a, b)))
    if res.has_agreement:
        rows = []
        for key, v in res.points.items():
            rows.append([POINT_NAMES[key]] + (["undefined"] * len(res.parties) + [""]
                        if v is None else [f"{v.utilities[p]:.3f}" for p in res.parties]
                        + [", ".join(f"{sc.issue(i).name}: {_label(sc, i, lv)}"
                                     for i, lv in v.levels.items())]))
        parts.append(table_html(["point"] + [_name(sc, p) for p in res.parties] + ["package"],
                                rows))
    scores = run.get("scores") or []
    if scores:
        rows = []
        for s in scores:
            no = [f"{_name(sc, v.party)}: {'; '.join(v.reasons)}" for v in s.verdicts
                  if not v.accepts]
            rows.append([s.name] + [f"{v.utility:.3f}" for v in s.verdicts]
                        + ["everyone" if not no else " | ".join(no),
                           "—" if s.uniform_gain is None else f"{s.uniform_gain:+.3f}"])
        parts.append("<h3>Named packages</h3>" + table_html(
            ["package"] + [_name(sc, v.party) for v in scores[0].verdicts]
            + ["who rejects and why", "gain for all available"], rows))
    parts += [f'<p class="note">{escape(n)}</p>' for n in res.notes]
    return "".join(parts)


def _label(sc: Scenario, issue_id: str, level_id: str) -> str:
    for lv in sc.issue(issue_id).levels:
        if lv.id == level_id:
            return lv.label
    return level_id


def bridging_section(sc: Scenario, results: Results) -> str | None:
    """The cheapest sets of red-line relaxations (or trades from packages), in words."""
    run = results.get("agreement")
    if not run or run.get("bridge") is None:
        return None
    br = run["bridge"]
    parts = []
    if br.options:
        parts.append("<p>No package lies inside every party's red lines. Each option below is a "
                     "smallest set of red-line moves that opens a zone, ranked by cost = Σ "
                     "salience × points moved / 100.</p>")
        rows = []
        for k, o in enumerate(br.options, 1):
            words = "; ".join(
                f"{_name(sc, r.party)} accepts “{_label(sc, r.issue, r.level)}” on "
                f"{sc.issue(r.issue).name} ({r.points:g} points past its red line)"
                for r in o.relaxations)
            rows.append([str(k), f"{o.cost:.3f}", words, f"{o.n_acceptable:,}"])
        parts.append(table_html(["option", "cost", "who gives what", "packages opened"], rows))
    for p, g in br.reservation_gaps.items():
        if g > 0:
            parts.append(f"<p>{escape(_name(sc, p))} would have to lower its reservation "
                         f"utility by {g:.3f}.</p>")
    if br.trades:
        rows = [[t.base, "; ".join(f"{sc.issue(i).name}: {_label(sc, i, a)} → {_label(sc, i, b)}"
                                   for i, a, b in t.changes),
                 ", ".join(f"{_name(sc, p)} +{v:.3f}" for p, v in t.gains.items())]
                for t in br.trades]
        parts.append("<p>Trades between issues that raise every party's utility:</p>"
                     + table_html(["from", "changes", "gains"], rows))
    parts += [f'<p class="note">{escape(n)}</p>' for n in br.notes]
    return "".join(parts) or None


def trace_figure(sc: Scenario, sim: Any) -> go.Figure:
    """Each party's utility for the standing offer, step by step."""
    colours = actor_colours(sc)
    fig = go.Figure()
    offers = [m for m in sim.trace if m.action == "offer"]
    for p in sim.parties:
        fig.add_trace(go.Scatter(x=[m.step for m in offers], y=[m.utilities[p] for m in offers],
                                 mode="lines", name=_name(sc, p),
                                 line={"color": colours.get(p)}))
    fig.update_xaxes(title="step (one party moves per step)")
    fig.update_yaxes(title="utility of the offer on the table (0–1)", range=[0, 1.02])
    fig.update_layout(title="Alternating offers: what each offer is worth to each party",
                      height=380, margin={"t": 50})
    return fig


def simulation_section(sc: Scenario, results: Results) -> str | None:
    """The alternating-offers trace and the mediated text's path."""
    run = results.get("agreement")
    if not run or run.get("alternating") is None:
        return None
    alt, med = run["alternating"], run.get("mediated")
    st = alt.settings
    parts = [f"<p>Stacked alternating offers: every party concedes with a "
             f"{escape(str(st['strategy']))} curve (β "
             + ", ".join(f"{_name(sc, p)} {b:g}" for p, b in st["beta"].items())
             + f"), accepts by AC_{escape(st['acceptance'])}, deadline "
             f"{st['deadline_rounds']} rounds, seed {st['seed']}. "
             f"<b>Outcome: {escape(alt.outcome)}</b>.</p>"]
    if alt.trace:
        parts.append(figure_html(trace_figure(sc, alt)))
    if med is not None:
        who = _name(sc, med.settings["mediator"]) if med.settings.get("mediator") else "a mediator"
        parts.append(f"<p>Mediated single text ({escape(who)} proposes, every party may veto): "
                     f"<b>{escape(med.outcome)}</b>.</p>")
        rows = [[str(m.round), m.action, m.note]
                + [f"{m.utilities[p]:.3f}" for p in med.parties] for m in med.trace]
        parts.append(table_html(["change", "action", "what changed"]
                                + [_name(sc, p) for p in med.parties], rows))
    return "".join(parts)


def pick_pair(res: Any) -> tuple[str, str]:
    """The two parties whose utilities over the sampled packages are least correlated."""
    s = res.sample_all
    if s is None or len(s) < 3 or len(res.parties) == 2:
        return res.parties[0], res.parties[1]
    c = np.corrcoef(s.T)
    np.fill_diagonal(c, np.inf)
    i, j = np.unravel_index(np.nanargmin(c), c.shape)
    return res.parties[min(i, j)], res.parties[max(i, j)]
