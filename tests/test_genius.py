"""Genius importer on the published ANAC domains: utilities, frontier and Nash point against a
brute force computed straight from the XML files."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from accord.analysis.agreement import find_agreements
from accord.errors import InputError
from accord.importers.genius import read_genius
from accord.scenario import dump_scenario, parse_scenario

GENIUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "genius"
DOMAINS = {
    "Laptop": ("laptop_domain.xml", ["laptop_buyer_utility.xml", "laptop_seller_utility.xml"]),
    "Travel": ("travel_domain.xml", ["travel_chox.xml", "travel_fanny.xml"]),
    "EnglandZimbabwe": ("EnglandZimbabwe_domain.xml", ["England.xml", "Zimbabwe.xml"]),
}
pytestmark = pytest.mark.skipif(not GENIUS.is_dir(),
                                reason=f"shared Genius data not found at {GENIUS}")


def genius_utilities(domain: Path, profile: Path) -> tuple[list[list[str]], dict, float]:
    """Items per issue, a utility function and the reservation, read directly from the XML."""
    dom = ET.parse(domain).getroot()
    items = [[it.get("value") for it in iss.findall("item")] for iss in dom.iter("issue")]
    names = [iss.get("name") for iss in dom.iter("issue")]
    prof = ET.parse(profile).getroot()
    w = {x.get("index"): float(x.get("value")) for x in prof.iter("weight")}
    tables = {}
    for iss in prof.iter("issue"):
        ev = {it.get("value"): float(it.get("evaluation")) for it in iss.findall("item")}
        top = max(ev.values())
        tables[iss.get("name")] = (w[iss.get("index")], {k: v / top for k, v in ev.items()})
    total = sum(t[0] for t in tables.values())
    res = prof.find(".//reservation")
    r = float(res.get("value")) if res is not None else 0.0

    def u(combo: tuple[str, ...]) -> float:
        return sum(tables[n][0] / total * tables[n][1][c] for n, c in zip(names, combo,
                                                                            strict=True))
    return items, u, r


def sweep_frontier(u: np.ndarray) -> list[tuple[float, float]]:
    """Bilateral frontier by a sweep: best first on party 0; a point survives when party 1
    gets more than at every point with a higher party-0 utility (ties kept)."""
    out: list[tuple[float, float]] = []
    best1 = -np.inf
    rows = sorted(map(tuple, u.tolist()), reverse=True)
    for x0, group in itertools.groupby(rows, key=lambda r: r[0]):
        col = [r[1] for r in group]
        top = col[0]  # sorted descending within the group
        if top > best1:
            out += [(x0, top)] * col.count(top)
            best1 = top
    return out


@pytest.mark.parametrize("name", list(DOMAINS))
def test_frontier_and_nash_match_brute_force(name: str) -> None:
    dfile, pfiles = DOMAINS[name]
    d, ps = GENIUS / name / dfile, [GENIUS / name / p for p in pfiles]
    sc = read_genius(d, ps)
    # the scenario survives a YAML round trip
    sc = parse_scenario(dump_scenario(sc))
    res = find_agreements(sc)
    refs = [genius_utilities(d, p) for p in ps]
    items = refs[0][0]
    combos = list(itertools.product(*items))
    u = np.array([[f(c) for _i, f, _r in refs] for c in combos])
    r = np.array([x[2] for x in refs])
    ok = (u >= r - 1e-12).all(axis=1)
    assert res.n_acceptable == ok.sum()
    ua = np.round(u[ok], 9)
    got = sorted(tuple(round(f.utilities[p], 9) for p in res.parties) for f in res.frontier)
    assert got == sorted(sweep_frontier(ua))
    nash = np.prod(ua - r, axis=1).max()
    pt = res.points["nash"].utilities
    assert np.prod([pt[p] - r[k] for k, p in enumerate(res.parties)]) == pytest.approx(nash)


def test_laptop_hand_values() -> None:
    # buyer: HP (30/30), 60 Gb (30/30), 19'' (30/30) is its ideal, utility 1; seller values
    # the same package (0.378·20/30 + 0.177·20/30 + 0.445·3/3) / Σw = 0.815
    sc = read_genius(GENIUS / "Laptop" / "laptop_domain.xml",
                     [GENIUS / "Laptop" / "laptop_buyer_utility.xml",
                      GENIUS / "Laptop" / "laptop_seller_utility.xml"], names=["buyer", "seller"])
    from accord.analysis.bridging import score_package

    s = score_package(sc, {"Laptop": "HP", "Harddisk": "60_Gb", "External_Monitor": "19_LCD"})
    u = {v.party: v.utility for v in s.verdicts}
    assert u["buyer"] == pytest.approx(1.0)
    w = (0.37808251708013424, 0.1767567099260568, 0.4452125771655631)  # sum 1.00005: normalised
    assert u["seller"] == pytest.approx((w[0] * 20 / 30 + w[1] * 20 / 30 + w[2]) / sum(w))


def test_bad_xml_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<utility_space>\n<issue name='a'>\n</utility_space>\n")
    with pytest.raises(InputError, match=r"bad.xml:3"):
        read_genius(bad, [bad, bad])


def test_profile_of_another_domain_is_refused() -> None:
    with pytest.raises(InputError, match="profile has no issue"):
        read_genius(GENIUS / "Laptop" / "laptop_domain.xml",
                    [GENIUS / "Travel" / "travel_chox.xml",
                     GENIUS / "Laptop" / "laptop_seller_utility.xml"])


def test_cli_import_then_agree(tmp_path: Path) -> None:
    import json

    from tests.conftest import run_cli

    out = tmp_path / "laptop.yaml"
    lap = GENIUS / "Laptop"
    r = run_cli("import", "genius", str(lap / "laptop_domain.xml"),
                str(lap / "laptop_buyer_utility.xml"), str(lap / "laptop_seller_utility.xml"),
                "--names", "buyer,seller", "-o", str(out))
    assert r.code == 0, r.err
    r = run_cli("agree", str(out), "--json")
    assert r.code == 0, r.err
    d = json.loads(r.out)
    assert d["parties"] == ["buyer", "seller"] and d["n_acceptable"] == 27
    r = run_cli("import", "genius", str(lap / "laptop_domain.xml"), str(tmp_path / "nope.xml"),
                str(lap / "laptop_seller_utility.xml"))
    assert r.code == 2 and "nope.xml" in r.err
