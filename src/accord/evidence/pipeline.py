"""The extraction pipeline: small components over one `Document`, each adding a layer.

Like spaCy's pipeline, but with no model: a component is any callable `(doc) -> doc` with a
`name`. The default pipeline is built from `DEFAULT_COMPONENTS` by name through factories
registered with `register_component`; a name without a registered factory is skipped, so later
layers (part 2: `issues`, `claims`) plug in by registering a factory in their own module, listed
in `PLUGIN_MODULES` (imported lazily; a missing module is skipped).

Extending::

    from accord.evidence.pipeline import PipelineConfig, register_component

    @register_component("issues")
    def make_issue_tagger(config: PipelineConfig) -> Component:
        return IssueTagger(config.registry)     # anything with .name and __call__(doc) -> doc

or at run time: ``pipe.add(component, after="quotes")``.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from accord.evidence.document import Document, Sentence

log = logging.getLogger(__name__)


@runtime_checkable
class Component(Protocol):
    """A pipeline step: reads earlier layers of `doc`, adds its own, returns `doc`."""

    name: str

    def __call__(self, doc: Document) -> Document: ...


@dataclass
class PipelineConfig:
    """What factories may read: the actor registry and free-form options."""

    registry: Any = None
    registry_files: tuple[Path, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)

    def get_registry(self) -> Any:
        """The actor registry (bundled plus `registry_files`), loaded once."""
        if self.registry is None:
            from accord.evidence.registry import load_registry

            self.registry = load_registry(self.registry_files)
        return self.registry


Factory = Callable[[PipelineConfig], Component]
FACTORIES: dict[str, Factory] = {}

# Order of the default pipeline. Names with no registered factory are skipped.
DEFAULT_COMPONENTS: list[str] = ["sentences", "actors", "quotes", "quantities", "dates",
                                 "issues", "claims"]
# Modules whose import registers further factories (part 2's layers); missing ones are skipped.
PLUGIN_MODULES: list[str] = ["accord.evidence.quotes", "accord.evidence.quantities",
                             "accord.evidence.registry", "accord.evidence.issues",
                             "accord.evidence.stance"]


def register_component(name: str) -> Callable[[Factory], Factory]:
    """Decorator: register `factory(config) -> Component` under `name`."""

    def deco(factory: Factory) -> Factory:
        FACTORIES[name] = factory
        return factory

    return deco


def _load_plugins() -> None:
    for mod in PLUGIN_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
            log.debug("pipeline plugin %s not present", mod)


class FunctionComponent:
    """Wrap a plain function `(doc) -> doc` as a named component."""

    def __init__(self, name: str, fn: Callable[[Document], Document]) -> None:
        self.name = name
        self.fn = fn

    def __call__(self, doc: Document) -> Document:
        return self.fn(doc)


class Pipeline:
    """An ordered list of components applied to a document."""

    def __init__(self, components: Iterable[Component] = ()) -> None:
        self.components: list[Component] = list(components)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def add(self, component: Component, *, before: str | None = None,
            after: str | None = None) -> Pipeline:
        """Insert `component` (at the end, or before/after the named one). Returns self."""
        if before is not None:
            self.components.insert(self.names.index(before), component)
        elif after is not None:
            self.components.insert(self.names.index(after) + 1, component)
        else:
            self.components.append(component)
        return self

    def remove(self, name: str) -> Pipeline:
        """Drop the component called `name`. Returns self."""
        self.components = [c for c in self.components if c.name != name]
        return self

    def __call__(self, doc: Document | str, **meta: Any) -> Document:
        """Run every component; a string becomes a Document (meta: title, outlet, published...)."""
        if isinstance(doc, str):
            doc = Document(text=doc, **meta)
        for comp in self.components:
            doc = comp(doc)
        return doc

    def pipe(self, docs: Iterable[Document | str]) -> Iterable[Document]:
        for d in docs:
            yield self(d)


def build_pipeline(names: Iterable[str] | None = None,
                   config: PipelineConfig | None = None) -> Pipeline:
    """A pipeline of the named components (default `DEFAULT_COMPONENTS`)."""
    _load_plugins()
    config = config or PipelineConfig()
    comps = []
    for name in (DEFAULT_COMPONENTS if names is None else names):
        factory = FACTORIES.get(name)
        if factory is None:
            log.debug("no component %r registered; skipped", name)
            continue
        comps.append(factory(config))
    return Pipeline(comps)


_DEFAULT: dict[tuple[Path, ...], Pipeline] = {}


def default_pipeline(registry_files: Iterable[Path] = ()) -> Pipeline:
    """The default pipeline (cached per registry-file set)."""
    key = tuple(Path(p) for p in registry_files)
    if key not in _DEFAULT:
        _DEFAULT[key] = build_pipeline(config=PipelineConfig(registry_files=key))
    return _DEFAULT[key]


def extract(text: str, *, title: str | None = None, outlet: str | None = None,
            published: date | None = None, pipeline: Pipeline | None = None) -> Document:
    """Run the (default) pipeline on one text."""
    return (pipeline or default_pipeline())(text, title=title, outlet=outlet, published=published)


# ---- sentences ---------------------------------------------------------------------------

_ABBREV = {"mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sen", "rep", "gov", "prof", "jr",
           "sr", "vs", "no", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov",
           "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "etc", "inc", "corp", "co", "ltd", "d.c"}
_PARA = re.compile(r"\n\s*\n|\n")
_SENT_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+|$)")


def split_sentences(text: str) -> list[Sentence]:
    """Rule-based sentence splitter keeping offsets: line breaks end paragraphs; within a
    paragraph a sentence ends at . ! ? (plus closing quotes) before whitespace, except after
    common abbreviations and single initials."""
    out: list[Sentence] = []
    para = 0
    pos = 0
    for m in list(_PARA.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        block_start = pos
        s = block_start
        for e in _SENT_END.finditer(text, block_start, end):
            word = re.search(r"([\w.]+)[.!?…]+[\"'”’»)\]]*$", text[max(s, e.start() - 12):e.end()])
            if word and text[e.start()] == ".":
                w = word.group(1).lower().rstrip(".")
                if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                    continue
            _add_sentence(out, text, s, e.end(), para)
            s = e.end()
        _add_sentence(out, text, s, end, para)
        if m is not None:
            if text[block_start:end].strip():
                para += 1
            pos = m.end()
    return out


def _add_sentence(out: list[Sentence], text: str, s: int, e: int, para: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e, text[s:e], para))


@register_component("sentences")
def _sentences_factory(_config: PipelineConfig) -> Component:
    def run(doc: Document) -> Document:
        doc.sentences = split_sentences(doc.text)
        return doc

    return FunctionComponent("sentences", run)
