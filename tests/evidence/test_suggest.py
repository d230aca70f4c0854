"""Suggestions: newer claims propose dated updates with citations; --apply writes a valid copy."""

from __future__ import annotations

from accord import bundled_scenario
from accord.evidence.claims import StoredClaim, build_timeline
from accord.evidence.suggest import apply, suggest


def _c(i: int, stance: str, date: str, text: str, actor: str = "Russia",
       issue: str = "territory", qs: list | None = None) -> StoredClaim:
    return StoredClaim(i, 100 + i, actor, issue, stance, None, None, 0, len(text), text,
                       f"{actor} {stance} {issue}", date, "Wire", None, qs or [])


def test_offers_after_the_scenario_date_move_the_position_toward_the_others() -> None:
    sc = bundled_scenario()
    cur = next(p for p in sc.positions_on("territory") if p.actor == "russia")
    claims = [_c(1, "offer", "2026-03-01", "Moscow is ready to freeze the line of contact"),
              _c(2, "offer", "2026-03-02", "Russia offered to swap small areas")]
    sug = suggest(sc, claims)
    moves = [p for p in sug.proposals if p.kind == "position" and p.actor == "russia"]
    assert len(moves) == 1
    others = [p.position for p in sc.positions_on("territory") if p.actor != "russia"]
    mean = sum(others) / len(others)
    assert abs(moves[0].new - cur.position) <= 10
    assert abs(moves[0].new - mean) < abs(cur.position - mean)
    assert [c.id for c in moves[0].evidence] == [1, 2]


def test_old_claims_change_nothing() -> None:
    sc = bundled_scenario()
    sug = suggest(sc, [_c(1, "offer", "2020-01-01", "Moscow is ready to talk")])
    assert not [p for p in sug.proposals if p.kind == "position"]


def test_apply_writes_dated_positions_with_store_citations() -> None:
    sc = bundled_scenario()
    claims = [_c(7, "offer", "2026-03-01", "Moscow is ready to freeze the line of contact")]
    new = apply(sc, suggest(sc, claims))
    added = [p for p in new.positions if p.actor == "russia" and p.issue == "territory"
             and str(p.as_of) == "2026-03-01"]
    assert added and added[0].evidence[0].evidence_id == 7
    assert len(new.positions) == len(sc.positions) + 1


def test_timeline_describes_a_narrowing_demand() -> None:
    claims = [_c(1, "demand", "2025-02-14", "Russia wants to keep all the regions it claims"),
              _c(2, "demand", "2025-06-01", "Russia wants about 12,000 square kilometers more"),
              _c(3, "demand", "2025-09-09", "Russia wants about 6,000 square kilometers more"),
              _c(4, "offer", "2025-12-01", "Kyiv is no longer making full withdrawal a "
                 "condition for talks", actor="Ukraine")]
    tl = build_timeline(claims, "Russia", "territory")
    assert [e.claim.id for e in tl.entries] == [1, 2, 3]
    assert tl.entries[2].shift.startswith("narrowed to ~6,000 km²")
    uk = build_timeline([_c(5, "demand", "2025-01-01", "Ukraine demands full withdrawal",
                            actor="Ukraine"), claims[3]], "Ukraine", "territory")
    assert uk.entries[1].shift.startswith("dropped an earlier demand as a precondition")
