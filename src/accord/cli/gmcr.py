"""`accord gmcr solve|paths|explain|coalitions|import|export`: the Graph Model for Conflict
Resolution on a scenario's `conflict` section, a reference-case JSON or a GMCR+ file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from accord.cli import app
from accord.cli.common import PlainTable as Table
from accord.cli.common import console, open_scenario, print_json, write_output
from accord.errors import InputError

gmcr_app = typer.Typer(
    help="Conflict stability (GMCR): equilibria, status quo paths, narration.\n\n"
    "Example: accord gmcr solve russia-ukraine-2025",
    no_args_is_help=True,
)
app.add_typer(gmcr_app, name="gmcr")

FILE = typer.Argument(..., help="A reference-case .json, a GMCR+ .gmcr, or a scenario "
                      "YAML (or bundled scenario name) with a `conflict` section.")
COALITION = typer.Option(None, "--coalition", "-c",
                         help='DMs acting as one player, joined by "+" (repeatable).')


def load_conflict(path: str):  # noqa: ANN201 - returns accord.analysis.gmcr.Conflict
    """A conflict from any supported file."""
    from accord.analysis.gmcr.io import conflict_from_scenario, load_case

    if path.endswith((".json", ".gmcr")):
        return load_case(path)
    return conflict_from_scenario(open_scenario(path))


def _coalitions(raw: list[str] | None) -> list[list[str]] | None:
    if not raw:
        return None
    out = [[x.strip() for x in r.split("+") if x.strip()] for r in raw]
    if any(not c for c in out):
        raise InputError("empty --coalition", field="--coalition",
                         fix='join decision-maker ids with "+", e.g. --coalition "US+USSR"')
    return out


def _write(out: Path, text: str, source: str | Path) -> None:
    """Write an output file (never over the input it was made from)."""
    write_output(out, text, inputs=[source])
    console.print(f"wrote {out}")


@gmcr_app.command("solve")
def solve_cmd(
    path: str = FILE,
    coalition: list[str] = COALITION,
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Stable states per DM and equilibria under Nash, GMR, SMR, SEQ, SIM and SEQ+SIM.

    Example: accord gmcr solve cuban_missile_crisis.json --coalition "US+USSR" --json
    """
    from accord.analysis.gmcr.stability import CONCEPT_NAMES, CONCEPTS, solve

    c = load_conflict(path)
    res = solve(c, coalitions=_coalitions(coalition))
    if json_out:
        print_json(res.to_dict())
        return
    t = Table(title=f"Equilibria — {res.title or path}")
    t.add_column("state")
    t.add_column("options taken")
    for k in CONCEPTS:
        t.add_column(CONCEPT_NAMES[k], justify="center")
    shown = sorted({s for k in CONCEPTS for s in res.equilibria[k]})
    for s in shown:
        t.add_row(str(s), res.label(s), *("✓" if s in res.equilibria[k] else "" for k in CONCEPTS))
    console.print(t)
    if not shown:
        console.print("No equilibrium under any concept.")
    per = Table(title="Stable for each decision maker")
    per.add_column("DM")
    for k in CONCEPTS:
        per.add_column(CONCEPT_NAMES[k])
    for p in res.players:
        per.add_row(p, *(" ".join(map(str, res.stable_for[p][k])) for k in CONCEPTS))
    console.print(per)


@gmcr_app.command("paths")
def paths_cmd(
    path: str = FILE,
    status_quo: int = typer.Option(None, "--status-quo", help="Start state id (default: "
                                   "the model's status quo)."),
    coalition: list[str] = COALITION,
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """States reachable from the status quo and the shortest path to each equilibrium.

    Example: accord gmcr paths russia-ukraine-2025
    """
    from accord.analysis.gmcr.statusquo import status_quo_analysis

    c = load_conflict(path)
    res = status_quo_analysis(c, status_quo=status_quo, coalitions=_coalitions(coalition))
    if json_out:
        print_json(res.to_dict())
        return
    lab = res.labels
    console.print(f"Status quo: {res.status_quo} ({lab.get(res.status_quo, '')})", markup=False)
    console.print(f"Reachable by legal moves: {' '.join(map(str, res.reachable)) or 'none'}")
    console.print("Reachable by improvements: "
                  f"{' '.join(map(str, res.reachable_by_improvements)) or 'none'}")
    for ev in res.paths:
        head = f"→ {ev.target} ({lab.get(ev.target, '')}) [{', '.join(ev.concepts)}]"
        if ev.steps is None:
            console.print(f"{head}: not reachable", markup=False)
            continue
        kind = "improvements" if ev.by_improvements else "legal moves"
        steps = "; ".join(f"{s.dm}: {s.source}→{s.target}" for s in ev.steps) or "already there"
        console.print(f"{head} by {kind}: {steps}", markup=False)


@gmcr_app.command("explain")
def explain_cmd(
    path: str = FILE,
    state: int = typer.Argument(..., help="State id (sum of 2**k over the options taken)."),
    dm: str = typer.Option(None, "--dm", help="Only this decision maker."),
    coalition: list[str] = COALITION,
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Why a state is or is not stable, in sentences, per DM and concept.

    Example: accord gmcr explain cuban_missile_crisis.json 6 --dm US
    """
    from accord.analysis.gmcr.explain import explain

    c = load_conflict(path)
    ex = explain(c, state, dm=dm, coalitions=_coalitions(coalition))
    if json_out:
        print_json(ex.to_dict())
        return
    typer.echo(ex.text())


@gmcr_app.command("coalitions")
def coalitions_cmd(
    path: str = FILE,
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Which equilibria survive coalition improvements (Kilgour, Hipel, Fang & Li 2001).

    Example: accord gmcr coalitions elmira.json
    """
    from accord.analysis.gmcr.coalition import coalition_analysis

    res = coalition_analysis(load_conflict(path))
    if json_out:
        print_json(res.to_dict())
        return
    for s, imps in res.improvements.items():
        if not imps:
            console.print(f"{s}: no coalition improvement")
        for i in imps:
            console.print(f"{s}: {' + '.join(i.coalition)} can jointly move to {i.target}",
                          markup=False)


@gmcr_app.command("import")
def import_cmd(
    path: Path = typer.Argument(..., help="A GMCR+ .gmcr file."),
    out: Path = typer.Option(None, "--out", "-o", help="Write the reference-case JSON here "
                             "(default: stdout)."),
) -> None:
    """Convert a GMCR+ .gmcr file into Accord's reference-case JSON.

    Example: accord gmcr import Cuban.gmcr -o cuban.json
    """
    from accord.analysis.gmcr.io import conflict_to_case, load_case

    if not path.exists():
        raise InputError(f"{path}: no such file", fix="check the path")
    data = conflict_to_case(load_case(path))
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    if out:
        _write(out, text, path)
    else:
        typer.echo(text, nl=False)


@gmcr_app.command("export")
def export_cmd(
    path: str = FILE,
    out: Path = typer.Option(None, "--out", "-o", help="Write the .gmcr file here "
                             "(default: stdout)."),
) -> None:
    """Write a conflict as a GMCR+ .gmcr file.

    Example: accord gmcr export russia-ukraine-2025 -o ru.gmcr
    """
    from accord.analysis.gmcr.io import conflict_to_gmcr

    text = json.dumps(conflict_to_gmcr(load_conflict(path)), ensure_ascii=False) + "\n"
    if out:
        _write(out, text, path)
    else:
        typer.echo(text, nl=False)
