"""The document the extraction pipeline works on: the exact text plus layers of spans.

Every span keeps character offsets (Python string indices, i.e. Unicode code points) into
`Document.text`, which is the exact text stored for the article, so `text[start:end]` is always
the span's surface form. Components add layers (sentences, actor mentions, quotes, quantities,
dates; part 2 adds `issues` and `claims`); a layer nobody filled stays empty. Components that
need a layer with no typed field here put it in `Document.layers[name]`.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


def content_hash(text: str) -> str:
    """The identity of an article: SHA-256 of its exact UTF-8 text (hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Span:
    """A stretch of the text: `text[start:end]`."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Sentence(Span):
    """A sentence; `paragraph` numbers paragraphs (blank-line or line separated) from 0."""

    paragraph: int = 0


@dataclass(frozen=True)
class Mention(Span):
    """A mention of a registry actor. `kind`: name, alias, surname, metonym, demonym, title,
    pronoun-free institution, or `fuzzy` (flagged fallback match, lower confidence)."""

    actor: str = ""
    kind: str = "name"
    actor_type: str = ""
    fuzzy: bool = False


@dataclass(frozen=True)
class Quote(Span):
    """Words in quotation marks (or verbatim unmarked speech) attributed to a source.

    `type`: direct | partial | direct_unmarked; `attribution`: explicit | pronoun | label |
    context | anonymous (the gold vocabulary). `speaker` is the registry's canonical name (or
    the surface form when the registry does not know it), `speaker_mention` the surface form
    with its offsets, `cue` the verb or label that attributes the quote.
    """

    speaker: str | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    type: str = "direct"
    attribution: str = "explicit"
    nested: bool = False
    opening_mark_missing: bool = False


@dataclass(frozen=True)
class Quantity(Span):
    """A number with its unit: `value` in the unit (fractions as 0–1), `approximate` when an
    approximator ("about", "more than", "or so") belongs to the figure."""

    value: float = 0.0
    unit: str = ""
    approximate: bool = False
    qualifier: str | None = None


@dataclass(frozen=True)
class DateMention(Span):
    """A date expression; `value` is the resolved calendar date (ISO) when it can be resolved
    (relative expressions need the publication date), `granularity` day|month|year|week."""

    value: str | None = None
    granularity: str = "day"
    relative: bool = False


@dataclass(frozen=True)
class Claim:
    """A position an actor holds on an issue (filled by part 2's stance component).

    `actor` is the party (state level for officials), `speaker` the person voicing it, `target`
    the party it is aimed at; `start`/`end` the evidence span in the text.
    """

    actor: str
    issue: str
    stance: str
    start: int
    end: int
    text: str = ""
    speaker: str | None = None
    target: str | None = None
    summary: str = ""
    quantities: list[dict[str, Any]] = field(default_factory=list)
    date: str | None = None
    quote_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """One article: exact text, metadata, and the layers components add."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    source: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    layers: dict[str, Any] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        """Content hash of the text (the article's identity in the store)."""
        return content_hash(self.text)

    def actors(self) -> list[str]:
        """Canonical actors mentioned or speaking, in order of first appearance."""
        seen: dict[str, None] = {}
        items = sorted([(m.start, m.actor) for m in self.mentions]
                       + [(q.start, q.speaker) for q in self.quotes if q.speaker])
        for _s, a in items:
            seen.setdefault(a, None)
        return list(seen)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing `offset` (binary search), or None."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo].start <= offset:
            return self.sentences[lo]
        return None

    def to_dict(self) -> dict[str, Any]:
        """The `accord extract --json` shape (plus `issues`/`claims` when part 2 fills them)."""
        out: dict[str, Any] = {
            "title": self.title,
            "actors": self.actors(),
            "quotes": [{k: v for k, v in asdict(q).items()} for q in self.quotes],
            "quantities": [asdict(q) for q in self.quantities],
            "dates": [asdict(d) for d in self.dates],
            "mentions": [asdict(m) for m in self.mentions],
        }
        if self.issues:
            out["issues"] = list(self.issues)
        if self.claims:
            out["claims"] = [c.to_dict() for c in self.claims]
        return out
