"""Report section for the conflict (GMCR) analysis: equilibria table, narration of the
leading equilibria, and the evolution graph from the status quo."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from accord.report.sections import figure_html, table_html
from accord.scenario import Scenario

if TYPE_CHECKING:
    from accord.workflow import Results

CONCEPT_COLS = [("nash", "Nash"), ("gmr", "GMR"), ("smr", "SMR"), ("seq", "SEQ"),
                ("sim", "SIM"), ("seqsim", "SEQ+SIM")]


def evolution_figure(an: Any) -> go.Figure | None:
    """States on the shortest evolutions from the status quo, arrows labelled by mover."""
    sq = an.status_quo
    if sq is None:
        return None
    depth: dict[int, int] = {sq.status_quo: 0}
    edges: list[tuple[int, int, str, bool]] = []
    for ev in sq.paths:
        for k, st in enumerate(ev.steps or ()):
            depth[st.target] = min(depth.get(st.target, k + 1), k + 1)
            edges.append((st.source, st.target, st.dm, ev.by_improvements))
    eq = {ev.target for ev in sq.paths}
    layers: dict[int, list[int]] = {}
    for s, d in sorted(depth.items()):
        layers.setdefault(d, []).append(s)
    pos = {s: (d, i - (len(ss) - 1) / 2) for d, ss in layers.items() for i, s in enumerate(ss)}
    fig = go.Figure()
    seen = set()
    for a, b, dm, imp in edges:
        if (a, b) in seen:
            continue
        seen.add((a, b))
        (x0, y0), (x1, y1) = pos[a], pos[b]
        fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=2, arrowwidth=1.5,
                           arrowcolor="#2a7" if imp else "#999",
                           hovertext=f"{dm}: {a} → {b}")
        fig.add_annotation(x=(x0 + x1) / 2, y=(y0 + y1) / 2, text=escape(dm), showarrow=False,
                           font={"size": 10, "color": "#555"})
    labels = sq.labels
    fig.add_trace(go.Scatter(
        x=[pos[s][0] for s in pos], y=[pos[s][1] for s in pos], mode="markers+text",
        text=[str(s) for s in pos], textposition="top center",
        hovertext=[labels.get(s, "") for s in pos], hoverinfo="text",
        marker={"size": 18, "color": ["#c33" if s == sq.status_quo else
                                       "#36c" if s in eq else "#aaa" for s in pos]}))
    fig.update_layout(title="Evolution from the status quo (red) to the equilibria (blue); "
                      "green arrows are improvements", showlegend=False, height=420,
                      xaxis={"title": "moves from the status quo", "dtick": 1},
                      yaxis={"visible": False}, margin={"l": 30, "r": 30, "t": 50, "b": 40})
    return fig


def render(sc: Scenario, res: Results) -> str | None:
    """The conflict-stability section, or None if the scenario has no conflict."""
    an = res.get("gmcr")
    if an is None:
        return None
    st = an.stability
    eq = sorted({s for k, _ in CONCEPT_COLS for s in st.equilibria[k]},
                key=lambda s: (-an.strength(s), s))
    rows = [[str(s), st.label(s)] + ["✓" if s in st.equilibria[k] else "" for k, _ in CONCEPT_COLS]
            for s in eq[:20]]
    parts = [
        '<p class="note">Graph Model for Conflict Resolution (Fang, Hipel & Kilgour 1993). A '
        "state is an equilibrium under a concept when no decision maker wants to leave it, "
        "given how the others could answer. State ids sum 2^k over the options taken.</p>",
        table_html(["state", "options taken"] + [n for _, n in CONCEPT_COLS], rows),
    ]
    if len(eq) > 20:
        parts.append(f"<p class='note'>{len(eq) - 20} further equilibria left out.</p>")
    for ex in an.narration:
        parts.append(f"<h3>Why state {ex.state} holds: {escape(ex.label)}</h3><ul>")
        for p, per in ex.sentences.items():
            key = "seq" if per.get("seq") else "gmr"
            parts.append(f"<li><b>{escape(p)}</b>: {escape(per[key])}</li>")
        parts.append("</ul>")
    if an.coalitions is not None:
        crow = [[str(s), ", ".join(f"{' + '.join(i.coalition)} → {i.target}" for i in imps[:3])
                 or "none"] for s, imps in an.coalitions.improvements.items() if s in an.top]
        if crow:
            parts.append("<h3>Coalition improvements (Kilgour et al. 2001)</h3>")
            parts.append(table_html(["equilibrium", "joint moves every member prefers"], crow))
    fig = evolution_figure(an)
    if fig is not None:
        parts.append(figure_html(fig))
    return "".join(parts)
