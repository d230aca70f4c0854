"""Report section for `accord run --corpus`: quotes by speaker, each with its sentence and the
quoted words highlighted."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from accord.scenario import Scenario

if TYPE_CHECKING:
    from accord.workflow import Results


def evidence_section(_sc: Scenario, res: Results) -> str | None:
    ev = res.get("evidence")
    if ev is None:
        return None
    rep = ev.report
    head = (f"<p>{rep['added']} article(s) ingested, {rep['duplicates']} already stored, "
            f"{rep['near_duplicates']} near-duplicate(s) grouped; "
            f"{ev.stats['quotes']} quotes, {ev.stats['quantities']} quantities, "
            f"{ev.stats['mentions']} actor mentions.</p>")
    problems = "".join(f"<li>{escape(p['path'])}: {escape(p['message'])}</li>"
                       for p in rep["problems"])
    if problems:
        head += f"<p>Files with problems:</p><ul>{problems}</ul>"
    counts = "".join(f"<tr><td>{escape(k)}</td><td>{v}</td></tr>"
                     for k, v in ev.by_speaker().items())
    parts = [head, f'<table class="evidence"><thead><tr><th>speaker</th><th>quotes</th></tr>'
                   f"</thead><tbody>{counts}</tbody></table>"]
    rows = []
    for q in sorted(ev.quotes, key=lambda q: (q["speaker"] or "~", q["article"], q["start"])):
        s, (a, b) = q["sentence"], q["highlight"]
        sent = f"{escape(s[:a])}<mark>{escape(s[a:b])}</mark>{escape(s[b:])}"
        rows.append(f"<tr><td>{escape(q['speaker'] or '?')}</td><td>{escape(q['cue'] or '')}"
                    f"</td><td>{escape(q['outlet'] or '')} #{q['article']} "
                    f"[{q['start']}:{q['end']}]</td><td>{sent}</td></tr>")
    if rows:
        parts.append('<table class="evidence"><thead><tr><th>speaker</th><th>cue</th>'
                     "<th>source</th><th>sentence (quote highlighted)</th></tr></thead>"
                     f"<tbody>{''.join(rows)}</tbody></table>")
    return "".join(parts)
