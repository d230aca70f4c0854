"""`accord eval` reports article-issue F1, claim recall and cross-source groups on the gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
GOLD = SHARED / "data" / "seeds-gold" / "gold.json"


@pytest.mark.skipif(not GOLD.exists() or not (SHARED / "seeds").is_dir(),
                    reason="seed gold not found in ../shared/data/seeds-gold")
def test_eval_reports_issue_claim_and_group_scores(cli) -> None:
    ran = cli("eval", str(GOLD), "--texts", str(SHARED / "seeds"), "--json")
    assert ran.code == 0, ran.err
    claims = json.loads(ran.out)["claims"]
    assert claims["issues_f1"] >= 0.85
    assert claims["claim_recall"] >= 0.65
    assert claims["groups_found"] >= 10 and claims["groups_total"] == 12
    table = cli("eval", str(GOLD), "--texts", str(SHARED / "seeds"))
    assert table.code == 0
    assert "article issues" in table.out and "cross-source" in table.out
