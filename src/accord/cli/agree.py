"""`accord agree|score|bridge|simulate`: zones, package scores, bridges, simulated talks."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from accord.cli import app
from accord.cli.common import console, open_scenario, print_json, write_output
from accord.cli.importers import import_app
from accord.errors import InputError

FILE = typer.Argument(None, help="Scenario file (default: the bundled russia-ukraine-2025).")
AS_OF = typer.Option(None, "--as-of", help="Analyse the scenario as of this ISO date.")
JSON = typer.Option(False, "--json", help="Print the result as JSON.")
DISAGREE = typer.Option("reservation", "--disagreement",
                        help="Disagreement point d: 'reservation' (each party's reservation "
                        "utility) or 'min' (its lowest utility among acceptable packages).")


def _rule(value: str) -> str:
    if value not in ("reservation", "min"):
        raise InputError(f"unknown --disagreement '{value}'", field="--disagreement",
                         fix="use 'reservation' or 'min'")
    return value


def _u(utilities: dict[str, float], parties: list[str]) -> list[str]:
    return [f"{utilities[p]:.3f}" for p in parties]


@app.command("agree")
def agree(
    scenario: str = FILE,
    as_of: str = AS_OF,
    disagreement: str = DISAGREE,
    frontier: int = typer.Option(10, "--frontier", min=0,
                                 help="Frontier packages to list (0: none)."),
    json_out: bool = JSON,
) -> None:
    """Zones of agreement per issue, acceptable packages, the Pareto frontier and the Nash,
    Kalai–Smorodinsky, egalitarian and maximum-welfare packages.

    Example: accord agree --disagreement min
    """
    from accord.analysis.agreement import find_agreements

    sc = open_scenario(scenario, as_of)
    res = find_agreements(sc, disagreement=_rule(disagreement))  # type: ignore[arg-type]
    if json_out:
        print_json(res.to_dict())
        return
    t = Table(title="Zone of possible agreement per issue (levels inside every red line)")
    for col in ("issue", "zone", "range", "excluded levels (by whom)"):
        t.add_column(col)
    for z in res.zones:
        rng = "—" if z.range is None else f"{z.range[0]:g}–{z.range[1]:g}"
        ex = "; ".join(f"{lv} ({', '.join(w)})" for lv, w in z.excluded_by.items())
        t.add_row(z.issue, ", ".join(z.levels) or "[red]none[/red]", rng, ex)
    console.print(t)
    console.print(f"{res.n_acceptable:,} of {res.n_packages:,} packages are acceptable to all; "
                  f"{len(res.frontier):,} on the Pareto frontier "
                  f"(disagreement point: {res.disagreement_rule}).")
    if res.has_agreement:
        t = Table(title="Solution points (utility per party, 0–1)")
        t.add_column("point")
        for p in res.parties:
            t.add_column(p, justify="right")
        t.add_column("package")
        for name, v in res.points.items():
            if v is None:
                t.add_row(name, *["—"] * len(res.parties), "undefined")
            else:
                t.add_row(name, *_u(v.utilities, res.parties),
                          ", ".join(f"{k}={x}" for k, x in v.levels.items()))
        console.print(t)
        if frontier > 0:
            t = Table(title=f"Pareto frontier (first {min(frontier, len(res.frontier))} of "
                      f"{len(res.frontier)}, by welfare)")
            for p in res.parties:
                t.add_column(p, justify="right")
            t.add_column("package")
            best = sorted(res.frontier, key=lambda f: -sum(f.utilities.values()))[:frontier]
            for f in best:
                t.add_row(*_u(f.utilities, res.parties),
                          ", ".join(f"{k}={x}" for k, x in f.levels.items()))
            console.print(t)
    for n in res.notes:
        console.print(f"[yellow]note[/yellow]: {n}")


@app.command("score")
def score(
    scenario: str = FILE,
    package: list[str] = typer.Option(None, "--package", "-p",
        help='A package: "issue=level,issue=level" or a package id from the scenario; '
             "repeat for several. Default: every package the scenario names."),
    as_of: str = AS_OF,
    disagreement: str = DISAGREE,
    json_out: bool = JSON,
) -> None:
    """Score packages: utility per party, who rejects and why, distance to the frontier and
    to the Nash point.

    Example: accord score --package "territory=freeze,nato=no_membership_pledge"
    """
    from accord.analysis.agreement import find_agreements
    from accord.analysis.bridging import score_package

    sc = open_scenario(scenario, as_of)
    pkgs = list(package or []) or [p.id for p in sc.packages]
    if not pkgs:
        raise InputError("the scenario names no packages", field="--package",
                         fix='give one with --package "issue=level,issue=level"')
    res = find_agreements(sc, disagreement=_rule(disagreement))  # type: ignore[arg-type]
    scores = [score_package(sc, p, agreement=res) for p in pkgs]
    if json_out:
        print_json([s.to_dict() for s in scores])
        return
    for s in scores:
        t = Table(title=f"{s.name}: " + ", ".join(f"{k}={v}" for k, v in s.levels.items()))
        for col in ("party", "utility", "accepts", "why not"):
            t.add_column(col)
        for v in s.verdicts:
            t.add_row(v.party, f"{v.utility:.3f}", "yes" if v.accepts else "[red]no[/red]",
                      "; ".join(v.reasons))
        console.print(t)
        if s.uniform_gain is not None:
            where = ("on the Pareto frontier" if s.on_frontier else
                     f"dominated by {s.dominated_by} frontier packages" if s.dominated_by else
                     "not dominated by any acceptable package")
            console.print(f"  {where}; largest gain for everyone at once: {s.uniform_gain:+.3f}; "
                          f"distance to the frontier {s.distance_to_frontier:.3f}"
                          + (f", to the Nash point {s.distance_to_nash:.3f}"
                             if s.distance_to_nash is not None else ""))
            if s.best_improvement:
                console.print("  better for all: " + ", ".join(
                    f"{k}={v}" for k, v in s.best_improvement["levels"].items()))
        for n in s.notes:
            console.print(f"  [yellow]note[/yellow]: {n}")


@app.command("bridge")
def bridge_cmd(
    scenario: str = FILE,
    package: str = typer.Option(None, "--package", "-p",
        help="Base package for trades (default: the scenario's packages and the "
             "split-the-difference package)."),
    options: int = typer.Option(8, "--options", min=0, help="Relaxation sets to list."),
    as_of: str = AS_OF,
    json_out: bool = JSON,
) -> None:
    """What would open a deal: the cheapest red-line relaxations when no package is
    acceptable to all, or trades between issues that raise everyone's utility when one is.

    Example: accord bridge --options 5
    """
    from accord.analysis.bridging import bridge

    sc = open_scenario(scenario, as_of)
    res = bridge(sc, package=package, max_options=options)
    if json_out:
        print_json(res.to_dict())
        return
    if res.blocked_issues:
        console.print("No level is inside every red line on: "
                      + ", ".join(res.blocked_issues))
    for k, o in enumerate(res.options, 1):
        console.print(f"[bold]Option {k}[/bold] (cost {o.cost:.3f}, {len(o.relaxations)} "
                      f"relaxations, opens {o.n_acceptable:,} packages):")
        for r in o.relaxations:
            console.print(f"  • {r.words()}")
    for p, g in res.reservation_gaps.items():
        if g > 0:
            console.print(f"{p} would need to lower its reservation utility by {g:.3f}")
    if res.trades:
        console.print("[bold]Trades that raise every party's utility[/bold]:")
        for t in res.trades:
            console.print(f"  • {t.words()}")
    elif res.has_agreement:
        console.print("No one- or two-issue move raises every party's utility from the base "
                      "packages.")
    for n in res.notes:
        console.print(f"[yellow]note[/yellow]: {n}")


@import_app.command("genius")
def import_genius(
    domain: Path = typer.Argument(..., help="Genius domain XML file."),
    profiles: list[Path] = typer.Argument(..., help="Two or more preference profile XML files."),
    out: Path = typer.Option(None, "--out", "-o", help="Output file (default: stdout)."),
    names: str = typer.Option(None, "--names",
                              help="Comma-separated party names, in profile order."),
) -> None:
    """Convert a Genius/ANAC domain and its linear-additive profiles into a scenario.

    Example: accord import genius laptop_domain.xml buyer.xml seller.xml -o laptop.yaml
    """
    from accord.importers.genius import read_genius
    from accord.scenario import dump_scenario

    sc = read_genius(domain, profiles,
                     names=[n.strip() for n in names.split(",")] if names else None)
    text = dump_scenario(sc)
    if out is None:
        console.out(text, end="")
    else:
        write_output(out, text, inputs=[domain, *profiles])
        console.print(f"wrote {out}: {len(sc.actors)} parties, {len(sc.issues)} issues")


@app.command("simulate")
def simulate_cmd(
    scenario: str = FILE,
    protocol: str = typer.Option("alternating", "--protocol",
                                 help="alternating (stacked alternating offers) or mediated."),
    strategy: str = typer.Option("boulware", "--strategy",
        help="Concession: boulware, linear or conceder; or per party 'russia=boulware,...'."),
    beta: float = typer.Option(None, "--beta", help="Concession exponent β for every party "
                               "(overrides --strategy; <1 holds out, >1 concedes early)."),
    acceptance: str = typer.Option("next", "--acceptance", help="next, const or time."),
    ac_const: float = typer.Option(0.8, "--ac-const", help="α for AC_const."),
    ac_time: float = typer.Option(0.95, "--ac-time", help="T (share of the deadline) for AC_time."),
    deadline: int = typer.Option(100, "--deadline", help="Rounds before talks break down."),
    mediator: str = typer.Option(None, "--mediator",
                                 help="Mediator's actor id (implies --protocol mediated)."),
    seed: int = typer.Option(0, "--seed", help="Random seed (ties between equal offers)."),
    as_of: str = AS_OF,
    trace: int = typer.Option(12, "--trace", min=0, help="Trace lines to show (0: none)."),
    json_out: bool = JSON,
) -> None:
    """Simulate talks: stacked alternating offers with time-dependent concession, or a
    mediator's single text that moves only when every party accepts.

    Example: accord simulate --strategy conceder --deadline 50 --seed 1
    """
    from accord.analysis.simulate import simulate

    sc = open_scenario(scenario, as_of)
    strat: str | dict[str, str] = strategy
    if "=" in strategy:
        strat = dict(x.split("=", 1) for x in strategy.split(",") if "=" in x)
    res = simulate(sc, protocol="mediated" if mediator else protocol,  # type: ignore[arg-type]
                   strategy=strat, beta=beta, acceptance=acceptance,  # type: ignore[arg-type]
                   ac_const=ac_const, ac_time=ac_time, deadline=deadline, mediator=mediator,
                   seed=seed)
    if json_out:
        print_json(res.to_dict())
        return
    if trace and res.trace:
        t = Table(title=f"{res.protocol} — last {min(trace, len(res.trace))} of "
                  f"{len(res.trace)} moves")
        for col in ("round", "party", "action"):
            t.add_column(col)
        for p in res.parties:
            t.add_column(p, justify="right")
        t.add_column("note")
        for m in res.trace[-trace:]:
            t.add_row(str(m.round), m.party, m.action, *_u(m.utilities, res.parties), m.note)
        console.print(t)
    console.print(f"[bold]{res.outcome}[/bold] ({res.steps} steps)")
    if res.agreement:
        console.print("  " + ", ".join(f"{k}={v}" for k, v in res.agreement.items()))
        console.print("  utilities: " + ", ".join(f"{p} {u:.3f}"
                                                  for p, u in (res.utilities or {}).items()))
    for n in res.notes:
        console.print(f"[yellow]note[/yellow]: {n}")
