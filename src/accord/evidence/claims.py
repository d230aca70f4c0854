"""Scoring claims, article issues and cross-source groups against a gold file (seeds schema).

A gold claim is found when a predicted claim with the same actor, issue and stance overlaps
its evidence span (the issue's rule); the lenient rate drops the stance (the gold README's
suggestion). Gold-overlap precision is the share of predicted claims that overlap some gold
evidence span with the same actor and issue: an UNDERESTIMATE of precision, because gold
claims are a selection (a correct claim the annotator did not list counts as wrong), so it
tracks changes between runs and does not replace a hand-checked sample. A gold cross-source
group is found when one predicted group holds items that overlap variants from at least two
of the group's articles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import InputError


@dataclass(frozen=True)
class ClaimScore:
    """Article-issue P/R/F1, claim recall (strict and lenient), cross-source groups found."""

    issues_precision: float
    issues_recall: float
    issues_f1: float
    claim_recall: float
    claim_recall_actor_issue: float
    claims_gold: int
    claims_predicted: int
    groups_found: int
    groups_total: int
    missed_groups: list[str] = field(default_factory=list)
    claim_precision_overlap: float = 0.0  # lower bound: gold claims are a selection
    claims_predicted_matched: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score_gold(gold_path: str | Path, texts: str | Path | None = None,
               pipeline: Any = None) -> ClaimScore:
    """Run the pipeline on the gold's texts and score issues, claims and groups."""
    from accord.evidence.pipeline import default_pipeline
    from accord.evidence.sources import group_items, items_from_document

    gp = Path(gold_path)
    try:
        gold = json.loads(gp.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read gold file: {exc}", file=str(gp),
                         fix="give a gold JSON file in the seeds schema") from exc
    tdir = Path(texts) if texts else gp.parent / gold.get("text_dir", ".")
    pipe = pipeline or default_pipeline()
    tp = fp = fn = 0
    strict = lenient = total = npred = pmatched = 0
    items = []
    context: dict[str, str] = {}
    for art in gold["articles"]:
        path = tdir / art["file"]
        if not path.exists():
            raise InputError("gold text not found", file=str(path), fix="pass --texts DIR")
        text = path.read_text(encoding="utf-8")
        doc = pipe(text)
        context[art["id"]] = text
        items += items_from_document(doc, art["id"])
        pi, gi = set(doc.issues), set(art.get("issues", []))
        tp, fp, fn = tp + len(pi & gi), fp + len(pi - gi), fn + len(gi - pi)
        npred += len(doc.claims)
        gspans = [(c["evidence_start"], c["evidence_end"], c["actor"], c["issue"])
                  for c in art.get("claims", [])]
        pmatched += sum(any(_overlap(x.start, x.end, g0, g1) and x.actor == ga
                            and x.issue == gi for g0, g1, ga, gi in gspans)
                        for x in doc.claims)
        for c in art.get("claims", []):
            total += 1
            near = [x for x in doc.claims if _overlap(x.start, x.end, c["evidence_start"],
                                                      c["evidence_end"])
                    and x.actor == c["actor"] and x.issue == c["issue"]]
            lenient += bool(near)
            strict += any(x.stance == c["stance"] for x in near)
    corr = group_items(items, context=context)
    found, missed = 0, []
    for g in gold.get("cross_source", []):
        hit = False
        for pg in corr.groups:
            arts = {v["article"] for v in g["variants"] for it in pg.items
                    if it.article == v["article"] and "start" in v
                    and _overlap(it.start, it.end, v["start"], v["end"])}
            if len(arts) >= 2:
                hit = True
                break
        found += hit
        if not hit:
            missed.append(g["id"])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return ClaimScore(round(p, 4), round(r, 4), round(f1, 4),
                      round(strict / total, 4) if total else 0.0,
                      round(lenient / total, 4) if total else 0.0,
                      total, npred, found, len(gold.get("cross_source", [])), missed,
                      round(pmatched / npred, 4) if npred else 0.0, pmatched)


# -- claims in the store ---------------------------------------------------------------------


@dataclass(frozen=True)
class StoredClaim:
    """A claim row with its article's outlet and date (the evidence id is the row id)."""

    id: int
    article: int
    actor: str
    issue: str
    stance: str
    speaker: str | None
    target: str | None
    start: int
    end: int
    text: str
    summary: str
    date: str | None
    outlet: str | None
    dup_group: int | None
    quantities: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def query_claims(store: Any, *, actor: str | None = None, issue: str | None = None,
                 stance: str | None = None, outlet: str | None = None,
                 limit: int | None = None) -> list[StoredClaim]:
    """Claims from the store, oldest first, filtered by actor, issue, stance and outlet."""
    from sqlalchemy import select

    from accord.evidence.store import Article, ClaimRow

    q = select(ClaimRow, Article).join(Article, Article.id == ClaimRow.article_id)
    if actor:
        q = q.where(ClaimRow.actor == actor)
    if issue:
        q = q.where(ClaimRow.issue == issue)
    if stance:
        q = q.where(ClaimRow.stance == stance)
    if outlet:
        q = q.where(Article.outlet == outlet)
    q = q.order_by(ClaimRow.id)
    if limit:
        q = q.limit(limit)
    out = []
    with store.session() as s:
        for c, a in s.execute(q):
            date = c.date or (a.published.isoformat() if a.published else None)
            out.append(StoredClaim(c.id, a.id, c.actor, c.issue, c.stance, c.speaker, c.target,
                                   c.start, c.end, c.text, c.summary, date, a.outlet,
                                   a.dup_group, list(c.quantities or [])))
    out.sort(key=lambda c: (c.date or "", c.id))
    return out


# -- timeline ----------------------------------------------------------------------------------

_STANCE_WORD = {"demand": "demanded", "red_line": "declared a red line on",
                "offer": "offered", "rejection": "rejected", "assessment": "assessed",
                "agreement": "announced agreement on"}
_SOFTER = {"red_line": 0, "demand": 1, "rejection": 1, "assessment": 2, "offer": 3,
           "agreement": 4}


@dataclass(frozen=True)
class TimelineEntry:
    """One dated claim and how it differs from the one before, in words."""

    date: str | None
    stance: str
    claim: StoredClaim
    shift: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "stance": self.stance, "shift": self.shift,
                "claim": self.claim.to_dict()}


@dataclass(frozen=True)
class Timeline:
    """A party's dated claims on one issue."""

    actor: str
    issue: str
    entries: tuple[TimelineEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "issue": self.issue,
                "entries": [e.to_dict() for e in self.entries]}


def _figure(c: StoredClaim) -> tuple[str, float, str] | None:
    from accord.evidence.sources import find_quantities, normalise_quantity

    qs = [(q.get("value"), q.get("unit"), q.get("text")) for q in c.quantities]
    if not qs:
        qs = [(v, u, t) for _s, _e, t, v, u in find_quantities(c.text)]
    for v, u, t in qs:
        if v is None:
            continue
        dim, val = normalise_quantity(float(v), str(u or ""))
        return dim, val, str(t)
    return None


def describe_shift(prev: StoredClaim | None, cur: StoredClaim) -> str:
    """The change from `prev` to `cur` in words ("narrowed to ~6,000 km²", "dropped … as a
    precondition", "softened from a demand to an offer")."""
    if prev is None:
        return f"first {cur.stance.replace('_', ' ')} on record"
    low = cur.text.lower()
    if "no longer" in low and any(w in low for w in ("condition", "demand", "insist")):
        what = prev.text.strip().rstrip(".")
        return f"dropped an earlier demand as a precondition ({what[:80]})"
    f0, f1 = _figure(prev), _figure(cur)
    if f0 and f1 and f0[0] == f1[0] and f0[1] != f1[1]:
        unit = {"km2": "km²", "km": "km", "days": "days", "share": ""}.get(f1[0], f1[0])
        val = f1[1] * 100 if f1[0] == "share" else f1[1]
        unit = "%" if f1[0] == "share" else f" {unit}"
        verb = "narrowed" if f1[1] < f0[1] else "widened"
        old = f0[1] * (100 if f0[0] == "share" else 1)
        return f"{verb} to ~{val:,.0f}{unit} (from ~{old:,.0f}{unit})"
    if f1 and not f0 and cur.stance in ("demand", "red_line"):
        return f"put a figure on it: {f1[2]}"
    if prev.stance != cur.stance:
        a, b = _SOFTER.get(prev.stance, 2), _SOFTER.get(cur.stance, 2)
        direction = "softened" if b > a else "hardened" if b < a else "shifted"
        return (f"{direction} from {prev.stance.replace('_', ' ')} to "
                f"{cur.stance.replace('_', ' ')}")
    return f"restated the {cur.stance.replace('_', ' ')}"


def build_timeline(claims: list[StoredClaim], actor: str, issue: str) -> Timeline:
    """Dated claims of `actor` on `issue` (one per article and stance), each with its shift."""
    mine = [c for c in claims if c.actor == actor and c.issue == issue]
    seen: set[tuple[int, int]] = set()
    uniq = []
    for c in sorted(mine, key=lambda c: (c.date or "", c.article, c.start)):
        k = (c.dup_group or c.article, c.start)
        if k in seen:
            continue
        seen.add(k)
        uniq.append(c)
    entries = []
    prev: StoredClaim | None = None
    for c in uniq:
        entries.append(TimelineEntry(c.date, c.stance, c, describe_shift(prev, c)))
        prev = c
    return Timeline(actor, issue, tuple(entries))


# -- a corpus at a glance (accord run --corpus, the report) ------------------------------------


@dataclass(frozen=True)
class ClaimsOverview:
    """The store's claims at a glance: actor × issue × stance counts, cross-source groups,
    outlet framing profiles, and each party's dated claims per issue (with the shifts)."""

    claims: tuple[StoredClaim, ...]
    matrix: dict[str, dict[str, dict[str, int]]]  # actor → issue → stance → claims
    corroboration: Any  # accord.evidence.sources.Corroboration
    framing: tuple[Any, ...]  # accord.evidence.sources.FramingProfile, one per outlet
    timelines: tuple[Timeline, ...]
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "claims": [c.to_dict() for c in self.claims],
                "matrix": self.matrix, **self.corroboration.to_dict(),
                "framing": [p.to_dict() for p in self.framing],
                "timelines": [t.to_dict() for t in self.timelines]}


def corpus_overview(store: Any) -> ClaimsOverview:
    """Read every claim, figure and article of `store` and summarise them (see ClaimsOverview).

    A stance is counted once per independent source: syndicated copies of a wire story (the
    store's near-duplicate groups) count once, as the gold counts cross-source evidence.
    """
    from accord.evidence.sources import Item, framing_profiles, group_items
    from accord.evidence.store import Article, QuantityRow, QuoteRow

    claims = query_claims(store)
    items: list[Item] = []
    texts: list[tuple[str, str, list[tuple[int, int]] | None]] = []
    dup: dict[str, str] = {}
    context: dict[str, str] = {}
    with store.session() as s:
        quotes: dict[int, list[tuple[int, int]]] = {}
        for q in s.query(QuoteRow):
            quotes.setdefault(q.article_id, []).append((q.start, q.end))
        arts = list(s.query(Article))
        for a in arts:
            key = str(a.id)
            dup[key] = str(a.dup_group or a.id)
            context[key] = a.text
            texts.append((a.outlet or "(unknown outlet)", a.text, quotes.get(a.id)))
        for q in s.query(QuantityRow):
            items.append(Item(str(q.article_id), "quantity", q.start, q.end, q.text,
                              value=q.value, unit=q.unit))
    for c in claims:
        items.append(Item(str(c.article), "claim", c.start, c.end, c.text, c.actor, c.issue,
                          c.stance, c.speaker, outlet=c.outlet, date=c.date, evidence_id=c.id))
    matrix: dict[str, dict[str, dict[str, int]]] = {}
    counted: set[tuple[str, str, str, str, int]] = set()
    for c in claims:
        k = (c.actor, c.issue, c.stance, str(c.dup_group or c.article), c.start)
        if k in counted:
            continue
        counted.add(k)
        cell = matrix.setdefault(c.actor, {}).setdefault(c.issue, {})
        cell[c.stance] = cell.get(c.stance, 0) + 1
    pairs = sorted({(c.actor, c.issue) for c in claims if c.actor})
    timelines = tuple(build_timeline(claims, a, i) for a, i in pairs)
    return ClaimsOverview(tuple(claims), matrix, group_items(items, dup_of=dup, context=context),
                          tuple(framing_profiles(texts)), timelines, len(arts))
