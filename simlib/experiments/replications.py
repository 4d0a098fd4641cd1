"""Replications: the same scenario under independent random numbers, with confidence intervals."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from simlib.analysis.kpis import KPI_BOUNDS, kpis
from simlib.model.engine import simulate
from simlib.model.scenario import Scenario


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


def summarise(
    table: pd.DataFrame, confidence: float = 0.95, bounds: Mapping[str, tuple[float, float]] = KPI_BOUNDS
) -> pd.DataFrame:
    """Mean and Student-t confidence interval of each column, across rows.

    Returns one row per KPI with ``mean``, ``ci_low``, ``ci_high``,
    ``half_width`` and ``replications``. With one replication the interval
    is NaN (there is no spread to measure). An interval is clipped to the
    range its KPI can take (``bounds``: a share stays within 0-100%).
    """
    n = table.notna().sum()
    mean = table.mean()
    sem = table.std(ddof=1) / np.sqrt(n)
    t = pd.Series(stdtrit(np.maximum(n - 1, 1), 0.5 + confidence / 2), index=table.columns)
    half = (t * sem).where(n > 1)
    lowest = pd.Series({c: bounds.get(c, (-np.inf, np.inf))[0] for c in table.columns})
    highest = pd.Series({c: bounds.get(c, (-np.inf, np.inf))[1] for c in table.columns})
    return pd.DataFrame(
        {
            "mean": mean,
            "ci_low": (mean - half).clip(lower=lowest),
            "ci_high": (mean + half).clip(upper=highest),
            "half_width": half,
            "replications": n,
        }
    )
