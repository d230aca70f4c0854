"""Every reference case of ../shared/data/gmcr reproduced exactly: equilibria and per-DM
stable states for each concept, and the coalition equilibria where stated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.analysis.gmcr import solve
from accord.analysis.gmcr.io import conflict_from_case, load_case
from accord.analysis.gmcr.model import Preference, feasible_mask, scores, state_ids

CASES = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "gmcr"
KEY = {"Nash": "nash", "GMR": "gmr", "SMR": "smr", "SEQ": "seq", "SIM": "sim",
       "SEQ+SIM": "seqsim"}
FILES = sorted(CASES.glob("*.json")) if CASES.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason="shared GMCR reference cases not found "
                                "(expected ../shared/data/gmcr next to the repository)")


@pytest.fixture(params=FILES, ids=lambda p: p.stem)
def case(request: pytest.FixtureRequest) -> tuple[dict, object]:
    path = request.param
    return json.loads(path.read_text()), load_case(path)


def test_equilibria(case: tuple[dict, object]) -> None:
    data, conflict = case
    res = solve(conflict)
    for concept, expected in data["expected_equilibria"].items():
        assert list(res.equilibria[KEY[concept]]) == sorted(expected), concept


def test_stable_for_each_dm(case: tuple[dict, object]) -> None:
    data, conflict = case
    res = solve(conflict)
    for concept, per_dm in data["expected_stable_for_dm"].items():
        for dm, expected in per_dm.items():
            assert list(res.stable_for[dm][KEY[concept]]) == sorted(expected), (concept, dm)


def test_feasible_states_and_ids(case: tuple[dict, object]) -> None:
    data, conflict = case
    res = solve(conflict)
    assert [s.id for s in res.states] == [f["id"] for f in data["feasible_states"]]
    assert [s.yn for s in res.states] == [f["yn"] for f in data["feasible_states"]]


def test_statements_reproduce_ranking(case: tuple[dict, object]) -> None:
    """Where a case gives option-prioritisation statements, their scores give its ranking."""
    data, conflict = case
    fids = state_ids(len(conflict.options))[feasible_mask(conflict)]
    for dm, p in data["preferences"].items():
        if not p.get("option_prioritization"):
            continue
        u = scores(conflict, dm, fids)
        by_id = dict(zip(fids.tolist(), u.tolist(), strict=True))
        ranked = [g if isinstance(g, list) else [g] for g in p["ranking"]]
        flat = [by_id[g[0]] for g in ranked]
        assert flat == sorted(flat, reverse=True) and len(set(flat)) == len(flat)
        for g in ranked:
            assert len({by_id[s] for s in g}) == 1


def test_coalition_equilibria(case: tuple[dict, object]) -> None:
    data, conflict = case
    for entry in data.get("expected_coalition_equilibria", []):
        res = solve(conflict, coalitions=entry["coalitions"])
        for concept, expected in entry["expected"].items():
            assert list(res.equilibria[KEY[concept]]) == sorted(expected), concept


def test_graph_form_gives_the_same_answers(case: tuple[dict, object]) -> None:
    """The same model given as explicit states and arcs (the graph form) solves alike."""
    data, conflict = case
    from accord.analysis.gmcr.moves import DenseGame, parse_partition

    g = DenseGame(conflict, parse_partition(conflict, None))
    res = solve(conflict)
    u = {dm: scores(conflict, dm, g.fids) for dm in conflict.dms}
    graph = {
        "decision_makers": list(conflict.dms),
        "states": [{"id": s.id, "yn": s.yn, "label": s.label} for s in res.states],
        "moves": {dm: [[int(s), t] for s in g.fids for t in g.successors(k, int(s))]
                  for k, dm in enumerate(conflict.dms)},
        "preferences": {dm: {"ranking": _groups(g.fids.tolist(), u[dm].tolist())}
                        for dm in conflict.dms},
    }
    gres = solve(conflict_from_case(graph))
    assert gres.equilibria == res.equilibria
    assert gres.stable_for == res.stable_for


def _groups(ids: list[int], vals: list[float]) -> list[list[int]]:
    return [[s for s, v in zip(ids, vals, strict=True) if v == val]
            for val in sorted(set(vals), reverse=True)]


def test_ranking_must_cover_feasible_states() -> None:
    from accord.errors import InputError

    c = load_case(FILES[0])
    dm = c.dms[0]
    broken = dict(c.preferences)
    broken[dm] = Preference(ranking=((0,),))
    import dataclasses

    with pytest.raises(InputError, match="leaves out feasible state"):
        solve(dataclasses.replace(c, preferences=broken))
