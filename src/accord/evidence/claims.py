"""Scoring claims, article issues and cross-source groups against a gold file (seeds schema).

A gold claim is found when a predicted claim with the same actor, issue and stance overlaps
its evidence span (the issue's rule); the lenient rate drops the stance (the gold README's
suggestion). A gold cross-source group is found when one predicted group holds items that
overlap variants from at least two of the group's articles.
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
    strict = lenient = total = npred = 0
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
                      total, npred, found, len(gold.get("cross_source", [])), missed)
