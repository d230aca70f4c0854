"""Bueno de Mesquita's expected utility model (EUM), as re-derived by Scholz, Calbert & Smith.

Scholz, J.B., Calbert, G.J. & Smith, G.A. (2011) "Unravelling Bueno de Mesquita's group decision
model", *Journal of Theoretical Politics* 23(4):510–531 (ICAART 2011 pp. 18–30); after Bueno de
Mesquita (1994) "Political forecasting: an expected utility method".

Each round: (1) expected utilities with every risk exponent r = 1; each actor's security level
from them; risk exponents r_i = (1 − R_i/3)/(1 + R_i/3) with R_i the security rescaled to [−1, 1];
(2) expected utilities again with the r_i; (3) every actor looks at each other actor's position
from its own point of view: the pair of expected utilities of challenging (its own, the other's)
places the dyad in the conflict, compromise, capitulation or stalemate region; each actor takes
one of the offers made to it; all move at once. The median (Condorcet winner among the current
positions, capability × salience votes) and mean are recorded each round; the forecast is the
median after the last round.

Everything is a matrix operation over actors (no per-actor Python loop in a round). The win
probabilities, even under votes weighted by each voter's own risk exponent, take O(n² log n)
time and O(n²) memory: sort the positions once per round, then the voters who prefer i to j are
a prefix or suffix of the sorted voters and one cumulative sum per pass gives every dyad's votes
(see `_support`; tested against the O(n³) definition).

Open choices, each a parameter of `eum_issue` with Scholz's choice as default:
- `q`: probability the status quo persists if i does not challenge (Scholz: 1.0); `t_rule`: when
  q < 1, T = 1 iff the median is closer to i than j is (Scholz §3, cases 1/3A vs 2/3B).
- `probability`: `"all_pairs"` (default) divides a dyad's supporting votes by the sum of all
  voters' absolute votes over every ordered pair of actors, as Scholz's program did (this is the
  reading that reproduces Table 2); `"dyad"` uses the paper's eq. 31 denominator (the votes on this
  dyad only, so P_ij + P_ji = 1).
- `vote_risk`: votes use each voter's risk exponent (default True, Scholz's program) or plain
  distances (eq. 31 as printed).
- `security`: `"challengers"` (default; Scholz §5: the sum of the expected utilities others have
  of challenging i) or `"own"` (the sum of i's expected utilities of challenging others). Whose
  superscript the security sum carries makes no difference here: it is computed in the first
  pass where every r = 1.
- `capitulation`: whether the region a < 0 < b with |a| > b (i loses more than the other gains)
  makes i move fully to the other (Scholz's figure 6; default True). On the emission-standards
  case it never fires, so Table 2 is the same either way.
- `offer_selection`: `"scholz"` (default) takes conflicts first (the one that moves the actor
  least), then compromises (the one whose EU-weighted point is lowest on the scale, as Scholz's
  program did), then capitulations; `"least_move"` takes whichever offer moves the actor least
  (the paper's prose, §6.2). Ties go to the earlier actor.
- `position_range`: `"positions"` (R = range of initial positions, Scholz) or `"scale"` (0–100).
- `max_rounds`, `tol`: stop after `max_rounds` or once no actor moves more than `tol` (a fixed
  point). Scholz's algorithm (Appendix, step 13) simply stops after a set number of rounds τ; the
  paper gives no convergence criterion and notes the median "appears to stabilise, but then
  continues to change".
- `stop_on_cycle`: a round depends only on the current positions, so once the positions repeat
  those of p rounds before, the model cycles with period p for ever; the result records p
  (`cycle`) and, with `stop_on_cycle=True`, stops there (default False: play `max_rounds`).
  Simultaneous moves make such cycles common on random data (an actor concedes to a position
  that its holder leaves in the same round): a property of the model, not of the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from accord.errors import InputError


@dataclass(frozen=True)
class EUMResult:
    """Positions per round (row 0 = start), risk exponents, median/mean per round, forecast."""

    positions: np.ndarray  # (rounds + 1, n)
    risk: np.ndarray  # (rounds, n)
    median: np.ndarray  # (rounds + 1,)
    mean: np.ndarray  # (rounds + 1,)
    moves: np.ndarray  # (rounds, n) kind of move: 0 none, 1 conflict, 2 compromise, 3 capitulate
    converged: bool
    options: dict[str, Any]
    cycle: int = 0  # period p once the positions repeat those of p rounds before (0: none seen)

    @property
    def rounds(self) -> int:
        """Rounds played."""
        return int(self.positions.shape[0] - 1)

    @property
    def forecast(self) -> float:
        """The median voter position after the last round."""
        return float(self.median[-1])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (rounded to 6 decimals)."""
        kinds = np.array(["none", "conflict", "compromise", "capitulation"])
        return {"rounds": self.rounds, "converged": self.converged, "cycle_period": self.cycle,
                "median_by_round": np.round(self.median, 6).tolist(),
                "mean_by_round": np.round(self.mean, 6).tolist(),
                "positions_by_round": np.round(self.positions, 6).tolist(),
                "risk_exponents_by_round": np.round(self.risk, 6).tolist(),
                "moves_by_round": kinds[self.moves].tolist(), "options": self.options}


def condorcet_median(x: np.ndarray, w: np.ndarray) -> float:
    """The current position that beats every other in capability × salience votes.

    With distance utilities the vote margin of a over b is F(b) − F(a), F(z) = Σ w_k |x_k − z|,
    so the winner minimises F over the positions held (the lowest such position on ties).
    """
    cand = np.unique(x)
    f = np.abs(x[None, :] - cand[:, None]) @ w
    return float(cand[int(np.argmin(f + 0.0))]) if f.size else float("nan")


@dataclass(frozen=True)
class _Sides:
    """One round's geometry, shared by both passes: the actors sorted by position and, for each
    sorted pair (a, b), how many voters lie strictly left of their midpoint."""

    order: np.ndarray  # argsort of the positions
    inv: np.ndarray  # inverse permutation
    dist: np.ndarray  # |xs_a − xs_b| / R in sorted order
    below: np.ndarray  # xs_a < xs_b
    above: np.ndarray  # xs_a > xs_b
    left: np.ndarray  # number of voters with position < (xs_a + xs_b) / 2


def _sides(x: np.ndarray, R: float) -> _Sides:
    """Sort once per round; the midpoint counts do not depend on the risk exponents."""
    order = np.argsort(x, kind="stable")
    inv = np.empty_like(order)
    inv[order] = np.arange(order.size)
    xs = x[order]
    mid = (xs[:, None] + xs[None, :]) / 2  # each row ascending: a fast sorted search
    left = np.searchsorted(xs, mid.ravel(), "left").reshape(mid.shape)
    itype = np.int32 if xs.size < 2**31 - 1 else np.int64
    return _Sides(order, inv, np.abs(xs[:, None] - xs[None, :]) / R,
                  xs[:, None] < xs[None, :], xs[:, None] > xs[None, :], left.astype(itype))


def _support(sd: _Sides, w: np.ndarray, r: np.ndarray, chunk: int | None = None
             ) -> tuple[np.ndarray, float]:
    """N[i, j] = Σ_k w_k max(0, D_k(x_j) − D_k(x_i)) with D_k(y) = (|x_k − y|/R)^{r_k}, and the
    sum over voters of |D_k(a) − D_k(b)| over all ordered pairs of actors (Scholz's denominator).

    Exact in O(n² log n) time and O(n²) memory whatever the r_k: D_k grows with distance for any
    r_k > 0, so the voters with D_k(x_j) > D_k(x_i) are exactly those strictly on i's side of the
    midpoint (x_i + x_j)/2 — a prefix (x_i < x_j) or suffix (x_i > x_j) of the voters sorted by
    position (a voter on the midpoint adds D_k(x_j) − D_k(x_i) = 0 either way). With
    C[p, a] = Σ_{first p sorted voters k} w_k D_k(x_a) (one cumulative sum per pass),
    N[i, j] = C[p, j] − C[p, i] over a prefix, and (C[n, j] − C[n, i]) minus that over a suffix.
    `chunk` rows at a time bound the gathers' temporaries (default: about 2 million entries).
    """
    n = sd.order.size
    rs = r[sd.order]
    D = sd.dist if np.all(rs == 1.0) else sd.dist ** rs[:, None]  # sorted voter × sorted cand.
    C = np.zeros((n + 1, n))
    np.cumsum(w[sd.order][:, None] * D, axis=0, out=C[1:])
    full = C[n]
    Ns = np.empty((n, n))
    step = chunk or max(1, 2_000_000 // max(n, 1))
    cols = np.arange(n)[None, :]
    for start in range(0, n, step):
        rows = np.arange(start, min(n, start + step))
        p = sd.left[rows]
        pre = C[p, cols] - C[p, rows[:, None]]
        suf = (full[None, :] - full[rows, None]) - pre
        Ns[rows] = np.where(sd.below[rows], pre, np.where(sd.above[rows], suf, 0.0))
    srt = np.sort(D, axis=1)[sd.inv]  # voters back in actor order
    coef = 2 * np.arange(n) - n + 1
    total = float(2 * w @ (srt @ coef))
    return Ns[np.ix_(sd.inv, sd.inv)], total


def _eu_views(x: np.ndarray, s: np.ndarray, P: np.ndarray, r: np.ndarray, R: float, q: float,
              median: float, d: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """From each row actor i's point of view (its risk exponent r_i): A[i, j] = EU of i
    challenging j, B[i, j] = EU of j challenging i (Scholz eqs. 5–7, 15–16, 22–24).
    `d` = |x_i − x_j| / R if already at hand."""
    if d is None:
        d = np.abs(x[:, None] - x[None, :]) / R
    ri = r[:, None]
    unit = bool(np.all(r == 1.0))  # the first pass: y ** 1 == y exactly, skip the powers

    def pw(base: np.ndarray) -> np.ndarray:
        return base if unit else base ** ri

    us = 2 - 4 * pw(0.5 - 0.5 * d)
    uf = 2 - 4 * pw(0.5 + 0.5 * d)
    usq = 2 - 4 * 0.5 ** ri
    a = s[None, :] * (P * us + (1 - P) * uf) + (1 - s[None, :]) * us - q * usq
    b = s[:, None] * (P.T * us + (1 - P.T) * uf) + (1 - s[:, None]) * us - q * usq
    if q < 1:
        mi = np.abs(x - median)[:, None] / R
        mj = np.abs(x - median)[None, :] / R
        for dist_m, target in ((mi, "a"), (mj, "b")):
            ub = 2 - 4 * pw(0.5 - 0.25 * (dist_m + d))
            uw = 2 - 4 * pw(0.5 + 0.25 * (dist_m + d))
            t = (dist_m < d).astype(float)
            nc = (1 - q) * (t * ub + (1 - t) * uw)
            if target == "a":
                a = a - nc
            else:
                b = b - nc
    return a, b


def eum_issue(x: np.ndarray, c: np.ndarray, s: np.ndarray, *, q: float = 1.0,
              probability: Literal["all_pairs", "dyad"] = "all_pairs", vote_risk: bool = True,
              security: Literal["challengers", "own"] = "challengers",
              capitulation: bool = True,
              offer_selection: Literal["scholz", "least_move"] = "scholz",
              position_range: Literal["positions", "scale"] = "positions",
              max_rounds: int = 10, tol: float = 1e-9, stop_on_cycle: bool = False,
              chunk: int | None = None) -> EUMResult:
    """Run the EUM on one issue: positions `x` (any scale), capabilities `c`, saliences `s`
    (0–1, read as the probability a challenged actor resists). See the module docstring."""
    x = np.asarray(x, float).copy()
    c, s = np.asarray(c, float), np.asarray(s, float)
    n = x.size
    if not (c.shape == s.shape == x.shape) or n == 0:
        raise InputError("EUM needs one capability and one salience per position")
    if np.any(s < 0) or np.any(s > 1):
        raise InputError("EUM saliences must lie in 0–1", fix="divide 0–100 saliences by 100")
    if not 0 <= q <= 1:
        raise InputError(f"q = {q} is not a probability", fix="use 0 ≤ q ≤ 1")
    w = c * s
    R = float(x.max() - x.min()) if position_range == "positions" else 100.0
    opts = {"q": q, "probability": probability, "vote_risk": vote_risk, "security": security,
            "capitulation": capitulation, "offer_selection": offer_selection,
            "position_range": position_range, "max_rounds": max_rounds,
            "stop_on_cycle": stop_on_cycle}
    hist, risks, meds, means, kinds = [x.copy()], [], [], [], []
    meds.append(condorcet_median(x, w))
    means.append(float(w @ x / w.sum()) if w.sum() > 0 else float("nan"))
    converged = R == 0
    ones = np.ones(n)
    eye = np.eye(n, dtype=bool)
    idx = np.arange(n)
    seen = {x.tobytes(): 0}  # positions → round they were held (to detect a cycle)
    cycle = 0
    for t in range(1, 1 + (0 if converged else max_rounds)):
        med = meds[-1]  # the Condorcet winner among the current positions
        sd = _sides(x, R)
        dxx = np.abs(x[:, None] - x[None, :])
        differ = (dxx > 1e-12) & ~eye  # dyads at distinct positions
        dxx /= R
        probs = []
        for rr in (ones, None):
            if rr is None:  # second pass: risk exponents from the first
                A1 = probs[0][1]
                sec = (A1.sum(axis=0) if security == "challengers" else A1.sum(axis=1))
                lo, hi = sec.min(), sec.max()
                Rb = (2 * sec - hi - lo) / (hi - lo) if hi > lo else np.zeros(n)
                rr = (1 - Rb / 3) / (1 + Rb / 3)
            vr = rr if vote_risk else ones
            N, total = _support(sd, w, vr, chunk)
            with np.errstate(invalid="ignore", divide="ignore"):
                den = total if probability == "all_pairs" else N + N.T
                P = np.where(den > 0, N / np.where(den > 0, den, 1), 0.0)
            A, B = _eu_views(x, s, P, rr, R, q, med, dxx)
            A[eye], B[eye] = 0.0, 0.0
            probs.append((rr, A, B))
        r, A, B = probs[1]
        conf = differ & (B > A) & (A > 0)
        comp = differ & (B > 0) & (A < 0) & (B > -A)
        capi = differ & (B > 0) & (A < 0) & (-A > B) if capitulation else np.zeros_like(differ)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.abs(A / np.where(B != 0, B, 1))
        target = np.where(comp, x[:, None] + (x[None, :] - x[:, None]) * ratio, x[None, :])
        dist = np.abs(target - x[:, None])
        inf = np.inf
        if offer_selection == "least_move":
            any_offer = conf | comp | capi
            key = np.where(any_offer, dist, inf)
            pick = np.argmin(key, axis=1)
            has = any_offer.any(axis=1)
        else:
            kc = np.where(conf, dist, inf)
            with np.errstate(invalid="ignore", divide="ignore"):
                wpt = (np.abs(A) * x[:, None] + np.abs(B) * x[None, :]) / (np.abs(A) + np.abs(B))
            kp = np.where(comp, wpt, inf)
            kk = np.where(capi, dist, inf)
            has_c, has_p, has_k = conf.any(1), comp.any(1), capi.any(1)
            pick = np.where(has_c, np.argmin(kc, 1),
                            np.where(has_p, np.argmin(kp, 1), np.argmin(kk, 1)))
            has = has_c | has_p | has_k
        kind = np.where(~has, 0, np.where(conf[idx, pick], 1, np.where(comp[idx, pick], 2, 3)))
        new = np.where(has, target[idx, pick], x)
        moved = float(np.max(np.abs(new - x)))
        x = new
        hist.append(x.copy())
        risks.append(r)
        kinds.append(kind)
        meds.append(condorcet_median(x, w))
        means.append(float(w @ x / w.sum()) if w.sum() > 0 else float("nan"))
        if moved <= tol:
            converged = True
            break
        if not cycle:
            key = x.tobytes()
            if key in seen:
                cycle = t - seen[key]
                if stop_on_cycle:
                    break
            seen[key] = t
    return EUMResult(np.array(hist), np.array(risks).reshape(-1, n), np.array(meds),
                     np.array(means), np.array(kinds, dtype=int).reshape(-1, n), converged, opts,
                     cycle)
