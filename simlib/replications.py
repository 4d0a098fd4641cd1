"""Replications: the same scenario under independent random numbers, with confidence intervals."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from simlib.engine import simulate
from simlib.kpis import SHARE_KPIS, kpis
from simlib.scenario import Scenario


def replicate(
    scenario: Scenario, replications: int | None = None, seed: int | None = None
) -> pd.DataFrame:
    """Run replications 0..R-1 and return one row of KPIs per replication.

    Defaults come from ``scenario.run`` (``replications`` and ``seed``).
    """
    replications = scenario.run.replications if replications is None else replications
    if replications < 1:
        raise ValueError(f"replications = {replications}: must be >= 1")
    rows = [kpis(simulate(scenario, seed, k)) for k in range(replications)]
    table = pd.DataFrame(rows)
    table.index.name = "replication"
    return table


def summarise(table: pd.DataFrame, confidence: float = 0.95, shares: Collection[str] = SHARE_KPIS) -> pd.DataFrame:
    """Mean and Student-t confidence interval of each column, across rows.

    Returns one row per KPI with ``mean``, ``ci_low``, ``ci_high``,
    ``half_width`` and ``replications``. With one replication the interval
    is NaN (there is no spread to measure). The intervals of the columns
    named in ``shares`` are clipped to [0, 1].
    """
    n = table.notna().sum()
    mean = table.mean()
    sem = table.std(ddof=1) / np.sqrt(n)
    t = pd.Series(stdtrit(np.maximum(n - 1, 1), 0.5 + confidence / 2), index=table.columns)
    half = (t * sem).where(n > 1)
    bounded = table.columns.isin(list(shares))
    low, high = mean - half, mean + half
    return pd.DataFrame(
        {
            "mean": mean,
            "ci_low": low.where(~bounded, low.clip(lower=0)),
            "ci_high": high.where(~bounded, high.clip(upper=1)),
            "half_width": half,
            "replications": n,
        }
    )
