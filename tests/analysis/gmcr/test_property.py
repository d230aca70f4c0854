"""The fast engine equals the plain implementation of the definitions (tests/…/oracle.py)
on random small conflicts: 2–4 DMs, up to 8 options, random infeasible conditions,
rankings with ties, irreversible options and misperceptions; also for coalitions."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis.gmcr import solve
from accord.analysis.gmcr.io import conflict_from_case

from .oracle import solve_plain

REV = ["both", "both", "only_N_to_Y", "only_Y_to_N"]


@st.composite
def conflicts(draw: Any, max_options: int = 8) -> dict[str, Any]:
    n_dm = draw(st.integers(2, 4))
    n_opt = draw(st.integers(n_dm, max_options))
    dms = [f"D{k}" for k in range(n_dm)]
    owners = list(range(n_dm)) + [draw(st.integers(0, n_dm - 1)) for _ in range(n_opt - n_dm)]
    options = [{"name": f"o{k}", "dm": dms[owners[k]], "reversibility": draw(st.sampled_from(REV))}
               for k in range(n_opt)]
    lit = st.tuples(st.integers(0, n_opt - 1), st.sampled_from("YN"))

    def conj(pairs: list[tuple[int, str]]) -> dict[str, str]:
        return {f"o{k}": v for k, v in pairs}
    infeasible = [conj(p) for p in draw(st.lists(st.lists(lit, min_size=1, max_size=3),
                                                 max_size=3))]
    if draw(st.booleans()):
        infeasible.append({"any_of": [conj(p) for p in draw(
            st.lists(st.lists(lit, min_size=2, max_size=3), min_size=1, max_size=2))]})
    all_ids = list(range(2 ** n_opt))
    prefs = {}
    for dm in dms:
        order = draw(st.permutations(all_ids))
        cuts = draw(st.lists(st.booleans(), min_size=len(order), max_size=len(order)))
        ranking: list[Any] = []
        for s, tie in zip(order, cuts, strict=True):
            if tie and ranking:
                last = ranking[-1]
                ranking[-1] = (last if isinstance(last, list) else [last]) + [s]
            else:
                ranking.append(s)
        entry: dict[str, Any] = {"ranking": ranking}
        if draw(st.integers(0, 4)) == 0:
            entry["misperceptions"] = [conj(draw(st.lists(lit, min_size=2, max_size=3)))]
        prefs[dm] = entry
    return {"decision_makers": dms, "options": options, "infeasible": infeasible,
            "preferences": prefs}


def _feasible_rankings(case: dict[str, Any]) -> dict[str, Any]:
    """Drop infeasible states from the rankings (a ranking covers the feasible states)."""
    from accord.analysis.gmcr.model import feasible_mask, state_ids

    c = conflict_from_case({**case, "preferences": {dm: {"option_prioritization": [{"o0": "Y"}]}
                                                   for dm in case["decision_makers"]}})
    feas = set(state_ids(len(c.options))[feasible_mask(c)].tolist())
    prefs = {}
    for dm, p in case["preferences"].items():
        ranking = []
        for g in p["ranking"]:
            g2 = [s for s in (g if isinstance(g, list) else [g]) if s in feas]
            if g2:
                ranking.append(g2)
        prefs[dm] = {**p, "ranking": ranking}
    return {**case, "preferences": prefs}


def _compare(case: dict[str, Any], coalitions: list[list[str]] | None = None) -> None:
    case = _feasible_rankings(case)
    if not any(p["ranking"] for p in case["preferences"].values()):
        return
    res = solve(conflict_from_case(case), coalitions=coalitions)
    plain = solve_plain(case, coalitions)
    for concept, per in plain.items():
        for player, stable in per.items():
            assert set(res.stable_for[player][concept]) == stable, (concept, player)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_options=6))
def test_engine_matches_definitions(case: dict[str, Any]) -> None:
    _compare(case)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_options=8))
def test_engine_matches_definitions_up_to_8_options(case: dict[str, Any]) -> None:
    _compare(case)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_options=6), st.data())
def test_coalitions_match_definitions(case: dict[str, Any], data: Any) -> None:
    dms = case["decision_makers"]
    size = data.draw(st.integers(2, len(dms)))
    _compare(case, [dms[:size]])
