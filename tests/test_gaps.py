"""The gap statistics (analysis.stats.gaps): unit tests on small synthetic inputs, and the intervals
checked by simulation.

The coverage checks draw a known truth for 151 areas, add normal noise with standard errors spread as
ONS's published ones are (tests/test_mission7.py repeats the check with the published ones), apply the
method and count how often the 95% interval covers the true gap: 400 replicates, and coverage must
lie within 0.91 to 0.99 (the binomial standard error at 0.95 is 0.011). Seeded, so the counts are fixed.
"""

import numpy as np
import pytest

from analysis.stats import gaps

N, REPLICATES, COVERAGE = 151, 400, (0.91, 0.99)


def _setting(seed=0):
    """A realistic truth: 151 areas with HLE spread as England's upper-tier areas' are (mean 62, sd
    3.3), and standard errors spread as ONS's published ones (median about 1.4 years, 0.66 to 4.4),
    unrelated to the level, as in the series."""
    rng = np.random.default_rng(seed)
    truth = 62 + 3.3 * rng.standard_normal(N)
    se = np.clip(np.exp(np.log(1.4) + 0.3 * rng.standard_normal(N)), 0.66, 4.4)
    return rng, truth, se


# ------------------------------------------------------------------ small inputs


def test_standard_errors_from_95_bounds():
    assert gaps.se_from_ci([58.04], [61.96])[0] == pytest.approx(1.0, abs=1e-3)
    assert gaps.z_of(0.95) == pytest.approx(1.959964, abs=1e-6)
    with pytest.raises(ValueError, match="upper bound"):
        gaps.se_from_ci([60, 61], [62, 60])


def test_slope_index_is_the_line_between_the_two_ends():
    # HLE rises one year per rank over 5 areas: relative ranks 0.1..0.9, so the slope is 5 years
    g = gaps.slope_index([50, 51, 52, 53, 54], [1] * 5, rank=[1, 2, 3, 4, 5])
    assert g.estimate == pytest.approx(5.0) and g.measure == "slope" and g.n == 5
    assert g.lower < g.estimate < g.upper and g.upper - g.estimate == pytest.approx(g.estimate - g.lower)
    # the rank may be any order: only the ordering of areas counts, not the numbers or the row order
    h = gaps.slope_index([54, 50, 52, 51, 53], [1] * 5, rank=[300, 2, 40, 10, 99])
    assert h.estimate == pytest.approx(5.0) and h.se == pytest.approx(g.se)
    # its standard error: the weights are (r - mean r) / sum (r - mean r)^2
    r = (np.arange(1, 6) - 0.5) / 5
    w = (r - r.mean()) / ((r - r.mean()) ** 2).sum()
    assert g.se == pytest.approx(np.sqrt((w ** 2).sum()))


def test_tenths_and_range_without_noise_are_the_plain_gaps():
    x = np.array([50.0, 51, 52, 53, 54, 55, 56, 57, 58, 70])
    t = gaps.tenths_gap(x, np.zeros(10), share=0.2, draws=200, seed=1)
    assert t.as_measured == pytest.approx(13.5) and t.estimate == pytest.approx(13.5)
    assert t.lower == pytest.approx(13.5) and t.upper == pytest.approx(13.5)
    r = gaps.range_gap(x, np.zeros(10), draws=200, seed=1)
    assert r.estimate == pytest.approx(20.0) and r.as_measured == 20.0
    top = gaps.gap("top_rest", x, np.zeros(10), share=0.2, draws=200, seed=1)  # (58 + 70) / 2 - mean(50..57)
    assert top.measure == "top_rest" and top.estimate == pytest.approx(64 - 53.5)


def test_noise_is_taken_off_a_gap_between_extremes():
    rng, truth, se = _setting(3)
    y = truth + se * rng.standard_normal(N)
    for g in (gaps.tenths_gap(y, se, draws=500, seed=2), gaps.range_gap(y, se, draws=500, seed=2),
              gaps.top_rest_gap(y, se, draws=500, seed=2)):
        assert g.estimate < g.as_measured and g.lower <= g.estimate <= g.upper


def test_tail_size_rule():
    assert gaps.tail_size(151, 0.1) == 16   # ceil(15.1)
    assert gaps.tail_size(120, 0.1) == 12   # exact, no float creep
    assert gaps.tail_size(5, 0.1) == 1
    with pytest.raises(ValueError, match="at least 2"):
        gaps.tail_size(1, 0.1)


def test_seeded_and_deterministic():
    rng, truth, se = _setting(1)
    y = truth + se * rng.standard_normal(N)
    a, b = gaps.tenths_gap(y, se, draws=300, seed=[7, 1]), gaps.tenths_gap(y, se, draws=300, seed=[7, 1])
    assert (a.estimate, a.lower, a.upper) == (b.estimate, b.lower, b.upper)
    c = gaps.tenths_gap(y, se, draws=300, seed=[7, 2])
    assert (a.lower, a.upper) != (c.lower, c.upper)


def test_bad_input_is_refused_with_what_was_expected():
    with pytest.raises(ValueError, match="one length"):
        gaps.tenths_gap([1, 2, 3], [1, 1])
    with pytest.raises(ValueError, match="no missing values"):
        gaps.range_gap([1, np.nan, 3], [1, 1, 1])
    with pytest.raises(ValueError, match="negative standard error"):
        gaps.range_gap([1, 2, 3], [1, -1, 1])
    with pytest.raises(ValueError, match="needs a rank"):
        gaps.gap("slope", [1, 2, 3], [1, 1, 1])
    with pytest.raises(ValueError, match="unknown gap measure 'decile'; expected one of: slope, tenths, top_rest, range"):
        gaps.gap("decile", [1, 2, 3], [1, 1, 1])
    with pytest.raises(ValueError, match="one rank per area"):
        gaps.slope_index([1, 2, 3], [1, 1, 1], rank=[1, 2])


def test_verdict_rule():
    assert gaps.verdict(-2.0, -0.1) == "narrowed"
    assert gaps.verdict(0.1, 2.0) == "widened"
    assert gaps.verdict(-0.1, 2.0) == "no clear change"
    assert set(gaps.VERDICTS) == {"narrowed", "widened", "no clear change"}


def test_changes_follow_the_data_and_contain_their_estimate():
    rng, truth, se = _setting(4)
    wider = truth + 0.8 * (truth - truth.mean())  # the same areas, pulled apart
    y0, y1 = truth + se * rng.standard_normal(N), wider + se * rng.standard_normal(N)
    rank = truth  # ranked by deprivation, 1 = the most deprived, where HLE is lowest
    for m in gaps.MEASURES:
        a = gaps.gap(m, y0, se, rank=rank, draws=500, seed=[1, 0])
        b = gaps.gap(m, y1, se, rank=rank, draws=500, seed=[1, 1])
        up, down = gaps.change(a, b), gaps.change(b, a)
        assert up.estimate == pytest.approx(b.estimate - a.estimate)
        assert up.lower <= up.estimate <= up.upper and down.lower <= down.estimate <= down.upper
        assert up.verdict == "widened" and down.verdict == "narrowed", m
    same = gaps.change(gaps.slope_index(y0, se, rank), gaps.slope_index(y0, se, rank))
    assert same.estimate == 0 and same.verdict == "no clear change"
    with pytest.raises(ValueError, match="one measure"):
        gaps.change(gaps.slope_index(y0, se, rank), gaps.range_gap(y0, se, draws=200))


# ------------------------------------------------------------------ coverage, by simulation


def _coverage(measure, truth, se, rng, rank=None, draws=300):
    true = {"slope": lambda t: gaps.slope_index(t, np.zeros(N), rank).estimate,
            "tenths": lambda t: gaps.tenths_gap(t, np.zeros(N), draws=100).as_measured}[measure](truth)
    hits = 0
    for i in range(REPLICATES):
        g = gaps.gap(measure, truth + se * rng.standard_normal(N), se, rank=rank, draws=draws, seed=i)
        assert g.lower <= g.estimate <= g.upper
        hits += g.lower <= true <= g.upper
    return hits / REPLICATES


def test_the_slope_index_interval_covers_the_truth_95_percent_of_the_time():
    rng, truth, se = _setting(11)
    rank = truth + 1.5 * rng.standard_normal(N)  # deprivation (1 = most deprived), related to HLE, not its mirror
    cov = _coverage("slope", truth, se, rng, rank=rank)
    assert COVERAGE[0] <= cov <= COVERAGE[1], cov
    # whatever the shape of the true values: spread evenly (flat, no tails)
    flat = 62 + 3.3 * np.sqrt(3) * rng.uniform(-1, 1, N)
    cov = _coverage("slope", flat, se, rng, rank=flat)
    assert COVERAGE[0] <= cov <= COVERAGE[1], cov


def test_the_slope_index_change_covers_the_true_change():
    rng, truth, se = _setting(12)
    later = truth + 0.3 * (truth - truth.mean())
    rank = truth
    t0 = gaps.slope_index(truth, np.zeros(N), rank).estimate
    t1 = gaps.slope_index(later, np.zeros(N), rank).estimate
    hits = 0
    for _ in range(REPLICATES):
        c = gaps.change(gaps.slope_index(truth + se * rng.standard_normal(N), se, rank),
                        gaps.slope_index(later + se * rng.standard_normal(N), se, rank))
        hits += c.lower <= t1 - t0 <= c.upper
    assert COVERAGE[0] <= hits / REPLICATES <= COVERAGE[1]


def test_the_tenths_interval_covers_the_truth_95_percent_of_the_time():
    """Noise pushes the measured gap up by about a year here; the corrected estimate's interval must
    still cover the true gap (truth normal, as the correction assumes; see analysis.stats.gaps for
    how it fares when the truth is flat)."""
    rng, truth, se = _setting(13)
    y = truth + se * rng.standard_normal(N)
    pushed = gaps.tenths_gap(y, se, draws=300).as_measured - gaps.tenths_gap(truth, np.zeros(N), draws=100).as_measured
    assert pushed > 0.3
    cov = _coverage("tenths", truth, se, rng)
    assert COVERAGE[0] <= cov <= COVERAGE[1], cov


def test_a_gap_asked_for_again_is_the_one_computed_its_draws_read_only():
    rng = np.random.default_rng(5)
    y, s = rng.normal(60, 3, 80), np.full(80, 1.0)
    first = gaps.tenths_gap(y, s, draws=500, seed=3)
    again = gaps.tenths_gap(y.copy(), s.copy(), draws=500, seed=3)  # equal values in new arrays
    assert again is first
    with pytest.raises(ValueError, match="read-only"):
        first.errors[0] = 0.0
    assert gaps.tenths_gap(y, s, draws=500, seed=4) is not first
    assert gaps.tenths_gap(y, s, share=0.2, draws=500, seed=3).as_measured != first.as_measured
    assert gaps.top_rest_gap(y, s, draws=500, seed=3).measure == "top_rest"
