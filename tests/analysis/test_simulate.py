"""Negotiation simulation: concession behaviour, acceptance rules, red lines, mediated climbing."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from accord.analysis.agreement import build_domain
from accord.analysis.simulate import alternating_offers, mediated, simulate
from accord.errors import InputError
from accord.scenario import load_scenario, parse_scenario

MINI = Path(__file__).resolve().parents[1] / "data" / "mini.yaml"

SPLIT = """
accord: 1
id: split
title: one issue, eleven levels, two opposed parties
actors: [{id: a, name: A}, {id: b, name: B}]
issues:
  - id: x
    name: X
    scale: {0: B's aim, 100: A's aim}
    levels: [LEVELS]
positions:
  - {actor: a, issue: x, position: 100, salience: 1}
  - {actor: b, issue: x, position: 0, salience: 1}
""".replace("LEVELS", ", ".join(f"{{id: l{v}, value: {v}, label: '{v}'}}"
                                for v in range(0, 101, 10)))


def test_linear_concession_meets_in_the_middle() -> None:
    # both concede linearly from 1 to 0 over 10 rounds (20 steps); on one opposed issue
    # u_a + u_b = 1, so offers cross near t = 1/2: a split within one level of 50/50
    res = simulate(parse_scenario(SPLIT), strategy="linear", deadline=10)
    assert res.agreed
    u = res.utilities
    assert u["a"] + u["b"] == pytest.approx(1.0)
    assert abs(u["a"] - u["b"]) <= 0.2 + 1e-9
    assert 4 <= res.rounds <= 7


def test_boulware_holds_out_longer_than_conceder() -> None:
    sc = parse_scenario(SPLIT)
    rounds = {s: simulate(sc, strategy=s, deadline=40).rounds
              for s in ("conceder", "linear", "boulware")}
    assert rounds["conceder"] < rounds["linear"] < rounds["boulware"] <= 40


def test_offers_follow_the_concession_curve() -> None:
    # a party's own utility in its offers never rises and ends near its reservation (0)
    res = simulate(parse_scenario(SPLIT), strategy="boulware", acceptance="const",
                   ac_const=1.01, deadline=30)
    assert not res.agreed and "deadline" in res.outcome
    own = [m.utilities["a"] for m in res.trace if m.party == "a" and m.action == "offer"]
    assert all(x >= y - 1e-12 for x, y in itertools.pairwise(own))
    assert own[0] == pytest.approx(1.0) and own[-1] <= 0.3


def test_nobody_accepts_beyond_a_red_line() -> None:
    # only 'current' lies inside both red lines of the mini scenario
    sc = load_scenario(MINI)
    for strat, acc in itertools.product(("boulware", "linear", "conceder"),
                                        ("next", "const", "time")):
        res = simulate(sc, strategy=strat, acceptance=acc, ac_const=0.4, deadline=30)
        assert res.agreement in (None, {"border": "current"})
        for m in res.trace:
            assert m.action != "accept" or m.levels == {"border": "current"}


def test_ac_time_accepts_only_late() -> None:
    res = simulate(parse_scenario(SPLIT), strategy="boulware", acceptance="time", ac_time=0.9,
                   deadline=20)
    assert res.agreed
    assert res.steps >= 0.9 * 20 * 2


def test_same_seed_same_trace() -> None:
    sc = parse_scenario(SPLIT)
    a = simulate(sc, strategy="linear", seed=7).to_dict()
    b = simulate(sc, strategy="linear", seed=7).to_dict()
    assert a == b


def test_mediated_text_improves_everyone_until_no_unanimous_change() -> None:
    rng = np.random.default_rng(1)
    lines = ["accord: 1", "id: med", "title: t", "actors:"]
    lines += [f"  - {{id: p{k}, name: P{k}}}" for k in range(3)]
    lines.append("issues:")
    for i in range(4):
        lines += [f"  - id: i{i}", f"    name: I{i}", "    scale: {0: a, 100: b}", "    levels:"]
        lines += [f"      - {{id: l{v}, value: {v}, label: l}}" for v in (0, 25, 50, 75, 100)]
    lines.append("positions:")
    for k in range(3):
        for i in range(4):
            lines.append(f"  - {{actor: p{k}, issue: i{i}, position: {rng.integers(0, 101)}, "
                         f"salience: {rng.uniform(0.1, 1):.2f}}}")
    sc = parse_scenario("\n".join(lines) + "\n")
    dom = build_domain(sc)
    res = mediated(dom, np.zeros(4, dtype=int), seed=0)
    assert res.agreed and len(res.trace) > 1
    for prev, nxt in itertools.pairwise(res.trace):
        assert all(nxt.utilities[p] >= prev.utilities[p] - 1e-12 for p in res.parties)
    # no one- or two-issue change from the final text helps someone and hurts nobody
    final = np.array([dom.levels[j].index(res.agreement[i]) for j, i in enumerate(dom.issues)])
    u0 = dom.utilities(final)[0]
    for j, k in itertools.combinations(range(4), 2):
        for a, b in itertools.product(range(5), range(5)):
            d = final.copy()
            d[j], d[k] = a, b
            u = dom.utilities(d)[0]
            assert not ((u >= u0 - 1e-12).all() and (u > u0 + 1e-9).any())


def test_mediated_names_who_rejects_when_stuck() -> None:
    text = MINI.read_text().replace("red_line: 40, as_of: 2025-05-01", "red_line: 60, "
                                    "as_of: 2025-05-01").replace("red_line: 60, as_of: "
                                    "2025-01-10}\n", "red_line: 40, as_of: 2025-01-10}\n")
    res = simulate(parse_scenario(text), protocol="mediated", mediator="envoy")
    assert not res.agreed and "rejected by" in res.outcome


def test_bad_options_are_input_errors() -> None:
    sc = load_scenario(MINI)
    with pytest.raises(InputError, match="strategy"):
        simulate(sc, strategy="stubborn")
    with pytest.raises(InputError, match="mediator"):
        simulate(sc, protocol="mediated", mediator="nobody")
    with pytest.raises(InputError, match="deadline"):
        alternating_offers(build_domain(sc), deadline=0)
