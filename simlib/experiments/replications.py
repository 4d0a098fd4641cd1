"""Replications: the same scenario under independent random numbers, with confidence intervals."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from simlib.analysis.kpis import kpis
from simlib.analysis.registry import KPI_BOUNDS
from simlib.model.engine import simulate
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario

T = TypeVar("T")


def run_one(scenario: Scenario, seed: int | None, replication: int,
            measure: Callable[[SimulationResult], T] = kpis) -> T:
    """Simulate one replication and return what ``measure`` reads off it (by default its KPIs).

    ``seed`` None takes ``scenario.run.seed``. This is the task every
    executor runs, and every way of running replications (the CLI, sweeps,
    comparisons, the course, the dashboards) comes through here, so
    replication ``k`` is the same run everywhere. ``measure`` must be a
    module-level function when the run goes to another process.
    """
    return measure(simulate(scenario, seed, replication))


def run_replications(
    scenario: Scenario, replications: int | None = None, seed: int | None = None, *, keep_results: bool = True
) -> tuple[pd.DataFrame, list[SimulationResult]]:
    """Replications 0..R-1 of one scenario, here and in order.

    Returns a KPI table (one row per replication, index ``replication``) and
    the results (empty unless ``keep_results``; a result holds every
    question's record, so many replications of a busy scenario use memory).
    ``replications`` and ``seed`` default to ``scenario.run``. For many
    scenarios or many cores, see :mod:`simlib.experiments.sweeps`.

    Raises ``ValueError`` when ``replications`` < 1.
    """
    replications = scenario.run.replications if replications is None else replications
    if replications < 1:
        raise ValueError(f"replications = {replications}: must be >= 1")
    results = [run_one(scenario, seed, k, measure=whole_result) for k in range(replications)] if keep_results else []
    rows = [kpis(result) for result in results] or [run_one(scenario, seed, k) for k in range(replications)]
    table = pd.DataFrame(rows)
    table.index.name = "replication"
    return table, results


def replicate(
    scenario: Scenario, replications: int | None = None, seed: int | None = None
) -> pd.DataFrame:
    """One row of KPIs per replication 0..R-1 (:func:`run_replications` without the results)."""
    return run_replications(scenario, replications, seed, keep_results=False)[0]


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


def whole_result(result: SimulationResult) -> SimulationResult:
    """The run itself, records and all: the ``measure`` of :func:`run_one` for callers that keep runs."""
    return result
