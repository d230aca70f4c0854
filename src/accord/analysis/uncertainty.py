"""Monte Carlo uncertainty and sensitivity of the closed-form forecasts (compromise, median, Nash).

Every input that carries a `low/high` range — position (`uncertainty`), salience
(`salience_uncertainty`), capability (`capability_uncertainty`) — is drawn from a triangular
distribution with its mode at the stated value (default; `distribution="uniform"` draws evenly
over the range). Per issue and model the result gives the median forecast, the 80% and 95%
intervals and the probability that the forecast lies inside every party's acceptable range.

Sensitivity: a one-at-a-time tornado (each input at its low and its high, the rest at their
values) and Sobol indices (Sobol 2001; Saltelli 2002 sampling, via SALib — Herman & Usher 2017).

Reproducibility: draws come in fixed-size chunks, each seeded by
`numpy.random.SeedSequence(seed).spawn(...)`, so the same seed gives the same numbers whether
the chunks run here or on a Dask cluster (`workers`, `scheduler`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from accord.analysis.spatial import (
    CLOSED_FORM,
    IssueInputs,
    compromise,
    disagreement_distances,
    issue_inputs,
    nash,
    weighted_median,
)
from accord.errors import InputError
from accord.scenario import Scenario, scenario_at

log = logging.getLogger(__name__)
CHUNK = 5_000
MAX_DRAWS = 1_000_000  # input check: more draws only cost memory (every draw is kept)
Distribution = Literal["triangular", "uniform"]


def draw(low: np.ndarray, mode: np.ndarray, high: np.ndarray, size: int,
         rng: np.random.Generator, distribution: Distribution = "triangular") -> np.ndarray:
    """`size` draws per column (shape (size, n)); a column with low == high stays constant."""
    u = rng.random((size, low.size))
    span = high - low
    if distribution == "uniform":
        return low + u * span
    with np.errstate(invalid="ignore", divide="ignore"):
        fc = np.where(span > 0, (mode - low) / np.where(span > 0, span, 1), 0.5)
        left = low + np.sqrt(u * span * (mode - low))
        right = high - np.sqrt((1 - u) * span * (high - mode))
    return np.where(u < fc, left, right)


def evaluate(inp: IssueInputs, x: np.ndarray, s: np.ndarray, c: np.ndarray, *,
             d_lo: np.ndarray, d_hi: np.ndarray, models: tuple[str, ...] = CLOSED_FORM
             ) -> np.ndarray:
    """Forecasts of `models` for every row of draws: shape (draws, len(models))."""
    w = c * s
    cols = []
    for m in models:
        if m == "compromise":
            cols.append(compromise(x, w))
        elif m == "median":
            cols.append(weighted_median(x, w))
        elif m == "nash":
            # the disagreement points stay where the red lines are: shift with the position
            base = inp.position
            cols.append(nash(x, w, np.maximum(x - (base - d_lo), 0.0),
                             np.maximum((base + d_hi) - x, 0.0)))
        else:
            raise InputError(f"model '{m}' has no Monte Carlo form here",
                             fix="use compromise, median or nash")
    return np.stack(cols, axis=-1)


def _chunk(payload: dict[str, Any], seed: np.random.SeedSequence, n: int) -> dict[str, np.ndarray]:
    """Draw `n` samples of every issue's inputs and evaluate the models (runs on any worker)."""
    rng = np.random.default_rng(seed)
    out = {}
    for iid, inp in payload["inputs"].items():
        dist = payload["distribution"]
        x = draw(inp.position_low, inp.position, inp.position_high, n, rng, dist)
        s = draw(inp.salience_low, inp.salience, inp.salience_high, n, rng, dist)
        c = draw(inp.capability_low, inp.capability, inp.capability_high, n, rng, dist)
        d_lo, d_hi = payload["disagreement"][iid]
        out[iid] = evaluate(inp, x, s, c, d_lo=d_lo, d_hi=d_hi, models=payload["models"])
    return out


@dataclass(frozen=True)
class ModelBand:
    """One model's forecast distribution on one issue."""

    issue: str
    model: str
    median: float | None
    p80: tuple[float, float] | None
    p95: tuple[float, float] | None
    p_inside_red_lines: float | None
    undefined_share: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        def r(v: Any) -> Any:
            return None if v is None else (round(v, 4) if isinstance(v, float)
                                           else [round(a, 4) for a in v])
        return {"issue": self.issue, "model": self.model, "median": r(self.median),
                "p80": r(self.p80), "p95": r(self.p95),
                "p_inside_red_lines": r(self.p_inside_red_lines),
                "undefined_share": round(self.undefined_share, 4)}


@dataclass(frozen=True)
class TornadoBar:
    """How far one input, moved to its low and its high, moves one model's forecast."""

    issue: str
    model: str
    actor: str
    input: str
    at_low: float | None
    at_high: float | None
    swing: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"issue": self.issue, "model": self.model, "actor": self.actor,
                "input": self.input, "at_low": self.at_low, "at_high": self.at_high,
                "swing": round(self.swing, 4)}


@dataclass(frozen=True)
class Uncertainty:
    """Monte Carlo bands, tornado bars and Sobol indices for a scenario."""

    scenario: str
    as_of: str | None
    draws: int
    seed: int
    distribution: str
    executor: str
    bands: tuple[ModelBand, ...]
    tornado: tuple[TornadoBar, ...] = ()
    sobol: dict[str, Any] = field(default_factory=dict)

    def band(self, issue: str, model: str) -> ModelBand:
        """The band of `model` on `issue` (KeyError if absent)."""
        for b in self.bands:
            if b.issue == issue and b.model == model:
                return b
        raise KeyError((issue, model))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"scenario": self.scenario, "as_of": self.as_of, "draws": self.draws,
                "seed": self.seed, "distribution": self.distribution, "executor": self.executor,
                "bands": [b.to_dict() for b in self.bands],
                "tornado": [t.to_dict() for t in self.tornado], "sobol": self.sobol}


def _payload(sc: Scenario, models: tuple[str, ...], distribution: str,
             missing_capability: str) -> dict[str, Any]:
    inputs = {}
    disagreement = {}
    for issue in sc.issues:
        inp = issue_inputs(sc, issue.id, missing_capability=missing_capability)  # type: ignore[arg-type]
        if inp.actors:
            inputs[issue.id] = inp
            disagreement[issue.id] = disagreement_distances(inp, disagreement="red_lines")
    return {"inputs": inputs, "disagreement": disagreement, "models": models,
            "distribution": distribution}


def monte_carlo(sc: Scenario, *, draws: int = 2000, seed: int = 0,
                distribution: Distribution = "triangular",
                models: tuple[str, ...] = CLOSED_FORM, as_of: str | dt.date | None = None,
                workers: int | None = None, scheduler: str | None = None,
                chunk: int = CHUNK, tornado: bool = True, sobol_samples: int = 0,
                missing_capability: str = "mean") -> Uncertainty:
    """Sample every ranged input `draws` times and summarise each model's forecast per issue.

    `workers` starts a Dask LocalCluster with that many worker processes; `scheduler` connects
    to an existing one (`tcp://HOST:PORT`); neither: run here. `sobol_samples` > 0 adds Sobol
    indices (SALib Saltelli sampling with that base sample size) for each issue and model.
    """
    if draws < 1:
        raise InputError(f"--draws {draws} must be at least 1", fix="use e.g. --draws 2000")
    if draws > MAX_DRAWS:
        raise InputError(f"--draws {draws} is over the limit of {MAX_DRAWS:,}",
                         fix="use e.g. --draws 2000 (bands settle within a few thousand draws)")
    if distribution not in ("triangular", "uniform"):
        raise InputError(f"unknown distribution '{distribution}'", fix="triangular or uniform")
    if seed < 0:
        raise InputError(f"--seed {seed} is negative", fix="give a seed of 0 or more")
    if as_of is not None:
        sc = scenario_at(sc, as_of)
    payload = _payload(sc, models, distribution, missing_capability)
    sizes = [min(chunk, draws - k) for k in range(0, draws, chunk)]
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    executor = "local"
    if workers or scheduler:
        parts, executor = _run_dask(payload, seeds, sizes, workers, scheduler)
    else:
        parts = [_chunk(payload, sq, n) for sq, n in zip(seeds, sizes, strict=True)]
    bands = []
    for iid, inp in payload["inputs"].items():
        vals = np.concatenate([p[iid] for p in parts], axis=0)
        red = inp.has_red_line
        for k, m in enumerate(models):
            v = vals[:, k]
            ok = ~np.isnan(v)
            und = float(1 - ok.mean())
            if not ok.any():
                bands.append(ModelBand(iid, m, None, None, None, None, und))
                continue
            good = v[ok]
            q = np.quantile(good, [0.5, 0.1, 0.9, 0.025, 0.975])
            inside = None
            if red.any():
                lo, hi = inp.lo[red] - 1e-9, inp.hi[red] + 1e-9
                ins = np.all((v[:, None] >= lo) & (v[:, None] <= hi), axis=1) & ok
                inside = float(ins.mean())
            bands.append(ModelBand(iid, m, float(q[0]), (float(q[1]), float(q[2])),
                                   (float(q[3]), float(q[4])), inside, und))
    bars = tornado_bars(payload, models) if tornado else ()
    sob = sobol(payload, models, sobol_samples, seed) if sobol_samples else {}
    return Uncertainty(sc.id, sc.as_of.isoformat() if sc.as_of else None, draws, seed,
                       distribution, executor, tuple(bands), tuple(bars), sob)


def _run_dask(payload: dict[str, Any], seeds: list[np.random.SeedSequence], sizes: list[int],
              workers: int | None, scheduler: str | None) -> tuple[list[dict], str]:
    """Run the chunks on Dask; results come back in chunk order."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
            executor = f"dask scheduler {scheduler}"
        else:
            cluster = LocalCluster(n_workers=int(workers or 1), threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            client = Client(cluster)
            executor = f"dask LocalCluster, {workers} workers"
    except (OSError, ValueError, TypeError) as exc:  # ValueError/TypeError: a malformed address
        raise InputError(f"cannot reach the Dask scheduler {scheduler!r} ({exc})",
                         fix="check --scheduler tcp://HOST:PORT or use --workers N") from None
    try:
        fut_payload = client.scatter(payload, broadcast=True)
        futures = client.map(_chunk, [fut_payload] * len(sizes), seeds, sizes, pure=False)
        parts = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return list(parts), executor


def tornado_bars(payload: dict[str, Any], models: tuple[str, ...]) -> list[TornadoBar]:
    """One-at-a-time sensitivity: every ranged input at its low and high, sorted by swing."""
    bars = []
    for iid, inp in payload["inputs"].items():
        d_lo, d_hi = payload["disagreement"][iid]
        specs = []
        for what, lo, hi in (("position", inp.position_low, inp.position_high),
                             ("salience", inp.salience_low, inp.salience_high),
                             ("capability", inp.capability_low, inp.capability_high)):
            for k in np.flatnonzero(hi > lo):
                specs.append((what, k, lo[k], hi[k]))
        if not specs:
            continue
        n = len(specs)
        base = {"position": inp.position, "salience": inp.salience, "capability": inp.capability}
        arrs = {key: np.tile(v, (2 * n, 1)) for key, v in base.items()}
        for j, (what, k, lo, hi) in enumerate(specs):
            arrs[what][2 * j, k] = lo
            arrs[what][2 * j + 1, k] = hi
        vals = evaluate(inp, arrs["position"], arrs["salience"], arrs["capability"],
                        d_lo=d_lo, d_hi=d_hi, models=models)
        for j, (what, k, _lo, _hi) in enumerate(specs):
            for mi, m in enumerate(models):
                a, b = vals[2 * j, mi], vals[2 * j + 1, mi]
                swing = 0.0 if np.isnan(a) or np.isnan(b) else abs(float(b - a))
                bars.append(TornadoBar(iid, m, inp.actors[k], what,
                                       None if np.isnan(a) else round(float(a), 4),
                                       None if np.isnan(b) else round(float(b), 4), swing))
    bars.sort(key=lambda t: (t.issue, t.model, -t.swing))
    return bars


def sobol(payload: dict[str, Any], models: tuple[str, ...], n: int, seed: int
          ) -> dict[str, Any]:
    """First-order and total Sobol indices of every ranged input, per issue and model (SALib)."""
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    out: dict[str, Any] = {}
    for iid, inp in payload["inputs"].items():
        d_lo, d_hi = payload["disagreement"][iid]
        names, bounds, where = [], [], []
        for what, lo, hi in (("position", inp.position_low, inp.position_high),
                             ("salience", inp.salience_low, inp.salience_high),
                             ("capability", inp.capability_low, inp.capability_high)):
            for k in np.flatnonzero(hi > lo):
                names.append(f"{inp.actors[k]}.{what}")
                bounds.append([float(lo[k]), float(hi[k])])
                where.append((what, k))
        if not names:
            continue
        problem = {"num_vars": len(names), "names": names, "bounds": bounds}
        X = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
        arrs = {"position": np.tile(inp.position, (len(X), 1)),
                "salience": np.tile(inp.salience, (len(X), 1)),
                "capability": np.tile(inp.capability, (len(X), 1))}
        for col, (what, k) in enumerate(where):
            arrs[what][:, k] = X[:, col]
        vals = evaluate(inp, arrs["position"], arrs["salience"], arrs["capability"],
                        d_lo=d_lo, d_hi=d_hi, models=models)
        out[iid] = {}
        for mi, m in enumerate(models):
            y = vals[:, mi]
            if np.isnan(y).any() or np.ptp(y) == 0:
                out[iid][m] = None
                continue
            res = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed)
            out[iid][m] = {nm: {"S1": round(float(a), 4), "ST": round(float(b), 4)}
                           for nm, a, b in zip(names, res["S1"], res["ST"], strict=True)}
    return out
