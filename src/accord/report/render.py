"""Assemble the sections into one self-contained HTML page (plotly.js inlined, no network)."""

from __future__ import annotations

import datetime as dt
import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from accord import __version__
from accord.errors import AccordError, InputError
from accord.report.sections import SECTIONS
from accord.scenario import Scenario

if TYPE_CHECKING:
    from accord.workflow import Results

log = logging.getLogger(__name__)

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;
background:#fafafa}header{background:#23395d;color:#fff;padding:1.2em 2em}
header h1{margin:0;font-size:1.5em}header p{margin:.3em 0 0;opacity:.85}
nav{padding:.6em 2em;background:#e9eef5;font-size:.9em}nav a{margin-right:1.2em;color:#23395d}
main{padding:0 2em 3em;max-width:1200px}section{margin-top:2em}h2{border-bottom:2px solid #23395d;
padding-bottom:.2em}table{border-collapse:collapse;font-size:.9em;margin:.5em 0;background:#fff}
th,td{border:1px solid #ccd;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#eef}.note{color:#555;font-size:.9em}.error{color:#a00}
footer{color:#777;font-size:.8em;padding:1em 2em}
.toolbar{padding:.6em 2em;background:#dfe7f1}
"""


def render_report(sc: Scenario, results: Results, *, toolbar: str = "") -> str:
    """The report page as one HTML string; `toolbar` is trusted HTML shown under the header."""
    import plotly.offline

    body, nav = [], []
    for sec in SECTIONS:
        try:
            html = sec.render(sc, results)
        except AccordError as exc:
            html = f'<p class="error">{escape(exc.render())}</p>'
        if not html:
            continue
        nav.append(f'<a href="#{sec.id}">{escape(sec.title)}</a>')
        body.append(f'<section id="{sec.id}"><h2>{escape(sec.title)}</h2>{html}</section>')
    for name, err in results.errors.items():
        body.append(f'<p class="error">{escape(name)} skipped: {escape(err)}</p>')
    when = f"as of {sc.as_of}" if sc.as_of else "undated"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(sc.title)} — Accord report</title>
<style>{CSS}</style>
<script>{plotly.offline.get_plotlyjs()}</script>
</head><body>
<header><h1>{escape(sc.title)}</h1><p>Scenario <code>{escape(sc.id)}</code>, {when}.
Every value below cites the article it comes from.</p></header>
{toolbar}<nav>{''.join(nav)}</nav>
<main>{''.join(body)}</main>
<footer>Made by Accord {__version__} on {dt.date.today().isoformat()} from
{escape(results.source or sc.id)}.</footer>
</body></html>
"""


def write_report(sc: Scenario, results: Results, out: str | Path) -> Path:
    """Write `index.html` into folder `out` (created if needed); return its path."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "index.html"
        tmp = folder / ".index.html.tmp"
        tmp.write_text(render_report(sc, results), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"cannot write the report ({exc.strerror or exc})", file=str(folder),
                         fix="choose a writable --out folder") from None
    return path
