"""A staff sweep in numbers: the mean and confidence interval of some KPIs at each head count.

The sweep comes from :func:`simlib.experiments.compare.staff_sweep`; money
KPIs are in the business's currency per run.
"""

from __future__ import annotations

import pandas as pd

from simlib.experiments.replications import summarise

__all__ = ["staff_sweep_summary"]


def staff_sweep_summary(
    sweep: pd.DataFrame,
    columns: tuple[str, ...] = ("revenue_lost", "staff_cost", "profit"),
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Mean and Student-t confidence interval of some KPIs, per head count of a staff sweep.

    Parameters
    ----------
    sweep
        Tidy table with a ``count`` column, one row per (count, replication),
        and KPI columns (as from :func:`simlib.experiments.compare.staff_sweep`).
    columns
        KPIs to summarise.
    confidence
        Confidence level of the interval (0-1).

    Returns
    -------
    DataFrame
        Indexed by ``count`` (sorted); columns ``(kpi, stat)`` with stat in
        ``mean``, ``ci_low``, ``ci_high``, ``replications`` (the
        :func:`simlib.experiments.replications.summarise` definitions: NaN interval for a
        single replication).
    """
    missing = [c for c in ("count", *columns) if c not in sweep.columns]
    if missing:
        raise ValueError(f"sweep has no column {', '.join(missing)} (columns: {', '.join(map(str, sweep.columns))})")
    if sweep.empty:
        raise ValueError("sweep is empty: no rows to summarise")
    parts = {count: summarise(group[list(columns)], confidence)[["mean", "ci_low", "ci_high", "replications"]]
             for count, group in sweep.groupby("count", sort=True)}
    table = pd.concat(parts, names=["count", "kpi"]).unstack("kpi")
    table = table.swaplevel(axis=1)
    return table[[(kpi, stat) for kpi in columns for stat in ("mean", "ci_low", "ci_high", "replications")]]
