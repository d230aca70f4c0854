"""`accord scenario validate|show|at`: check, print and date a scenario file."""

from __future__ import annotations

import typer
from rich.markup import escape

from accord.cli import app
from accord.cli.common import PlainTable as Table
from accord.cli.common import console, open_scenario, print_json, resolve_scenario_path
from accord.scenario import Scenario, dump_scenario, load_scenario, scenario_at, scenario_to_dict

scenario_app = typer.Typer(
    help="Check, print and date scenario files.\n\n"
    "Example: accord scenario validate my.yaml",
    no_args_is_help=True,
)
app.add_typer(scenario_app, name="scenario")

FILE = typer.Argument(None, help="Scenario file (default: the bundled russia-ukraine-2025).")


@scenario_app.command("validate")
def validate(path: str = typer.Argument(..., help="Scenario file to check.")) -> None:
    """Exit 0 if FILE is a valid scenario; otherwise print `file:line:col: problem — fix`, exit 2.

    Example: accord scenario validate russia-ukraine-2025
    """
    sc = load_scenario(resolve_scenario_path(path))
    console.print(f"[green]valid[/green]: {escape(str(path))} — {len(sc.actors)} actors, "
                  f"{len(sc.issues)} issues, {len(sc.positions)} positions")


@scenario_app.command("show")
def show(
    path: str = FILE,
    json_out: bool = typer.Option(False, "--json", help="Print the canonical JSON."),
    yaml_out: bool = typer.Option(False, "--yaml", help="Print the canonical YAML."),
) -> None:
    """Print a scenario's actors, issues and positions as tables (or canonical JSON/YAML).

    Example: accord scenario show --json > scenario.json
    """
    sc = open_scenario(path)
    if json_out:
        print_json(scenario_to_dict(sc))
    elif yaml_out:
        console.out(dump_scenario(sc), end="")
    else:
        render_tables(sc)


@scenario_app.command("at")
def at(
    path: str = FILE,
    date: str = typer.Option(..., "--date", "-d", help="ISO date, e.g. 2025-09-15."),
    json_out: bool = typer.Option(False, "--json", help="Print the canonical JSON."),
) -> None:
    """The scenario as of DATE: per actor × issue, the latest value dated on or before it.

    Example: accord scenario at --date 2025-09-15
    """
    sc = scenario_at(open_scenario(path), date)
    if json_out:
        print_json(scenario_to_dict(sc))
    else:
        render_tables(sc)


def render_tables(sc: Scenario) -> None:
    """Rich tables: actors, issues, then positions (actor × issue, dated)."""
    when = f", as of {sc.as_of}" if sc.as_of else ""
    console.print(f"[bold]{escape(sc.title)}[/bold] ({escape(sc.id)}){escape(when)}")
    t = Table(title="Actors")
    for col in ("id", "name", "kind", "affiliation", "capability"):
        t.add_column(col)
    for a in sc.actors:
        cap = "" if a.capability is None else f"{a.capability:g}"
        t.add_row(a.id, a.name, a.kind, a.affiliation or "", cap)
    console.print(t)
    t = Table(title="Issues")
    for col in ("id", "name", "0", "50", "100", "levels"):
        t.add_column(col)
    for i in sc.issues:
        t.add_row(i.id, i.name, i.label_at(0), i.label_at(50), i.label_at(100),
                  ", ".join(lv.id for lv in i.levels))
    console.print(t)
    t = Table(title="Positions (0–100 scale; salience 0–1)")
    for col in ("actor", "issue", "position", "salience", "red line", "as of", "evidence"):
        t.add_column(col)
    for p in sc.positions:
        rl = p.red_line
        rl_s = "" if rl is None else (f"{rl:g}" if isinstance(rl, float | int) else
                                      f"{rl.low:g}–{rl.high:g}")
        t.add_row(p.actor, p.issue, f"{p.position:g}", f"{p.salience:.2f}", rl_s,
                  str(p.as_of or ""), str(len(p.evidence)))
    console.print(t)
