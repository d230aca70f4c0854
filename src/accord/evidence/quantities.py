"""Quantities and dates (placeholder: filled in below)."""

from __future__ import annotations

from accord.evidence.document import Document
from accord.evidence.pipeline import FunctionComponent, PipelineConfig, register_component


def find_quantities(doc: Document) -> Document:
    return doc


def find_dates(doc: Document) -> Document:
    return doc


@register_component("quantities")
def _q_factory(_config: PipelineConfig) -> FunctionComponent:
    return FunctionComponent("quantities", find_quantities)


@register_component("dates")
def _d_factory(_config: PipelineConfig) -> FunctionComponent:
    return FunctionComponent("dates", find_dates)
