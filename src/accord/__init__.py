"""Accord: analyse multi-party peace negotiations.

Public API: load a scenario (`load_scenario`, `bundled_scenario`), take it as of a date
(`scenario_at`), and run analyses on it. Every analysis has the shape
`f(scenario, *, options...) -> Result` with a `to_dict()`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from accord.errors import AccordError, AnalysisError, InputError, ScenarioError
from accord.scenario import (
    Scenario,
    bundled_scenario,
    bundled_scenario_path,
    dump_scenario,
    load_scenario,
    scenario_at,
)

__all__ = [
    "AccordError",
    "AnalysisError",
    "InputError",
    "Scenario",
    "ScenarioError",
    "__version__",
    "bundled_scenario",
    "bundled_scenario_path",
    "dump_scenario",
    "load_scenario",
    "scenario_at",
]
