"""The staffing report's numbers: from a scenario to a plan you can defend.

:func:`staffing_report` runs everything the report needs (the Erlang first
guess, each shift's head count swept around it, the cheapest plan meeting the
targets, the most profitable plan, and today's plan against the
recommendation on the same customers) and returns a :class:`StaffingReport`.
The other functions here answer the questions the report's sentences and
figures ask of it (a plan's cost, what one more person does, ...).

Times are in minutes unless a name says otherwise; money is in the
scenario's ``business.currency``; without a ``[business]`` section, plans
cost hours on duty. Guide: ``docs/experiments.md`` ("A staffing report").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simlib.analysis.estimate import erlang_estimate
from simlib.experiments.executors import open_executor
from simlib.experiments.optimise import PlanSearch, best_profit_plan, cheapest_plan, hours_on_duty
from simlib.experiments.replications import summarise
from simlib.experiments.sweeps import compare_paired, replicate_summary, summarise_sweep, sweep
from simlib.model.calendar import shift_intervals
from simlib.model.scenario import Scenario
from simlib.report.parameters import check_report_parameters

SWEEP_MARGIN = 2
"""The head-count sweep tries the Erlang estimate +- this, and today's count +- 1."""


@dataclass(frozen=True)
class StaffingReport:
    """Everything a staffing report shows, computed once by :func:`staffing_report`.

    Attributes
    ----------
    scenario
        The business as today (run length and seed included).
    replications
        Runs per plan (replications 0..R-1: every plan sees the same customers).
    service_level
        Target: lowest acceptable mean share of questions whose first reply
        starts within ``scenario.service.target_minutes``.
    reputation_floor
        Target: lowest acceptable mean of ``lowest_reputation`` (0-100), or None.
    shifts
        The shifts staffed by the report; the others keep today's head count.
    today
        Today's head count per searched shift.
    today_summary
        Today's KPIs: index KPI; ``mean``, ``ci_low``, ``ci_high``, ``half_width``, ``replications``.
    estimate
        :func:`simlib.analysis.estimate.erlang_estimate` for ``service_level``, one row per shift.
    head_counts
        The sweep, one shift at a time (the others as today), summarised:
        ``shift``, ``head count``, ``kpi``, ``mean``, ``ci_low``, ``ci_high``,
        ``half_width``, ``replications`` (one row per shift, count and KPI).
    ceiling
        KPIs with every searched shift at the most people the search tries
        (``ceiling_plan``): what head count alone can reach on these hours.
    ceiling_plan
        That plan (3 x the Erlang estimate + 5 per shift, as the optimiser).
    cheapest
        :func:`simlib.experiments.optimise.cheapest_plan`, or None when no plan meets the targets.
    profit
        :func:`simlib.experiments.optimise.best_profit_plan`, or None without a ``[business]`` section.
    recommended
        The plan compared with today: the cheapest meeting the targets, else
        the most profitable, else None.
    comparison
        :func:`simlib.experiments.sweeps.compare_paired` (recommended minus today),
        or None when there is no recommendation or it is today's plan.
    """

    scenario: Scenario
    replications: int
    service_level: float
    reputation_floor: float | None
    shifts: list[str]
    today: dict[str, int]
    today_summary: pd.DataFrame
    estimate: pd.DataFrame
    head_counts: pd.DataFrame
    ceiling: pd.DataFrame
    ceiling_plan: dict[str, int]
    cheapest: PlanSearch | None
    profit: PlanSearch | None
    recommended: dict[str, int] | None
    comparison: pd.DataFrame | None

    @property
    def currency(self) -> str:
        """The business's currency, or ``""`` without a ``[business]`` section."""
        return self.scenario.business.currency if self.scenario.business is not None else ""

    @property
    def targets(self) -> dict[str, float]:
        """KPI -> the lowest acceptable mean."""
        targets = {"service_level": self.service_level}
        if self.reputation_floor is not None:
            targets["lowest_reputation"] = self.reputation_floor
        return targets

    @property
    def recommended_by(self) -> str | None:
        """``"cheapest"``, ``"profit"`` or None: which search the recommendation comes from."""
        if self.recommended is None:
            return None
        return "cheapest" if self.cheapest is not None else "profit"


def staffing_report(
    scenario: Scenario,
    replications: int = 10,
    service_level: float = 0.8,
    reputation_floor: float | None = None,
    *,
    shifts: Sequence[str] | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> StaffingReport:
    """Simulate what a staffing report needs, all on the same customers (common random numbers).

    1. The Erlang first guess per shift (:func:`simlib.analysis.estimate.erlang_estimate`).
    2. Each searched shift's head count swept from its estimate - 2 to + 2
       (and today's count +- 1), the other shifts as today.
    3. A ceiling: every searched shift at the most people the search tries.
       If even that misses a target, no head count can meet it (the hours
       are the limit) and the cheapest-plan search is skipped.
    4. :func:`simlib.experiments.optimise.cheapest_plan` and, with a ``[business]``
       section, :func:`simlib.experiments.optimise.best_profit_plan`.
    5. :func:`simlib.experiments.sweeps.compare_paired`: the recommendation minus today.

    Parameters
    ----------
    scenario
        The business as today (``run.days`` and ``run.seed`` as wanted).
    replications
        Runs per plan, at least 2.
    service_level
        Lowest acceptable mean share of questions answered within
        ``service.target_minutes``, in (0, 1).
    reputation_floor
        Lowest acceptable mean ``lowest_reputation`` (0-100; needs a ``[business]`` section), or None.
    shifts
        Shifts to staff; default all. The others keep today's head count.
    workers
        Local processes (default all cores; 1: in this process).
    progress
        Progress bars (on standard error, or widgets in Jupyter).
    """
    names = check_report_parameters(scenario, replications, service_level, reputation_floor, shifts, workers)
    today = {s: scenario.staff[s].count for s in names}
    estimate = erlang_estimate(scenario, service_level)
    targets = {"service_level": float(service_level)}
    if reputation_floor is not None:
        targets["lowest_reputation"] = float(reputation_floor)
    ceiling_plan = {s: 3 * int(estimate.loc[s, "agents"]) + 5 for s in names}  # the optimiser's max_count
    options = dict(progress=progress, workers=workers)
    with open_executor(None, workers) as pool:
        options["executor"] = pool
        summaries, today_runs = [], None
        for shift in names:
            guess = int(estimate.loc[shift, "agents"])
            counts = sorted({c for c in (*range(guess - SWEEP_MARGIN, guess + SWEEP_MARGIN + 1),
                                         today[shift] - 1, today[shift], today[shift] + 1) if c >= 0})
            table = sweep(scenario, {f"staff.{shift}.count": counts}, replications, **options)
            summary = summarise_sweep(table).rename(columns={f"staff.{shift}.count": "head count"})
            summaries.append(summary.assign(shift=shift))
            if today_runs is None:  # today's plan is a point of every shift's sweep: take it from the first
                today_runs = table[table[f"staff.{shift}.count"] == today[shift]].drop(columns=f"staff.{shift}.count")
        head_counts = pd.concat(summaries, ignore_index=True)
        head_counts = head_counts[["shift", "head count", "kpi", "mean", "ci_low", "ci_high", "half_width",
                                   "replications"]]
        today_summary = summarise_sweep(today_runs).drop(columns="point").set_index("kpi")
        ceiling = replicate_summary(with_plan(scenario, ceiling_plan), replications, **options)
        cheapest = None
        if all(ceiling.loc[kpi, "mean"] >= target for kpi, target in targets.items()):
            cheapest = cheapest_plan(scenario, service_level, reputation_floor, replications, shifts=names, **options)
        profit = best_profit_plan(scenario, replications, shifts=names, **options) \
            if scenario.business is not None else None
        chosen = cheapest or profit
        recommended = dict(chosen.plan) if chosen is not None else None
        comparison = None
        if recommended is not None and recommended != today:
            comparison = compare_paired(scenario, with_plan(scenario, recommended), replications, **options)
    return StaffingReport(scenario, replications, float(service_level), reputation_floor, names, today,
                          today_summary, estimate, head_counts, ceiling, ceiling_plan, cheapest, profit,
                          recommended, comparison)


def with_plan(scenario: Scenario, plan: Mapping[str, int]) -> Scenario:
    """The scenario with these head counts.

    Parameters
    ----------
    scenario
        The business as today.
    plan
        Shift -> people on duty together; the other shifts keep their head count.

    Returns
    -------
    Scenario
        A validated copy (:meth:`Scenario.with_changes`).
    """
    return scenario.with_changes({f"staff.{shift}.count": int(count) for shift, count in plan.items()})


def planned_cost(scenario: Scenario, plan: Mapping[str, int]) -> float:
    """Hours on duty after the warm-up times ``business.staff_cost_per_hour`` (hours without a business).

    The same cost the optimiser minimises; only the shifts in ``plan`` count.

    Parameters
    ----------
    scenario
        The business (its shift hours, run length, warm-up and hourly cost).
    plan
        Shift -> people on duty together.

    Returns
    -------
    float
        The cost in the business's currency, or hours on duty without a ``[business]`` section.
    """
    rate = scenario.business.staff_cost_per_hour if scenario.business is not None else 1.0
    return sum(count * rate * hours_on_duty(scenario, shift) for shift, count in plan.items())


def off_duty_share(scenario: Scenario) -> float:
    """Share of the week's questions that arrive while nobody is on duty (0-1).

    From the weekly arrival profile (``hour_factor`` x ``day_factor``),
    without reputation feedback; a shift with ``count = 0`` is off duty.

    Parameters
    ----------
    scenario
        The business: its shifts and arrival profile.

    Returns
    -------
    float
        The share, 0 when no question arrives at all.
    """
    week = 7 * 24 * 60
    on_duty = np.zeros(week, dtype=bool)
    for shift in scenario.staff.values():
        if shift.count > 0:
            for start, end in shift_intervals(shift, 2 * week):  # week 2 includes week 1's overnight spill
                lo, hi = max(start, week), min(end, 2 * week)
                if hi > lo:
                    on_duty[int(lo) - week:int(math.ceil(hi)) - week] = True
    minutes = np.arange(week)
    hour_factor = np.asarray(scenario.arrivals.hour_factor)[(minutes // 60) % 24]
    day_factor = np.asarray(scenario.arrivals.day_factor)[minutes // (24 * 60)]
    rate = hour_factor * day_factor
    total = rate.sum()
    return float(rate[~on_duty].sum() / total) if total > 0 else 0.0


def sweep_value(report: StaffingReport, shift: str, count: int, kpi: str) -> pd.Series | None:
    """One point of the head-count sweep: ``kpi`` with ``count`` people on ``shift`` (the others as today).

    Parameters
    ----------
    report
        The report whose :attr:`StaffingReport.head_counts` to look in.
    shift, count, kpi
        The shift varied, its head count and the KPI.

    Returns
    -------
    pandas.Series or None
        That row of ``head_counts`` (``mean``, ``ci_low``, ``ci_high``, ...),
        or None if the sweep did not try that count.
    """
    rows = report.head_counts
    row = rows[(rows["shift"] == shift) & (rows["head count"] == count) & (rows["kpi"] == kpi)]
    return None if row.empty else row.iloc[0]


def marginal_gains(report: StaffingReport, kpi: str = "service_level") -> pd.Series:
    """Per shift: the mean change in ``kpi`` from one more person than today (the others as today).

    Parameters
    ----------
    report
        A computed report.
    kpi
        The KPI whose change to take (its own unit: a share for ``service_level``).

    Returns
    -------
    pandas.Series
        Indexed by shift, named ``kpi``.
    """
    gains = {}
    for shift in report.shifts:
        now, more = (sweep_value(report, shift, report.today[shift] + k, kpi) for k in (0, 1))
        gains[shift] = more["mean"] - now["mean"]
    return pd.Series(gains, name=kpi)


def _chosen_runs(search: PlanSearch) -> pd.DataFrame:
    """The chosen plan's runs, one row per replication."""
    number = search.evaluated.loc[search.evaluated["chosen"], "plan"].iloc[0]
    return search.runs[search.runs["plan"] == number].set_index("replication").drop(columns=["plan", "seed"])


def paired_plan_difference(a: PlanSearch, b: PlanSearch, kpi: str, confidence: float = 0.95) -> pd.Series:
    """B's chosen plan minus A's on one KPI, paired by replication (both searches use the same customers).

    Parameters
    ----------
    a, b
        Two plan searches on the same scenario and replications.
    kpi
        The KPI to compare, e.g. ``"profit"`` (in the business's currency).
    confidence
        Level of the interval.

    Returns
    -------
    pandas.Series
        ``difference`` (mean), ``ci_low``, ``ci_high``, ``half_width``, ``replications``.
    """
    runs_a, runs_b = _chosen_runs(a), _chosen_runs(b)
    summary = summarise((runs_b[kpi] - runs_a[kpi]).dropna().to_frame(kpi), confidence, bounds={})
    return summary.loc[kpi].rename({"mean": "difference"})
