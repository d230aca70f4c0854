"""`accord serve`: the web dashboard (the report for any date, and a JSON API)."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli import app
from accord.cli.common import check_corpus, console, resolve_scenario_path
from accord.errors import InputError


@app.command("serve")
def serve(
    scenario: str = typer.Argument(
        None, help="Scenario file (default: bundled russia-ukraine-2025)."),
    corpus: Path = typer.Option(None, "--corpus", help="Folder of articles to ingest."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve the dashboard: the report as of any date, and the analyses as JSON.

    Example: accord serve --port 8000   (then open http://127.0.0.1:8000/)
    """
    try:
        import uvicorn

        from accord.web import create_app
    except ImportError:
        raise InputError("the web dashboard needs the 'web' extra",
                         fix="pip install 'accord[web]'") from None
    check_corpus(corpus)
    _check_listen(host, port)
    web = create_app(resolve_scenario_path(scenario), corpus=corpus)
    console.print(f"Accord dashboard on http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(web, host=host, port=port, log_level="warning")


def _check_listen(host: str, port: int) -> None:
    """Refuse an address that cannot be listened on before any work starts (the server's own
    bind error would come late, as a log line, with exit code 3)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, addr = infos[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(addr)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port} ({exc.strerror or exc})",
                         field="--host/--port",
                         fix="choose a free --port, or --host 127.0.0.1") from None
