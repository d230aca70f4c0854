"""Report sections for the bargaining forecasts: every model on each issue's scale with its
uncertainty band, the expected utility model's rounds, the tornado and the obstacle ranking."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from accord.report.plots import PALETTE, _wrap, actor_colours
from accord.report.sections import figure_html, table_html
from accord.scenario import Scenario

if TYPE_CHECKING:
    from accord.workflow import Results

MODEL_NAMES = {"compromise": "Compromise (weighted mean)", "median": "Weighted median",
               "nash": "Nash bargaining", "eum": "Expected utility (BDM/Scholz)"}
MODEL_COLOURS = {"compromise": "#23395d", "median": "#2ca02c", "nash": "#d62728",
                 "eum": "#ff7f0e"}


def _scale_figure(sc: Scenario, issue_id: str, fc: Any, unc: Any) -> go.Figure:
    issue = sc.issue(issue_id)
    colours = actor_colours(sc)
    fig = go.Figure()
    pos = sc.positions_on(issue_id)
    for p in pos:
        name = sc.actor(p.actor).name
        fig.add_trace(go.Scatter(
            x=[p.position], y=[name], mode="markers", showlegend=False,
            marker={"size": 8 + 24 * p.salience, "color": colours.get(p.actor, PALETTE[0])},
            hovertemplate=f"{name}: %{{x}} (salience {p.salience:.2f})<extra></extra>"))
    rows = [sc.actor(p.actor).name for p in pos]
    for f in fc.issues:
        if f.issue != issue_id or f.position is None:
            continue
        colour = MODEL_COLOURS.get(f.model, "#555")
        band = None
        if unc is not None:
            try:
                band = unc.band(issue_id, f.model)
            except KeyError:
                band = None
        if band is not None and band.p80 is not None:
            fig.add_vrect(x0=band.p80[0], x1=band.p80[1], fillcolor=colour, opacity=0.12,
                          line_width=0)
        fig.add_trace(go.Scatter(
            x=[f.position, f.position], y=[rows[0], rows[-1]] if rows else [0, 1],
            mode="lines", name=MODEL_NAMES.get(f.model, f.model),
            line={"color": colour, "dash": "dash", "width": 2},
            hovertemplate=f"{MODEL_NAMES.get(f.model, f.model)}: {f.position:.1f} — "
                          f"{escape(f.label)}<extra></extra>"))
    ticks = sorted(issue.scale)
    fig.update_xaxes(range=[-3, 103], tickvals=ticks,
                     ticktext=[_wrap(issue.scale[t]) for t in ticks], tickfont={"size": 10})
    fig.update_layout(title=f"{issue.name}: forecasts (dashed) and 80% bands (shaded)",
                      height=180 + 36 * len(pos), margin={"l": 140, "r": 20, "t": 40, "b": 90},
                      legend={"orientation": "h", "y": -0.45})
    return fig


def forecast_section(sc: Scenario, res: Results) -> str | None:
    """Per issue: the actors on the scale, every model's forecast and its uncertainty band."""
    item = res.get("forecast")
    if not item:
        return None
    fc, unc = item["forecast"], item.get("uncertainty")
    parts = ['<p class="note">Weights are capability × salience. The compromise is the weighted '
             "mean, the median the weighted median voter, Nash the weighted Nash bargaining point "
             "with each party's red line as its disagreement point, and the expected utility "
             "model is Bueno de Mesquita's as re-derived by Scholz et al. (2011). Shaded: the 80% "
             f"band over {unc.draws if unc else 0} draws of the uncertain inputs.</p>"]
    rows = []
    for f in fc.issues:
        band = ""
        inside = ""
        if unc is not None:
            try:
                b = unc.band(f.issue, f.model)
                band = f"{b.p80[0]:.0f}–{b.p80[1]:.0f}" if b.p80 else "undefined"
                inside = "" if b.p_inside_red_lines is None else f"{b.p_inside_red_lines:.0%}"
            except KeyError:
                pass
        pos = "no point inside every red line" if f.position is None else f"{f.position:.1f}"
        rows.append([sc.issue(f.issue).name, MODEL_NAMES.get(f.model, f.model), pos, f.label,
                     band, inside])
    parts.append(table_html(["issue", "model", "forecast", "what it means", "80% band",
                             "P(inside every red line)"], rows))
    for issue in sc.issues:
        if any(f.issue == issue.id for f in fc.issues):
            parts.append(figure_html(_scale_figure(sc, issue.id, fc, unc)))
    return "".join(parts)


def eum_section(sc: Scenario, res: Results) -> str | None:
    """The expected utility model's median per round on every issue."""
    item = res.get("forecast")
    if not item:
        return None
    fig = go.Figure()
    n = 0
    for k, f in enumerate(item["forecast"].issues):
        med = f.diagnostics.get("median_by_round") if f.model == "eum" else None
        if not med:
            continue
        n += 1
        fig.add_trace(go.Scatter(x=list(range(len(med))), y=med, mode="lines+markers",
                                 name=sc.issue(f.issue).name,
                                 line={"color": PALETTE[k % len(PALETTE)]}))
    if not n:
        return None
    fig.update_xaxes(title="round (0 = stated positions)", dtick=1)
    fig.update_yaxes(title="median voter position (0–100)", range=[-3, 103])
    fig.update_layout(title="Expected utility model: median position by round", height=380)
    return ('<p class="note">Each round every party weighs, against each other party, its '
            "expected utility of challenging and of being challenged, and moves to the offer "
            "it takes (conflict, compromise or capitulation).</p>" + figure_html(fig))


def tornado_section(sc: Scenario, res: Results) -> str | None:
    """The inputs that move the compromise forecast most, one bar per input at low/high."""
    item = res.get("forecast")
    unc = item.get("uncertainty") if item else None
    if unc is None or not unc.tornado:
        return None
    bars = sorted((t for t in unc.tornado if t.model == "compromise" and t.swing > 0),
                  key=lambda t: -t.swing)[:15]
    if not bars:
        return None
    labels = [f"{sc.issue(t.issue).name}: {sc.actor(t.actor).name} {t.input}" for t in bars]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=labels, x=[t.swing for t in bars], orientation="h",
                         marker={"color": "#23395d"},
                         text=[f"{t.at_low:.1f} → {t.at_high:.1f}" for t in bars],
                         hovertemplate="%{y}: swing %{x:.1f} points<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="swing of the compromise forecast (points), input at low vs high")
    fig.update_layout(title="Which input moves the forecast most", height=160 + 26 * len(bars),
                      margin={"l": 320})
    return figure_html(fig)


def obstacles_section(sc: Scenario, res: Results) -> str | None:
    """The obstacle ranking with its reasons in words."""
    ob = res.get("obstacles")
    if ob is None:
        return None
    rows = [[str(i.rank), i.name, f"{i.zopa[0]:g}–{i.zopa[1]:g}" if i.zopa else "none",
             f"{i.movement:.0f}", i.reason] for i in ob.issues]
    return ('<p class="note">An issue blocks a deal when no point of its scale lies inside '
            "every party's red lines; the table gives the smallest red-line movement that "
            "would open one and who would have to move. Issues with a zone of agreement follow, "
            "ordered by how far apart the parties are.</p>"
            + table_html(["rank", "issue", "zone of agreement", "red-line points to move", "why"],
                         rows))
