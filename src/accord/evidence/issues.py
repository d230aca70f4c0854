"""Tag sentences, quotes and articles with negotiation issues from an editable lexicon.

The lexicon (`accord/data/lexicons/issues.yaml`) follows PETRARCH's issue coding (Schrodt,
"PETRARCH2: Another Event Coding Program", 2015): each issue has positive patterns and
exclusion patterns; a positive match inside an exclusion match is dropped, and a sentence may
carry several issues. Everything works on plain text with character offsets, so the tags plug
into any document object that keeps the article's text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.evidence.wordindex import WordPattern, word_keys

ISSUES = (
    "territory", "security_guarantees", "nato", "zaporizhzhia_npp", "sanctions", "minerals",
    "humanitarian", "language_culture", "ceasefire", "military_limits",
    "reconstruction_economy", "elections_governance", "negotiation_process", "overall_deal",
)


@dataclass(frozen=True)
class IssueTag:
    """One lexicon hit: the issue, the matched words and their offsets in the text."""

    issue: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"issue": self.issue, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class IssueLexicon:
    """Compiled issue patterns: one positive and one exclusion regex per issue."""

    positive: dict[str, WordPattern]
    exclude: dict[str, WordPattern | None]
    source: str

    @property
    def issues(self) -> list[str]:
        return list(self.positive)


def lexicon_path(name: str) -> Path:
    """The bundled lexicon file `name` (e.g. "issues.yaml")."""
    return Path(str(resources.files("accord.data") / "lexicons" / name))


def load_yaml(path: Path) -> Any:
    """Read a lexicon YAML file; a broken file is an InputError naming the file."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: lexicon file not found; pass an existing YAML file") from exc
    except YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({' '.join(str(exc).split())[:200]})") from exc


def compile_alternation(patterns: list[str], where: str, flags: int = re.IGNORECASE
                        ) -> re.Pattern[str] | None:
    """One regex matching any of `patterns` on word boundaries (None for an empty list)."""
    if not patterns:
        return None
    parts = []
    for i, p in enumerate(patterns):
        try:
            re.compile(p)
        except re.error as exc:
            raise InputError(f"{where}[{i}]: bad pattern {p!r} ({exc}); fix the regex") from exc
        parts.append(f"(?:{p})")
    # longest alternatives first so that "security guarantees" wins over "security"
    parts.sort(key=len, reverse=True)
    return re.compile(r"\b(?<!-)(?:" + "|".join(parts) + r")(?!\w)", flags)


def compile_words(patterns: list[str], where: str, flags: int = re.IGNORECASE
                  ) -> WordPattern | None:
    """`compile_alternation` with a word-index prefilter (None for an empty list)."""
    rx = compile_alternation(patterns, where, flags)
    if rx is None:
        return None
    keys: set[str] = set()
    for p in patterns:
        k = word_keys(p, flags)
        if k is None:
            return WordPattern(rx, None)
        keys |= k
    return WordPattern(rx, frozenset(keys))


@lru_cache(maxsize=8)
def load_issue_lexicon(path: str | None = None) -> IssueLexicon:
    """Load and compile an issue lexicon (the bundled one by default)."""
    p = Path(path) if path else lexicon_path("issues.yaml")
    data = load_yaml(p)
    if not isinstance(data, dict):
        raise InputError(f"{p}: expected a mapping issue → {{patterns, exclude}}")
    pos: dict[str, WordPattern] = {}
    exc: dict[str, WordPattern | None] = {}
    for issue, spec in data.items():
        if not isinstance(spec, dict) or not spec.get("patterns"):
            raise InputError(f"{p}: issue {issue!r} needs a non-empty `patterns` list")
        rx = compile_words(list(spec["patterns"]), f"{p}: {issue}.patterns")
        assert rx is not None
        pos[str(issue)] = rx
        exc[str(issue)] = compile_words(list(spec.get("exclude") or []),
                                              f"{p}: {issue}.exclude")
    return IssueLexicon(pos, exc, str(p))


def tag_issues(text: str, lexicon: IssueLexicon | None = None) -> list[IssueTag]:
    """Every issue hit in `text`, in text order (exclusions applied)."""
    lex = lexicon or load_issue_lexicon()
    tags: list[IssueTag] = []
    for issue, rx in lex.positive.items():
        ex = lex.exclude.get(issue)
        excluded = [(m.start(), m.end()) for m in ex.finditer(text)] if ex else []
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if any(a <= s and e <= b for a, b in excluded):
                continue
            tags.append(IssueTag(issue, s, e, m.group(0)))
    tags.sort(key=lambda t: (t.start, t.end))
    return tags


class IssueTagger:
    """Pipeline component `issues`: puts every lexicon hit in `doc.layers["issue_tags"]`.

    The article-level `doc.issues` is set by the `claims` component (issues of its claims and
    quotes, the gold's rule);
    without it, every issue tagged at least twice counts.
    """

    name = "issues"

    def __init__(self, lexicon: IssueLexicon | None = None) -> None:
        self.lexicon = lexicon or load_issue_lexicon()

    def __call__(self, doc: Any) -> Any:
        tags = tag_issues(doc.text, self.lexicon)
        doc.layers["issue_tags"] = tags
        counts: dict[str, int] = {}
        for t in tags:
            counts[t.issue] = counts.get(t.issue, 0) + 1
        doc.issues = [i for i in self.lexicon.issues if counts.get(i, 0) >= 2]
        return doc


def _register() -> None:
    from accord.evidence.pipeline import PipelineConfig, register_component

    @register_component("issues")
    def _factory(config: PipelineConfig) -> IssueTagger:
        path = config.options.get("issue_lexicon")
        return IssueTagger(load_issue_lexicon(str(path) if path else None))


_register()


# -- sentences -----------------------------------------------------------------------------

_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)|\n")
_ABBREV = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Rep|Sen|Gov|Jr|Sr|"
                     r"vs|No|Inc|Corp|Co|approx|est|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|"
                     r"Nov|Dec)\.)$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) without surrounding whitespace; a newline always ends one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group(0) != "\n":
            before = text[max(0, m.start() - 6):m.start() + 1]
            if _ABBREV.search(before):
                continue
            nxt = text[end:end + 3].lstrip()
            if nxt and nxt[0].islower():
                continue
        _push(text, start, end, spans)
        start = end
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


@dataclass(frozen=True)
class SentenceIssues:
    """The issues of one sentence with the hits that gave them."""

    start: int
    end: int
    issues: tuple[str, ...]
    tags: tuple[IssueTag, ...]


def issues_by_sentence(text: str, lexicon: IssueLexicon | None = None,
                       spans: list[tuple[int, int]] | None = None) -> list[SentenceIssues]:
    """Each sentence of `text` with the issues tagged in it (several allowed)."""
    spans = spans if spans is not None else sentence_spans(text)
    tags = tag_issues(text, lexicon)
    starts = [s for s, _ in spans]
    buckets: list[list[IssueTag]] = [[] for _ in spans]
    for t in tags:
        k = bisect.bisect_right(starts, t.start) - 1
        if k >= 0 and t.start < spans[k][1]:
            buckets[k].append(t)
    out = []
    for (s, e), b in zip(spans, buckets, strict=True):
        issues = tuple(dict.fromkeys(t.issue for t in b))
        out.append(SentenceIssues(s, e, issues, tuple(b)))
    return out


def issues_in_span(tags: list[IssueTag], start: int, end: int,
                   starts: list[int] | None = None) -> list[str]:
    """Distinct issues of the hits lying inside [start, end), in text order (`tags` sorted by
    start, as `tag_issues` gives them; pass their `starts` to skip recomputing them)."""
    if starts is None:
        starts = [t.start for t in tags]
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    return list(dict.fromkeys(t.issue for t in tags[lo:hi] if t.end <= end))


def article_issues(claims: list[Any], quote_issues: list[list[str]] | None = None) -> list[str]:
    """Article-level issues: those used by its claims and quotes (the gold's rule), in
    vocabulary order."""
    found = {c.issue for c in claims}
    for qi in quote_issues or []:
        found.update(qi)
    return [i for i in ISSUES if i in found] + sorted(found - set(ISSUES))
