"""Scenarios side by side, and one shift's head count swept, on common random numbers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from simlib.experiments.replications import run_replications, summarise
from simlib.model.scenario import Scenario


def side_by_side(tables: Mapping[str, pd.DataFrame], confidence: float = 0.95) -> pd.DataFrame:
    """Mean and confidence interval of every KPI, one column group per scenario.

    Returns a table indexed by KPI with columns ``(scenario, mean | ci_low | ci_high)``.
    KPIs that only some scenarios have are kept, empty for the others.
    """
    parts = {name: summarise(table, confidence)[["mean", "ci_low", "ci_high"]] for name, table in tables.items()}
    return pd.concat(parts, axis=1)


def staff_sweep(scenario: Scenario, shift: str, counts: Iterable[int], replications: int = 5) -> pd.DataFrame:
    """KPIs for each head count of one shift, ``replications`` runs each.

    Every head count sees the same customers (common random numbers), so the
    differences between rows come from the staffing alone.

    Returns a tidy table with columns ``count``, ``replication`` and every KPI.
    """
    rows = []
    for count in counts:
        table, _ = run_replications(scenario.with_changes({f"staff.{shift}.count": count}), replications,
                                    keep_results=False)
        rows.append(table.reset_index().assign(count=count))
    columns = ["count", "replication"]
    sweep = pd.concat(rows, ignore_index=True)
    return sweep[columns + [c for c in sweep.columns if c not in columns]]
