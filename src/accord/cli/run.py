"""`accord run`: the main job — load a scenario, run every analysis, write the HTML report."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import typer
from rich.errors import MarkupError

from accord.cli import app
from accord.cli.common import check_corpus, console, open_scenario, resolve_scenario_path


@app.command("run")
def run(
    scenario: str = typer.Argument(None,
        help="Scenario file (default: bundled russia-ukraine-2025)."),
    corpus: Path = typer.Option(None, "--corpus", help="Folder of articles to ingest first."),
    out: Path = typer.Option(Path("accord-report"), "--out", "-o", help="Output folder."),
    as_of: str = typer.Option(None, "--as-of", help="Analyse the scenario as of this date."),
    open_: bool = typer.Option(False, "--open", help="Open the report in a browser."),
) -> None:
    """Run every analysis on a scenario and write a self-contained HTML report.

    Example: accord run --out report/ --open
    """
    from accord.report import write_report
    from accord.workflow import run_all

    check_corpus(corpus)
    sc = open_scenario(scenario, as_of)
    results = run_all(sc, corpus=corpus, source=str(resolve_scenario_path(scenario)))
    path = write_report(sc, results, out)
    for line in results.summary():
        try:
            console.print(line)
        except MarkupError:  # a name or label with [brackets] in it: print as written
            console.print(line, markup=False)
    console.print(f"Report: [bold]{path}[/bold]")
    if open_:
        webbrowser.open(path.resolve().as_uri())
