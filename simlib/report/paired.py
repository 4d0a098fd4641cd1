"""Paired differences: two plans run on the same customers, compared replication by replication.

Every plan of a report runs replications 0..R-1 of the same seed, so run
``k`` of one plan and run ``k`` of another meet the same questions at the
same moments (common random numbers). The difference of each pair comes
from the staffing, not from luck; its Student-t interval is usually much
narrower than Welch's interval on the same runs taken as unrelated samples,
which is shown beside it.

:func:`paired_difference` compares two run tables (one row per replication);
:func:`paired_sweep` compares every point of a sweep with a base point.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from simlib.experiments.replications import summarise

__all__ = ["PAIRED_COLUMNS", "paired_difference", "paired_sweep"]

PAIRED_COLUMNS = ("mean_a", "mean_b", "difference", "ci_low", "ci_high", "half_width", "unpaired_half_width",
                  "replications", "significant")
"""Columns of a paired comparison, as :func:`simlib.experiments.sweeps.compare_paired` gives them."""


def paired_difference(runs_a: pd.DataFrame, runs_b: pd.DataFrame, kpis: Sequence[str] | None = None,
                      confidence: float = 0.95) -> pd.DataFrame:
    """B minus A, replication by replication: the mean difference of each KPI with its paired interval.

    Parameters
    ----------
    runs_a, runs_b
        One row per run, indexed by replication (the same replications in
        both: the same customers), one column per KPI.
    kpis
        KPIs to compare; default every KPI column both tables have.
    confidence
        Of the intervals.

    Returns
    -------
    pandas.DataFrame
        Index KPI; columns :data:`PAIRED_COLUMNS`: ``mean_a``, ``mean_b``,
        ``difference`` (B - A), ``ci_low``, ``ci_high``, ``half_width`` (the
        paired Student-t interval, not clipped), ``unpaired_half_width``
        (Welch's interval on the same runs, ignoring the pairing),
        ``replications`` (pairs) and ``significant`` (the interval excludes 0).

    Raises
    ------
    ValueError
        When the two tables do not hold the same replications.
    """
    if sorted(runs_a.index) != sorted(runs_b.index):
        raise ValueError("paired runs must have the same replications (the same customers) on both sides")
    common = [k for k in runs_a.columns if k in runs_b.columns] if kpis is None else list(kpis)
    first, second = runs_a.loc[:, common].sort_index(), runs_b.loc[runs_a.index, common].sort_index()
    paired = summarise(second - first, confidence, bounds={})
    sa, sb = first.var(ddof=1) / first.count(), second.var(ddof=1) / second.count()
    welch_df = (sa + sb) ** 2 / (sa**2 / (first.count() - 1) + sb**2 / (second.count() - 1))
    unpaired = stdtrit(welch_df, 0.5 + confidence / 2) * np.sqrt(sa + sb)
    table = pd.DataFrame({
        "mean_a": first.mean(), "mean_b": second.mean(), "difference": paired["mean"],
        "ci_low": paired["ci_low"], "ci_high": paired["ci_high"], "half_width": paired["half_width"],
        "unpaired_half_width": unpaired, "replications": paired["replications"],
        "significant": (paired["ci_low"] > 0) | (paired["ci_high"] < 0),
    })
    table.index.name = "kpi"
    return table


def paired_sweep(table: pd.DataFrame, base: int, kpis: Sequence[str], confidence: float = 0.95) -> pd.DataFrame:
    """Every point of a sweep minus a base point, on the same customers (replication by replication).

    Parameters
    ----------
    table
        A sweep's runs (:func:`simlib.experiments.sweeps.sweep`): columns
        ``point``, ``replication`` and the KPIs.
    base
        The point the others are compared with.
    kpis
        KPIs to compare.
    confidence
        Of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per point and KPI: ``point``, ``kpi`` and :data:`PAIRED_COLUMNS`
        (``mean_a`` is the base point's; the base point's own rows have a
        difference of 0).

    Raises
    ------
    ValueError
        When ``base`` is not a point of the sweep.
    """
    points = dict(tuple(table.groupby("point", sort=True)))
    if base not in points:
        raise ValueError(f"base point {base!r} is not in the sweep (points: {', '.join(map(str, points))})")
    reference = points[base].set_index("replication")[list(kpis)]
    parts = [paired_difference(reference, runs.set_index("replication")[list(kpis)], kpis, confidence)
             .reset_index().assign(point=point) for point, runs in points.items()]
    return pd.concat(parts, ignore_index=True)[["point", "kpi", *PAIRED_COLUMNS]]
