"""A plain implementation of the GMCR stability definitions, written for the tests only.

Straight from Fang, Hipel & Kilgour (1993): it enumerates states, lists moves by comparing
option vectors, and finds sanctions by a search over (state, last mover) pairs so that no
player moves twice in succession. Slow and obvious on purpose.
"""

from __future__ import annotations

from itertools import product
from typing import Any


def _matches(cond: dict[str, Any], yn: dict[str, bool]) -> bool:
    if "any_of" in cond:
        return any(_matches(c, yn) for c in cond["any_of"])
    return all(yn[name] == (v == "Y") for name, v in cond.items())


def solve_plain(case: dict[str, Any], coalitions: list[list[str]] | None = None
                ) -> dict[str, dict[str, set[int]]]:
    """{concept: {player: set of stable state ids}} for an option-form case dict."""
    opts = case["options"]
    n = len(opts)
    names = [o["name"] for o in opts]

    def yn(s: int) -> dict[str, bool]:
        return {names[k]: bool((s >> k) & 1) for k in range(n)}

    feasible = [s for s in range(2 ** n)
                if not any(_matches(c, yn(s)) for c in case["infeasible"])]
    payoff: dict[str, dict[int, int]] = {}
    for dm in case["decision_makers"]:
        ranking = case["preferences"][dm]["ranking"]
        pay = {}
        for r, group in enumerate(ranking):
            for s in (group if isinstance(group, list) else [group]):
                pay[s] = len(ranking) - r
        payoff[dm] = pay

    groups = [list(g) for g in (coalitions or [])]
    for dm in case["decision_makers"]:
        if not any(dm in g for g in groups):
            groups.append([dm])
    players = {"+".join(g): g for g in groups}

    def misperceives(member: str, s: int) -> bool:
        return any(_matches(c, yn(s))
                   for c in case["preferences"][member].get("misperceptions", []))

    def can_move(pl: str, s: int, t: int) -> bool:
        if s == t:
            return False
        if any(misperceives(m, s) or misperceives(m, t) for m in players[pl]):
            return False
        for k in range(n):
            a, b = (s >> k) & 1, (t >> k) & 1
            if a == b:
                continue
            if opts[k]["dm"] not in players[pl]:
                return False
            if opts[k]["reversibility"] == "only_N_to_Y" and a == 1:
                return False
            if opts[k]["reversibility"] == "only_Y_to_N" and a == 0:
                return False
        return True

    def prefers(pl: str, a: int, b: int) -> bool:
        return all(payoff[m][a] > payoff[m][b] for m in players[pl])

    moves = {pl: {s: [t for t in feasible if can_move(pl, s, t)] for s in feasible}
             for pl in players}

    def uis(pl: str, s: int) -> list[int]:
        return [t for t in moves[pl][s] if prefers(pl, t, s)]

    def reachable(start: int, group: list[str], improving: bool) -> set[int]:
        found: set[int] = set()
        frontier = [(start, None)]
        visited = set()
        while frontier:
            s, last = frontier.pop()
            for pl in group:
                if pl == last:
                    continue
                for t in (uis(pl, s) if improving else moves[pl][s]):
                    if (t, pl) not in visited:
                        visited.add((t, pl))
                        found.add(t)
                        frontier.append((t, pl))
        return found

    out: dict[str, dict[str, set[int]]] = {k: {} for k in
                                           ("nash", "gmr", "smr", "seq", "sim", "seqsim")}
    for i in players:
        others = [p for p in players if p != i]
        st = {k: set() for k in out}
        for s in feasible:
            up = uis(i, s)
            if not up:
                for k in st:
                    st[k].add(s)
                continue
            if all(any(not prefers(i, s2, s) for s2 in reachable(s1, others, False))
                   for s1 in up):
                st["gmr"].add(s)
            if all(any(not prefers(i, s2, s)
                       and all(not prefers(i, s3, s) for s3 in moves[i][s2])
                       for s2 in reachable(s1, others, False)) for s1 in up):
                st["smr"].add(s)
            if all(any(not prefers(i, s2, s) for s2 in reachable(s1, others, True))
                   for s1 in up):
                st["seq"].add(s)
            responses = [w for j in others for w in uis(j, s)]
            if all(any((s1 ^ w ^ s) in feasible and not prefers(i, s1 ^ w ^ s, s)
                       for w in responses) for s1 in up):
                st["sim"].add(s)
        st["seqsim"] = st["seq"] | st["sim"]
        for k in out:
            out[k][i] = st[k]
    return out


def all_states(n: int) -> list[tuple[int, ...]]:
    """Every Y/N vector of length n."""
    return list(product((0, 1), repeat=n))
