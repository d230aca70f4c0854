"""Helpers shared by the command modules: loading a scenario argument, printing JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape as escape  # re-exported: user text inside markup
from rich.table import Table
from rich.text import Text

from accord.scenario import Scenario, bundled_scenario_path, load_scenario, scenario_at

console = Console()
err_console = Console(stderr=True)


def resolve_scenario_path(path: str | None) -> Path:
    """The file a scenario argument names: a path, a bundled scenario's name, or the default."""
    if path is None:
        return bundled_scenario_path()
    p = Path(path)
    if not p.exists() and "/" not in path and not path.endswith((".yaml", ".yml", ".json")):
        return bundled_scenario_path(path)
    return p


def open_scenario(path: str | None, as_of: str | None = None) -> Scenario:
    """Load a scenario argument and, given `as_of`, take it as of that date."""
    sc = load_scenario(resolve_scenario_path(path))
    return scenario_at(sc, as_of) if as_of else sc


class PlainTable(Table):
    """A table whose title and string cells are shown as written: text from a scenario or an
    article ("[/x]", "[bold]") is not read as rich markup (which could fail or hide it)."""

    def __init__(self, *headers: Any, title: str | None = None, **kw: Any) -> None:
        super().__init__(*headers, title=Text(title) if isinstance(title, str) else title, **kw)

    def add_row(self, *cells: Any, **kw: Any) -> None:
        super().add_row(*(Text(c) if isinstance(c, str) else c for c in cells), **kw)


def check_corpus(corpus: Path | None) -> None:
    """Refuse a `--corpus` that is not a folder before any work starts."""
    if corpus is not None and not corpus.is_dir():
        from accord.errors import InputError

        what = "is not a folder" if corpus.exists() else "corpus folder not found"
        raise InputError(what, file=str(corpus),
                         fix="give --corpus an existing folder of articles")


def write_output(out: Path, text: str, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write a command's output file: never over one of its inputs, one line if it fails."""
    from accord.errors import InputError

    for src in inputs:
        try:
            same = out.exists() and out.samefile(src)
        except OSError:
            same = False
        if same:
            raise InputError("--out is the input file; writing would destroy it", file=str(out),
                             fix="choose another --out path")
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write ({exc.strerror or exc})", file=str(out),
                         fix="choose a writable path") from None


def print_json(data: Any) -> None:
    """Print a JSON document on stdout (what `--json` promises)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
