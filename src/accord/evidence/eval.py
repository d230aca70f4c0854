"""Scoring extraction against a gold file in the seeds-gold schema.

Quotes: a prediction matches a gold quote when their normalised texts (case, outer
punctuation and whitespace dropped) are equal and the spans overlap (`strict`), or, in the
lenient score, when their character spans overlap by IoU ≥ 0.5. Speakers: accuracy on
strictly matched quotes after resolving both names through the registry. Quantities: a
prediction matches when the spans overlap and value and unit family agree (a fraction equals
its percentage: "a fifth" = 20%).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.evidence.document import Document
from accord.inputs import read_bounded

_OUTER = re.compile(r"^[\W_]+|[\W_]+$")
MAX_GOLD_BYTES = 100 * 2**20  # input check: bounded read (a device or pipe has no size)


def normalise(s: str) -> str:
    return _OUTER.sub("", " ".join(s.lower().replace("’", "'").split()))


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def unit_family(unit: str, value: float) -> tuple[str, float]:
    """(family, value in the family's unit) for comparing free-text units."""
    u = re.sub(r"\(.*?\)", "", unit.lower()).strip()
    table = [
        (r"^(sq(uare)?\.? ?(km|kilomet(er|re)s?)|km2|km²)$", "km2", 1.0),
        (r"^(sq(uare)?\.? ?mi(les?)?|mi2|mi²)$", "mi2", 1.0),
        (r"^(km|kilomet(er|re)s?)$", "km", 1.0), (r"^(mi|miles?)$", "mi", 1.0),
        (r"^(m|met(er|re)s?)$", "m", 1.0),
        (r"^(%|percent|per cent|percentage points?|points?)$", "%", 1.0),
        (r"^fraction$", "%", 100.0),
        (r"^(hours?|h)$", "hour", 1.0), (r"^days?$", "day", 1.0), (r"^weeks?$", "week", 1.0),
        (r"^months?$", "month", 1.0), (r"^years?$", "year", 1.0),
        (r"^(\$|usd|dollars?|us dollars?)$", "usd", 1.0), (r"^(€|eur|euros?)$", "eur", 1.0),
    ]
    for rx, fam, k in table:
        if re.match(rx, u):
            return fam, value * k
    return "count", value


@dataclass(frozen=True)
class ArticleScore:
    id: str
    quotes: PRF
    quotes_lenient: PRF
    speakers_correct: int
    speakers_total: int
    quantities: PRF
    missed_quotes: list[str] = field(default_factory=list)
    extra_quotes: list[str] = field(default_factory=list)
    wrong_speakers: list[str] = field(default_factory=list)
    missed_quantities: list[str] = field(default_factory=list)
    extra_quantities: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EvalResult:
    """Scores over a gold file; `articles` per article with the misses listed."""

    quotes: PRF
    quotes_lenient: PRF
    speaker_accuracy: float
    speakers_correct: int
    speakers_total: int
    quantities: PRF
    articles: list[ArticleScore]

    def to_dict(self) -> dict[str, Any]:
        return {
            "quotes": self.quotes.to_dict(), "quotes_lenient": self.quotes_lenient.to_dict(),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speakers": {"correct": self.speakers_correct, "total": self.speakers_total},
            "quantities": self.quantities.to_dict(),
            "articles": [{**{k: v for k, v in asdict(a).items()
                             if k not in ("quotes", "quotes_lenient", "quantities")},
                          "quotes": a.quotes.to_dict(), "quantities": a.quantities.to_dict()}
                         for a in self.articles],
        }


def score_article(doc: Document, gold: dict[str, Any], registry: Any) -> ArticleScore:
    """Score one extracted document against its gold entry."""
    def canon(name: str | None) -> str | None:
        if not name:
            return None
        return registry.resolve(name) or name if registry else name

    gq = gold.get("quotes", [])
    pq = doc.quotes
    used: set[int] = set()
    tp = 0
    sp_ok = 0
    wrong, missed = [], []
    for g in gq:
        gspan = (g["start"], g["end"])
        hit = None
        for j, p in enumerate(pq):
            if j in used:
                continue
            if normalise(p.text) == normalise(g["text"]) and _iou(gspan, (p.start, p.end)) > 0:
                hit = j
                break
        if hit is None:
            missed.append(g["text"][:60])
            continue
        used.add(hit)
        tp += 1
        if canon(pq[hit].speaker) == canon(g["speaker"]):
            sp_ok += 1
        else:
            wrong.append(f"{g['text'][:40]!r}: {pq[hit].speaker} (gold {g['speaker']})")
    extra = [p.text[:60] for j, p in enumerate(pq) if j not in used]
    strict = PRF(tp, len(pq) - tp, len(gq) - tp)
    used_l: set[int] = set()
    tpl = 0
    for g in gq:
        for j, p in enumerate(pq):
            if j not in used_l and _iou((g["start"], g["end"]), (p.start, p.end)) >= 0.5:
                used_l.add(j)
                tpl += 1
                break
    lenient = PRF(tpl, len(pq) - tpl, len(gq) - tpl)

    gn = gold.get("quantities", [])
    pn = doc.quantities
    used_n: set[int] = set()
    tpn = 0
    missed_n = []
    for g in gn:
        gfam, gval = unit_family(g["unit"], float(g["value"]))
        hit = None
        for j, p in enumerate(pn):
            if j in used_n or _iou((g["start"], g["end"]), (p.start, p.end)) <= 0:
                continue
            pfam, pval = unit_family(p.unit, p.value)
            if abs(pval - gval) <= 1e-6 * max(1.0, abs(gval)) and (
                    pfam == gfam or "count" in (pfam, gfam)):
                hit = j
                break
        if hit is None:
            missed_n.append(g["text"])
        else:
            used_n.add(hit)
            tpn += 1
    extra_n = [p.text for j, p in enumerate(pn) if j not in used_n]
    return ArticleScore(gold.get("id", "?"), strict, lenient, sp_ok, tp,
                        PRF(tpn, len(pn) - tpn, len(gn) - tpn), missed, extra, wrong, missed_n,
                        extra_n)


def load_gold(path: Path) -> dict[str, Any]:
    raw = read_bounded(path, limit=MAX_GOLD_BYTES, what="gold files")
    try:
        gold = json.loads(raw.decode("utf-8"))
    except ValueError as exc:  # bad JSON or not UTF-8
        raise InputError(f"cannot read gold file: {exc}", file=str(path),
                         fix="give a JSON file in the seeds-gold schema") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
        raise InputError("gold file has no 'articles' list", file=str(path),
                         fix="give a JSON file in the seeds-gold schema")
    _check_gold(gold, str(path))
    return gold


# the fields the scorers read, by list: name → (key, type) pairs each entry must have
_GOLD_FIELDS: dict[str, tuple[tuple[str, type | tuple[type, ...]], ...]] = {
    "quotes": (("text", str), ("start", int), ("end", int)),
    "quantities": (("text", str), ("unit", str), ("value", (int, float, str)), ("start", int),
                   ("end", int)),
    "claims": (("actor", str), ("issue", str), ("stance", str), ("evidence_start", int),
               ("evidence_end", int)),
}


def _check_gold(gold: dict[str, Any], path: str) -> None:
    """Refuse a gold file whose entries lack the fields scoring reads, naming the entry."""
    def need(ok: bool, where: str, what: str) -> None:
        if not ok:
            raise InputError(f"{where}: {what}", file=path,
                             fix="give a JSON file in the seeds-gold schema")

    for k, art in enumerate(gold["articles"]):
        where = f"articles[{k}]"
        need(isinstance(art, dict), where, "not an object")
        for key in ("id", "file"):
            need(isinstance(art.get(key), str), where, f"needs a string '{key}'")
        for name, fields in _GOLD_FIELDS.items():
            items = art.get(name, [])
            need(isinstance(items, list), f"{where}.{name}", "not a list")
            for j, item in enumerate(items):
                need(isinstance(item, dict), f"{where}.{name}[{j}]", "not an object")
                for key, typ in fields:
                    need(isinstance(item.get(key), typ) and not isinstance(item.get(key), bool),
                         f"{where}.{name}[{j}]", f"'{key}' missing or of the wrong type")
    groups = gold.get("cross_source", [])
    need(isinstance(groups, list), "cross_source", "not a list")
    for j, g in enumerate(groups):
        need(isinstance(g, dict) and "id" in g and isinstance(g.get("variants"), list)
             and all(isinstance(v, dict) and "article" in v for v in g["variants"]),
             f"cross_source[{j}]", "needs an 'id' and a 'variants' list of objects with "
             "'article'")


def evaluate(gold_path: Path, texts: Path | None = None, *, pipeline: Any = None,
             registry: Any = None) -> EvalResult:
    """Run the pipeline on each gold article's text and score it."""
    from accord.evidence.pipeline import default_pipeline
    from accord.evidence.registry import load_registry

    gold = load_gold(gold_path)
    text_dir = Path(texts) if texts else Path(gold_path).resolve().parent / gold.get(
        "text_dir", ".")
    pipe = pipeline or default_pipeline()
    reg = registry or load_registry()
    scores = []
    for art in gold["articles"]:
        f = text_dir / art["file"]
        if not f.is_file():
            raise InputError(f"text of article {art.get('id')} not found", file=str(f),
                             fix="point --texts to the folder holding the article files")
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        doc = pipe(text)
        scores.append(score_article(doc, art, reg))
    q = PRF(*(sum(getattr(s.quotes, k) for s in scores) for k in ("tp", "fp", "fn")))
    ql = PRF(*(sum(getattr(s.quotes_lenient, k) for s in scores) for k in ("tp", "fp", "fn")))
    n = PRF(*(sum(getattr(s.quantities, k) for s in scores) for k in ("tp", "fp", "fn")))
    sc = sum(s.speakers_correct for s in scores)
    st = sum(s.speakers_total for s in scores)
    return EvalResult(q, ql, sc / st if st else 0.0, sc, st, n, scores)
