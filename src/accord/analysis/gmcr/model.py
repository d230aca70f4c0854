"""The conflict model of the Graph Model for Conflict Resolution (GMCR).

Two forms (Fang, Hipel & Kilgour 1993, *Interactive Decision Making*, ch. 2):
- option form: decision makers (DMs) each control binary options; a state is a choice of
  options; state id = sum of 2**k over the options taken (k = position in the input);
  moves change any subset of one DM's own options subject to reversibility, feasibility
  and the DM's misperceptions;
- graph form: explicit states, per-DM arcs and rankings, for models options cannot express.

Preferences are option-prioritisation statements (statement i of k weighs 2**(k-1-i); a
state scores the sum of the weights of the statements it satisfies; Fang et al. 2003, GMCR II)
or an explicit ranking with tie groups. Statements are boolean expressions over options:
literals, NOT, AND, OR and GMCR II's IF / IFF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from accord.errors import InputError

Reversibility = Literal["both", "only_N_to_Y", "only_Y_to_N"]
REVERSIBILITIES = ("both", "only_N_to_Y", "only_Y_to_N")
MAX_OPTIONS = 24

# A boolean expression over options (option index k):
#   ("lit", k, taken) | ("not", e) | ("and", (e, ...)) | ("or", (e, ...))
#   | ("if", a, b)  (a if b: b implies a) | ("iff", a, b) | ("const", bool)
Expr = tuple[Any, ...]


@dataclass(frozen=True)
class Option:
    """A binary option owned by one decision maker."""

    name: str
    dm: str
    reversibility: Reversibility = "both"
    label: str | None = None  # words for narration ("resumes the offensive")

    @property
    def text(self) -> str:
        """The option's words for tables and narration."""
        return self.label or self.name


@dataclass(frozen=True)
class Preference:
    """One DM's preferences: prioritised statements, or a ranking (most preferred first)."""

    statements: tuple[Expr, ...] = ()
    ranking: tuple[tuple[int, ...], ...] | None = None  # tie groups of state ids
    misperceptions: tuple[Expr, ...] = ()
    rationales: tuple[str, ...] = ()  # one per statement where given


@dataclass(frozen=True)
class GraphState:
    """A state of a graph-form model."""

    id: int
    yn: str = ""
    label: str = ""


@dataclass(frozen=True)
class Conflict:
    """A GMCR model in option form (`options` given) or graph form (`states` and `arcs`)."""

    dms: tuple[str, ...]
    preferences: dict[str, Preference]
    options: tuple[Option, ...] = ()
    infeasible: tuple[Expr, ...] = ()
    status_quo: int | None = None
    states: tuple[GraphState, ...] | None = None
    arcs: dict[str, tuple[tuple[int, int], ...]] | None = None
    title: str = ""
    dm_names: dict[str, str] = field(default_factory=dict)

    @property
    def graph_form(self) -> bool:
        """True for an explicit-state model."""
        return self.states is not None

    def dm_name(self, dm: str) -> str:
        """A DM's display name."""
        return self.dm_names.get(dm, dm)

    def option_index(self, name: str) -> int:
        """Position of the option called `name` (by name or label)."""
        for k, o in enumerate(self.options):
            if o.name == name:
                return k
        for k, o in enumerate(self.options):
            if o.label == name:
                return k
        raise KeyError(name)


# -- expressions ----------------------------------------------------------------------------

def eval_expr(e: Expr, ids: np.ndarray) -> np.ndarray:
    """Evaluate an expression on an array of option-form state ids (vectorised)."""
    kind = e[0]
    if kind == "lit":
        return ((ids >> np.int64(e[1])) & 1).astype(bool) == bool(e[2])
    if kind == "not":
        return ~eval_expr(e[1], ids)
    if kind == "and":
        out = np.ones(ids.shape, dtype=bool)
        for sub in e[1]:
            out &= eval_expr(sub, ids)
        return out
    if kind == "or":
        out = np.zeros(ids.shape, dtype=bool)
        for sub in e[1]:
            out |= eval_expr(sub, ids)
        return out
    if kind == "if":
        return eval_expr(e[1], ids) | ~eval_expr(e[2], ids)
    if kind == "iff":
        return eval_expr(e[1], ids) == eval_expr(e[2], ids)
    if kind == "const":
        return np.full(ids.shape, bool(e[1]))
    raise ValueError(f"unknown expression {kind!r}")


def expr_text(e: Expr, names: list[str]) -> str:
    """An expression in the statement syntax, with option names."""
    kind = e[0]
    if kind == "lit":
        return names[e[1]] if e[2] else f"-{names[e[1]]}"
    if kind == "not":
        return f"NOT ({expr_text(e[1], names)})"
    if kind in ("and", "or"):
        sep = " & " if kind == "and" else " | "
        return sep.join(
            f"({expr_text(s, names)})" if s[0] in ("and", "or", "if", "iff") else
            expr_text(s, names) for s in e[1])
    if kind in ("if", "iff"):
        return f"({expr_text(e[1], names)}) {kind.upper()} ({expr_text(e[2], names)})"
    return "TRUE" if e[1] else "FALSE"


_TOKEN = re.compile(r"\s*(?:(\()|(\))|(&&?|\band\b)|(\|\|?|\bor\b)|(\biff\b|<->|<=>)"
                    r"|(\bif\b|<-)|(->)|(-|!|~|\bnot\b)|([A-Za-z0-9_.][A-Za-z0-9_.:]*))",
                    re.IGNORECASE)


def parse_statement(text: str, resolve: Any, where: str = "statement") -> Expr:
    """Parse the statement syntax: `a & -b`, `a | b`, `not a`, `a if b`, `a iff b`, `a -> b`.

    NOT binds tightest, then AND, OR, and last IF / IFF / `->` (right-associative).
    `resolve(name) -> int` maps an option name to its index (KeyError if unknown).
    """
    tokens: list[tuple[str, str]] = []
    pos = 0
    kinds = ("(", ")", "and", "or", "iff", "if", "imp", "not", "name")
    text = str(text)
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise InputError(f"cannot read {where} '{text}' at character {pos + 1}",
                             fix="write option ids joined by &, |, -, not, if, iff, ->")
        k = next(i for i in range(len(kinds)) if m.group(i + 1) is not None)
        tokens.append((kinds[k], m.group(k + 1)))
        pos = m.end()
    tokens.append(("end", ""))
    i = 0

    def peek() -> str:
        return tokens[i][0]

    def take() -> tuple[str, str]:
        nonlocal i
        t = tokens[i]
        i += 1
        return t

    def implication() -> Expr:
        left = disjunction()
        if peek() in ("if", "iff", "imp"):
            op = take()[0]
            right = implication()
            if op == "imp":  # a -> b  ==  b if a
                return ("if", right, left)
            return (op, left, right)
        return left

    def disjunction() -> Expr:
        parts = [conjunction()]
        while peek() == "or":
            take()
            parts.append(conjunction())
        return parts[0] if len(parts) == 1 else ("or", tuple(parts))

    def conjunction() -> Expr:
        parts = [negation()]
        while peek() == "and":
            take()
            parts.append(negation())
        return parts[0] if len(parts) == 1 else ("and", tuple(parts))

    def negation() -> Expr:
        if peek() == "not":
            take()
            inner = negation()
            if inner[0] == "lit":
                return ("lit", inner[1], not inner[2])
            return ("not", inner)
        if peek() == "(":
            take()
            e = implication()
            if take()[0] != ")":
                raise InputError(f"unbalanced parentheses in {where} '{text}'",
                                 fix="close every '(' with ')'")
            return e
        kind, value = take()
        if kind != "name":
            raise InputError(f"expected an option in {where} '{text}', found '{value or 'end'}'",
                             fix="write option ids joined by &, |, -, not, if, iff")
        try:
            return ("lit", resolve(value), True)
        except KeyError:
            raise InputError(f"unknown option '{value}' in {where} '{text}'",
                             fix="use an option id declared in the conflict's options") from None

    e = implication()
    if peek() != "end":
        raise InputError(f"unexpected '{tokens[i][1]}' in {where} '{text}'",
                         fix="join terms with &, | or if/iff")
    return e


def parse_condition(item: Any, resolve: Any, where: str) -> Expr:
    """A condition: a statement string, `{option: Y|N, ...}` (AND) or `{any_of: [...]}` (OR)."""
    if isinstance(item, str):
        return parse_statement(item, resolve, where)
    if isinstance(item, dict):
        if set(item) == {"any_of"}:
            return ("or", tuple(parse_condition(x, resolve, where) for x in item["any_of"]))
        if set(item) == {"all_of"}:
            return ("and", tuple(parse_condition(x, resolve, where) for x in item["all_of"]))
        if set(item) == {"not"}:
            return ("not", parse_condition(item["not"], resolve, where))
        lits = []
        for name, val in item.items():
            v = str(val).strip().upper() if not isinstance(val, bool) else ("Y" if val else "N")
            if v not in ("Y", "N"):
                raise InputError(f"{where}: option '{name}' must be Y or N, not '{val}'",
                                 fix="write Y (taken) or N (not taken)")
            try:
                lits.append(("lit", resolve(str(name)), v == "Y"))
            except KeyError:
                raise InputError(f"{where}: unknown option '{name}'",
                                 fix="use an option declared in the conflict's options") from None
        return lits[0] if len(lits) == 1 else ("and", tuple(lits))
    if isinstance(item, list | tuple):
        return ("and", tuple(parse_condition(x, resolve, where) for x in item))
    raise InputError(f"{where}: cannot read condition {item!r}",
                     fix="write a statement string, {option: Y|N} or {any_of: [...]}")


# -- compiled arrays ------------------------------------------------------------------------

def state_ids(n: int) -> np.ndarray:
    """All 2**n option-form state ids (refused beyond `MAX_OPTIONS`: memory grows as 2**n)."""
    if n > MAX_OPTIONS:
        raise InputError(f"{n} options: at most {MAX_OPTIONS} are supported",
                         field="conflict.options",
                         fix="merge or drop options (each doubles the state space)")
    return np.arange(1 << n, dtype=np.int64)


def feasible_mask(c: Conflict) -> np.ndarray:
    """Dense boolean mask over 2**n ids: True where no infeasibility condition holds."""
    n = len(c.options)
    if n > MAX_OPTIONS:
        raise InputError(f"{n} options: at most {MAX_OPTIONS} are supported",
                         fix="merge or drop options (each doubles the state space)")
    ids = state_ids(n)
    feas = np.ones(ids.shape, dtype=bool)
    for e in c.infeasible:
        feas &= ~eval_expr(e, ids)
    return feas


def scores(c: Conflict, dm: str, feasible_ids: np.ndarray) -> np.ndarray:
    """Ordinal payoffs of `dm` over the given states: higher = preferred; ties equal."""
    p = c.preferences.get(dm)
    if p is None:
        raise InputError(f"no preferences for decision maker '{dm}'",
                         fix="give option-prioritisation statements or a ranking")
    if p.ranking is not None:
        pos = {s: len(p.ranking) - r for r, group in enumerate(p.ranking) for s in group}
        missing = [int(s) for s in feasible_ids if int(s) not in pos]
        if missing:
            raise InputError(f"ranking of '{dm}' leaves out feasible state(s) "
                             f"{', '.join(map(str, missing[:8]))}",
                             fix="rank every feasible state (an inner list is a tie group)")
        return np.array([pos[int(s)] for s in feasible_ids], dtype=np.float64)
    k = len(p.statements)
    if k == 0:
        raise InputError(f"decision maker '{dm}' has neither statements nor a ranking",
                         fix="give option-prioritisation statements or a ranking")
    if k <= 62:
        total = np.zeros(feasible_ids.shape, dtype=np.int64)
        for i, e in enumerate(p.statements):
            total += eval_expr(e, feasible_ids).astype(np.int64) << np.int64(k - 1 - i)
    else:  # lexicographic comparison of the satisfaction vectors
        sat = np.stack([eval_expr(e, feasible_ids) for e in p.statements], axis=1)
        _, total = np.unique(~sat, axis=0, return_inverse=True)
        total = -total.ravel()
    _, dense = np.unique(total, return_inverse=True)
    return dense.astype(np.float64).ravel()


def yn_of(state_id: int, n: int) -> str:
    """The Y/N spelling of an option-form state, in option order."""
    return "".join("Y" if (state_id >> k) & 1 else "N" for k in range(n))


def state_label(c: Conflict, state_id: int) -> str:
    """Words for a state: the options taken, or the graph-form label."""
    if c.graph_form:
        for s in c.states or ():
            if s.id == state_id:
                return s.label or s.yn or str(s.id)
        return str(state_id)
    taken = [o.text for k, o in enumerate(c.options) if (state_id >> k) & 1]
    return ", ".join(taken) if taken else "no option taken"
