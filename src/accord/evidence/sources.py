"""Across sources: the same claim in several outlets, conflicting figures, and outlet framing.

Corroboration follows the event-linking practice of news-event coders (e.g. the GDELT and
Phoenix pipelines deduplicate events by actor, action and wording): claims from different
articles join a group when they share actor, issue and stance and either carry the same figure
or overlap in normalised wording (stems, toponym and synonym tables from
`data/lexicons/framing.yaml`). Articles syndicated from one wire story (same `dup_group`) count
once. Figures for one thing are grouped by unit and value (20 % = a fifth; one day = 24 hours)
and different values of one actor on one issue are kept apart as a discrepancy, with who said
which and when. Entity groups list one actor's surface forms across outlets.

Framing (Entman, "Framing: Toward Clarification of a Fractured Paradigm", 1993) is counted in
the narrator's voice only: spelling choices, war terms, evaluative labels, and how occupied land
is described.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from accord.evidence.issues import compile_alternation, lexicon_path, load_yaml

# -- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One piece of evidence from one article: a claim, a figure or an actor mention."""

    article: str
    kind: str  # claim | quantity | mention
    start: int
    end: int
    text: str
    actor: str | None = None
    issue: str | None = None
    stance: str | None = None
    speaker: str | None = None
    value: float | None = None
    unit: str | None = None
    outlet: str | None = None
    date: str | None = None
    evidence_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Group:
    """Items from several articles that report the same thing (or conflicting figures)."""

    kind: str  # same_claim | same_figure | quantity_discrepancy | entity_alias
    key: str
    items: tuple[Item, ...]
    articles: tuple[str, ...]
    sources: int  # independent sources: syndicated copies count once

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "articles": list(self.articles),
                "sources": self.sources, "items": [i.to_dict() for i in self.items]}


@dataclass(frozen=True)
class Corroboration:
    """All cross-source groups of a corpus."""

    groups: tuple[Group, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"groups": [g.to_dict() for g in self.groups]}


# -- wording -----------------------------------------------------------------------------------

_STOP = frozenset("""a an the and or of to in on at for from by with as is are was were be been
being that this these those it its their they them he his she her we our you your i not no
will would could should may might can must has have had do does did also any all some such
than then there here which who whom what when where while into over about more most very just
said says say told according but if so up out only other another own same both each one two
""".split())  # noqa: SIM905
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*")


@lru_cache(maxsize=1)
def _framing() -> dict[str, Any]:
    data = load_yaml(lexicon_path("framing.yaml"))
    canon: dict[str, str] = {}
    for main, variants in (data.get("spellings") or {}).items():
        for v in variants:
            canon[v.lower()] = main.lower()
    syn: list[tuple[re.Pattern[str], str]] = []
    for key, phrases in (data.get("synonyms") or {}).items():
        rx = compile_alternation(list(phrases), f"framing.yaml: synonyms.{key}")
        if rx is not None:
            syn.append((rx, f" {key} "))
    return {"data": data, "canon": canon, "syn": syn}


def stems(text: str) -> frozenset[str]:
    """Content-word stems after synonym and spelling normalisation (for wording overlap)."""
    f = _framing()
    t = text
    for rx, rep in f["syn"]:
        t = rx.sub(rep, t)
    out = set()
    for w in _WORD.findall(t):
        lw = w.lower().replace("’", "'").removesuffix("'s")
        lw = f["canon"].get(lw, lw)
        if lw in _STOP or len(lw) < 3:
            continue
        out.add(lw.replace(",", "") if lw[0].isdigit() else lw[:6])
    return frozenset(out)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient |a∩b| / min(|a|, |b|) (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# -- quantities --------------------------------------------------------------------------------

_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "hundred": 100}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
_UNIT_NORM = {"%": ("share", 0.01), "percent": ("share", 0.01), "per cent": ("share", 0.01),
              "km": ("km", 1.0), "kilometer": ("km", 1.0), "kilometre": ("km", 1.0),
              "mile": ("km", 1.609344), "km²": ("km2", 1.0), "square kilometer": ("km2", 1.0),
              "square kilometre": ("km2", 1.0), "square mile": ("km2", 2.589988),
              "hour": ("days", 1 / 24), "day": ("days", 1.0), "week": ("days", 7.0),
              "month": ("days", 30.4), "year": ("days", 365.25)}
_FALLBACK_QTY = re.compile(
    r"(?i)\b(?:(?P<frac>a|one)\s+(?:(?:about|around|roughly)\s+)?(?P<fw>half|third|quarter|fifth|tenth)"
    r"|(?P<num>\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"twenty|hundred)[\s-]*(?P<unit>%|percent|per cent|square (?:kilometers?|kilometres?|miles?)"
    r"|km²|km|kilometers?|kilometres?|miles?|hours?|days?|weeks?|months?|years?)(?![\w²])(?!-old))")


def normalise_quantity(value: float, unit: str) -> tuple[str, float]:
    """(dimension, value in the dimension's base unit): shares as fractions, lengths in km,
    areas in km², durations in days; anything else keeps its unit."""
    u = unit.strip().lower().rstrip("s") if unit not in ("%",) else unit
    u = {"km2": "km²", "sq km": "km²", "percentage": "%"}.get(u, u)
    for key, (dim, factor) in _UNIT_NORM.items():
        if u == key or u == key.rstrip("s"):
            v = value * factor
            if dim == "share" and value <= 1 and unit.strip() in ("fraction", "share"):
                v = value
            return dim, round(v, 3)
    if u in ("fraction", "share"):
        return "share", round(value if value <= 1 else value / 100, 3)
    return u, round(value, 3)


def find_quantities(text: str) -> list[tuple[int, int, str, float, str]]:
    """Fallback figures (start, end, text, value, unit) when no quantities layer exists."""
    out = []
    for m in _FALLBACK_QTY.finditer(text):
        if m.group("fw"):
            out.append((m.start(), m.end(), m.group(0), _FRACTIONS[m.group("fw").lower()],
                        "fraction"))
            continue
        n = m.group("num").lower()
        try:
            v = float(n.replace(",", "")) if n[0].isdigit() else float(_NUMWORDS[n])
        except (ValueError, KeyError):
            continue
        if 1900 <= v <= 2100 and m.group("unit").lower().startswith("year"):
            continue
        out.append((m.start(), m.end(), m.group(0), v, m.group("unit")))
    return out


# -- grouping ----------------------------------------------------------------------------------


def items_from_document(doc: Any, article: str, *, dup_group: str | None = None) -> list[Item]:
    """The claims, figures and actor mentions of a processed `Document` as items."""
    out: list[Item] = []
    date = doc.published.isoformat() if getattr(doc, "published", None) else None
    for c in doc.claims:
        out.append(Item(article, "claim", c.start, c.end, c.text, c.actor, c.issue, c.stance,
                        c.speaker, outlet=doc.outlet, date=c.date or date))
    qs = [(q.start, q.end, q.text, q.value, q.unit) for q in doc.quantities] or \
        find_quantities(doc.text)
    for s, e, t, v, u in qs:
        out.append(Item(article, "quantity", s, e, t, value=v, unit=u, outlet=doc.outlet,
                        date=date))
    for m in doc.mentions:
        if m.actor_type in ("person", "state", "international_organisation", "collective",
                            "coalition"):
            out.append(Item(article, "mention", m.start, m.end, m.text, actor=m.actor,
                            outlet=doc.outlet, date=date))
    return out


class _DSU:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> None:
        self.p[self.find(a)] = self.find(b)


def group_items(items: list[Item], *, dup_of: dict[str, str] | None = None,
                min_similarity: float = 0.5, context: dict[str, str] | None = None
                ) -> Corroboration:
    """Cross-source groups: claims (same actor/issue/stance + same figure or similar wording),
    figures (same dimension and value), discrepancies, and entity aliases.

    `dup_of` maps an article to its syndication group (copies count as one source);
    `context` maps an article to its full text so a figure is compared with its sentence.
    """
    dup_of = dup_of or {}
    groups: list[Group] = []
    groups += _claim_groups([i for i in items if i.kind == "claim"], items, dup_of,
                            min_similarity)
    groups += _figure_groups([i for i in items if i.kind == "quantity"], dup_of, context or {})
    groups += _alias_groups([i for i in items if i.kind == "mention"], dup_of)
    return Corroboration(tuple(groups))


def _sources(items: list[Item], dup_of: dict[str, str]) -> tuple[tuple[str, ...], int]:
    arts = tuple(sorted({i.article for i in items}))
    return arts, len({dup_of.get(a, a) for a in arts})


def _claim_groups(claims: list[Item], all_items: list[Item], dup_of: dict[str, str],
                  tau: float) -> list[Group]:
    figs: dict[str, list[tuple[int, int, tuple[str, float]]]] = defaultdict(list)
    for q in all_items:
        if q.kind == "quantity" and q.value is not None:
            figs[q.article].append((q.start, q.end, normalise_quantity(q.value, q.unit or "")))
    by_key: dict[tuple[str, str, str], list[Item]] = defaultdict(list)
    for c in claims:
        by_key[(c.actor or "", c.issue or "", c.stance or "")].append(c)
    out = []
    for key, cs in by_key.items():
        # one item per distinct span per article
        uniq = list({(c.article, c.start, c.end): c for c in cs}.values())
        if len({dup_of.get(c.article, c.article) for c in uniq}) < 2:
            continue
        st = [stems(c.text) for c in uniq]
        fg = [{f for s, e, f in figs.get(c.article, []) if c.start <= s and e <= c.end}
              for c in uniq]
        per_article: dict[str, int] = defaultdict(int)
        for c in uniq:
            per_article[c.article] += 1
        dsu = _DSU(len(uniq))
        for i in range(len(uniq)):
            for j in range(i + 1, len(uniq)):
                if uniq[i].article == uniq[j].article:
                    continue
                # the only statement of this actor, issue and stance in each article
                alone = per_article[uniq[i].article] == per_article[uniq[j].article] == 1
                if alone or fg[i] & fg[j] or similarity(st[i], st[j]) >= tau:
                    dsu.union(i, j)
        comps: dict[int, list[Item]] = defaultdict(list)
        for i, c in enumerate(uniq):
            comps[dsu.find(i)].append(c)
        for members in comps.values():
            arts, n = _sources(members, dup_of)
            if len(arts) >= 2:
                out.append(Group("same_claim", " / ".join(key), tuple(members), arts, n))
    return out


_SENT_AROUND = re.compile(r"[^.\n]*$")


def _figure_groups(qs: list[Item], dup_of: dict[str, str], context: dict[str, str]
                   ) -> list[Group]:
    by_val: dict[tuple[str, float], list[Item]] = defaultdict(list)
    for q in qs:
        if q.value is None:
            continue
        dim, v = normalise_quantity(q.value, q.unit or "")
        if dim in ("days",) and v < 0.5:
            continue
        by_val[(dim, v)].append(q)
    out = []
    for (dim, v), members in by_val.items():
        arts, n = _sources(members, dup_of)
        if len(arts) < 2:
            continue
        # the same figure must be about the same thing: the words around it overlap
        if context:
            ctx = [stems(_around(context.get(m.article, ""), m.start, m.end)) for m in members]
            keep = [m for k, m in enumerate(members)
                    if any(similarity(ctx[k], ctx[j]) >= 0.25 or len(ctx[k] & ctx[j]) >= 2
                           for j in range(len(members)) if members[j].article != m.article)]
            members = keep
            arts, n = _sources(members, dup_of)
            if len(arts) < 2:
                continue
        out.append(Group("same_figure", f"{v:g} {dim}", tuple(members), arts, n))
    return out


def _around(text: str, s: int, e: int, width: int = 60) -> str:
    return text[max(0, s - width):s] + " " + text[e:e + width]


def _alias_groups(ms: list[Item], dup_of: dict[str, str]) -> list[Group]:
    by_actor: dict[str, list[Item]] = defaultdict(list)
    for m in ms:
        by_actor[m.actor or ""].append(m)
    out = []
    for actor, members in by_actor.items():
        forms: dict[str, Item] = {}
        for m in members:
            forms.setdefault(m.text, m)
        arts, n = _sources(list(forms.values()), dup_of)
        if len(forms) >= 2 and len(arts) >= 2:
            out.append(Group("entity_alias", actor, tuple(forms.values()), arts, n))
    return out


def discrepancies(claims: list[Item], figures: dict[str, list[Item]]) -> list[Group]:
    """Claims of one actor on one issue that carry different figures of one dimension."""
    by_key: dict[tuple[str, str], list[tuple[Item, tuple[str, float]]]] = defaultdict(list)
    for c in claims:
        for q in figures.get(c.article, []):
            if c.start <= q.start and q.end <= c.end and q.value is not None:
                by_key[(c.actor or "", c.issue or "")].append(
                    (c, normalise_quantity(q.value, q.unit or "")))
    out = []
    for (actor, issue), pairs in by_key.items():
        dims: dict[str, set[float]] = defaultdict(set)
        for _c, (d, v) in pairs:
            dims[d].add(v)
        for d, vals in dims.items():
            if len(vals) >= 2:
                members = [c for c, (dd, _v) in pairs if dd == d]
                arts = tuple(sorted({c.article for c in members}))
                out.append(Group("quantity_discrepancy", f"{actor} / {issue} / {d}",
                                 tuple(members), arts, len(arts)))
    return out


# -- framing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FramingProfile:
    """How an outlet's narrator words the story: counts per spelling and phrase class."""

    outlet: str
    articles: int
    spellings: dict[str, dict[str, int]]
    war_terms: dict[str, int]
    labels: dict[str, int]
    territory: dict[str, int]
    examples: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "articles": self.articles, "spellings": self.spellings,
                "war_terms": self.war_terms, "labels": self.labels,
                "territory": self.territory, "examples": self.examples}


_QUOTED = re.compile(r"“[^”]{0,1500}”|\"[^\"\n]{0,1500}\"|«[^»]{0,1500}»")


def narrator_text(text: str, quotes: list[tuple[int, int]] | None = None) -> str:
    """`text` with quoted words blanked (same length, so offsets still hold)."""
    spans = quotes if quotes is not None else [(m.start(), m.end())
                                               for m in _QUOTED.finditer(text)]
    chars = list(text)
    for s, e in spans:
        for k in range(max(0, s), min(len(chars), e)):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


@lru_cache(maxsize=1)
def _framing_classes() -> dict[str, dict[str, re.Pattern[str]]]:
    data = _framing()["data"]
    out: dict[str, dict[str, re.Pattern[str]]] = {}
    for sect in ("war_terms", "labels", "territory"):
        out[sect] = {}
        for cls, pats in (data.get(sect) or {}).items():
            rx = compile_alternation(list(pats), f"framing.yaml: {sect}.{cls}")
            if rx is not None:
                out[sect][cls] = rx
    return out


def frame_article(text: str, quotes: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """Framing counts of one article (spellings over the narrator's text)."""
    narr = narrator_text(text, quotes)
    data = _framing()["data"]
    spell: dict[str, dict[str, int]] = {}
    for main, variants in (data.get("spellings") or {}).items():
        counts = {v: len(re.findall(rf"(?<![\w-]){re.escape(v)}(?![\w-])", narr))
                  for v in variants}
        counts = {k: n for k, n in counts.items() if n}
        if counts:
            spell[main] = counts
    out: dict[str, Any] = {"spellings": spell}
    examples: dict[str, list[str]] = {}
    for sect, classes in _framing_classes().items():
        out[sect] = {}
        for cls, rx in classes.items():
            hits = [m.group(0) for m in rx.finditer(narr)]
            if hits:
                out[sect][cls] = len(hits)
                examples[f"{sect}.{cls}"] = sorted(set(hits))[:5]
    out["examples"] = examples
    return out


def framing_profiles(articles: list[tuple[str, str, list[tuple[int, int]] | None]]
                     ) -> list[FramingProfile]:
    """Per-outlet framing from (outlet, text, quote spans or None) triples."""
    acc: dict[str, dict[str, Any]] = {}
    for outlet, text, quotes in articles:
        f = frame_article(text, quotes)
        a = acc.setdefault(outlet, {"n": 0, "spellings": defaultdict(lambda: defaultdict(int)),
                                    "war_terms": defaultdict(int), "labels": defaultdict(int),
                                    "territory": defaultdict(int), "examples": {}})
        a["n"] += 1
        for main, counts in f["spellings"].items():
            for v, n in counts.items():
                a["spellings"][main][v] += n
        for sect in ("war_terms", "labels", "territory"):
            for cls, n in f[sect].items():
                a[sect][cls] += n
        for k, ex in f["examples"].items():
            a["examples"].setdefault(k, [])
            a["examples"][k] = sorted(set(a["examples"][k]) | set(ex))[:5]
    return [FramingProfile(o, a["n"], {k: dict(v) for k, v in a["spellings"].items()},
                           dict(a["war_terms"]), dict(a["labels"]), dict(a["territory"]),
                           a["examples"]) for o, a in sorted(acc.items())]
