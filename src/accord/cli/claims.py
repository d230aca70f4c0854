"""`accord claims`, `accord sources`, `accord timeline`, `accord suggest`: claims in the store."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli import app
from accord.cli.common import (
    console,
    escape,
    open_scenario,
    print_json,
    resolve_scenario_path,
)
from accord.errors import InputError

DB_HELP = "Store URL or SQLite file (default: ACCORD_DB or the documented local file)."


def _actor(name: str | None) -> str | None:
    if not name:
        return None
    from accord.evidence.registry import load_registry

    reg = load_registry()
    canon = reg.resolve(name) or name
    return reg.party(canon) or canon


def _check_stance(stance: str | None) -> None:
    from accord.evidence.stance import STANCES

    if stance and stance not in STANCES:
        raise InputError(f"unknown stance '{stance}'", field="--stance",
                         fix="use one of: " + ", ".join(STANCES))


def _check_known(store: object, actor: tuple[str, str] | None, issue: str | None) -> None:
    """After an empty answer: refuse an actor or issue neither the registry, the issue
    lexicon nor any stored claim knows (a typo, not an absence of claims)."""
    from sqlalchemy import select

    from accord.evidence.issues import ISSUES
    from accord.evidence.store import ClaimRow

    with store.session() as s:  # type: ignore[attr-defined]
        if actor is not None:
            given, canon = actor
            stored = set(s.scalars(select(ClaimRow.actor).distinct()))
            if canon not in stored and not _known_actor(given):
                raise InputError(f"unknown party '{given}': not in the actor registry and no "
                                 "stored claim names it", field="--actor",
                                 fix="use a party name, e.g. " + ", ".join(sorted(stored)[:8]
                                                                            or ["Russia"]))
        if issue is not None:
            stored = set(s.scalars(select(ClaimRow.issue).distinct()))
            if issue not in stored and issue not in ISSUES:
                raise InputError(f"unknown issue '{issue}'", field="--issue",
                                 fix="use one of: " + ", ".join(sorted(set(ISSUES) | stored)))


def _known_actor(name: str) -> bool:
    from accord.evidence.registry import load_registry

    return load_registry().resolve(name) is not None


@app.command("claims")
def claims_cmd(
    actor: str = typer.Option(None, "--actor", help="Party holding the position."),
    issue: str = typer.Option(None, "--issue", help="Issue id, e.g. territory."),
    stance: str = typer.Option(None, "--stance", help="demand, red_line, offer, rejection, "
                               "assessment or agreement."),
    outlet: str = typer.Option(None, "--outlet", help="Only articles from this outlet."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    limit: int = typer.Option(500, "--limit", min=1, help="At most this many claims."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Claims in the store: who holds which stance on which issue, with the evidence.

    Example: accord claims --actor Russia --issue territory
    """
    from accord.evidence.claims import query_claims
    from accord.evidence.store import Store

    _check_stance(stance)
    party = _actor(actor)
    with Store(db) as store:
        rows = query_claims(store, actor=party, issue=issue, stance=stance,
                            outlet=outlet, limit=limit)
        if not rows:
            _check_known(store, (actor, party) if actor and party else None, issue)
    if json_:
        print_json({"claims": [c.to_dict() for c in rows]})
        return
    from accord.cli.common import PlainTable as Table

    t = Table("id", "date", "outlet", "actor", "speaker", "issue", "stance", "evidence")
    for c in rows:
        t.add_row(str(c.id), c.date or "", c.outlet or "", c.actor, c.speaker or "", c.issue,
                  c.stance, c.text[:90])
    console.print(t)
    console.print(f"{len(rows)} claims")


@app.command("sources")
def sources_cmd(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Outlet framing table and corroboration groups (the same claim across outlets).

    Example: accord sources --json
    """
    from accord.evidence.claims import corpus_overview
    from accord.evidence.store import Store

    with Store(db) as store:
        overview = corpus_overview(store)  # framing counted outside quotes, as in the report
    groups, profiles = overview.corroboration, overview.framing
    if json_:
        print_json({"framing": [p.to_dict() for p in profiles], **groups.to_dict()})
        return
    from accord.cli.common import PlainTable as Table

    t = Table("outlet", "articles", "spellings", "war terms", "labels", "territory")
    for p in profiles:
        sp = "; ".join(f"{k}: " + ", ".join(f"{v} {n}" for v, n in c.items())
                       for k, c in p.spellings.items())
        t.add_row(p.outlet, str(p.articles), sp,
                  ", ".join(f"{k} {n}" for k, n in p.war_terms.items()),
                  ", ".join(f"{k} {n}" for k, n in p.labels.items()),
                  ", ".join(f"{k} {n}" for k, n in p.territory.items()))
    console.print(t)
    g = Table("kind", "key", "sources", "articles", "example")
    for grp in groups.groups:
        g.add_row(grp.kind, grp.key, str(grp.sources), ", ".join(grp.articles),
                  grp.items[0].text[:70])
    console.print(g)


@app.command("timeline")
def timeline_cmd(
    actor: str = typer.Option(..., "--actor", help="Party, e.g. Russia."),
    issue: str = typer.Option(..., "--issue", help="Issue id, e.g. territory."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """A party's dated claims on one issue, with the shift between them in words.

    Example: accord timeline --actor Russia --issue territory
    """
    from accord.evidence.claims import build_timeline, query_claims
    from accord.evidence.store import Store

    name = _actor(actor) or actor
    with Store(db) as store:
        rows = query_claims(store, actor=name, issue=issue)
        if not rows:
            _check_known(store, (actor, name), issue)
    tl = build_timeline(rows, name, issue)
    if json_:
        print_json(tl.to_dict())
        return
    if not tl.entries:
        console.print(f"no claims of {name} on {issue} in the store")
        return
    for e in tl.entries:
        console.print(f"[bold]{e.date or 'undated'}[/bold] {escape(e.claim.outlet or '')} — "
                      f"{e.stance}: {e.shift}", highlight=False)
        console.print(f"    “{e.claim.text[:160]}”", markup=False, highlight=False)


@app.command("suggest")
def suggest_cmd(
    scenario: str = typer.Argument(None, help="Scenario file or bundled name."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    since: str = typer.Option(None, "--since", help="Only claims dated on or after (ISO)."),
    step: float = typer.Option(10.0, "--step", help="Points a concession moves a position."),
    apply_: bool = typer.Option(False, "--apply", help="Write the updates to a copy."),
    out: Path = typer.Option(None, "--out", help="File for --apply (default NAME.suggested.yaml)."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Compare the store's claims with the scenario and propose dated updates with evidence.

    Example: accord suggest russia-ukraine-2025 --apply --out updated.yaml
    """
    from accord.evidence.claims import query_claims
    from accord.evidence.store import Store
    from accord.evidence.suggest import apply, suggest
    from accord.scenario.io import dump_scenario

    if since:
        from datetime import date

        try:
            date.fromisoformat(since)
        except ValueError:
            raise InputError(f"'{since}' is not a date", field="--since",
                             fix="write it as YYYY-MM-DD") from None
    if not 0 < step <= 100:  # also refuses NaN
        raise InputError(f"--step {step} is outside 0–100", field="--step",
                         fix="give the points a concession moves a position, e.g. 10")
    sc = open_scenario(scenario)
    with Store(db) as store:
        rows = query_claims(store)
    sug = suggest(sc, rows, step=step, since=since)
    written = None
    if apply_:
        new = apply(sc, sug)
        src = resolve_scenario_path(scenario)
        written = out or Path(src.name).with_suffix("").with_suffix(".suggested.yaml")
        try:
            written.write_text(dump_scenario(new), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write ({exc.strerror or exc})", file=str(written),
                             fix="choose a writable --out path") from None
    if json_:
        print_json({**sug.to_dict(), "written": str(written) if written else None})
        return
    if not sug.proposals:
        console.print("no updates suggested: the store has no newer claims that change a value")
    for p in sug.proposals:
        old = "—" if p.old is None else f"{p.old:g}"
        console.print(f"[bold]{escape(p.actor)} × {escape(p.issue)}[/bold] {p.kind}: {old} → "
                      f"{p.new:g} "
                      f"(as of {p.as_of or 'undated'}) — {escape(p.why)}", highlight=False)
        for c in p.evidence[:3]:
            console.print(f"    #{c.id} {c.outlet or ''} {c.date or ''}: “{c.text[:120]}”",
                          markup=False, highlight=False)
    if written:
        console.print(f"wrote {written}")
