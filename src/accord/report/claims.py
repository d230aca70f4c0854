"""Report section for the claims of `accord run --corpus`: the actor × issue matrix of
stances, the corroboration groups, the outlets' framing, and the dated claims on a timeline
with their evidence on hover."""

from __future__ import annotations

import textwrap
from html import escape
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
from plotly.colors import qualitative

from accord.report.sections import figure_html, table_html
from accord.scenario import Scenario

if TYPE_CHECKING:
    from accord.workflow import Results

STANCE_COLOUR = {"demand": "#d62728", "red_line": "#7f0000", "rejection": "#ff7f0e",
                 "assessment": "#7f7f7f", "offer": "#2ca02c", "agreement": "#1f77b4"}
STANCE_ORDER = ("red_line", "demand", "rejection", "assessment", "offer", "agreement")


def _wrap(s: str, width: int = 70) -> str:
    return "<br>".join(textwrap.wrap(escape(s), width)) or ""


def matrix_table(ov: Any) -> str:
    """Actors (rows) × issues (columns); each cell lists stance counts, strongest first."""
    issues = sorted({i for row in ov.matrix.values() for i in row})
    actors = sorted(ov.matrix, key=lambda a: -sum(sum(c.values()) for c in ov.matrix[a].values()))
    rows = []
    for a in actors:
        cells = []
        for i in issues:
            c = ov.matrix[a].get(i, {})
            cells.append(", ".join(f"{s.replace('_', ' ')} {c[s]}" for s in STANCE_ORDER if s in c))
        rows.append([a, *cells])
    return table_html(["actor", *[i.replace("_", " ") for i in issues]], rows, cls="evidence")


def groups_table(ov: Any, limit: int = 40) -> str | None:
    """Cross-source groups, most independent sources first."""
    groups = sorted(ov.corroboration.groups, key=lambda g: (-g.sources, g.kind, g.key))[:limit]
    if not groups:
        return None
    rows = [[g.kind.replace("_", " "), g.key, str(g.sources), ", ".join(g.articles),
             " | ".join(dict.fromkeys((it.outlet or f"#{it.article}") + ": " + it.text[:80]
                                      for it in g.items[:3]))] for g in groups]
    return table_html(["kind", "what", "independent sources", "articles", "examples"], rows,
                      cls="evidence")


def framing_figure(ov: Any) -> go.Figure | None:
    """Per outlet, how often its narrator uses each spelling and each framing phrase class."""
    terms: dict[str, dict[str, int]] = {}
    for p in ov.framing:
        for _main, counts in p.spellings.items():
            for v, n in counts.items():
                terms.setdefault(v, {})[p.outlet] = n
        for sect in ("war_terms", "labels", "territory"):
            for cls, n in getattr(p, sect).items():
                terms.setdefault(cls.replace("_", " "), {})[p.outlet] = n
    if not terms:
        return None
    outlets = [p.outlet for p in ov.framing]
    fig = go.Figure()
    for k, (term, by) in enumerate(sorted(terms.items())):
        fig.add_trace(go.Bar(name=term, x=outlets, y=[by.get(o, 0) for o in outlets],
                             marker_color=qualitative.Dark24[k % len(qualitative.Dark24)],
                             hovertemplate=f"{escape(term)}: %{{y}} in %{{x}}<extra></extra>"))
    fig.update_layout(barmode="group", title="Outlet framing (narrator's words, quotes left out)",
                      height=380, yaxis_title="uses", legend={"font": {"size": 10}},
                      margin={"l": 50, "r": 10, "t": 50, "b": 40})
    return fig


def timeline_figure(ov: Any, max_tracks: int = 30) -> go.Figure | None:
    """Dated claims, one row per party × issue, coloured by stance; hover shows the evidence
    sentence, the outlet and how it differs from the party's previous claim."""
    tracks = [t for t in ov.timelines if any(e.date for e in t.entries)]
    tracks.sort(key=lambda t: -len(t.entries))
    tracks = sorted(tracks[:max_tracks], key=lambda t: (t.actor, t.issue))
    if not tracks:
        return None
    pts: dict[str, dict[str, list[Any]]] = {}
    for t in tracks:
        label = f"{t.actor} · {t.issue.replace('_', ' ')}"
        for e in t.entries:
            if not e.date:
                continue
            c = e.claim
            d = pts.setdefault(e.stance, {"x": [], "y": [], "text": []})
            d["x"].append(e.date)
            d["y"].append(label)
            d["text"].append(
                f"<b>{escape(e.stance.replace('_', ' '))}</b> — {escape(c.outlet or '')} "
                f"{escape(e.date)} (evidence #{c.id})<br>{_wrap(c.text)}"
                f"<br><i>{escape(e.shift)}</i>"
                + (f"<br>speaker: {escape(c.speaker)}" if c.speaker else ""))
    fig = go.Figure()
    for stance in STANCE_ORDER:
        if stance not in pts:
            continue
        d = pts[stance]
        fig.add_trace(go.Scatter(x=d["x"], y=d["y"], mode="markers",
                                 name=stance.replace("_", " "), text=d["text"],
                                 marker={"size": 11, "color": STANCE_COLOUR[stance],
                                         "line": {"width": 1, "color": "white"}},
                                 hovertemplate="%{text}<extra></extra>"))
    fig.update_layout(title="Claims over time (hover for the evidence)",
                      height=160 + 28 * len(tracks), xaxis={"type": "date"},
                      yaxis={"autorange": "reversed"},
                      margin={"l": 220, "r": 10, "t": 50, "b": 40})
    return fig


def claims_section(_sc: Scenario, res: Results) -> str | None:
    """The claims part of the report (None without `--corpus` or without claims)."""
    ov = res.get("claims")
    if ov is None:
        return None
    if not ov.claims:
        return f"<p>{ov.articles} article(s) in the corpus; no claims found.</p>"
    dated = sum(1 for c in ov.claims if c.date)
    parts = [f"<p>{len(ov.claims)} claims from {ov.articles} article(s), {dated} dated. A "
             "claim is a party's stance (demand, red line, offer, rejection, assessment, "
             "agreement) on an issue; syndicated copies count once.</p>",
             "<h3>Who holds which stance on which issue</h3>", matrix_table(ov)]
    fig = timeline_figure(ov)
    if fig is not None:
        parts += ["<h3>Claims over time</h3>", figure_html(fig)]
    groups = groups_table(ov)
    if groups:
        parts += ["<h3>The same claim or figure across sources</h3>", groups]
    fig = framing_figure(ov)
    if fig is not None:
        parts += ["<h3>How each outlet frames the story</h3>", figure_html(fig)]
    return "".join(parts)
