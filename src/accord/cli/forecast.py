"""`accord forecast`, `accord obstacles`, `accord import ktab`: bargaining forecasts."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from accord.cli import app
from accord.cli.common import console, open_scenario, print_json, write_output
from accord.cli.importers import import_app
from accord.errors import InputError
from accord.scenario import Scenario, dump_scenario, scenario_at


def _load(path: str | None, as_of: str | None) -> Scenario:
    """A scenario file, a bundled name, or a KTAB CSV (read directly)."""
    if path and path.lower().endswith(".csv"):
        from accord.importers.ktab import read_ktab

        sc = read_ktab(path)
        return scenario_at(sc, as_of) if as_of else sc
    return open_scenario(path, as_of)


@app.command("forecast")
def forecast_cmd(
    scenario: str = typer.Argument(None, help="Scenario file, bundled name or KTAB .csv "
                                   "(default: bundled russia-ukraine-2025)."),
    model: str = typer.Option("all", "--model", "-m",
                              help="compromise | median | nash | eum | all"),
    as_of: str = typer.Option(None, "--as-of", help="Forecast the scenario as of this date."),
    draws: int = typer.Option(0, "--draws", help="Monte Carlo draws (0: none)."),
    workers: int = typer.Option(None, "--workers", help="Run draws on a Dask LocalCluster "
                                "with N worker processes."),
    scheduler: str = typer.Option(None, "--scheduler", help="Run draws on an existing Dask "
                                  "cluster, tcp://HOST:PORT."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the draws."),
    distribution: str = typer.Option("triangular", "--distribution",
                                     help="triangular | uniform (draws within low/high)."),
    disagreement: str = typer.Option("red_lines", "--disagreement",
                                     help="Nash disagreement point: red_lines | status_quo."),
    status_quo: float = typer.Option(None, "--status-quo", help="Status quo point (0–100)."),
    rounds: int = typer.Option(10, "--rounds", help="EUM: most rounds to play."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Forecast each issue's outcome with the compromise, median, Nash and expected utility models.

    Example: accord forecast --as-of 2025-09-30 --draws 2000 --workers 2
    """
    from accord.analysis.spatial import CLOSED_FORM, forecast
    from accord.analysis.uncertainty import monte_carlo

    if workers is not None and scheduler:
        raise InputError("give --workers or --scheduler, not both")
    if workers is not None and workers < 1:
        raise InputError(f"--workers {workers} must be at least 1")
    if rounds < 1:
        raise InputError(f"--rounds {rounds} must be at least 1", field="--rounds",
                         fix="give the most EUM rounds to play, e.g. 10")
    sc = _load(scenario, as_of)
    res = forecast(sc, model=model, disagreement=disagreement,  # type: ignore[arg-type]
                   status_quo=status_quo, eum_options={"max_rounds": rounds})
    unc = None
    if draws:
        mc_models = tuple(m for m in res.models if m in CLOSED_FORM)
        if mc_models:
            unc = monte_carlo(sc, draws=draws, seed=seed, distribution=distribution,  # type: ignore[arg-type]
                              models=mc_models, workers=workers, scheduler=scheduler)
    if json_out:
        out = res.to_dict()
        if unc is not None:
            out["uncertainty"] = unc.to_dict()
        print_json(out)
        return
    t = Table(title=f"Forecasts (0–100 scale){' as of ' + str(sc.as_of) if sc.as_of else ''}")
    for col in ("issue", "model", "forecast", "means", "80% band"):
        t.add_column(col)
    for f in res.issues:
        band = ""
        if unc is not None:
            try:
                b = unc.band(f.issue, f.model)
                band = f"{b.p80[0]:.1f}–{b.p80[1]:.1f}" if b.p80 else "undefined"
            except KeyError:
                band = ""
        pos = "—" if f.position is None else f"{f.position:.1f}"
        t.add_row(f.issue, f.model, pos, f.label, band)
    console.print(t)
    for f in res.issues:
        for note in f.diagnostics.get("notes", []):
            console.print(f"[dim]{f.issue} ({f.model}): {note}[/dim]")
            break


@app.command("obstacles")
def obstacles_cmd(
    scenario: str = typer.Argument(None, help="Scenario file, bundled name or KTAB .csv."),
    as_of: str = typer.Option(None, "--as-of", help="Rank as of this date."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Rank the issues by what blocks a deal: red-line gaps first, then weighted distance.

    Example: accord obstacles --as-of 2025-09-30
    """
    from accord.analysis.obstacles import obstacles

    res = obstacles(_load(scenario, as_of))
    if json_out:
        print_json(res.to_dict())
        return
    t = Table(title="What blocks a deal")
    for col in ("rank", "issue", "zone of agreement", "red-line movement", "why"):
        t.add_column(col)
    for i in res.issues:
        zopa = f"{i.zopa[0]:g}–{i.zopa[1]:g}" if i.zopa else "none"
        t.add_row(str(i.rank), i.name, zopa, f"{i.movement:.0f}", i.reason)
    console.print(t)


@import_app.command("ktab")
def import_ktab(
    path: Path = typer.Argument(..., help="KTAB spatial-model CSV."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the scenario YAML here "
                             "(default: print it)."),
) -> None:
    """Convert a KTAB CSV (Actor,Description,Power,Pstn1,Sal1,...) into a scenario YAML.

    Example: accord import ktab dummyData_3Dim.csv -o scenario.yaml
    """
    from accord.importers.ktab import read_ktab

    text = dump_scenario(read_ktab(path))
    if out is None:
        console.out(text, end="")
        return
    write_output(out, text, inputs=[path])
    console.print(f"wrote {out}")
