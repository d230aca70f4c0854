"""`accord import FORMAT FILE -o scenario.yaml`: peers' formats converted into a scenario.

Shared by the importers: each adds its command to `import_app` (e.g. `import ktab`).
"""

from __future__ import annotations

import typer

from accord.cli import app

import_app = typer.Typer(
    help="Convert a peer tool's file into an Accord scenario.\n\n"
    "Example: accord import ktab data.csv -o scenario.yaml",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")
