"""The claims section of `accord run --corpus`: stance matrix, groups, framing and timeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.report.claims import claims_section
from accord.scenario import load_scenario
from accord.workflow import STEPS, run_all

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "src" / "accord" / "data" / "corpus"
MINI = ROOT / "tests" / "data" / "mini.yaml"


@pytest.fixture(scope="module")
def results():  # noqa: ANN201 - workflow Results
    return run_all(load_scenario(MINI), corpus=CORPUS)


def test_claims_step_runs_after_the_evidence_step() -> None:
    names = [s.name for s in STEPS]
    assert names.index("claims") > names.index("evidence")


def test_claims_from_the_corpus_store_are_dated_and_grouped(results) -> None:
    ov = results.get("claims")
    assert ov is not None and ov.articles == results.get("evidence").report["added"]
    assert ov.claims and all(c.date for c in ov.claims)  # every corpus article is datable
    assert "Russia" in ov.matrix and "territory" in ov.matrix["Russia"]
    # the same Russian territorial demand is reported by more than one outlet
    assert any(g.kind == "same_claim" and g.key.startswith("Russia / territory")
               and g.sources >= 2 for g in ov.corroboration.groups)
    assert {p.outlet for p in ov.framing} >= {"Harbour Herald"}
    assert any(len(t.entries) >= 2 for t in ov.timelines)


def test_section_shows_matrix_groups_framing_and_timeline(results) -> None:
    html = claims_section(results.scenario, results)
    assert html is not None
    for part in ("Who holds which stance", "across sources", "frames the story",
                 "Claims over time"):
        assert part in html
    assert html.count("plotly-graph-div") == 2  # framing chart and timeline
    assert "evidence #" in html  # the hover carries the evidence id and sentence


def test_no_corpus_no_section() -> None:
    res = run_all(load_scenario(MINI))
    assert res.get("claims") is None
    assert claims_section(res.scenario, res) is None
