"""The negotiation model (`Scenario`), its YAML/JSON I/O and its dated views."""

from accord.scenario.io import (
    bundled_scenario,
    bundled_scenario_path,
    dump_scenario,
    load_scenario,
    parse_scenario,
    scenario_to_dict,
)
from accord.scenario.schema import (
    Actor,
    Citation,
    Conflict,
    ConflictOption,
    Interval,
    Issue,
    Level,
    Position,
    Problem,
    Scenario,
    Source,
    check_scenario,
)
from accord.scenario.timeline import Track, parse_date, scenario_at, tracks

__all__ = [
    "Actor", "Citation", "Conflict", "ConflictOption", "Interval", "Issue", "Level", "Position",
    "Problem", "Scenario", "Source", "Track", "bundled_scenario", "bundled_scenario_path",
    "check_scenario", "dump_scenario", "load_scenario", "parse_date", "parse_scenario",
    "scenario_at", "scenario_to_dict", "tracks",
]
