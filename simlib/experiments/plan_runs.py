"""Simulating staffing plans: each on the same replications, in parallel batches, never twice.

A *plan* is a head count per shift (people paid). Every plan runs
replications 0..R-1 of the scenario's seed, so all plans see the same
customers and their differences come from the staffing (common random
numbers). A plan is judged against its targets:

- per-interval targets (:class:`simlib.analysis.intervals.Targets`), on the
  interval counts added over the R runs (:func:`simlib.analysis.intervals.assess`);
- floors on a run-level KPI (``{"lowest_reputation": 74}``), on the mean of
  the R runs.

With shrinkage ``s`` a plan of ``n`` paid people on a shift puts
``floor(n (1 - s))`` on duty in the simulation (:func:`on_duty`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from contextlib import closing
from functools import partial

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from simlib.analysis.intervals import Targets, add_counts, assess, interval_counts
from simlib.analysis.kpis import kpis
from simlib.experiments.replications import summarise
from simlib.experiments.sweeps import point_scenarios, run_many
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario

__all__ = ["CHECK_COLUMNS", "Plan", "PlanRuns", "measure_plan", "on_duty"]

Plan = tuple[int, ...]
"""Paid head counts of the searched shifts, in order."""

REPORTED_KPIS = ("service_level", "lowest_reputation", "staff_cost", "profit")
"""KPIs of every evaluated plan in the table of :meth:`PlanRuns.table` (those the scenario has)."""

CHECK_COLUMNS = ("target", "at_least", "mean", "worst", "worst_interval", "worst_questions", "judged", "value",
                 "slack", "met")
"""Columns of a plan's check table (as :func:`simlib.analysis.intervals.assess`)."""


def on_duty(paid: int, shrinkage: float) -> int:
    """People on duty out of ``paid`` when a share ``shrinkage`` of paid time is lost: ``floor(paid (1 - s))``."""
    return math.floor(paid * (1 - shrinkage) + 1e-9)


def measure_plan(result: SimulationResult, targets: Targets | None) -> tuple[dict[str, float], pd.DataFrame | None]:
    """What a plan's run is judged on (measured in the worker): its KPIs, and its interval counts with targets."""
    return kpis(result), None if targets is None else interval_counts(result, targets)


def _floor_scale(kpi: str) -> float:
    """A reputation point is worth 1/100 of a share when slacks are compared (the score runs 0-100)."""
    return 100.0 if "reputation" in kpi else 1.0


class PlanRuns:
    """Plans simulated so far, their KPIs and how they fare against the targets.

    Parameters
    ----------
    base
        The scenario with every searched shift present (any head count).
    shifts
        Names of the searched shifts, in plan order.
    costs
        Cost of one paid person on each shift (currency, or hours).
    replications
        Runs per plan.
    targets
        Per-interval targets, resolved (or None).
    floors
        Run-level KPI -> the lowest acceptable mean over the replications.
    shrinkage
        Share of paid time lost; see :func:`on_duty`.
    pool, bar
        Where to run (None: here) and a progress bar (None: quiet).
    """

    def __init__(self, base: Scenario, shifts: Sequence[str], costs: Sequence[float], replications: int,
                 targets: Targets | None, floors: Mapping[str, float], shrinkage: float,
                 pool: Executor | None, bar: tqdm | None) -> None:
        self.base, self.shifts, self.costs = base, list(shifts), list(costs)
        self.replications, self.targets, self.floors = replications, targets, dict(floors)
        self.shrinkage, self.pool, self.bar = shrinkage, pool, bar
        self.runs: dict[Plan, pd.DataFrame] = {}
        self.checks: dict[Plan, pd.DataFrame] = {}
        self.counts: dict[Plan, pd.DataFrame] = {}
        self.steps: dict[Plan, int] = {}

    def cost(self, plan: Plan) -> float:
        """Planned cost: paid people times their cost per person."""
        return float(sum(n * c for n, c in zip(plan, self.costs)))

    def mean(self, plan: Plan, kpi: str) -> float:
        return float(self.runs[plan][kpi].mean())

    def meets(self, plan: Plan) -> bool:
        """Every target met (True for a search without targets)."""
        return bool(self.checks[plan]["met"].all())

    def score(self, plan: Plan) -> tuple[float, float]:
        """How comfortably a plan meets its targets, to break ties between plans of equal cost.

        ``(slack, spare)``: the smallest slack over the targets (the worst
        interval's or the mean's margin, in shares; negative when missed),
        then the sum of the run means' margins. Higher is better.
        """
        checks = self.checks[plan]
        if checks.empty:
            return (0.0, 0.0)
        slack = checks["slack"].min()
        spare = ((checks["mean"] - checks["at_least"]) / checks["scale"]).sum()
        return (-math.inf if np.isnan(slack) else float(slack), -math.inf if np.isnan(spare) else float(spare))

    def evaluate(self, plans: Sequence[Plan], step: int) -> None:
        """Simulate the plans not seen yet, all in one parallel batch."""
        new = [p for p in dict.fromkeys(plans) if p not in self.runs]
        if not new:
            return
        points = [{f"staff.{s}.count": on_duty(n, self.shrinkage) for s, n in zip(self.shifts, plan)} for plan in new]
        scenarios = point_scenarios(self.base, points)
        runs = [(i, k) for i in range(len(new)) for k in range(self.replications)]
        if self.bar is not None:  # one bar, reset for each step: its total is known when the step starts
            self.bar.reset(total=len(runs))
            self.bar.set_description(f"step {step}: {len(new)} plan{'s' * (len(new) > 1)} ({len(self.runs)} before)")
        figures: list[dict[int, dict[str, float]]] = [{} for _ in new]
        counts: list[list[pd.DataFrame]] = [[] for _ in new]
        seeds = [self.base.run.seed] * len(new)
        measure = partial(measure_plan, targets=self.targets)
        with closing(run_many(scenarios, seeds, runs, self.pool, self.bar, measure=measure)) as finished:
            for (i, k), (kpi_values, interval_table) in finished:
                figures[i][k] = kpi_values
                if interval_table is not None:
                    counts[i].append(interval_table)
        for plan, table, tables in zip(new, figures, counts):
            self.runs[plan] = pd.DataFrame.from_dict(table, orient="index").sort_index()
            self.steps[plan] = step
            if tables:
                self.counts[plan] = add_counts(tables)
            self.checks[plan] = self._check(plan)

    def _check(self, plan: Plan) -> pd.DataFrame:
        """One row per target (per-interval targets, then KPI floors), as :data:`CHECK_COLUMNS`, plus ``scale``."""
        parts = []
        if self.targets is not None:
            parts.append(assess(self.counts[plan], self.targets).assign(scale=1.0))
        rows = []
        for kpi, floor in self.floors.items():
            mean, scale = self.mean(plan, kpi), _floor_scale(kpi)
            slack = (mean - floor) / scale
            rows.append({"target": kpi, "at_least": floor, "mean": mean, "worst": math.nan, "worst_interval": "",
                         "worst_questions": math.nan, "judged": 0, "value": mean, "slack": slack,
                         "met": bool(slack >= 0), "scale": scale})
        if rows:
            parts.append(pd.DataFrame(rows))
        if not parts:
            return pd.DataFrame(columns=[*CHECK_COLUMNS, "scale"])
        return pd.concat(parts, ignore_index=True)

    def table(self, chosen: Plan, starts: Mapping[str, Plan]) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Every plan simulated (one row each, in order) and every run (one row each).

        The plan table has ``plan`` (from 0), ``step``, ``start`` (the names
        of the starts it was, joined by " and ", or ""), a column per shift, ``planned_cost``, mean
        and 95% CI of :data:`REPORTED_KPIS` (``<kpi>``, ``<kpi>_ci_low``,
        ``<kpi>_ci_high``), the value each target is judged on (a column
        named by the target; KPI floors by the KPI, with their CI),
        ``slack``, ``meets_targets`` and ``chosen``.
        """
        names: dict[Plan, str] = {}
        for name, plan in starts.items():  # one plan may be two starts: "today and integer program"
            names[plan] = f"{names[plan]} and {name}" if plan in names else name
        rows = []
        for number, (plan, runs) in enumerate(self.runs.items()):
            row = {"plan": number, "step": self.steps[plan], "start": names.get(plan, ""),
                   **dict(zip(self.shifts, plan)), "planned_cost": self.cost(plan)}
            summary = summarise(runs)
            for kpi in (k for k in REPORTED_KPIS if k in summary.index):
                row |= {kpi: summary.loc[kpi, "mean"], f"{kpi}_ci_low": summary.loc[kpi, "ci_low"],
                        f"{kpi}_ci_high": summary.loc[kpi, "ci_high"]}
            checks = self.checks[plan]
            for _, check in checks.iterrows():
                row[check["target"]] = check["value"]
            row |= {"slack": self.score(plan)[0] if len(checks) else math.nan, "meets_targets": self.meets(plan),
                    "chosen": plan == chosen}
            rows.append(row)
        runs = pd.concat({number: table for number, table in enumerate(self.runs.values())},
                         names=["plan", "replication"]).reset_index()
        runs.insert(2, "seed", self.base.run.seed)
        return pd.DataFrame(rows), runs
