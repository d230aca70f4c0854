"""Spatial bargaining forecasts on one issue's 0–100 scale: compromise, weighted median, Nash.

- Compromise model: the capability × salience weighted mean of positions (Achen 2006, "Evaluating
  political decision-making models", in Thomson et al., *The European Union Decides*; Stokman &
  van Oosten 1994).
- Weighted median: the median voter with capability × salience weights (Black 1948; Bueno de
  Mesquita 1994 uses it as the base forecast of the expected utility model).
- Nash bargaining solution (Nash 1950; asymmetric form Kalai 1977): the point of the scale that
  maximises the weighted product of the parties' gains over an explicit disagreement point.
- `model="eum"`: Bueno de Mesquita's expected utility model as re-derived by Scholz, Calbert &
  Smith (2011), in `accord.analysis.eum`.

Issues are forecast independently. The kernels (`compromise`, `weighted_median`, `nash`) take
arrays whose last axis is the actors, so the Monte Carlo in `accord.analysis.uncertainty`
evaluates thousands of draws in one call.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from accord.errors import AnalysisError, InputError
from accord.scenario import Interval, Scenario, scenario_at

log = logging.getLogger(__name__)

ModelName = Literal["compromise", "median", "nash", "eum"]
MODELS: tuple[str, ...] = ("compromise", "median", "nash", "eum")
CLOSED_FORM: tuple[str, ...] = ("compromise", "median", "nash")
SCALE_MIN, SCALE_MAX = 0.0, 100.0


# -- inputs -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class IssueInputs:
    """One issue's numbers, one entry per actor holding a position (scenario actor order).

    `lo`/`hi` bound each actor's acceptable range (its red lines; the whole scale without one);
    `*_low`/`*_high` are the uncertainty ranges (equal to the value when none is given).
    """

    issue: str
    actors: tuple[str, ...]
    position: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    has_red_line: np.ndarray
    position_low: np.ndarray
    position_high: np.ndarray
    salience_low: np.ndarray
    salience_high: np.ndarray
    capability_low: np.ndarray
    capability_high: np.ndarray
    notes: tuple[str, ...] = ()

    @property
    def weight(self) -> np.ndarray:
        """Capability × salience: the weight every closed-form model gives an actor."""
        return self.capability * self.salience


def issue_inputs(sc: Scenario, issue_id: str, *,
                 missing_capability: Literal["mean", "one", "exclude"] = "mean") -> IssueInputs:
    """Latest position per actor on `issue_id` as arrays, with capability from the actor.

    An actor with no capability gets, by default, the mean capability of the actors on the issue
    that have one (`"mean"`: neither promoted nor silenced); `"one"` gives it 1; `"exclude"`
    leaves it out. If no actor on the issue has a capability, every actor counts equally.
    """
    try:
        sc.issue(issue_id)
    except KeyError:
        raise InputError(f"unknown issue '{issue_id}'",
                         fix="use one of: " + ", ".join(i.id for i in sc.issues)) from None
    pos = sc.positions_on(issue_id)
    notes: list[str] = []
    caps: list[float | None] = []
    cap_iv: list[tuple[float, float] | None] = []
    for p in pos:
        try:
            a = sc.actor(p.actor)
        except KeyError:
            raise InputError(f"position on '{issue_id}' names unknown actor '{p.actor}'",
                             field="positions.actor", fix="declare the actor") from None
        caps.append(a.capability)
        iv = a.capability_uncertainty
        cap_iv.append((iv.low, iv.high) if iv is not None else None)
    known = [c for c in caps if c is not None]
    missing = [p.actor for p, c in zip(pos, caps, strict=True) if c is None]
    keep = list(range(len(pos)))
    if missing:
        if not known:
            fill = 1.0
            notes.append("no actor on this issue has a capability: all count equally")
        elif missing_capability == "exclude":
            keep = [k for k, c in enumerate(caps) if c is not None]
            fill = 0.0
            notes.append("left out (no capability): " + ", ".join(missing))
        elif missing_capability == "one":
            fill = 1.0
            notes.append("capability 1 given to: " + ", ".join(missing))
        else:
            fill = float(np.mean(known))
            notes.append(f"mean capability {fill:.3g} given to: " + ", ".join(missing))
    pos = [pos[k] for k in keep]
    cap = np.array([caps[k] if caps[k] is not None else fill for k in keep], dtype=float)
    civ = [cap_iv[k] for k in keep]
    x = np.array([p.position for p in pos], dtype=float)
    s = np.array([p.salience for p in pos], dtype=float)
    acc = [p.acceptable() for p in pos]
    lo = np.array([a[0] if a else SCALE_MIN for a in acc], dtype=float)
    hi = np.array([a[1] if a else SCALE_MAX for a in acc], dtype=float)

    def iv(vals: np.ndarray, ivs: list[Interval | None]) -> tuple[np.ndarray, np.ndarray]:
        low = np.array([v.low if v else x0 for v, x0 in zip(ivs, vals, strict=True)], float)
        high = np.array([v.high if v else x0 for v, x0 in zip(ivs, vals, strict=True)], float)
        return low, high

    pl, ph = iv(x, [p.uncertainty for p in pos])
    sl, sh = iv(s, [p.salience_uncertainty for p in pos])
    cl = np.array([c[0] if c else v for c, v in zip(civ, cap, strict=True)], float)
    ch = np.array([c[1] if c else v for c, v in zip(civ, cap, strict=True)], float)
    return IssueInputs(issue_id, tuple(p.actor for p in pos), x, s, cap, lo, hi,
                       np.array([a is not None for a in acc], dtype=bool),
                       pl, ph, sl, sh, cl, ch, tuple(notes))


# -- kernels (last axis = actors) -------------------------------------------------------------
def compromise(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted mean Σ w x / Σ w along the last axis (NaN where every weight is zero)."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    tot = w.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(tot > 0, (w * x).sum(axis=-1) / np.where(tot > 0, tot, 1), np.nan)


def weighted_median(x: np.ndarray, w: np.ndarray, *,
                    tie: Literal["midpoint", "lower"] = "midpoint") -> np.ndarray:
    """Weighted median along the last axis: the first sorted position whose cumulative weight
    reaches half the total. When it reaches exactly half, `tie="midpoint"` returns the midpoint
    to the next position (so the result does not depend on which end one counts from)."""
    x, w = np.broadcast_arrays(np.asarray(x, float), np.asarray(w, float))
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    cw = np.cumsum(np.take_along_axis(w, order, axis=-1), axis=-1)
    tot = cw[..., -1:]
    half = tot / 2
    eps = 1e-12 * np.maximum(tot, 1e-300)
    k = np.argmax(cw >= half - eps, axis=-1)[..., None]
    out = np.take_along_axis(xs, k, axis=-1)
    if tie == "midpoint":
        exact = np.abs(np.take_along_axis(cw, k, axis=-1) - half) <= eps
        nxt = np.take_along_axis(xs, np.minimum(k + 1, xs.shape[-1] - 1), axis=-1)
        out = np.where(exact, (out + nxt) / 2, out)
    res = out[..., 0]
    return np.where(tot[..., 0] > 0, res, np.nan)


def nash(x: np.ndarray, w: np.ndarray, d_lo: np.ndarray, d_hi: np.ndarray, *,
         iterations: int = 60) -> np.ndarray:
    """Asymmetric Nash bargaining point on a line, along the last axis.

    Actor i's gain at z is 1 − (x_i − z)/d_lo_i below its position and 1 − (z − x_i)/d_hi_i above
    it: 1 at its own position, 0 at its disagreement point `x_i − d_lo_i` / `x_i + d_hi_i`. The
    result maximises Σ w_i log gain_i(z) over the points where every gain is positive; NaN when
    no such point exists on 0–100.

    Solved piecewise, all rows at once: the derivative Σ w_i/(z − a_i) (actors above z) −
    Σ w_i/(b_i − z) (actors below) falls with z and jumps down at each position. Its one-sided
    limits at the positions and the bounds give the maximiser exactly when it sits on a position
    (a kink) or a bound; otherwise the smooth piece holding the root is solved by Newton's method
    kept inside its bracket (at most `iterations` steps, to machine precision).
    """
    x = np.asarray(x, float)
    w, d_lo, d_hi = (np.broadcast_to(np.asarray(a, float), x.shape) for a in (w, d_lo, d_hi))
    lo = np.maximum(np.max(x - d_lo, axis=-1), SCALE_MIN)
    hi = np.minimum(np.min(x + d_hi, axis=-1), SCALE_MAX)
    feasible = lo <= hi + 1e-9
    result = np.full(lo.shape, np.nan)
    if not feasible.any():
        return result
    if not feasible.all():  # solve only the rows that have a feasible point
        sub = nash(x[feasible], w[feasible], d_lo[feasible], d_hi[feasible],
                   iterations=iterations)
        result[feasible] = sub
        return result
    hi = np.maximum(hi, lo)
    active = w > 0
    a_pt, b_pt = x - d_lo, x + d_hi  # disagreement points
    # candidate points: lo, every active position strictly inside (lo, hi), hi
    inside = active & (x > lo[..., None]) & (x < hi[..., None])
    pts = np.concatenate([lo[..., None], np.where(inside, x, lo[..., None]), hi[..., None]], -1)
    kind = np.concatenate([np.zeros(lo.shape + (1,)), np.where(inside, 1.0, -1.0),
                           np.full(lo.shape + (1,), 2.0)], -1)  # 0 lo, 1 kink, −1 unused, 2 hi
    order = np.argsort(pts, axis=-1, kind="stable")
    pts = np.take_along_axis(pts, order, -1)
    kind = np.take_along_axis(kind, order, -1)
    # one-sided limits of the derivative at every candidate point: (..., points, actors)
    z, xa = pts[..., :, None], x[..., None, :]
    wa, aa, ba = w[..., None, :], a_pt[..., None, :], b_pt[..., None, :]
    act = active[..., None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        ta = wa / (z - aa)  # at z = x_i these are w_i/d_lo_i and w_i/d_hi_i: the kink's jump
        tb = wa / (ba - z)
        left = (np.where(act & (xa >= z), ta, 0.0) - np.where(act & (xa < z), tb, 0.0)).sum(-1)
        right = (np.where(act & (xa > z), ta, 0.0) - np.where(act & (xa <= z), tb, 0.0)).sum(-1)
    left = np.where(kind == 0, np.inf, np.where(kind == -1, np.inf, left))
    right = np.where(kind == 2, -np.inf, np.where(kind == -1, np.inf, right))
    # the maximiser: the first point where the derivative turns ≤ 0 just right of it
    j = np.argmax(right <= 0, axis=-1)[..., None]
    at_point = np.take_along_axis(left, j, -1)[..., 0] > 0
    z_pt = np.take_along_axis(pts, j, -1)[..., 0]
    # else the root lies strictly between the previous used point and this one
    prev = np.where(kind >= 0, pts, -np.inf)
    A = np.take_along_axis(np.maximum.accumulate(prev, axis=-1), np.maximum(j - 1, 0), -1)[..., 0]
    B = z_pt.copy()
    seg = ~at_point & ~np.isnan(A) & (B > A)
    A = np.where(seg, A, lo)
    B = np.where(seg, B, hi)
    up = active & (x >= B[..., None])  # actors above the piece
    dn = active & (x <= A[..., None])  # actors below it
    zc = (A + B) / 2
    live = seg.copy()  # rows still iterating
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(iterations):
            g1 = np.where(up, w / (zc[..., None] - a_pt), 0.0)
            g2 = np.where(dn, w / (b_pt - zc[..., None]), 0.0)
            f1 = (g1 - g2).sum(-1)
            f2 = -(g1 * g1 / np.where(up, w, 1) + g2 * g2 / np.where(dn, w, 1)).sum(-1)
            pos = f1 > 0
            A = np.where(live & pos, zc, A)
            B = np.where(live & ~pos, zc, B)
            step = zc - f1 / f2
            tol = 1e-13 * np.maximum(1.0, np.abs(zc))
            ok = (step > A - 10 * tol) & (step < B + 10 * tol)  # Newton, else bisection
            nz = np.where(ok, np.clip(step, A, B), (A + B) / 2)
            width = B - A
            conv = (np.abs(nz - zc) <= tol) | (f1 == 0) | (width <= tol)
            zc = np.where(live, nz, zc)
            live &= ~conv
            if not live.any():
                break
    return np.where(at_point, z_pt, np.where(seg, zc, lo))


def disagreement_distances(inp: IssueInputs, *, disagreement: Literal["red_lines", "status_quo"],
                           status_quo: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Distances from each position down/up to its disagreement point (see `forecast`)."""
    x = inp.position
    if disagreement == "status_quo":
        if status_quo is None:
            raise InputError("the status-quo disagreement point needs a value",
                             field="status_quo", fix="pass --status-quo V (0–100)")
        d = np.abs(x - float(status_quo))
        return d, d.copy()
    span = SCALE_MAX - SCALE_MIN
    d_lo = np.where(inp.has_red_line, x - inp.lo, span)
    d_hi = np.where(inp.has_red_line, inp.hi - x, span)
    # a one-sided red line bounds one side; the gain falls at the same rate on the other side
    one_lo = inp.has_red_line & (inp.hi >= SCALE_MAX) & (inp.lo > SCALE_MIN)
    one_hi = inp.has_red_line & (inp.lo <= SCALE_MIN) & (inp.hi < SCALE_MAX)
    d_hi = np.where(one_lo, d_lo, d_hi)
    d_lo = np.where(one_hi, d_hi, d_lo)
    return d_lo, d_hi


# -- results ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class IssueForecast:
    """One model's forecast on one issue: the point, per-actor moves where the model has them,
    and diagnostics (weights, notes, rounds for the EUM)."""

    issue: str
    model: str
    position: float | None
    label: str
    actors: tuple[str, ...]
    final_positions: dict[str, float] | None = None
    diagnostics: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"issue": self.issue, "model": self.model,
                "position": None if self.position is None else round(self.position, 6),
                "label": self.label, "actors": list(self.actors),
                "final_positions": self.final_positions, "diagnostics": self.diagnostics}


@dataclass(frozen=True)
class Forecast:
    """Forecasts of one or more models on every issue of a scenario."""

    scenario: str
    as_of: str | None
    models: tuple[str, ...]
    issues: tuple[IssueForecast, ...]
    choices: dict[str, Any] = field(default_factory=dict)

    def get(self, issue: str, model: str) -> IssueForecast:
        """The forecast of `model` on `issue` (KeyError if absent)."""
        for f in self.issues:
            if f.issue == issue and f.model == model:
                return f
        raise KeyError((issue, model))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"scenario": self.scenario, "as_of": self.as_of, "models": list(self.models),
                "choices": self.choices, "issues": [f.to_dict() for f in self.issues]}


def closed_form(model: str, inp: IssueInputs, *, disagreement: Literal["red_lines", "status_quo"]
                = "red_lines", status_quo: float | None = None,
                tie: Literal["midpoint", "lower"] = "midpoint") -> float:
    """One closed-form model on one issue's inputs (NaN if undefined)."""
    w = inp.weight
    if model == "compromise":
        return float(compromise(inp.position, w))
    if model == "median":
        return float(weighted_median(inp.position, w, tie=tie))
    if model == "nash":
        d_lo, d_hi = disagreement_distances(inp, disagreement=disagreement, status_quo=status_quo)
        return float(nash(inp.position, w, d_lo, d_hi))
    raise InputError(f"unknown model '{model}'", fix="use compromise, median, nash or eum")


def forecast(sc: Scenario, *, model: str = "all", as_of: str | dt.date | None = None,
             issues: list[str] | None = None,
             disagreement: Literal["red_lines", "status_quo"] = "red_lines",
             status_quo: float | None = None,
             missing_capability: Literal["mean", "one", "exclude"] = "mean",
             tie: Literal["midpoint", "lower"] = "midpoint",
             eum_options: dict[str, Any] | None = None) -> Forecast:
    """Forecast every issue of `sc` with one model or all (`model="all"`).

    Interpretive choices, each a parameter:
    - weights are capability × salience (salience 0–1, capability relative);
    - `missing_capability`: what an actor without a capability weighs (see `issue_inputs`);
    - `disagreement` (Nash): `"red_lines"` (default) puts each party's disagreement point at its
      red line — the worst point it accepts is where a deal stops being better than no deal, and
      every scenario can state it; `"status_quo"` uses one point `status_quo` for all parties;
      a party without a red line has its disagreement point a full scale-width away;
    - `tie` (median): midpoint when the cumulative weight reaches exactly half;
    - `eum_options`: keyword arguments of `accord.analysis.eum.eum_issue`.
    """
    if as_of is not None:
        sc = scenario_at(sc, as_of)
    models = MODELS if model == "all" else (model,)
    for m in models:
        if m not in MODELS:
            raise InputError(f"unknown model '{m}'",
                             fix="use compromise, median, nash, eum or all")
    if disagreement not in ("red_lines", "status_quo"):
        raise InputError(f"unknown disagreement point '{disagreement}'", field="--disagreement",
                         fix="use red_lines or status_quo")
    if status_quo is not None and not 0 <= status_quo <= 100:  # also refuses NaN
        raise InputError(f"status quo {status_quo} is off the 0–100 scale",
                         field="--status-quo", fix="give a point between 0 and 100")
    wanted = issues or [i.id for i in sc.issues]
    out: list[IssueForecast] = []
    for iid in wanted:
        inp = issue_inputs(sc, iid, missing_capability=missing_capability)
        issue = sc.issue(iid)
        if len(inp.actors) == 0:
            log.info("issue %s: no positions, not forecast", iid)
            continue
        for m in models:
            diag: dict[str, Any] = {"notes": list(inp.notes),
                                    "weights": dict(zip(inp.actors,
                                                        np.round(inp.weight, 6).tolist(),
                                                        strict=True))}
            final = None
            if m == "eum":
                from accord.analysis.eum import eum_issue

                res = eum_issue(inp.position, inp.capability, inp.salience,
                                **(eum_options or {}))
                value = res.forecast
                final = dict(zip(inp.actors, np.round(res.positions[-1], 6).tolist(),
                                 strict=True))
                diag.update(res.to_dict())
            else:
                value = closed_form(m, inp, disagreement=disagreement, status_quo=status_quo,
                                    tie=tie)
                if m == "nash" and np.isnan(value):
                    diag["notes"].append("no point of the scale lies inside every party's "
                                         "disagreement point: no Nash solution")
            pos = None if np.isnan(value) else float(value)
            out.append(IssueForecast(iid, m, pos, issue.label_at(pos) if pos is not None else
                                     "undefined", inp.actors, final, diag))
    if not out:
        raise AnalysisError("no issue has positions to forecast",
                            fix="add positions to the scenario")
    choices = {"weights": "capability × salience", "missing_capability": missing_capability,
               "nash_disagreement": disagreement, "status_quo": status_quo, "median_tie": tie,
               "eum": eum_options or {}}
    return Forecast(sc.id, sc.as_of.isoformat() if sc.as_of else None, tuple(models),
                    tuple(out), choices)
