"""Honest statistics for small municipal samples: intervals, tests, standardisation.

All functions take counts or summary statistics, never raw rows, so they work directly on the
roll-up tables. Checked against scipy and statsmodels in tests/core/test_stats.py.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from scipy import stats as _stats

ALPHA = 0.05


@dataclass(frozen=True)
class Summary:
    """n, mean and sample standard deviation of a numeric answer."""

    n: int
    mean: float | None
    sd: float | None


def summary_from_counts(counts: Mapping[int | float, int]) -> Summary:
    """Summary of a variable given as ``{value: how many answered it}``."""
    n = sum(counts.values())
    if n == 0:
        return Summary(0, None, None)
    total = sum(value * count for value, count in counts.items())
    mean = total / n
    if n < 2:
        return Summary(n, mean, None)
    squares = sum(count * (value - mean) ** 2 for value, count in counts.items())
    return Summary(n, mean, math.sqrt(squares / (n - 1)))


def summary_from_sums(n: int, total: int, squares: int, *, scale: int = 1) -> Summary:
    """Summary of a variable given as its count, sum and sum of squares.

    ``total`` and ``squares`` are sums of whole numbers (``value × scale`` and its square, e.g.
    marks in tenths with ``scale=10``), so the variance comes from exact integer arithmetic.
    """
    if n == 0:
        return Summary(0, None, None)
    total, squares = int(total), int(squares)
    mean = total / (n * scale)
    if n < 2:
        return Summary(n, mean, None)
    spread = n * squares - total * total  # = n (n − 1) × variance × scale², exactly
    return Summary(n, mean, math.sqrt(max(spread, 0) / (n * (n - 1))) / scale)


def percentile_from_histogram(histogram: Mapping[int, int], fraction: float) -> int | None:
    """The smallest value at or below which ``fraction`` (0–1) of the counted items fall, from
    ``{value: how many}`` (for instance lead times in working days): 0.5 gives the median, 0.9
    the 90th percentile. ``None`` without items. The "inverted CDF" percentile, so always a
    value that occurs (numpy's ``method="inverted_cdf"``)."""
    total = sum(histogram.values())
    if total == 0:
        return None
    threshold = fraction * total
    running = 0
    for value in sorted(histogram):
        running += histogram[value]
        if running >= threshold:
            return value
    return max(histogram)  # pragma: no cover (only by rounding of fraction * total)


@functools.lru_cache(maxsize=8)
def _z(confidence: float) -> float:
    """The two-sided normal quantile (1.96 for 95 %): asked once per confidence level, since
    scipy's ``ppf`` costs more than the rest of an interval."""
    return float(_stats.norm.ppf(1 - (1 - confidence) / 2))


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion; (0, 0) when n is 0."""
    if n == 0:
        return (0.0, 0.0)
    z = _z(confidence)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def mean_interval(summary: Summary, confidence: float = 0.95) -> tuple[float, float] | None:
    """Student-t interval for a mean; None when it cannot be computed (n < 2)."""
    if summary.n < 2 or summary.mean is None or summary.sd is None:
        return None
    t = _stats.t.ppf(1 - (1 - confidence) / 2, summary.n - 1)
    half = t * summary.sd / math.sqrt(summary.n)
    return (summary.mean - half, summary.mean + half)


def two_proportion_p(x1: int, n1: int, x2: int, n2: int) -> float | None:
    """Two-sided p-value of the pooled two-proportion z-test; None without data."""
    if n1 == 0 or n2 == 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance == 0:
        return 1.0
    z = (x1 / n1 - x2 / n2) / math.sqrt(variance)
    # 2 · P(Z > |z|) = erfc(|z| / √2): scipy's ``norm.sf`` exactly, without its per-call cost
    # (rankings and alerts test thousands of figures at once).
    return math.erfc(abs(z) / math.sqrt(2))


def welch_p(a: Summary, b: Summary) -> float | None:
    """Two-sided p-value of Welch's t-test from two summaries; None when not computable."""
    if a.n < 2 or b.n < 2 or a.sd is None or b.sd is None or a.mean is None or b.mean is None:
        return None
    if a.sd == 0 and b.sd == 0:
        return 1.0 if a.mean == b.mean else 0.0
    result = _stats.ttest_ind_from_stats(a.mean, a.sd, a.n, b.mean, b.sd, b.n, equal_var=False)
    return float(result.pvalue)


def is_real_change(p_value: float | None, alpha: float = ALPHA) -> bool:
    """A change counts as real only when the test says so; otherwise it is 'binnen de marge'."""
    return p_value is not None and p_value < alpha


def direct_standardise(
    rates: Mapping[str, float], standard_weights: Mapping[str, float]
) -> float | None:
    """Rate re-weighted to a standard mix of strata (e.g. the organisation's outcome mix).

    Strata missing from ``rates`` are left out and the remaining weights re-normalised.
    """
    usable = {key: w for key, w in standard_weights.items() if key in rates and w > 0}
    total = sum(usable.values())
    if total == 0:
        return None
    return sum(rates[key] * weight for key, weight in usable.items()) / total
