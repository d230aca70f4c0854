"""Plot functions for the report: each takes plain data and returns a plotly figure."""

from __future__ import annotations

import plotly.graph_objects as go

from accord.scenario import Scenario, tracks

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]


def actor_colours(sc: Scenario) -> dict[str, str]:
    """A stable colour per actor, in scenario order."""
    return {a.id: PALETTE[k % len(PALETTE)] for k, a in enumerate(sc.actors)}


def position_map(sc: Scenario, issue_id: str) -> go.Figure:
    """Actors placed on one issue's labelled scale; marker size by salience; red lines as bars."""
    issue = sc.issue(issue_id)
    colours = actor_colours(sc)
    fig = go.Figure()
    for p in sc.positions_on(issue_id):
        name = sc.actor(p.actor).name
        acc = p.acceptable()
        if acc is not None:
            fig.add_trace(go.Scatter(
                x=list(acc), y=[name, name], mode="lines", showlegend=False,
                line={"color": colours[p.actor], "width": 6}, opacity=0.25,
                hovertemplate=f"{name} accepts %{{x}}<extra>acceptable range</extra>"))
        fig.add_trace(go.Scatter(
            x=[p.position], y=[name], mode="markers", name=name, showlegend=False,
            marker={"size": 10 + 30 * p.salience, "color": colours[p.actor]},
            hovertemplate=(f"{name}: %{{x}} — {issue.label_at(p.position)}<br>"
                           f"salience {p.salience:.2f}, as of {p.as_of or 'undated'}"
                           "<extra></extra>")))
    ticks = sorted(issue.scale)
    fig.update_xaxes(range=[-3, 103], tickvals=ticks,
                     ticktext=[_wrap(issue.scale[t]) for t in ticks], tickfont={"size": 10})
    fig.update_layout(title=issue.name, height=140 + 40 * len(sc.positions_on(issue_id)),
                      margin={"l": 140, "r": 90, "t": 40, "b": 90})
    return fig


def salience_heatmap(sc: Scenario) -> go.Figure:
    """Salience of each issue to each party (latest values), 0–1."""
    parties = sc.parties()
    z, text = [], []
    for a in parties:
        row, trow = [], []
        for i in sc.issues:
            pos = {p.actor: p for p in sc.positions_on(i.id)}.get(a.id)
            row.append(None if pos is None else pos.salience)
            trow.append("" if pos is None else f"{pos.salience:.2f}")
        z.append(row)
        text.append(trow)
    fig = go.Figure(go.Heatmap(z=z, x=[i.name for i in sc.issues], y=[a.name for a in parties],
                               text=text, texttemplate="%{text}", colorscale="Blues", zmin=0,
                               zmax=1, colorbar={"title": "salience"}))
    fig.update_layout(title="Salience by party and issue (0–1)",
                      height=160 + 45 * len(parties), margin={"l": 140, "b": 120})
    return fig


def timeline_chart(sc: Scenario, issue_id: str) -> go.Figure | None:
    """Each party's dated positions on one issue; None when nothing is dated.

    Every chart spans the scenario's whole date range so that issues can be compared, and
    each line holds its last value up to the scenario's `as_of` (a position stands until
    it is restated).
    """
    import datetime as dt

    colours = actor_colours(sc)
    issue = sc.issue(issue_id)
    dates = sc.dates()
    if not dates:
        return None
    end = max(sc.as_of or dates[-1], dates[-1])
    pad = dt.timedelta(days=10)
    fig = go.Figure()
    n = 0
    for t in tracks(sc):
        if t.issue != issue_id:
            continue
        pts = [p for p in t.points if p.as_of is not None]
        if not pts:
            continue
        n += 1
        name = sc.actor(t.actor).name
        xs = [p.as_of.isoformat() for p in pts if p.as_of]
        ys = [p.position for p in pts]
        notes = [_wrap(p.rationale or "", 60) for p in pts]
        if pts[-1].as_of and pts[-1].as_of < end:
            xs.append(end.isoformat())
            ys.append(pts[-1].position)
            notes.append("(still the latest stated position)")
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines+markers", name=name,
            line={"color": colours[t.actor], "shape": "hv"},
            marker={"size": [8] * len(pts) + [0] * (len(xs) - len(pts))},
            text=notes, hovertemplate="%{x}: %{y}<br>%{text}<extra>" + name + "</extra>"))
    if n == 0:
        return None
    fig.update_xaxes(range=[(dates[0] - pad).isoformat(), (end + pad).isoformat()],
                     type="date")
    fig.update_yaxes(range=[-3, 103], title="position (0–100)")
    fig.update_layout(title=f"{issue.name}: positions over time", height=320,
                      margin={"t": 40, "b": 40})
    return fig


def _wrap(text: str, width: int = 22) -> str:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return "<br>".join(lines[:3])
