"""Bad input at every command, as a demanding user would try it.

The project's standard: a malformed, binary, huge or hostile file, an unknown id in an option,
a bad date, an out-of-range number, an unwritable output or a store that cannot be opened gets
exactly one line on stderr that names the file or field (exit 2 for bad input, 1 for a genuine
failure); never a traceback, never "internal error", and the evidence store keeps what it held.

Most cases run in this process through `accord.cli.main` (fast); a few run end to end in a
subprocess (`run_cli`) where a regression could start a server or spawn workers.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from accord.cli import main
from tests.conftest import DATA, Ran, run_cli

MINI = str(DATA / "mini.yaml")
BUNDLED = "russia-ukraine-2025"  # has a `conflict` section and named levels

GENIUS_DOMAIN = """<negotiation_template><utility_space number_of_issues="1">
<objective index="0" etype="objective" type="objective" name="root">
<issue index="1" etype="discrete" type="discrete" vtype="discrete" name="Price">
<item index="1" value="low"/><item index="2" value="mid"/><item index="3" value="high"/>
</issue></objective></utility_space></negotiation_template>
"""
GENIUS_PROFILE = """<utility_space><reservation value="{res}"/>
<objective index="0" etype="objective" type="objective" name="root">
<issue index="1" etype="discrete" type="discrete" vtype="discrete" name="Price">
<item index="1" value="low" evaluation="{a}"/><item index="2" value="mid" evaluation="2"/>
<item index="3" value="high" evaluation="{c}"/></issue>
<weight index="1" value="{w}"/></objective></utility_space>
"""
KTAB_GOOD = "t, d, 2, 1\nActor,Description,Power,Pstn1,Sal1\nA,,1,20,30\nB,,1,80,40\n"
ARTICLE_1 = ("KYIV, Sept 10 (Eastern Courier) - Ukrainian President Volodymyr Zelensky said "
             "on Wednesday: \"We will never recognise occupied territory as Russian.\"\n")
ARTICLE_2 = ("MOSCOW, Sept 11 - Kremlin spokesman Dmitry Peskov said Russia \"will not accept "
             "any NATO troops in Ukraine\" under any deal, the agency reported.\n")
HOSTILE_HTML = (
    "<html><head><title>Talks</title><style>p {color: red} .evil{}</style>"
    "<script>document.write('injected script text');</script></head><body>"
    "<!-- a comment that is not news -->"
    "<article><p>Ukrainian President Volodymyr Zelensky said on Monday: \"We will not cede "
    "territory, and no one can force us to,\" speaking in Kyiv after the talks.</p>"
    "<p>Kremlin spokesman Dmitry Peskov said Russia \"will not accept NATO troops\".</p>"
    "<script>alert('second script')</script></article></body></html>")


_OPTS = [{"name": "o1", "dm": "a"}, {"name": "o2", "dm": "b"}]


def _forty_options() -> str:
    """A scenario whose conflict has 40 options (2**40 states)."""
    opts = "".join(f"    - {{id: o{k}, dm: {'north' if k % 2 else 'south'}}}\n"
                   for k in range(40))
    conflict = ("conflict:\n  decision_makers: [north, south]\n  options:\n" + opts
                + "  preferences:\n    north: {statements: [o1]}\n"
                "    south: {statements: [o0]}\n")
    return (DATA / "mini.yaml").read_text(encoding="utf-8") + conflict


@pytest.fixture(scope="module")
def f(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Bad (and a few good) input files, by name."""
    d = tmp_path_factory.mktemp("bad")
    files: dict[str, bytes | str] = {
        "empty.yaml": "", "empty.csv": "", "empty.json": "", "empty.xml": "", "empty.txt": "",
        "bad.yaml": "accord: 1\nid: x\nactors: [\n  - {id: a\n",
        "tabs.yaml": "accord: 1\n\tid: x\n",
        "list.yaml": "- 1\n- 2\n",
        "bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
        "bad.json": '{"a": [1, 2,,}', "list.json": "[1, 2, 3]", "obj.json": '{"name": "x"}',
        "bad.gmcr": '{"nodes": 1', "bad.csv": 'a,b\n"unterminated,1\n',
        "short.csv": "x, y, 2, 1\nActor,Description,Power,Pstn1,Sal1\nA,,1,2,3\n",
        "inf.csv": "x, y, 2, 1\nActor,Description,Power,Pstn1,Sal1\nA,,1,2,3\nB,,1,inf,3\n",
        "good.csv": KTAB_GOOD,
        "bad.xml": '<utility_space><objective><issue name="a"',
        "html.xml": "<html><body>not a Genius file</body></html>",
        "entities.xml": ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                         '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;&b;</d>'),
        "domain.xml": GENIUS_DOMAIN,
        "p1.xml": GENIUS_PROFILE.format(res=0, a=1, c=3, w=1),
        "p2.xml": GENIUS_PROFILE.format(res=0, a=3, c=1, w=1),
        "badweight.xml": GENIUS_PROFILE.format(res=0, a=1, c=3, w="heavy"),
        "badres.xml": GENIUS_PROFILE.format(res="nan", a=1, c=3, w=1),
        "bad.jsonl": '{"text": "ok"\n{not json}\n',
        "good1.txt": ARTICLE_1, "good2.txt": ARTICLE_2, "hostile.html": HOSTILE_HTML,
        "deep.html": "<div>" * 20000 + "<p>Zelensky said peace is far off.</p>" + "</div>" * 20000,
        "bomb.html": ('<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;'
                      '&a;&a;&a;&a;">]><html><body><p>Putin said "&b;&b;&b;" today.</p>'
                      '</body></html>'),
        "afile": "a plain file where a folder is expected\n",
        # reference-case / GMCR+ JSON with values of the wrong shape
        "dm_str.json": json.dumps({"decision_makers": "ab", "options": 5}),
        "null.json": json.dumps({"decision_makers": None, "options": None}),
        "opts_int.json": json.dumps({"decision_makers": ["a", "b"], "options": [1, 2]}),
        "prefs_int.json": json.dumps({"decision_makers": ["a", "b"], "options": _OPTS,
                                      "preferences": {"a": 5, "b": [1]}}),
        "infeasible_int.json": json.dumps({"decision_makers": ["a", "b"], "options": _OPTS,
                                           "infeasible": [5]}),
        "gmcrplus.gmcr": json.dumps({"decisionMakers": "x", "options": 3}),
        "deep.json": "[" * 100_000 + "]" * 100_000,
        # seeds-gold files with entries of the wrong shape
        "gold_items.json": json.dumps({"articles": [1, "x"]}),
        "gold_nofile.json": json.dumps({"articles": [{"id": "a1"}]}),
        "gold_quotes.json": json.dumps({"articles": [{"id": "a1", "file": "a.txt",
                                                      "quotes": [{"text": 5}]}]}),
        "forty_options.yaml": _forty_options(),
    }
    for name, content in files.items():
        p = d / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    binary = bytes(range(256)) * 40
    latin1 = "title: caf\xe9 \xff bad bytes\n".encode("latin-1")
    for ext in ("yaml", "csv", "json", "gmcr", "xml", "txt", "html"):
        (d / f"bin.{ext}").write_bytes(binary)
        (d / f"latin1.{ext}").write_bytes(latin1)
    big = 11 * 1024 * 1024  # over every 10 MB limit
    (d / "huge.yaml").write_bytes(b"# a comment line\n" * (big // 17 + 1))
    (d / "huge.txt").write_bytes(b"Peace talks resumed. " * (big // 21 + 1))
    (d / "huge.html").write_bytes(b"<p>Peace talks resumed.</p>\n" * (big // 28 + 1))
    (d / "huge.csv").write_bytes(b"a,b,c\n" * (big // 6 + 1))
    (d / "huge.xml").write_bytes(b"<a>" + b"<b/>" * (big // 4) + b"</a>")
    for ext in ("json", "gmcr"):
        (d / f"huge.{ext}").write_bytes(b"[" + b"1," * (big // 2) + b"1]")
    (d / "empty.gmcr").write_bytes(b"")
    (d / "empty.html").write_bytes(b"")
    (d / "oneline.html").write_bytes(b"<html><body><p>" + b"Putin said peace is near. " * 200_000
                                     + b"</p></body></html>")  # a 5 MB single line
    (d / "folder").mkdir()
    out = {p.name: str(p) for p in d.iterdir()}
    for ext in ("yaml", "json", "gmcr", "csv", "txt", "html", "xml"):
        out[f"missing.{ext}"] = str(d / f"missing.{ext}")
    out["under-a-file"] = str(d / "afile" / "x.out")  # its parent is a file: cannot be written
    out["dir"] = str(d)
    return out


@pytest.fixture(autouse=True)
def _own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own default store (a plain path, as a user would write it)."""
    monkeypatch.setenv("ACCORD_DB", str(tmp_path / "default.db"))
    monkeypatch.delenv("ACCORD_DEBUG", raising=False)


def call(capsys: pytest.CaptureFixture[str], *args: str) -> Ran:
    """Run `accord ARGS` in this process; the exit code and what was printed."""
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out, err = capsys.readouterr()
    code = exc.value.code
    return Ran(code if isinstance(code, int) else (0 if code is None else 1), out, err)


def assert_one_line_error(ran: Ran, code: int, *names: str) -> str:
    """Exit `code`, exactly one line on stderr naming each of `names`; no traceback."""
    assert "Traceback" not in ran.err, ran.err
    assert "internal error" not in ran.err, ran.err
    lines = [ln for ln in ran.err.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{ran.err}"
    assert ran.code == code, f"exit {ran.code}, expected {code}: {ran.err}"
    for name in names:
        assert name in lines[0], f"{name!r} not named in: {lines[0]}"
    return lines[0]


# -- every file-reading command against missing, folder, empty, binary, bad UTF-8, huge ----

# (command words, extension of the file they read)
FILE_COMMANDS: list[tuple[tuple[str, ...], str]] = [
    (("scenario", "validate"), "yaml"), (("scenario", "show"), "yaml"),
    (("scenario", "at", "--date", "2025-03-01"), "yaml"), (("forecast",), "yaml"),
    (("forecast",), "csv"), (("obstacles",), "yaml"), (("obstacles",), "csv"),
    (("import", "ktab"), "csv"), (("gmcr", "solve"), "json"), (("gmcr", "solve"), "gmcr"),
    (("gmcr", "paths"), "json"), (("gmcr", "coalitions"), "json"), (("gmcr", "import"), "gmcr"),
    (("gmcr", "export"), "json"), (("agree",), "yaml"), (("score",), "yaml"),
    (("bridge",), "yaml"), (("simulate",), "yaml"), (("suggest",), "yaml"),
    (("extract",), "txt"), (("extract",), "html"), (("eval",), "json"),
]
KINDS = ["missing", "folder", "empty", "bin", "latin1", "huge", "bad"]


def _file_for(f: dict[str, str], kind: str, ext: str) -> str | None:
    if kind == "folder":
        return f["folder"]
    return f.get(f"{kind}.{ext}")


# Articles are the one input read despite bad bytes (replaced, with a warning; tested below),
# and text articles have no "malformed" form.
FILE_CASES = [(w, e, k) for w, e in FILE_COMMANDS for k in KINDS
              if not (w[0] == "extract" and k in ("latin1", "bad"))]


@pytest.mark.parametrize("words, ext, kind", FILE_CASES,
                         ids=[f"{'-'.join(w[:2])}-{k}.{e}" for w, e, k in FILE_CASES])
def test_bad_file_is_one_line_naming_it(f: dict[str, str], capsys: pytest.CaptureFixture[str],
                                        words: tuple[str, ...], ext: str, kind: str) -> None:
    path = _file_for(f, kind, ext)
    assert path is not None, f"no {kind}.{ext} test file"
    ran = call(capsys, *words, path)
    assert_one_line_error(ran, 2, path)


@pytest.mark.parametrize("kind", KINDS)
def test_bad_genius_file_is_one_line_naming_it(f: dict[str, str], kind: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = _file_for(f, kind, "xml")
    assert path is not None, f"no {kind}.xml test file"
    assert_one_line_error(call(capsys, "import", "genius", path, f["p1.xml"], f["p2.xml"]),
                          2, path)
    assert_one_line_error(call(capsys, "import", "genius", f["domain.xml"], path, f["p2.xml"]),
                          2, path)


def test_gmcr_explain_bad_files(f: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    for key in ("missing.json", "folder", "bin.json", "latin1.json", "bad.json", "list.json"):
        assert_one_line_error(call(capsys, "gmcr", "explain", f[key], "1"), 2, f[key])


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("argv", [
    ("scenario", "validate", "/dev/zero"), ("extract", "/dev/zero"),
    ("import", "ktab", "/dev/zero"), ("gmcr", "import", "/dev/zero"), ("eval", "/dev/zero"),
    ("import", "genius", "/dev/zero", "/dev/zero", "/dev/zero"),
], ids=lambda a: "-".join(a[:2]))
def test_endless_device_is_refused_not_read_forever(argv: tuple[str, ...],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A device reports size 0 yet never ends: reads are bounded by the size limits."""
    assert_one_line_error(call(capsys, *argv), 2, "/dev/zero")


# -- malformed content: the line or the field is named ---------------------------------------

@pytest.mark.parametrize("key", ["dm_str.json", "null.json", "opts_int.json", "prefs_int.json",
                                 "infeasible_int.json", "gmcrplus.gmcr", "deep.json"])
@pytest.mark.parametrize("command", ["solve", "paths", "coalitions", "export"])
def test_gmcr_file_of_the_wrong_shape(f: dict[str, str], key: str, command: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(call(capsys, "gmcr", command, f[key]), 2, f[key])


def test_gmcr_too_many_options_is_refused(f: dict[str, str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """40 options would be 2**40 states: refused up front, not a MemoryError."""
    assert_one_line_error(call(capsys, "gmcr", "solve", f["forty_options.yaml"]), 2, "40 options")


@pytest.mark.parametrize("key, where", [("gold_items.json", "articles[0]"),
                                        ("gold_nofile.json", "'file'"),
                                        ("gold_quotes.json", "articles[0].quotes[0]")])
def test_gold_file_of_the_wrong_shape(f: dict[str, str], key: str, where: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(call(capsys, "eval", f[key], "--texts", f["dir"]), 2, f[key], where)


@pytest.mark.parametrize("words, key, where", [
    (("scenario", "validate"), "bad.yaml", "bad.yaml:4"),
    (("scenario", "validate"), "tabs.yaml", "tabs.yaml:2"),
    (("scenario", "validate"), "list.yaml", "not a mapping"),
    (("scenario", "validate"), "bomb.yaml", "aliases"),
    (("forecast",), "short.csv", "short.csv:1"),
    (("forecast",), "inf.csv", "inf.csv:4"),
    (("import", "ktab"), "inf.csv", "inf.csv:4"),
    (("gmcr", "solve"), "bad.json", "bad.json:1:13"),
    (("gmcr", "import"), "bad.gmcr", "bad.gmcr:1"),
    (("gmcr", "solve"), "obj.json", "decision_makers"),
    (("eval",), "obj.json", "articles"),
])
def test_malformed_content_names_line_or_field(f: dict[str, str], words: tuple[str, ...],
                                               key: str, where: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(call(capsys, *words, f[key]), 2, where)


@pytest.mark.parametrize("domain, profiles, named", [
    ("bad.xml", ("p1.xml", "p2.xml"), "bad.xml:1"),
    ("html.xml", ("p1.xml", "p2.xml"), "Genius domain"),
    ("entities.xml", ("p1.xml", "p2.xml"), "entity"),
    ("domain.xml", ("entities.xml", "p2.xml"), "entity"),
    ("domain.xml", ("badweight.xml", "p2.xml"), "badweight.xml"),
    ("domain.xml", ("badres.xml", "p2.xml"), "badres.xml"),
    ("domain.xml", ("p1.xml",), "two preference profiles"),
    ("domain.xml", ("hostile.html", "p2.xml"), "hostile.html"),
])
def test_malformed_genius(f: dict[str, str], domain: str, profiles: tuple[str, ...], named: str,
                          capsys: pytest.CaptureFixture[str]) -> None:
    ran = call(capsys, "import", "genius", f[domain], *(f[p] for p in profiles))
    assert_one_line_error(ran, 2, named)


# -- unknown ids, bad dates, out-of-range numbers in options -------------------------------

OPTION_CASES: list[tuple[tuple[str, ...], int, str]] = [
    # forecast
    (("forecast", MINI, "--draws", "-1"), 2, "--draws"),
    (("forecast", MINI, "--draws", "99999999999"), 2, "--draws"),
    (("forecast", MINI, "--seed", "abc"), 2, "--seed"),
    (("forecast", MINI, "--draws", "5", "--seed", "-1"), 2, "--seed"),
    (("forecast", MINI, "--draws", "5", "--workers", "0"), 2, "--workers"),
    (("forecast", MINI, "--draws", "5", "--scheduler", "garbage"), 2, "garbage"),
    (("forecast", MINI, "--model", "nosuch"), 2, "nosuch"),
    (("forecast", MINI, "--draws", "5", "--distribution", "nosuch"), 2, "nosuch"),
    (("forecast", MINI, "--disagreement", "nosuch"), 2, "--disagreement"),
    (("forecast", MINI, "--status-quo", "500"), 2, "--status-quo"),
    (("forecast", MINI, "--status-quo", "nan"), 2, "--status-quo"),
    (("forecast", MINI, "--disagreement", "status_quo"), 2, "status-quo"),
    (("forecast", MINI, "--rounds", "0"), 2, "--rounds"),
    (("forecast", MINI, "--as-of", "2025-02-30"), 2, "2025-02-30"),
    (("forecast", MINI, "--as-of", "notadate"), 2, "notadate"),
    (("forecast", MINI, "--as-of", "1900-01-01"), 1, "no issue has positions"),
    (("obstacles", MINI, "--as-of", "last tuesday"), 2, "last tuesday"),
    (("scenario", "at", MINI, "--date", "99999-01-01"), 2, "99999-01-01"),
    (("scenario", "show", "no-such-bundled"), 2, "no-such-bundled"),
    # agreement
    (("agree", MINI, "--disagreement", "nosuch"), 2, "--disagreement"),
    (("agree", MINI, "--frontier", "-1"), 2, "--frontier"),
    (("agree", MINI, "--as-of", "bad"), 2, "bad"),
    (("score", MINI, "--package", "nosuch=x"), 2, "nosuch"),
    (("score", "--package", "nosuch=x"), 2, "nosuch"),
    (("score", MINI, "--package", "border=nosuch"), 2, "nosuch"),
    (("score", MINI, "--package", "garbage"), 2, "garbage"),
    (("score", MINI, "--package", "="), 2, "--package"),
    (("score", MINI, "--package", "border=current,border=north_line"), 2, "twice"),
    (("score", MINI), 2, "--package"),  # the scenario names no packages
    (("bridge", MINI, "--package", "nosuch=x"), 2, "nosuch"),
    (("bridge", MINI, "--options", "-1"), 2, "--options"),
    (("simulate", MINI, "--protocol", "nosuch"), 2, "--protocol"),
    (("simulate", MINI, "--strategy", "nosuch"), 2, "--strategy"),
    (("simulate", MINI, "--strategy", "nobody=linear"), 2, "nobody"),
    (("simulate", MINI, "--beta", "0"), 2, "--beta"),
    (("simulate", MINI, "--beta", "nan"), 2, "--beta"),
    (("simulate", MINI, "--acceptance", "nosuch"), 2, "--acceptance"),
    (("simulate", MINI, "--acceptance", "const", "--ac-const", "nan"), 2, "--ac-const"),
    (("simulate", MINI, "--deadline", "0"), 2, "--deadline"),
    (("simulate", MINI, "--deadline", "1000000000"), 2, "--deadline"),
    (("simulate", MINI, "--protocol", "mediated", "--deadline", "-3"), 2, "--deadline"),
    (("simulate", MINI, "--mediator", "nobody"), 2, "nobody"),
    (("simulate", MINI, "--trace", "-1"), 2, "--trace"),
    (("simulate", MINI, "--seed", "-1"), 2, "--seed"),
    # gmcr
    (("gmcr", "explain", BUNDLED, "99999"), 2, "99999"),
    (("gmcr", "explain", BUNDLED, "0", "--dm", "Nobody"), 2, "Nobody"),
    (("gmcr", "solve", BUNDLED, "--coalition", "russia+Nobody"), 2, "Nobody"),
    (("gmcr", "solve", BUNDLED, "--coalition", "russia+russia"), 2, "russia"),
    (("gmcr", "solve", BUNDLED, "--coalition", "+"), 2, "--coalition"),
    (("gmcr", "paths", BUNDLED, "--status-quo", "99999"), 2, "99999"),
    (("gmcr", "solve", MINI), 2, "conflict"),
    # evidence and claims (an empty store: the ids are checked, not just matched)
    (("timeline", "--actor", "Nobody", "--issue", "territory"), 2, "Nobody"),
    (("timeline", "--actor", "Russia", "--issue", "nosuch"), 2, "nosuch"),
    (("claims", "--actor", "Nobody"), 2, "Nobody"),
    (("claims", "--issue", "nosuch"), 2, "nosuch"),
    (("claims", "--stance", "nosuch"), 2, "nosuch"),
    (("claims", "--limit", "-1"), 2, "--limit"),
    (("evidence", "--actor", "Nobody"), 2, "Nobody"),
    (("evidence", "--limit", "0"), 2, "--limit"),
    (("suggest", MINI, "--since", "bad"), 2, "--since"),
    (("suggest", MINI, "--step", "-5"), 2, "--step"),
    (("suggest", MINI, "--step", "nan"), 2, "--step"),
    (("extract", MINI, "--published", "2025-13-45"), 2, "--published"),
    (("serve", MINI, "--port", "0"), 2, "--port"),
    (("serve", "no-such-bundled"), 2, "no-such-bundled"),
]


@pytest.mark.parametrize("argv, code, named", OPTION_CASES,
                         ids=[" ".join(a[:1] + a[2:] if a[1:2] == (MINI,) else a)[:60]
                              for a, _, _ in OPTION_CASES])
def test_bad_option_is_one_line_naming_it(argv: tuple[str, ...], code: int, named: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(call(capsys, *argv), code, named)


def test_genius_names_must_match_the_profiles(f: dict[str, str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    base = ("import", "genius", f["domain.xml"], f["p1.xml"], f["p2.xml"])
    assert_one_line_error(call(capsys, *base, "--names", "buyer"), 2, "--names")
    assert_one_line_error(call(capsys, *base, "--names", "a,A"), 2, "--names")
    ran = call(capsys, *base, "--names", "buyer,seller")
    assert ran.code == 0 and "buyer" in ran.out and "seller" in ran.out


# -- outputs that cannot be written -------------------------------------------------------

def test_unwritable_outputs(f: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    bad = f["under-a-file"]
    for argv in (("import", "ktab", f["good.csv"], "-o", bad),
                 ("import", "genius", f["domain.xml"], f["p1.xml"], f["p2.xml"], "-o", bad),
                 ("gmcr", "export", BUNDLED, "-o", bad),
                 ("gmcr", "export", BUNDLED, "-o", f["folder"]),
                 ("suggest", MINI, "--apply", "--out", bad),
                 ("run", MINI, "--out", bad),
                 ("run", MINI, "--out", f["afile"])):
        line = assert_one_line_error(call(capsys, *argv), 2)
        assert bad in line or f["folder"] in line or f["afile"] in line, line
    assert Path(f["afile"]).read_text() == "a plain file where a folder is expected\n"


def test_output_never_overwrites_the_input(f: dict[str, str], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text(KTAB_GOOD, encoding="utf-8")
    profile = tmp_path / "p1.xml"
    profile.write_text(Path(f["p1.xml"]).read_text())
    gmcr = tmp_path / "bundled.gmcr"
    assert call(capsys, "gmcr", "export", BUNDLED, "-o", str(gmcr)).code == 0
    kept = {p: p.read_bytes() for p in (csv, profile, gmcr)}
    for argv, target in (
            (("import", "ktab", str(csv), "-o", str(csv)), csv),
            (("import", "genius", f["domain.xml"], str(profile), f["p2.xml"], "-o",
              str(profile)), profile),
            (("gmcr", "import", str(gmcr), "-o", str(gmcr)), gmcr),
            (("gmcr", "export", str(gmcr), "-o", str(gmcr)), gmcr)):
        assert_one_line_error(call(capsys, *argv), 2, str(target), "input")
    assert {p: p.read_bytes() for p in kept} == kept


def test_gmcr_import_to_unwritable(f: dict[str, str], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    gmcr = tmp_path / "bundled.gmcr"
    assert call(capsys, "gmcr", "export", BUNDLED, "-o", str(gmcr)).code == 0
    assert_one_line_error(call(capsys, "gmcr", "import", str(gmcr), "-o", f["under-a-file"]),
                          2, f["under-a-file"])


# -- stores that cannot be opened -----------------------------------------------------------

@pytest.mark.parametrize("command", [("ingest", "GOOD"), ("evidence",), ("claims",),
                                     ("sources",), ("timeline", "--actor", "Russia", "--issue",
                                                    "territory"), ("suggest", MINI)],
                         ids=lambda c: c[0])
@pytest.mark.parametrize("db, named", [
    ("garbage://x", "garbage://x"),
    ("mysql://u@127.0.0.1:1/x", "mysql"),
    ("FOLDER", "folder"),
    ("UNDER_FILE", "x.out"),
    ("TEXT", "good2.txt"),
])
def test_store_that_cannot_be_opened(f: dict[str, str], command: tuple[str, ...], db: str,
                                     named: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = {"FOLDER": f["folder"], "UNDER_FILE": f["under-a-file"], "TEXT": f["good2.txt"]}.get(
        db, db)
    argv = [f["good1.txt"] if a == "GOOD" else a for a in command]
    assert_one_line_error(call(capsys, *argv, "--db", db), 2, named)
    assert Path(f["good2.txt"]).read_text() == ARTICLE_2  # a non-store file is left alone


def test_foreign_sqlite_file_is_not_taken_for_a_store(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as con:  # another program's database, same table names
        con.execute("create table articles (x int)")
        con.execute("create table claims (y text)")
    for argv in (("evidence",), ("claims",), ("sources",), ("suggest", MINI)):
        assert_one_line_error(call(capsys, *argv, "--db", str(other)), 2, "articles")
    with sqlite3.connect(other) as con:  # left as it was
        assert con.execute("select count(*) from articles").fetchone()[0] == 0


def test_damaged_store_is_one_line(f: dict[str, str], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "evidence.db"
    assert call(capsys, "ingest", f["good1.txt"], f["good2.txt"], "--db", str(db),
                "--jobs", "1").code == 0
    data = bytearray(db.read_bytes())
    data[4096:12288] = b"A" * len(data[4096:12288])  # overwrite pages 2-3
    db.write_bytes(bytes(data))
    codes = []
    for argv in (("evidence",), ("claims",), ("sources",), ("suggest", MINI)):
        ran = call(capsys, *argv, "--db", str(db))
        codes.append(ran.code)
        if ran.code:
            assert_one_line_error(ran, ran.code, "store")
        assert "internal error" not in ran.err
    assert any(codes), "the damaged pages were never read"


def test_unreachable_postgresql_is_one_line() -> None:
    ran = run_cli("claims", "--db", "postgresql://nobody@127.0.0.1:1/accord", timeout=60)
    assert_one_line_error(ran, 2, "127.0.0.1")


def test_plain_path_in_accord_db_is_a_sqlite_file(f: dict[str, str], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "sub" / "plain.db"
    monkeypatch.setenv("ACCORD_DB", str(db))
    ran = call(capsys, "ingest", f["good1.txt"], "--jobs", "1")
    assert ran.code == 0, ran.err
    assert db.is_file()
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 1


def test_bad_environment_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ACCORD_MAX_SCENARIO_BYTES", "ten megabytes")
    assert_one_line_error(call(capsys, "scenario", "validate", MINI), 2,
                          "ACCORD_MAX_SCENARIO_BYTES")
    monkeypatch.delenv("ACCORD_MAX_SCENARIO_BYTES")
    monkeypatch.setenv("ACCORD_DB", "   ")  # blank: the documented default file
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    ran = call(capsys, "sources", "--json")
    assert ran.code == 0, ran.err
    assert (tmp_path / "data" / "accord" / "evidence.db").is_file()
    assert not (tmp_path / "   ").exists()


# -- the store survives a batch of bad files ----------------------------------------------

def _articles(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    ran = call(capsys, "evidence", "--db", str(db), "--json")
    assert ran.code == 0, ran.err
    return json.loads(ran.out)["stats"]["articles"], json.loads(ran.out)["quotes"]


def test_bad_batch_keeps_what_was_stored(f: dict[str, str], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "evidence.db"
    ran = call(capsys, "ingest", f["good1.txt"], f["good2.txt"], "--db", str(db), "--jobs", "1")
    assert ran.code == 0, ran.err
    n_before, quotes_before = _articles(db, capsys)
    assert n_before == 2 and quotes_before

    bad = [f[k] for k in ("empty.txt", "bin.txt", "bin.html", "huge.txt", "bad.jsonl",
                          "folder", "missing.txt", "deep.html")]
    ran = call(capsys, "ingest", f["good2.txt"], *bad, "--db", str(db), "--jobs", "1")
    assert ran.code == 2
    assert "Traceback" not in ran.err and "internal error" not in ran.err
    lines = [ln for ln in ran.err.splitlines() if ln.strip()]
    for path in bad:  # one line per refused file, naming it
        assert sum(ln.startswith(path) for ln in lines) >= 1, (path, ran.err)
    assert "1 already stored" in ran.out

    n_after, quotes_after = _articles(db, capsys)
    assert n_after == n_before
    assert [q["text"] for q in quotes_after] == [q["text"] for q in quotes_before]
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_hostile_html_is_read_as_text(f: dict[str, str], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "evidence.db"
    ran = call(capsys, "ingest", f["hostile.html"], f["bomb.html"], f["latin1.txt"],
               "--db", str(db), "--jobs", "1")
    assert "Traceback" not in ran.err and "internal error" not in ran.err
    warn = [ln for ln in ran.err.splitlines() if ln.strip()]
    assert len(warn) == 1 and f["latin1.txt"] in warn[0] and "UTF-8" in warn[0]
    assert ran.code == 0
    with sqlite3.connect(db) as con:
        texts = [t for (t,) in con.execute("select text from articles")]
    assert len(texts) == 3
    page = next(t for t in texts if "cede" in t)
    for junk in ("document.write", "alert(", "color: red", "a comment that is not news"):
        assert junk not in page
    assert not any("aaaaaaaaaaaaaaaaaaaa" in t for t in texts)  # entities were not expanded
    n_quotes = json.loads(call(capsys, "evidence", "--db", str(db), "--json").out)["quotes"]
    assert any("cede" in q["text"] for q in n_quotes)


def test_bracketed_text_is_shown_not_read_as_markup(f: dict[str, str], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Names, labels, titles and quotes with "[/x]" or "[bold]" print as written."""
    sc = tmp_path / "brackets.yaml"
    sc.write_text((DATA / "mini.yaml").read_text(encoding="utf-8")
                  .replace("name: North,", 'name: "North [/oops] [bold]",')
                  .replace('"current line"', '"cur [/x] line"'), encoding="utf-8")
    for argv in (("scenario", "show", str(sc)), ("scenario", "at", str(sc), "--date",
                                                  "2025-06-01")):
        ran = call(capsys, *argv)
        assert ran.code == 0, ran.err
        assert "North [/oops] [bold]" in ran.out
    page = tmp_path / "brackets.html"
    page.write_text("<html><head><title>Talks [/bold] end [/]</title></head><body><article>"
                    "<p>Zelensky said: \"We will not cede [/x] territory,\" on Monday in Kyiv, "
                    "according to officials.</p><p>More text [red] here for the extractor to "
                    "take the page as an article body.</p></article></body></html>",
                    encoding="utf-8")
    ran = call(capsys, "extract", str(page))
    assert ran.code == 0, ran.err
    assert "Talks [/bold] end [/]" in ran.out and "[/x]" in ran.out


def test_bracketed_conflict_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from accord.scenario import bundled_scenario_path

    sc = tmp_path / "brackets.yaml"
    text = bundled_scenario_path().read_text(encoding="utf-8")
    assert "label: keeps the offensive going" in text
    sc.write_text(text.replace("label: keeps the offensive going",
                               'label: "keeps [/x] going [bold]"'), encoding="utf-8")
    for argv in (("gmcr", "solve", str(sc)), ("gmcr", "paths", str(sc)),
                 ("gmcr", "explain", str(sc), "1"),
                 ("run", str(sc), "--out", str(tmp_path / "report"))):
        ran = call(capsys, *argv)
        assert ran.code == 0, ran.err
        assert "keeps [/x] going [bold]" in ran.out, argv


def test_five_mb_single_line_html(f: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    ran = call(capsys, "extract", f["oneline.html"], "--json")
    assert ran.code == 0 and not ran.err.strip(), ran.err
    assert json.loads(ran.out)["quotes"] is not None


def test_latin1_article_is_read_with_one_warning(f: dict[str, str],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """An article with invalid UTF-8 is still read (bytes replaced), with one warning line."""
    ran = call(capsys, "extract", f["latin1.txt"], "--json")
    assert ran.code == 0
    line = assert_one_line_error(Ran(0, ran.out, ran.err), 0, f["latin1.txt"])
    assert "UTF-8" in line and "warning" in line


def test_ingest_refusals_are_argument_errors(f: dict[str, str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for argv, named in ((("--max-size", "0"), "--max-size"), (("--jobs", "-1"), "--jobs"),
                        (("--registry", f["bin.yaml"]), f["bin.yaml"]),
                        (("--registry", f["bad.yaml"]), f["bad.yaml"]),
                        (("--registry", f["missing.yaml"]), f["missing.yaml"])):
        assert_one_line_error(call(capsys, "ingest", f["good1.txt"], *argv), 2, named)


# -- end to end: commands that would start work that outlives a bad argument --------------

def test_run_and_serve_refuse_a_missing_corpus_before_starting(f: dict[str, str]) -> None:
    missing = f["dir"] + "/no-such-corpus"
    for argv in (("run", MINI, "--corpus", missing, "--out", f["dir"] + "/report"),
                 ("serve", MINI, "--corpus", missing, "--port", "1")):
        ran = run_cli(*argv, timeout=60)
        assert_one_line_error(ran, 2, missing)
    assert not Path(f["dir"], "report").exists()


def test_serve_refuses_an_address_it_cannot_listen_on() -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        assert_one_line_error(run_cli("serve", MINI, "--port", port, timeout=60), 2, port)
    assert_one_line_error(run_cli("serve", MINI, "--host", "999.1.1.1", "--port", "8123",
                                  timeout=60), 2, "999.1.1.1")


def test_bad_input_end_to_end(f: dict[str, str]) -> None:
    """The console script itself: exit code and one line, with no traceback."""
    assert_one_line_error(run_cli("gmcr", "solve", f["bin.gmcr"]), 2, f["bin.gmcr"])
    assert_one_line_error(run_cli("forecast", MINI, "--draws", "5", "--workers", "0"), 2,
                          "--workers")
