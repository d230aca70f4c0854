"""Read and write scenario files (YAML or JSON) with errors that name the file's line.

Reading is defensive: a size limit, a binary check, strict UTF-8 with the offending byte's
line, a node budget against alias ("billion laughs") explosions, and every parser or
validation failure turned into one `ScenarioError` line `file:line:column: what — fix`.
"""

from __future__ import annotations

import io
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accord.errors import ScenarioError
from accord.scenario.schema import Scenario, check_scenario

MAX_BYTES = 10 * 1024 * 1024  # default; ACCORD_MAX_SCENARIO_BYTES overrides it


def _max_bytes() -> int:
    """The size limit for scenarios: $ACCORD_MAX_SCENARIO_BYTES (checked here, not at import,
    so a bad value is one error line, not a crash of every command), else `MAX_BYTES`."""
    raw = os.environ.get("ACCORD_MAX_SCENARIO_BYTES", "").strip()
    if not raw:
        return MAX_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ScenarioError(f"ACCORD_MAX_SCENARIO_BYTES={raw!r} is not a positive whole number",
                            fix="unset it, or give a size in bytes such as 20000000")
    return value
MAX_NODES = 200_000
MAX_DEPTH = 64
BUNDLED = ("russia-ukraine-2025",)

Path_ = tuple[str | int, ...]
Marks = dict[Path_, tuple[int, int]]


def bundled_scenario_path(name: str = "russia-ukraine-2025") -> Path:
    """Path of a scenario shipped with the package."""
    if name not in BUNDLED:
        raise ScenarioError(f"no bundled scenario '{name}'",
                            fix=f"use one of: {', '.join(BUNDLED)}")
    ref = resources.files("accord.data") / "scenarios" / f"{name}.yaml"
    return Path(str(ref))


def bundled_scenario(name: str = "russia-ukraine-2025") -> Scenario:
    """Load a scenario shipped with the package."""
    return load_scenario(bundled_scenario_path(name))


def load_scenario(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Scenario:
    """Read, parse and validate a scenario file; raise `ScenarioError` naming the line at fault."""
    name = str(path)
    p = Path(path)
    limit = _max_bytes() if max_bytes is None else max_bytes
    try:
        if p.is_dir():
            raise ScenarioError("is a folder, not a scenario file", file=name,
                                fix="give the path of a .yaml file")
        size = p.stat().st_size
        if size > limit:
            raise ScenarioError(
                f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for scenarios",
                file=name, fix="a scenario is a short YAML file; check you passed the right path "
                "(or raise ACCORD_MAX_SCENARIO_BYTES)")
        with p.open("rb") as fh:  # bounded: a device or pipe reports no size
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise ScenarioError("no such file", file=name, fix="check the path") from None
    except PermissionError:
        raise ScenarioError("cannot be read (permission denied)", file=name,
                            fix="check the file's permissions") from None
    except OSError as exc:
        raise ScenarioError(f"cannot be read ({exc.strerror or exc})", file=name,
                            fix="check the path") from None
    return parse_scenario(data, name=name, max_bytes=limit)


def parse_scenario(data: bytes | str, *, name: str = "<scenario>",
                   max_bytes: int | None = None) -> Scenario:
    """Parse scenario text or bytes; `name` is used in error messages."""
    limit = _max_bytes() if max_bytes is None else max_bytes
    text = _decode(data, name, limit) if isinstance(data, bytes) else data
    if len(text) > limit:
        raise ScenarioError(f"text is over the {limit / 1e6:.0f} MB limit", file=name,
                            fix="a scenario is a short YAML file")
    if "\x00" in text:
        raise ScenarioError("looks like a binary file (it contains NUL bytes)", file=name,
                            fix="give a YAML scenario file")
    if not text.strip():
        raise ScenarioError("file is empty", file=name,
                            fix="start from `accord scenario show --json` or the README's example")
    raw, marks = _parse_yaml(text, name)
    if not isinstance(raw, dict):
        kind = type(raw).__name__ if raw is not None else "nothing"
        raise ScenarioError(f"top level is {kind}, not a mapping", file=name, line=1,
                            fix="a scenario starts with keys such as `id:`, `title:`, `actors:`")
    try:
        sc = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise _from_validation(exc, name, marks) from None
    except (ValueError, TypeError, RecursionError) as exc:  # pragma: no cover - defensive
        raise ScenarioError(f"invalid scenario ({exc})", file=name, fix="check the file") from None
    problems = check_scenario(sc)
    if problems:
        first = problems[0]
        line, col = _locate(first.path, marks)
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ScenarioError(first.message + more, file=name, line=line, column=col,
                            field=_dotted(first.path) if line is None else None, fix=first.fix)
    return sc


def scenario_to_dict(sc: Scenario) -> dict[str, Any]:
    """The canonical JSON-ready form of a scenario (what `--json` prints)."""
    d = sc.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    for issue in d.get("issues", []):
        issue["scale"] = {_num(k): v for k, v in issue["scale"].items()}
    return d


def dump_scenario(sc: Scenario, fmt: str = "yaml") -> str:
    """Serialise a scenario as YAML (default) or JSON; both load back to an equal scenario."""
    d = scenario_to_dict(sc)
    if fmt == "json":
        return json.dumps(d, indent=2, ensure_ascii=False)
    from ruamel.yaml import YAML

    y = YAML()
    y.default_flow_style = False
    y.width = 100
    buf = io.StringIO()
    y.dump(d, buf)
    return buf.getvalue()


# -- internals ----------------------------------------------------------------------------

def _num(key: str) -> str:
    return f"{float(key):g}"


def _decode(data: bytes, name: str, limit: int) -> str:
    if len(data) > limit:
        raise ScenarioError(f"file is over the {limit / 1e6:.0f} MB limit", file=name,
                            fix="a scenario is a short YAML file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScenarioError("looks like a binary file (it contains NUL bytes)", file=name,
                            fix="give a YAML scenario file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                            f"{exc.start})", file=name, line=line, column=col,
                            fix="save the file as UTF-8") from None


def _parse_yaml(text: str, name: str) -> tuple[Any, Marks]:
    """Compose (not construct) the YAML, then build plain values from the node tree.

    Working on nodes keeps every value's line, leaves dates as text for the schema to check
    (a bad date becomes a field error, not a parser crash), and lets aliases be counted as
    they expand.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    y = YAML(typ="rt")
    try:
        docs = list(y.compose_all(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        fix = "fix the YAML syntax"
        if "\t" in problem or "\\t" in problem or "tab" in problem.lower():
            fix = "indent with spaces, not tabs"
        raise ScenarioError(f"invalid YAML: {problem}", file=name,
                            line=mark.line + 1 if mark else None,
                            column=mark.column + 1 if mark else None, fix=fix) from None
    except (YAMLError, RecursionError) as exc:
        raise ScenarioError(f"invalid YAML: {_first_line(exc)}", file=name,
                            fix="fix the YAML syntax") from None
    except Exception as exc:  # the YAML library can raise plain errors on odd input
        raise ScenarioError(f"invalid YAML: {_first_line(exc)}", file=name,
                            fix="fix the YAML syntax") from None
    if len(docs) > 1:
        raise ScenarioError(f"file holds {len(docs)} YAML documents", file=name,
                            fix="keep one scenario per file (remove the extra `---`)")
    marks: Marks = {}
    budget = [MAX_NODES]
    plain = _plain(docs[0], (), marks, budget, name, 0) if docs and docs[0] is not None else None
    return plain, marks


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


_TAG = "tag:yaml.org,2002:"


def _plain(node: Any, path: Path_, marks: Marks, budget: list[int], name: str, depth: int) -> Any:
    """Plain Python from a composed YAML node, recording each node's (line, column)."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    budget[0] -= 1
    line = node.start_mark.line + 1
    if budget[0] < 0:
        raise ScenarioError(f"document expands to more than {MAX_NODES:,} nodes (aliases?)",
                            file=name, line=line,
                            fix="remove YAML anchors/aliases that multiply content")
    if depth > MAX_DEPTH:
        raise ScenarioError(f"nesting deeper than {MAX_DEPTH} levels", file=name, line=line,
                            fix="a scenario is at most a few levels deep")
    if isinstance(node, MappingNode):
        out: dict[Any, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode):
                raise ScenarioError("a mapping key is itself a list or mapping", file=name,
                                    line=knode.start_mark.line + 1, fix="use plain keys")
            key = _scalar(knode, name)
            if key in out:
                raise ScenarioError(f"duplicate key '{key}'", file=name,
                                    line=knode.start_mark.line + 1,
                                    column=knode.start_mark.column + 1,
                                    fix="remove the repeated key")
            sub = (*path, key if isinstance(key, str | int) else str(key))
            marks[sub] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            out[key] = _plain(vnode, sub, marks, budget, name, depth + 1)
        return out
    if isinstance(node, SequenceNode):
        items: list[Any] = []
        for i, item in enumerate(node.value):
            sub = (*path, i)
            marks[sub] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_plain(item, sub, marks, budget, name, depth + 1))
        return items
    return _scalar(node, name)


def _scalar(node: Any, name: str) -> Any:
    """A scalar node's value by its resolved tag; dates stay ISO text for the schema."""
    tag = str(node.tag)
    value = node.value
    kind = tag[len(_TAG):] if tag.startswith(_TAG) else None
    try:
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() in ("true", "yes", "on", "y")
        if kind == "int":
            v = value.replace("_", "").lower()
            sign = -1 if v.startswith("-") else 1
            v = v.lstrip("+-")
            for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
                if v.startswith(prefix):
                    return sign * int(v[2:], base)
            return sign * int(v)
        if kind == "float":
            v = value.replace("_", "").lower()
            if v.lstrip("+-") in (".inf", "inf"):
                return float("-inf") if v.startswith("-") else float("inf")
            if v in (".nan", "nan"):
                return float("nan")
            return float(v)
    except ValueError:
        return value
    if kind in ("str", "timestamp", "binary", "merge", "value", None):
        if kind is None and not tag.startswith("!"):
            return value
        if kind is None:
            raise ScenarioError(f"unsupported YAML tag '{tag}'", file=name,
                                line=node.start_mark.line + 1,
                                column=node.start_mark.column + 1, fix="remove the tag")
        return value
    return value


def _line_of(path: Path_, marks: Marks) -> int | None:
    return _locate(path, marks)[0]


def _locate(path: Path_, marks: Marks) -> tuple[int | None, int | None]:
    """The (line, column) of the deepest recorded node on `path`."""
    for cut in range(len(path), 0, -1):
        hit = marks.get(tuple(path[:cut]))
        if hit:
            return hit
    return (None, None)


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_FIXES = {
    "missing": "add this field",
    "extra_forbidden": "remove it or check its spelling",
    "less_than_equal": "use a value within the allowed range",
    "greater_than_equal": "use a value within the allowed range",
    "literal_error": "use one of the allowed values",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
    "string_pattern_mismatch": "use letters, digits, '_', '-' or '.' only",
    "too_short": "add at least one entry",
}


def _from_validation(exc: ValidationError, name: str, marks: Marks) -> ScenarioError:
    errors = exc.errors(include_url=False)
    # Prefer the error with the longest path: unions report one error per branch, and the
    # deepest one is the most specific.
    err = errors[0]
    loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
    line, col = _locate(loc, marks)
    msg = err["msg"].replace("Input should be", "should be").replace("Value error, ", "")
    if err["type"] not in ("missing", "extra_forbidden") and "input" in err:
        shown = repr(err["input"])
        if len(shown) <= 40 and not isinstance(err["input"], dict | list):
            msg += f" (got {shown})"
    field = _dotted(loc) or "top level"
    fix = _FIXES.get(err["type"], "fix the value")
    if err["type"] == "extra_forbidden":
        msg = f"unknown field '{loc[-1]}'" if loc else "unknown field"
    more = len({tuple(e["loc"][:2]) for e in errors}) - 1
    text = f"{field}: {msg}" + (f" (and {more} more problems)" if more > 0 else "")
    return ScenarioError(text, file=name, line=line, column=col, fix=fix)


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and (part in {"float", "Interval", "constrained-float"}
                                      or part.startswith(("function-", "tagged-union")))
