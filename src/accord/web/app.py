"""FastAPI dashboard over one scenario: the report as of any date and a JSON API.

Thin by design (DESIGN.md): every route loads nothing but the scenario given at start-up,
calls the public API (`scenario_at`, `run_all`, `render_report`) and returns its output. Results
are cached per date, so moving the date slider back and forth costs one run per date.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, JSONResponse

from accord import __version__
from accord.errors import AccordError
from accord.report import render_report
from accord.scenario import Scenario, load_scenario, scenario_at, scenario_to_dict
from accord.workflow import Results, run_all

DATE = Query(None, description="ISO date: analyse the scenario as of this day",
             pattern=r"^\d{4}-\d{2}-\d{2}$")


def create_app(scenario: str | Path, *, corpus: Path | None = None) -> FastAPI:
    """The dashboard app for the scenario file `scenario` (loaded once, validated now)."""
    base = load_scenario(scenario)
    app = FastAPI(title="Accord", version=__version__,
                  description=f"Negotiation analyses of '{base.title}'.")

    @lru_cache(maxsize=32)
    def results_for(as_of: str | None) -> Results:
        sc = scenario_at(base, as_of) if as_of else base
        return run_all(sc, corpus=corpus, source=str(scenario))

    def view(as_of: str | None) -> Scenario:
        return scenario_at(base, as_of) if as_of else base

    @app.exception_handler(AccordError)
    async def _accord_error(_request: Any, exc: AccordError) -> JSONResponse:
        return JSONResponse({"error": exc.render()}, status_code=400 if exc.exit_code == 2 else 500)

    @app.get("/", response_class=HTMLResponse)
    def dashboard(as_of: str | None = DATE) -> str:
        """The full report as of `as_of`, with a date picker."""
        res = results_for(as_of)
        return render_report(res.scenario, res, toolbar=_toolbar(base, as_of))

    @app.get("/api/scenario")
    def api_scenario(as_of: str | None = DATE) -> dict[str, Any]:
        """The scenario (as of `as_of`) in its canonical JSON form."""
        return scenario_to_dict(view(as_of))

    @app.get("/api/dates")
    def api_dates() -> dict[str, Any]:
        """The dates at which some position was stated."""
        return {"dates": [d.isoformat() for d in base.dates()],
                "as_of": base.as_of.isoformat() if base.as_of else None}

    @app.get("/api/results")
    def api_results(as_of: str | None = DATE) -> dict[str, Any]:
        """Every analysis `accord run` makes, as JSON."""
        return results_for(as_of).to_dict()

    @app.get("/api/results/{name}")
    def api_result(name: str, as_of: str | None = DATE) -> Any:
        """One analysis's result (e.g. forecast, obstacles, gmcr) as JSON."""
        d = results_for(as_of).to_dict()
        if name not in d["results"]:
            known = ", ".join(sorted(d["results"]))
            return JSONResponse({"error": f"no analysis '{name}' — use one of: {known}"},
                                status_code=404)
        return d["results"][name]

    return app


def _toolbar(sc: Scenario, as_of: str | None) -> str:
    """A date picker that reloads the dashboard as of the chosen day."""
    dates = [d.isoformat() for d in sc.dates()]
    options = "".join(
        f'<option value="{d}"{" selected" if d == as_of else ""}>{d}</option>' for d in dates)
    latest = " selected" if not as_of else ""
    return (
        '<form class="toolbar" method="get" action="/">'
        '<label>Positions as of <select name="as_of" onchange="this.form.submit()">'
        f'<option value=""{latest}>latest ({escape(str(sc.as_of or "all"))})</option>'
        f"{options}</select></label> "
        '<a href="/api/results">JSON</a> · <a href="/docs">API</a></form>')
