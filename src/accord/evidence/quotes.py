"""Quotations and their speakers (placeholder: filled in below)."""

from __future__ import annotations

from accord.evidence.document import Document
from accord.evidence.pipeline import PipelineConfig, register_component


class QuoteExtractor:
    """Pipeline component: adds `doc.quotes`."""

    name = "quotes"

    def __init__(self, registry: object) -> None:
        self.registry = registry

    def __call__(self, doc: Document) -> Document:
        return doc


@register_component("quotes")
def _factory(config: PipelineConfig) -> QuoteExtractor:
    return QuoteExtractor(config.get_registry())
