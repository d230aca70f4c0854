"""The `accord` command line: thin commands over the public API.

Each area's commands live in their own module here and register on `app` when imported;
`COMMAND_MODULES` lists them. `main()` turns every `AccordError` into one line on stderr and
exit code 2 (bad input) or 1 (failure); no traceback reaches a user (set ACCORD_DEBUG=1 to
see one).
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from accord import __version__
from accord.errors import AccordError

app = typer.Typer(
    name="accord",
    help="Analyse multi-party peace negotiations: evidence → model → forecasts.\n\n"
    "Example: accord run --out report/   (bundled Russia–Ukraine scenario → HTML report)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Modules whose import registers commands on `app`, in help order.
COMMAND_MODULES = ["run", "scenario", "evidence", "agree", "importers", "forecast", "gmcr",
                   "claims", "serve"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Analyse multi-party peace negotiations: evidence → model → forecasts."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"accord.cli.{_name}")


def fail(message: str, code: int = 1) -> None:
    """Print one error line on stderr and exit with `code`."""
    sys.stderr.write(f"accord: error: {message}\n")
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `accord` console script."""
    try:
        rv = app(args=argv, prog_name="accord", standalone_mode=False)
    except AccordError as exc:
        fail(exc.render(), exc.exit_code)
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        fail("aborted", 1)
    except typer.TyperException as exc:
        sys.stderr.write(f"accord: error: {exc.format_message()} (see 'accord --help')\n")
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        fail("interrupted", 1)
    except BrokenPipeError:
        raise SystemExit(0) from None
    except Exception as exc:  # last resort: one line, never a traceback
        if os.environ.get("ACCORD_DEBUG"):
            raise
        sa_exc = sys.modules.get("sqlalchemy.exc")  # loaded only by commands using the store
        if sa_exc is not None and isinstance(exc, sa_exc.DBAPIError):
            detail = " ".join(str(exc.orig).split())[:300]
            fail(f"the evidence store failed: {detail} — check the store (--db / ACCORD_DB); "
                 "a damaged SQLite file can be replaced by ingesting again into a new one", 1)
        detail = " ".join(str(exc).split())[:300]
        fail(f"internal error: {type(exc).__name__}: {detail} "
             "(please report it; ACCORD_DEBUG=1 shows the traceback)", 1)
    raise SystemExit(rv if isinstance(rv, int) else 0)
