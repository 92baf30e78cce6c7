"""The gap between areas in an indicator published with confidence intervals, and its change.

Every function takes one period's estimates for a set of areas and their standard errors (or the
published 95% bounds, through :func:`se_from_ci`) and returns a :class:`Gap`: an estimate and an
interval at ``level`` that contains it. Four measures:

``slope``: the slope index of inequality. Areas are ranked by another variable (for example
    deprivation, 1 = most deprived); each area's relative rank is the middle of its slot,
    (rank - 0.5) / n, from 0 (most deprived) to 1 (least); the index is the least-squares slope of
    the estimates on the relative rank: the difference between the two ends of a straight line
    through every area. Each area counts once (no weights). The slope is a weighted sum of the
    estimates, so noise in them does not bias it; its standard error is exact given the published
    errors, and its interval is the normal one, centred on the estimate.

``tenths``: the mean of the top ``share`` of areas minus the mean of the bottom ``share``
    (k = ceil(share x n) areas each, 16 of 151 for a tenth).

``top_rest``: the mean of the top ``share`` of areas minus the mean of all the others (the White
    Paper's "the gap between the top performing and other areas").

``range``: the highest area minus the lowest.

The last three pick their areas by the same noisy estimates they measure, so the gap as measured is
pushed up by the noise: the top areas are partly there because their errors were positive. Drawing
new versions of the estimates around the published ones and reading an interval from them adds that
noise a second time (the drawn gaps sit further above the published gap than it sits above the
true one, and the interval lies wholly above the truth). The correction here simulates true values
instead. The true values are taken as normal with the spread the estimates imply once their noise is
taken out (variance of the estimates minus the mean squared standard error, at least 1% of the
variance); each simulated version of the series adds the published noise to simulated true values:

1. the bias b(t) of the measured gap, when the true values have spread t, is the median over the
   draws of (measured gap - true gap), on a grid of t around the estimated spread;
2. the corrected gap is the measured gap minus b at the estimated spread;
3. the whole procedure is repeated on each simulated series (spread re-estimated, corrected gap
   recomputed), giving the draws of corrected minus true gap; the estimate is the corrected gap less
   their median, and the interval the corrected gap less their upper and lower quantiles. The
   estimate lies inside its interval by construction.

Checked by simulation (tests/test_gaps.py, and once by hand over more truths, 400 replicates each,
women's published standard errors of 2011-13 and 2022-24): the 95% interval of the slope index covers
its true value in 95% of replicates whatever the shape of the true values (its errors are exactly
normal). The tenths interval covered the truth in 93-98% of replicates when the true values were
normal or spread like the published estimates; its correction assumes a normal shape, and with true
values spread evenly (flat, with no tails) the bias was under-corrected by about half a year and
coverage fell to 84-94%. The range's correction rests on the shape of the extremes alone: 97-99%
for normal truths, 71-83% for flat ones, and its intervals are 6 to 10 years wide.

A change in a gap between two periods (:func:`change`) is the later gap minus the earlier with its
interval (normal for the slope index, the errors of the two periods being independent; for the
others, from the draws of both periods' errors), and its verdict (:func:`verdict`) is "narrowed" only
if the whole interval is below zero, "widened" only if it is above zero, and otherwise "no clear
change". Randomness is seeded.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Sequence

import numpy as np
from scipy.stats import rankdata

MEASURES = ("slope", "tenths", "top_rest", "range")
VERDICTS = ("narrowed", "no clear change", "widened")
#: the spreads of the true values, as multiples of the estimated spread, at which the bias is simulated
SPREAD_GRID = np.linspace(0.5, 1.5, 11)
MIN_SPREAD_SHARE = 0.01  # the true values' variance is taken as at least this share of the estimates'


def z_of(level: float) -> float:
    """The normal quantile of a two-sided interval: 1.96 for 0.95."""
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    return NormalDist().inv_cdf(0.5 + level / 2)


def se_from_ci(lower, upper, level: float = 0.95) -> np.ndarray:
    """Standard errors from symmetric normal confidence bounds: (upper - lower) / (2 x 1.96) at 95%."""
    lo, hi = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    if lo.shape != hi.shape:
        raise ValueError(f"lower and upper bounds differ in length: {lo.shape} against {hi.shape}")
    if np.any(hi < lo):
        raise ValueError(f"{int(np.sum(hi < lo))} upper bound(s) below the lower bound")
    return (hi - lo) / (2 * z_of(level))


def _arrays(est, se) -> tuple[np.ndarray, np.ndarray]:
    y, s = np.asarray(est, dtype=float), np.asarray(se, dtype=float)
    if y.ndim != 1 or y.shape != s.shape:
        raise ValueError(f"estimates and standard errors must be two arrays of one length; got {y.shape} and {s.shape}")
    if len(y) < 2:
        raise ValueError(f"need at least 2 areas with a value to measure a gap, found {len(y)}")
    if not (np.isfinite(y).all() and np.isfinite(s).all()):
        raise ValueError("estimates and standard errors must be numbers (no missing values): drop areas without one")
    if (s < 0).any():
        raise ValueError(f"{int((s < 0).sum())} negative standard error(s)")
    return y, s


def tail_size(n: int, share: float) -> int:
    """Areas in each of the top and bottom groups: ceil(share x n), at least 1."""
    if n < 2:
        raise ValueError(f"need at least 2 areas with a value to measure a gap, found {n}")
    if not 0 < share <= 0.5:
        raise ValueError(f"share must be above 0 and at most 0.5, not {share!r}")
    return max(1, math.ceil(round(share * n, 9)))


@dataclass(frozen=True, eq=False)
class Gap:
    """A gap with its interval. ``as_measured`` is the measure on the published estimates as they are
    (for the slope index, the estimate itself). ``se`` is the slope index's standard error; for the
    simulated measures ``corrected`` is the noise-corrected gap and ``errors`` the draws of corrected
    minus true gap (the estimate is ``corrected`` less their median)."""

    measure: str
    estimate: float
    lower: float
    upper: float
    level: float
    n: int
    as_measured: float
    se: float | None = None
    corrected: float | None = None
    errors: np.ndarray | None = None


def slope_index(est, se, rank, level: float = 0.95) -> Gap:
    """The slope index of inequality of ``est`` against ``rank`` (1 = the end where the indicator is
    expected lowest, e.g. most deprived), with its normal interval."""
    y, s = _arrays(est, se)
    order = np.asarray(rank, dtype=float)
    if order.shape != y.shape or not np.isfinite(order).all():
        raise ValueError(f"need one rank per area ({len(y)}), all numbers; got {order.shape}")
    r = (rankdata(order) - 0.5) / len(y)
    w = (r - r.mean()) / ((r - r.mean()) ** 2).sum()
    value, sd = float(w @ y), float(np.sqrt((w ** 2) @ (s ** 2)))
    half = z_of(level) * sd
    return Gap("slope", value, value - half, value + half, level, len(y), value, se=sd)


def _tenths(share: float):
    def stat(x: np.ndarray) -> np.ndarray:
        k = tail_size(x.shape[-1], share)
        v = np.sort(x, axis=-1)
        return v[..., -k:].mean(axis=-1) - v[..., :k].mean(axis=-1)
    return stat


def _top_rest(share: float):
    def stat(x: np.ndarray) -> np.ndarray:
        k = tail_size(x.shape[-1], share)
        v = np.sort(x, axis=-1)
        return v[..., -k:].mean(axis=-1) - v[..., :-k].mean(axis=-1)
    return stat


def _range(x: np.ndarray) -> np.ndarray:
    return x.max(axis=-1) - x.min(axis=-1)


def _spread(x: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The spread (sd) of the true values implied by estimates ``x`` (rows) with errors ``s``."""
    v = x.var(axis=-1, ddof=1)
    return np.sqrt(np.maximum(v - np.mean(s ** 2), MIN_SPREAD_SHARE * v))


def _simulated(measure: str, share: float | None, y: np.ndarray, s: np.ndarray, level: float, draws: int,
               seed) -> Gap:
    """The simulated measure ``measure`` (``share``: its tail, None for the range) of ``y`` with errors ``s``.

    A pure function of its arguments, so it is remembered: the robustness grid and the tracker's other
    settings ask again for the same series under the same measure and seed (a change of lag leaves most
    missions' baselines where they were), and get the same :class:`Gap`, its draws read-only."""
    if int(draws) < 100:
        raise ValueError(f"draws must be at least 100, not {draws!r}")
    seed_key = int(seed) if np.ndim(seed) == 0 else tuple(int(x) for x in seed)
    return _simulated_once(measure, share, y.tobytes(), s.tobytes(), float(level), int(draws), seed_key)


@functools.lru_cache(maxsize=1024)  # each Gap holds its draws: about 16 MB in all at 2,000 draws a gap
def _simulated_once(measure: str, share: float | None, y_bytes: bytes, s_bytes: bytes, level: float, draws: int,
                    seed) -> Gap:
    stat = _range if share is None else {"tenths": _tenths, "top_rest": _top_rest}[measure](share)
    y, s = np.frombuffer(y_bytes), np.frombuffer(s_bytes)
    rng = np.random.default_rng(seed)
    n, d = len(y), draws
    spread = float(_spread(y, s))
    # 1. the bias at each spread on the grid (the true gap of t x u is t x the gap of u: both measures scale)
    u, e = rng.standard_normal((d, n)), s * rng.standard_normal((d, n))
    g_u = stat(u)
    grid = spread * SPREAD_GRID
    bias = np.array([np.median(stat(t * u + e) - t * g_u) for t in grid])

    def corrected(x):
        return stat(x) - np.interp(_spread(x, s), grid, bias)

    # 2.-3. the corrected gap, and its errors over simulated series
    c = float(corrected(y))
    u2, e2 = rng.standard_normal((d, n)), s * rng.standard_normal((d, n))
    errors = corrected(spread * u2 + e2) - spread * stat(u2)
    errors.setflags(write=False)  # shared by every caller that asks for this gap
    q_lo, mid, q_hi = np.quantile(errors, [(1 - level) / 2, 0.5, (1 + level) / 2])
    return Gap(measure, c - float(mid), c - float(q_hi), c - float(q_lo), level, n, float(stat(y)),
               corrected=c, errors=errors)


def tenths_gap(est, se, share: float = 0.1, level: float = 0.95, draws: int = 2000,
               seed: int | Sequence[int] = 0) -> Gap:
    """Mean of the top ``share`` of areas minus mean of the bottom ``share``, corrected for noise."""
    y, s = _arrays(est, se)
    tail_size(len(y), share)
    z_of(level)
    return _simulated("tenths", share, y, s, level, draws, seed)


def top_rest_gap(est, se, share: float = 0.1, level: float = 0.95, draws: int = 2000,
                 seed: int | Sequence[int] = 0) -> Gap:
    """Mean of the top ``share`` of areas minus the mean of all the other areas, corrected for noise."""
    y, s = _arrays(est, se)
    tail_size(len(y), share)  # at most half the areas: some are always left to compare with
    z_of(level)
    return _simulated("top_rest", share, y, s, level, draws, seed)


def range_gap(est, se, level: float = 0.95, draws: int = 2000, seed: int | Sequence[int] = 0) -> Gap:
    """Highest area minus lowest, corrected for noise."""
    y, s = _arrays(est, se)
    z_of(level)
    return _simulated("range", None, y, s, level, draws, seed)


def gap(measure: str, est, se, *, rank=None, share: float = 0.1, level: float = 0.95, draws: int = 2000,
        seed: int | Sequence[int] = 0) -> Gap:
    """One of :data:`MEASURES` (``rank`` for the slope index, ``share`` for the tenths and the top
    against the rest)."""
    if measure == "slope":
        if rank is None:
            raise ValueError("the slope index needs a rank for every area (rank=)")
        return slope_index(est, se, rank, level)
    if measure == "tenths":
        return tenths_gap(est, se, share, level, draws, seed)
    if measure == "top_rest":
        return top_rest_gap(est, se, share, level, draws, seed)
    if measure == "range":
        return range_gap(est, se, level, draws, seed)
    raise ValueError(f"unknown gap measure {measure!r}; expected one of: {', '.join(MEASURES)}")


def verdict(lower: float, upper: float) -> str:
    """The rule for a change in a gap, from its interval."""
    return "narrowed" if upper < 0 else "widened" if lower > 0 else "no clear change"


@dataclass(frozen=True)
class Change:
    estimate: float
    lower: float
    upper: float
    level: float
    verdict: str


def change(before: Gap, after: Gap) -> Change:
    """``after`` minus ``before``, with its interval at their level and the verdict. The two periods'
    errors are taken as independent (true of periods that share no year)."""
    if before.measure != after.measure or before.level != after.level:
        raise ValueError(f"a change needs two gaps of one measure and level; got {before.measure} at "
                         f"{before.level} and {after.measure} at {after.level}")
    level = before.level
    if before.se is not None:
        value = after.estimate - before.estimate
        half = z_of(level) * math.hypot(before.se, after.se)
        lo, hi = value - half, value + half
    else:
        if len(before.errors) != len(after.errors):
            raise ValueError(f"the two gaps were simulated with different numbers of draws "
                             f"({len(before.errors)} and {len(after.errors)})")
        centred = (after.errors - np.median(after.errors)) - (before.errors - np.median(before.errors))
        q_lo, q_hi = np.quantile(centred, [(1 - level) / 2, (1 + level) / 2])
        value = after.estimate - before.estimate
        lo, hi = value - float(q_hi), value - float(q_lo)
    return Change(float(value), float(lo), float(hi), level, verdict(lo, hi))
