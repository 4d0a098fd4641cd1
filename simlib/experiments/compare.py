"""Scenarios side by side, and one shift's head count swept, on common random numbers."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping

import pandas as pd

from simlib.analysis.kpis import kpis
from simlib.errors import ScenarioError
from simlib.experiments.replications import summarise
from simlib.model.engine import simulate
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario, set_field


def run_replications(scenario: Scenario, replications: int) -> tuple[pd.DataFrame, list[SimulationResult]]:
    """Replications 0..R-1 of one scenario: a KPI table (a row each) and the results."""
    results = [simulate(scenario, replication=k) for k in range(replications)]
    table = pd.DataFrame([kpis(r) for r in results])
    table.index.name = "replication"
    return table, results


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
    if shift not in scenario.staff:
        raise ScenarioError(f"staff.{shift}: no such shift (shifts: {', '.join(scenario.staff) or 'none'})")
    rows = []
    base = scenario.model_dump()  # copied per head count below
    for count in counts:
        data = copy.deepcopy(base)
        set_field(data, f"staff.{shift}.count", count)
        staffed = Scenario.model_validate(data)
        table, _ = run_replications(staffed, replications)
        rows.append(table.reset_index().assign(count=count))
    columns = ["count", "replication"]
    sweep = pd.concat(rows, ignore_index=True)
    return sweep[columns + [c for c in sweep.columns if c not in columns]]
