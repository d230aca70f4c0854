"""Graph Model for Conflict Resolution: model, moves, stability, coalitions, status quo,
narration, and I/O (scenario `conflict`, reference JSON, GMCR+ `.gmcr`)."""

from accord.analysis.gmcr.model import Conflict, GraphState, Option, Preference
from accord.analysis.gmcr.stability import CONCEPTS, StabilityResult, solve

__all__ = ["CONCEPTS", "Conflict", "GraphState", "Option", "Preference", "StabilityResult",
           "solve"]
