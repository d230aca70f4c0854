"""News to evidence: ingest articles into a store, extract actors, quotes, quantities, dates.

Public API: `Document` (text + layers with character offsets), `build_pipeline` /
`default_pipeline` / `extract` (the component pipeline; `register_component` to extend it),
`Store` (SQLAlchemy store), `ingest` (files into the store), `load_registry` (actors).
"""

from accord.evidence.document import (
    Claim,
    DateMention,
    Document,
    Mention,
    Quantity,
    Quote,
    Sentence,
    Span,
    content_hash,
)
from accord.evidence.ingest import IngestReport, Problem, ingest, read_file
from accord.evidence.pipeline import (
    Component,
    Pipeline,
    PipelineConfig,
    build_pipeline,
    default_pipeline,
    extract,
    register_component,
)
from accord.evidence.registry import Registry, load_registry
from accord.evidence.store import Store, default_db_url

__all__ = [
    "Claim", "Component", "DateMention", "Document", "IngestReport", "Mention", "Pipeline",
    "PipelineConfig", "Problem", "Quantity", "Quote", "Registry", "Sentence", "Span", "Store",
    "build_pipeline", "content_hash", "default_db_url", "default_pipeline", "extract", "ingest",
    "load_registry", "read_file", "register_component",
]
