"""`accord ingest`, `accord extract`, `accord evidence`, `accord eval`: news to evidence."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from accord.cli import app
from accord.cli.common import console, err_console, escape, print_json
from accord.errors import InputError

DB_HELP = ("Store: any SQLAlchemy URL or a SQLite file path "
           "(default: $ACCORD_DB, else ~/.local/share/accord/evidence.db).")


def _pipeline(registry: list[Path] | None):  # noqa: ANN202 - internal helper
    from accord.evidence.pipeline import default_pipeline

    return default_pipeline(registry or ())


@app.command("ingest")
def ingest_cmd(
    paths: list[str] = typer.Argument(..., help="Files, folders or globs (.txt, .html, .jsonl)."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    outlet: str = typer.Option(None, "--outlet", help="Outlet name for articles without one."),
    registry: list[Path] = typer.Option(None, "--registry", help="Extra actor registry YAML."),
    max_size: float = typer.Option(10.0, "--max-size", help="Refuse files over this many MB."),
    json_: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0,
                             help="Extraction processes (0 = one per core; 1 = none)."),
) -> None:
    """Ingest articles into the evidence store (idempotent; one transaction per article).

    One line per problem file on stderr; exit code 2 when any file was refused.
    Example: accord ingest news/ --outlet AP --db evidence.db
    """
    from accord.evidence.ingest import ingest
    from accord.evidence.store import Store

    if not max_size > 0:
        raise InputError(f"--max-size {max_size} must be positive", field="--max-size",
                         fix="give the largest file to accept in MB, e.g. 10")
    store = Store(db)
    pipe = _pipeline(registry)
    show = sys.stderr.isatty() and not json_

    def problem(p: object) -> None:
        err_console.print(str(p), markup=False, highlight=False, soft_wrap=True)

    if show:
        from rich.progress import Progress

        with Progress(console=err_console, transient=True) as prog:
            task = prog.add_task("ingesting", total=None)
            rep = ingest(paths, store, outlet=outlet, max_bytes=int(max_size * 1024 * 1024),
                         pipeline=pipe, on_problem=problem, jobs=jobs,
                         progress=lambda d, t: prog.update(task, completed=d, total=t))
    else:
        rep = ingest(paths, store, outlet=outlet, max_bytes=int(max_size * 1024 * 1024),
                     pipeline=pipe, on_problem=None if json_ else problem, jobs=jobs)
    if json_:
        print_json({**rep.to_dict(), "db": store.url})
    else:
        bad = sum(p.level == "error" for p in rep.problems)
        console.print(f"{rep.added} added, {rep.duplicates} already stored, "
                      f"{rep.near_duplicates} near-duplicate(s) grouped, {bad} refused "
                      f"— {store.url}", highlight=False)
    store.close()
    if rep.failed:
        raise typer.Exit(2)


@app.command("extract")
def extract_cmd(
    file: Path = typer.Argument(..., help="An article file (text or HTML)."),
    registry: list[Path] = typer.Option(None, "--registry", help="Extra actor registry YAML."),
    published: str = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD)."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Run the extraction pipeline on one file, without a store.

    Offsets are into the file's text as read (UTF-8). Example: accord extract a.txt --json
    """
    from datetime import date

    from accord.evidence.ingest import Problem, read_file

    items = list(read_file(file))
    docs = [d for d in items if not isinstance(d, Problem)]
    problems = [p for p in items if isinstance(p, Problem)]
    if not docs:  # one line: the first reason the file was refused
        why = next((p.message for p in problems if p.level == "error"), "no article found")
        raise InputError(f"no article could be read: {why}", file=str(file),
                         fix="give a UTF-8 text, HTML or JSONL file")
    for p in problems:
        err_console.print(str(p), markup=False, highlight=False, soft_wrap=True)
    doc = docs[0]
    if published:
        try:
            doc.published = date.fromisoformat(published)
        except ValueError as exc:
            raise InputError(f"bad date {published!r}", field="--published",
                             fix="use YYYY-MM-DD") from exc
    doc = _pipeline(registry)(doc)
    if json_:
        print_json(doc.to_dict())
        return
    from accord.cli.common import PlainTable as Table

    console.print(f"[bold]{escape(doc.title or file.name)}[/bold]  actors: "
                  f"{escape(', '.join(doc.actors()))}")
    t = Table("span", "speaker", "cue", "type", "attribution", "quote")
    for q in doc.quotes:
        t.add_row(f"{q.start}-{q.end}", q.speaker or "?", q.cue or "", q.type, q.attribution,
                  q.text[:90])
    console.print(t)
    t = Table("span", "quantity", "value", "unit", "approx.")
    for n in doc.quantities:
        t.add_row(f"{n.start}-{n.end}", n.text, f"{n.value:g}", n.unit,
                  "yes" if n.approximate else "")
    console.print(t)
    if doc.dates:
        console.print("dates: " + "; ".join(f"{d.text} → {d.value or '?'}" for d in doc.dates))


@app.command("evidence")
def evidence_cmd(
    actor: str = typer.Option(None, "--actor", help="Only quotes by this speaker."),
    outlet: str = typer.Option(None, "--outlet", help="Only articles from this outlet."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    limit: int = typer.Option(200, "--limit", min=1, help="At most this many quotes."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Query the store: quotes by speaker and outlet.

    Example: accord evidence --actor "JD Vance" --json
    """
    from accord.evidence.registry import load_registry
    from accord.evidence.store import Store

    name = known = None
    if actor:
        known = load_registry().resolve(actor)
        name = known or actor
    with Store(db) as store:
        rows = store.quotes(actor=name, outlet=outlet, limit=limit)
        stats = store.stats()
        if actor and known is None and not rows and not store.quotes(actor=name, limit=1):
            raise InputError(f"unknown speaker '{actor}': not in the actor registry and no "
                             "stored quote names it", field="--actor",
                             fix="check the spelling, e.g. --actor \"JD Vance\"")
    if json_:
        print_json({"stats": stats, "quotes": rows})
        return
    from accord.cli.common import PlainTable as Table

    console.print(", ".join(f"{v} {k}" for k, v in stats.items()))
    t = Table("article", "outlet", "speaker", "cue", "quote")
    for r in rows:
        t.add_row(str(r["article"]), r["outlet"] or "", r["speaker"] or "?", r["cue"] or "",
                  r["text"][:100])
    console.print(t)


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Argument(..., help="Gold JSON (seeds-gold schema)."),
    texts: Path = typer.Option(None, "--texts", help="Folder of the article texts."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List misses per article."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Score extraction against a gold file: quote P/R/F1, speaker accuracy, quantity F1,
    article-issue F1, claim recall and cross-source groups found.

    Example: accord eval ../shared/data/seeds-gold/gold.json --texts ../shared/seeds
    """
    from accord.evidence.claims import score_gold
    from accord.evidence.eval import evaluate

    res = evaluate(gold, texts)
    cs = score_gold(gold, texts)
    if json_:
        print_json({**res.to_dict(), "claims": cs.to_dict()})
        return
    from accord.cli.common import PlainTable as Table

    t = Table("measure", "precision", "recall", "F1 / accuracy", "counts")
    for label, p in (("quotes (exact)", res.quotes), ("quotes (overlap ≥ .5)",
                                                      res.quotes_lenient),
                     ("quantities", res.quantities)):
        t.add_row(label, f"{p.precision:.3f}", f"{p.recall:.3f}", f"{p.f1:.3f}",
                  f"tp {p.tp} fp {p.fp} fn {p.fn}")
    t.add_row("speakers on matched quotes", "", "", f"{res.speaker_accuracy:.3f}",
              f"{res.speakers_correct}/{res.speakers_total}")
    t.add_row("article issues", f"{cs.issues_precision:.3f}", f"{cs.issues_recall:.3f}",
              f"{cs.issues_f1:.3f}", "")
    t.add_row("claims (actor, issue, stance)", "", f"{cs.claim_recall:.3f}", "",
              f"{cs.claims_gold} gold, {cs.claims_predicted} predicted")
    t.add_row("claims (actor, issue)", "", f"{cs.claim_recall_actor_issue:.3f}", "", "")
    t.add_row("cross-source groups found", "", f"{cs.groups_found}/{cs.groups_total}", "",
              "missed: " + (", ".join(cs.missed_groups) or "none"))
    console.print(t)
    if verbose:
        for a in res.articles:
            for label, items in (("missed quote", a.missed_quotes), ("extra quote",
                                 a.extra_quotes), ("wrong speaker", a.wrong_speakers),
                                 ("missed quantity", a.missed_quantities),
                                 ("extra quantity", a.extra_quantities)):
                for it in items:
                    console.print(f"{a.id} {label}: {it}", markup=False, highlight=False)
