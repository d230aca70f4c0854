"""Broken scenarios: each gives exit 2 and one line naming the file and the line or field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import ScenarioError
from accord.scenario import parse_scenario
from tests.conftest import DATA

MINI = (DATA / "mini.yaml").read_text(encoding="utf-8")


def _sub(old: str, new: str) -> bytes:
    assert old in MINI, old
    return MINI.replace(old, new, 1).encode()


BOMB = b"""a: &a ["x","x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""

# name -> (file content, words the message must contain, the line it must name or None)
CASES: dict[str, tuple[bytes, str, int | None]] = {
    "bad_syntax": (_sub("title: A two-party", "title: [A two-party"), "invalid YAML", None),
    "tab_indent": (_sub("  - {id: south,", "\t- {id: south,"), "spaces, not tabs", 8),
    "unknown_actor": (_sub("{actor: south, issue", "{actor: east, issue"),
                      "unknown actor 'east'", 21),
    "unknown_issue": (_sub("{actor: south, issue: border", "{actor: south, issue: river"),
                      "unknown issue 'river'", 21),
    "duplicate_id": (_sub("{id: south, name: South", "{id: north, name: South"),
                     "duplicate actor id 'north'", 8),
    "duplicate_key": (_sub("title: A two", "id: again\ntitle: A two"), "duplicate", 3),
    "position_140": (_sub("position: 80,", "position: 140,"), "position", 20),
    "salience_negative": (_sub("salience: 1.0", "salience: -1"), "salience", 21),
    "red_line_wrong_side": (_sub("position: 0, salience: 1.0, red_line: 60",
                                 "position: 10, salience: 1.0, red_line: 5"),
                            "wrong side", 21),
    "bad_date": (_sub("as_of: 2025-05-01", "as_of: 2025-13-45"), "as_of", 20),
    "future_date": (_sub("as_of: 2025-05-01", "as_of: 2026-05-01"),
                    "after the scenario's as_of", 20),
    "missing_field": (_sub("salience: 0.8, red_line: 40, as_of: 2025-05-01",
                           "red_line: 40, as_of: 2025-05-01"), "salience", 20),
    "wrong_type": (_sub("capability: 60", "capability: lots"), "capability", 7),
    "unknown_field": (_sub("require_evidence: false", "require_evidense: false"),
                      "unknown field 'require_evidense'", 5),
    "missing_evidence": (_sub("require_evidence: false", "require_evidence: true"),
                         "no evidence", None),
    "scale_off": (_sub('100: "North', '140: "North'), "scale", 13),
    "top_level_list": (b"- just\n- a list\n", "not a mapping", 1),
    "empty": (b"", "empty", None),
    "whitespace_only": (b"  \n\n ", "empty", None),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary", None),
    "non_utf8": (_sub("name: North", "name: Nor\xe9th".encode("latin-1").decode("latin-1"))
                 .replace("Nor\xe9th".encode(), b"Nor\xe9th"), "UTF-8", 7),
    "yaml_bomb": (BOMB, "nodes", None),
    "two_documents": (MINI.encode() + b"\n---\nid: x\n", "documents", None),
    "bad_version": (_sub("accord: 1", "accord: 7"), "accord", 1),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_scenario_api(name: str) -> None:
    data, words, line = CASES[name]
    with pytest.raises(ScenarioError) as info:
        parse_scenario(data, name=f"{name}.yaml")
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(f"{name}.yaml"), msg
    assert words.lower() in msg.lower(), msg
    assert " — " in msg, f"no fix in: {msg}"
    if line is not None:
        assert msg.startswith(f"{name}.yaml:{line}:"), msg


@pytest.mark.parametrize("name", ["bad_syntax", "tab_indent", "unknown_actor", "position_140",
                                  "red_line_wrong_side", "binary", "non_utf8", "yaml_bomb",
                                  "empty", "missing_field"])
def test_broken_scenario_cli_exit_2_one_line(name: str, tmp_path: Path, cli) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(CASES[name][0])
    ran = cli("scenario", "validate", str(path))
    assert ran.code == 2
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    assert str(path) in lines[0]
    assert re.search(rf"{re.escape(str(path))}(:\d+:\d+|: field|:)", lines[0])
    assert "Traceback" not in ran.err + ran.out


def test_huge_file_refused_quickly(tmp_path: Path, cli) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.write(MINI.encode())
        fh.write(b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    ran = cli("scenario", "validate", str(path))
    assert ran.code == 2
    assert "MB" in ran.err and str(path) in ran.err
    assert len(ran.err.strip().splitlines()) == 1


def test_missing_file_and_folder(tmp_path: Path, cli) -> None:
    for target in (tmp_path / "nope.yaml", tmp_path):
        ran = cli("scenario", "validate", str(target))
        assert ran.code == 2 and len(ran.err.strip().splitlines()) == 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    try:
        parse_scenario(data, name="fuzz.yaml")
    except ScenarioError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzz.yaml")


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000),
                         st.floats(allow_nan=True), st.text(max_size=20))
yaml_docs = st.recursive(
    yaml_scalars,
    lambda kids: st.one_of(st.lists(kids, max_size=5),
                           st.dictionaries(st.sampled_from(
                               ["id", "title", "actors", "issues", "positions", "scale", "name",
                                "actor", "issue", "position", "salience", "as_of", "red_line",
                                "accord", "conflict", "x"]), kids, max_size=6)),
    max_leaves=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_docs)
def test_random_yaml_documents_never_crash(doc: object) -> None:
    import io

    from ruamel.yaml import YAML

    buf = io.StringIO()
    YAML(typ="safe", pure=True).dump(doc, buf)
    try:
        parse_scenario(buf.getvalue(), name="fuzz.yaml")
    except ScenarioError as exc:
        assert "\n" not in str(exc)


def test_mutated_real_scenario_never_crashes() -> None:
    """Cut the mini scenario at every line: each prefix loads or fails with one line."""
    lines = MINI.splitlines(keepends=True)
    for k in range(len(lines)):
        text = "".join(lines[:k])
        try:
            parse_scenario(text, name="cut.yaml")
        except ScenarioError as exc:
            assert "\n" not in str(exc)
