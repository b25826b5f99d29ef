"""The statistics, checked against scipy and statsmodels as reference implementations."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from dienstverlening.core.stats import (
    Summary,
    direct_standardise,
    is_real_change,
    mean_interval,
    percentile_from_histogram,
    summary_from_counts,
    summary_from_sums,
    two_proportion_p,
    welch_p,
    wilson_interval,
)


@given(st.integers(min_value=1, max_value=5000), st.data())
@settings(max_examples=200)
def test_wilson_matches_statsmodels(n, data):
    successes = data.draw(st.integers(min_value=0, max_value=n))
    low, high = wilson_interval(successes, n)
    ref_low, ref_high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    assert low == pytest.approx(ref_low, abs=1e-9)
    assert high == pytest.approx(ref_high, abs=1e-9)


def test_wilson_known_value():
    # 84 of 100 agree: the Wilson interval is 75,6 % .. 89,9 %.
    low, high = wilson_interval(84, 100)
    assert (round(low, 3), round(high, 3)) == (0.756, 0.899)


def test_median_and_p90_from_a_histogram_of_lead_times():
    assert percentile_from_histogram({0: 5, 1: 3, 2: 2}, 0.5) == 0
    assert percentile_from_histogram({0: 4, 1: 3, 2: 3}, 0.5) == 1
    assert percentile_from_histogram({0: 4, 1: 3, 2: 3}, 0.9) == 2
    assert percentile_from_histogram({0: 8, 8: 2}, 0.9) == 8
    assert percentile_from_histogram({}, 0.5) is None
    assert percentile_from_histogram({3: 0}, 0.5) is None


@given(
    st.dictionaries(st.integers(0, 400), st.integers(1, 300), min_size=1),
    st.sampled_from([0.5, 0.9]),
)
def test_percentile_from_histogram_matches_numpy(counts, fraction):
    values = np.repeat(list(counts.keys()), list(counts.values()))
    expected = np.percentile(values, 100 * fraction, method="inverted_cdf")
    assert percentile_from_histogram(counts, fraction) == expected


@given(st.dictionaries(st.integers(1, 10), st.integers(0, 300), min_size=1))
def test_summary_from_counts_matches_numpy(counts):
    values = np.repeat(list(counts.keys()), list(counts.values()))
    summary = summary_from_counts(counts)
    assert summary.n == len(values)
    if len(values) >= 1:
        assert summary.mean == pytest.approx(values.mean())
    if len(values) >= 2:
        assert summary.sd == pytest.approx(values.std(ddof=1), abs=1e-9)


def test_mean_interval_matches_scipy():
    values = np.array([7, 8, 8, 9, 6, 7, 10, 5, 8, 7, 9, 8])
    summary = summary_from_counts({v: int((values == v).sum()) for v in set(values.tolist())})
    low, high = mean_interval(summary)
    ref = scipy_stats.t.interval(
        0.95, len(values) - 1, loc=values.mean(), scale=scipy_stats.sem(values)
    )
    assert (low, high) == pytest.approx(ref)


def test_mean_interval_needs_two_answers():
    assert mean_interval(Summary(1, 8.0, None)) is None


@given(
    st.integers(1, 2000),
    st.integers(1, 2000),
    st.floats(0, 1),
    st.floats(0, 1),
)
def test_two_proportion_matches_statsmodels(n1, n2, f1, f2):
    x1, x2 = round(f1 * n1), round(f2 * n2)
    pooled = (x1 + x2) / (n1 + n2)
    ours = two_proportion_p(x1, n1, x2, n2)
    if pooled in (0, 1):
        assert ours == 1.0
        return
    _, reference = proportions_ztest([x1, x2], [n1, n2])
    assert ours == pytest.approx(reference, abs=1e-9)


def test_welch_matches_scipy_on_raw_data():
    a = np.array([6, 7, 7, 8, 8, 8, 9, 5, 7, 8, 6, 7])
    b = np.array([8, 9, 9, 8, 10, 9, 7, 9, 8, 10])
    reference = scipy_stats.ttest_ind(a, b, equal_var=False).pvalue
    ours = welch_p(
        Summary(len(a), a.mean(), a.std(ddof=1)), Summary(len(b), b.mean(), b.std(ddof=1))
    )
    assert ours == pytest.approx(reference)
    assert is_real_change(ours)


def test_small_difference_is_within_the_margin():
    # 80 % of 50 against 84 % of 50: not a real change.
    p = two_proportion_p(40, 50, 42, 50)
    assert p > 0.05 and not is_real_change(p)
    assert not is_real_change(None)


def test_direct_standardisation_removes_the_outcome_mix():
    # A team with mostly refusals scores low raw, but per outcome it equals the organisation.
    team_rates = {"granted": 0.9, "refused": 0.5}
    organisation_mix = {"granted": 0.8, "refused": 0.2}
    assert direct_standardise(team_rates, organisation_mix) == pytest.approx(0.82)
    assert direct_standardise({"granted": 0.9}, organisation_mix) == pytest.approx(0.9)
    assert direct_standardise({}, organisation_mix) is None
    assert math.isclose(direct_standardise(team_rates, {"granted": 1, "refused": 0}), 0.9)


@given(st.dictionaries(st.integers(10, 100), st.integers(0, 300), min_size=1))
@settings(deadline=None)
def test_summary_from_sums_in_tenths_matches_numpy(counts):
    """Marks with one decimal, given as count, sum and sum of squares in tenths."""
    tenths = np.repeat(list(counts.keys()), list(counts.values())).astype(np.int64)
    summary = summary_from_sums(
        len(tenths), int(tenths.sum()), int((tenths * tenths).sum()), scale=10
    )
    values = tenths / 10
    assert summary.n == len(values)
    if len(values) >= 1:
        assert summary.mean == pytest.approx(values.mean())
    if len(values) >= 2:
        assert summary.sd == pytest.approx(values.std(ddof=1), abs=1e-9)
    else:
        assert summary.sd is None


def test_summary_from_sums_of_equal_values_has_no_spread():
    summary = summary_from_sums(3, 3 * 75, 3 * 75 * 75, scale=10)
    assert (summary.n, summary.mean, summary.sd) == (3, 7.5, 0.0)
