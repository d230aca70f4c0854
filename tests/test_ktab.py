"""KTAB CSV: reading, errors with lines, `accord forecast data.csv` and `accord import ktab`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.cli import main
from accord.errors import InputError
from accord.importers.ktab import parse_ktab, read_ktab
from accord.scenario import load_scenario

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "bargaining"


def ktab_csv() -> str:
    """KTAB's dummyData_3Dim rebuilt in its CSV format from the shared reference file."""
    path = SHARED / "ktab_ref_dummydata_3dim.json"
    if not path.exists():
        pytest.skip(f"shared dev data {path} is absent")
    d = json.loads(path.read_text())
    lines = [f"dummyData_3Dim, KTAB synthetic data, {len(d['actors'])}, 3,,,",
             "Actor,Description,Power,Pstn1,Sal1,Pstn2,Sal2,Pstn3,Sal3,"]
    for a in d["actors"]:
        cells = [a["id"], " " + a["name"], f" {a['capability']}"]
        for x, s in zip(a["position"], a["salience"], strict=True):
            cells += [f" {x}", f"{s} "]
        lines.append(",".join(cells) + ",")
    return "\n".join(lines) + "\n"


def test_reads_ktab_reference_data() -> None:
    d = json.loads((SHARED / "ktab_ref_dummydata_3dim.json").read_text()) if SHARED.exists() \
        else pytest.skip("no shared data")
    sc = parse_ktab(ktab_csv())
    assert [a.id for a in sc.actors] == [a["id"] for a in d["actors"]]
    assert [i.id for i in sc.issues] == ["Pstn1", "Pstn2", "Pstn3"]
    first = sc.positions_on("Pstn2")[0]
    assert first.position == pytest.approx(6.37)
    assert first.salience == pytest.approx(0.0591)  # 0–100 → 0–1
    assert sc.actor("SActor-02").capability == pytest.approx(129.643)


@pytest.mark.parametrize("text, where, what", [
    ("x, y, 2\nActor,Description,Power,Pstn1,Sal1\nA,,1,2,3\nB,,1,2,3\n", 1, "line 1"),
    ("x, y, 3, 1\nActor,Description,Power,Pstn1,Sal1\nA,,1,2,3\nB,,1,2,3\n", 1, "announces"),
    ("x, y, 2, 1\nActor,Description,Power,Pstn1,Sal1\nA,,1,2,3\nB,,1,abc,3\n", 4, "not a number"),
    ("x, y, 2, 1\nActor,Description,Power,Pstn1,Sal1\nA,,1,2,300\nB,,1,2,3\n", 3, "outside"),
    ("x, y, 1, 2\nActor,Description,Power,Pstn1,Sal1\nA,,1,2,3\n", 2, "header"),
])
def test_errors_name_the_line(text: str, where: int, what: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_ktab(text, name="bad.csv")
    assert exc.value.line == where
    assert what in str(exc.value)


def test_cli_forecast_csv_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_path = tmp_path / "dummy.csv"
    csv_path.write_text(ktab_csv())
    with pytest.raises(SystemExit) as code:
        main(["forecast", str(csv_path), "--model", "compromise", "--json"])
    assert code.value.code == 0
    out = json.loads(capsys.readouterr().out)
    assert {f["issue"] for f in out["issues"]} == {"Pstn1", "Pstn2", "Pstn3"}
    # a KTAB-style cluster: every compromise lies inside the positions' range
    sc = read_ktab(csv_path)
    for f in out["issues"]:
        xs = [p.position for p in sc.positions_on(f["issue"])]
        assert min(xs) <= f["position"] <= max(xs)
    target = tmp_path / "scenario.yaml"
    with pytest.raises(SystemExit) as code:
        main(["import", "ktab", str(csv_path), "-o", str(target)])
    assert code.value.code == 0
    back = load_scenario(target)
    assert len(back.actors) == 7 and len(back.positions) == 21


def test_cli_bad_csv_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("x, y, 1, 1\nActor,Description,Power,Pstn1,Sal1\nA,,one,2,3\n")
    with pytest.raises(SystemExit) as code:
        main(["forecast", str(bad)])
    assert code.value.code == 2
    err = capsys.readouterr().err
    assert "bad.csv:3" in err and "Traceback" not in err
