"""The staffing report's numbers: from today's plan to a plan you can defend.

:func:`staffing_report` runs everything the report needs (the Erlang first
guess, each shift's head count swept around it, today's plan against the
targets, the cheapest plan meeting them, the most profitable plan) and
returns a :class:`StaffingReport` with the plan it recommends
(:func:`simlib.report.plans.recommend`). The other functions here answer the
questions the report's sentences and figures ask of it.

Planning is done at a fixed forecast: reputation feedback is turned off
(:func:`simlib.analysis.forecast.fixed_forecast`) unless asked for, and then
:meth:`StaffingReport.volume_moved` says how far the volume moved.

Times are in minutes unless a name says otherwise; money is in the
scenario's ``business.currency``; without a ``[business]`` section, plans
cost hours on duty. Guide: ``docs/experiments.md`` ("A staffing report").
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simlib.analysis.estimate import erlang_estimate
from simlib.analysis.forecast import feedback_on, fixed_forecast, volume_moved
from simlib.analysis.intervals import Targets
from simlib.experiments.executors import open_executor
from simlib.experiments.optimise import PlanSearch, best_profit_plan, cheapest_plan
from simlib.experiments.sweeps import summarise_sweep, sweep
from simlib.model.calendar import shift_intervals, weekly_rates
from simlib.model.scenario import Scenario
from simlib.report.parameters import check_report_parameters, report_replications
from simlib.report.plans import (
    PlanFacts,
    Recommendation,
    measure_plans,
    recommend,
    search_facts,
)

SWEEP_MARGIN = 2
"""The head-count sweep tries the Erlang estimate +- this, and today's count +- 1."""


@dataclass(frozen=True)
class StaffingReport:
    """Everything a staffing report shows, computed once by :func:`staffing_report`.

    Attributes
    ----------
    scenario
        The business as planned for: today's plan, and reputation feedback
        off unless ``feedback`` (run length and seed included).
    feedback
        Whether reputation feedback was left on (the volume then moves with the plan).
    replications
        Runs per plan (replications 0..R-1: every plan sees the same customers).
    targets
        The service targets, resolved (:class:`simlib.analysis.intervals.Targets`):
        per channel or for all, in every interval or on the run's mean.
    reputation_floor
        Target: lowest acceptable mean of ``lowest_reputation`` (0-100), or None.
    shifts
        The shifts staffed by the report; the others keep today's head count.
    estimate
        :func:`simlib.analysis.estimate.erlang_estimate` for :attr:`guide_share`, one row per shift.
    head_counts
        The sweep, one shift at a time (the others as today), summarised:
        ``shift``, ``head count``, ``kpi``, ``mean``, ``ci_low``, ``ci_high``,
        ``half_width``, ``replications`` (one row per shift, count and KPI).
    head_count_runs
        Shift -> that sweep's runs (``point``, ``head count``, ``replication``,
        ``seed`` and every KPI), for paired differences against a base count.
    today
        Today's plan: its cost, runs and checks against the targets.
    ceiling
        Every searched shift at the most people the report tries (3 x the
        Erlang estimate + 5): what head count alone can reach on these hours.
    cheapest
        :func:`simlib.experiments.optimise.cheapest_plan` (started from today's
        plan), or None when no plan meets the targets (see ``no_cheapest``).
    cheapest_facts
        Its chosen plan as :class:`~simlib.report.plans.PlanFacts`, or None.
    no_cheapest
        Why there is no cheapest plan: ``"ceiling"`` when even the ceiling
        misses a target (the search is skipped), else the search's message; None when there is one.
    profit
        :func:`simlib.experiments.optimise.best_profit_plan`, or None without a ``[business]`` section.
    profit_facts
        Its chosen plan judged against the same targets, or None.
    recommendation
        :func:`simlib.report.plans.recommend`: the plan recommended over today's.
    """

    scenario: Scenario
    feedback: bool
    replications: int
    targets: Targets
    reputation_floor: float | None
    shifts: list[str]
    estimate: pd.DataFrame
    head_counts: pd.DataFrame
    head_count_runs: dict[str, pd.DataFrame]
    today: PlanFacts
    ceiling: PlanFacts
    cheapest: PlanSearch | None
    cheapest_facts: PlanFacts | None
    no_cheapest: str | None
    profit: PlanSearch | None
    profit_facts: PlanFacts | None
    recommendation: Recommendation

    @property
    def currency(self) -> str:
        """The business's currency, or ``""`` without a ``[business]`` section."""
        return self.scenario.business.currency if self.scenario.business is not None else ""

    @property
    def guide_share(self) -> float:
        """The highest share among the service-level targets: what Erlang's first guess is asked for."""
        return guide_share(self.targets)

    @property
    def kpi_floors(self) -> dict[str, float]:
        """KPI -> lowest acceptable value, for the KPIs a figure plots against head count.

        ``service_level`` (within ``service.target_minutes``, all channels)
        when a target on the run's mean is on exactly that, and
        ``lowest_reputation`` with a floor. A target in every interval is not
        a floor on the run's mean, so it is not among them.
        """
        floors = {}
        minutes = self.scenario.service.target_minutes
        plain = [t.at_least for t in self.targets.targets if t.kpi == "service_level" and t.channel is None
                 and t.within_minutes == minutes and not t.every_interval]
        if plain:
            floors["service_level"] = max(plain)
        if self.reputation_floor is not None:
            floors["lowest_reputation"] = self.reputation_floor
        return floors

    @property
    def comparison(self) -> pd.DataFrame | None:
        """The recommended plan minus today's on the same customers
        (:func:`simlib.report.paired.paired_difference`), or None when nothing changes."""
        if not self.recommendation.changes:
            return None
        return self.recommendation.plan.minus(self.today)

    def plans(self) -> dict[str, PlanFacts]:
        """Today's plan and each plan found, by name: ``today``, ``cheapest``, ``profit``."""
        found = {"today": self.today, "cheapest": self.cheapest_facts, "profit": self.profit_facts}
        return {name: facts for name, facts in found.items() if facts is not None}

    def volume_moved(self) -> pd.Series:
        """With reputation feedback on: per plan (:meth:`plans`), the mean questions of its runs against
        the forecast (+0.43: 43% more; :func:`simlib.analysis.forecast.volume_moved`). Empty with it off."""
        if not feedback_on(self.scenario):
            return pd.Series(dtype=float)
        return pd.Series({name: volume_moved(facts.runs["questions"].mean(), self.scenario)
                          for name, facts in self.plans().items()})


def guide_share(targets: Targets) -> float:
    """The highest share among the service-level targets (0.8 when there is none)."""
    return max((t.at_least for t in targets.targets if t.kpi == "service_level"), default=0.8)


class _Steps:
    """``report step k of n: ...`` on standard error, before each step's own progress bar."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.done = total, enabled, 0

    def start(self, what: str) -> int:
        self.done += 1
        if self.enabled:
            print(f"report step {self.done} of {self.total}: {what}", file=sys.stderr, flush=True)
        return self.done


def staffing_report(
    scenario: Scenario,
    replications: int | None = None,
    service_level: float | Targets = 0.8,
    reputation_floor: float | None = None,
    *,
    shifts: Sequence[str] | None = None,
    feedback: bool = False,
    workers: int | None = None,
    progress: bool = True,
) -> StaffingReport:
    """Simulate what a staffing report needs, all on the same customers (common random numbers).

    1. The Erlang first guess per shift, then each searched shift's head
       count swept from its estimate - 2 to + 2 (and today's count +- 1),
       the other shifts as today.
    2. Today's plan against the targets, and a ceiling: every searched shift
       at the most people the report tries. If even that misses a target, no
       head count can meet it (the hours are the limit) and the search is skipped.
    3. :func:`simlib.experiments.optimise.cheapest_plan`, which starts from today's plan.
    4. With a ``[business]`` section, :func:`simlib.experiments.optimise.best_profit_plan`,
       then its plan against the same targets.

    The recommendation follows :func:`simlib.report.plans.recommend`. With
    ``progress``, each step is announced on standard error (``report step k
    of n``) above its own progress bar (runs done, runs left, time left).

    Parameters
    ----------
    scenario
        The business as today (``run.days`` and ``run.seed`` as wanted).
    replications
        Runs per plan, at least 2; default ``run.replications`` of the
        scenario (or :data:`simlib.report.parameters.FALLBACK_REPLICATIONS`
        when that is below 2).
    service_level
        :class:`~simlib.analysis.intervals.Targets`
        (:func:`simlib.report.parameters.report_targets`: per channel, every
        interval or the run's mean), or a share in (0, 1) answered within
        ``service.target_minutes`` on the run's mean.
    reputation_floor
        Lowest acceptable mean ``lowest_reputation`` (0-100; needs a ``[business]`` section), or None.
    shifts
        Shifts to staff; default all. The others keep today's head count.
    feedback
        Keep reputation feedback on (the volume then follows the plan); by
        default it is off and every plan faces the forecast.
    workers
        Local processes (default all cores; 1: in this process).
    progress
        Progress on standard error (widgets in Jupyter).
    """
    replications = report_replications(scenario, replications)[0]
    names, targets = check_report_parameters(scenario, replications, service_level, reputation_floor, shifts,
                                             workers)
    planned = scenario if feedback else fixed_forecast(scenario)
    today_plan = {s: planned.staff[s].count for s in names}
    estimate = erlang_estimate(planned, guide_share(targets))
    ceiling_plan = {s: 3 * int(estimate.loc[s, "agents"]) + 5 for s in names}
    floors = {} if reputation_floor is None else {"lowest_reputation": float(reputation_floor)}
    steps = _Steps(3 + (planned.business is not None), progress)
    with open_executor(None, workers) as pool:
        options = {"progress": progress, "executor": pool}
        counts = {s: _head_counts_tried(int(estimate.loc[s, "agents"]), today_plan[s]) for s in names}
        steps.start(f"head counts, one shift at a time ({sum(map(len, counts.values()))} points x "
                    f"{replications} runs)")
        head_count_runs = {s: sweep(planned, {f"staff.{s}.count": c}, replications, **options)
                           .rename(columns={f"staff.{s}.count": "head count"}) for s, c in counts.items()}
        step = steps.start(f"today's plan and the ceiling (2 plans x {replications} runs)")
        today, ceiling = measure_plans(planned, [today_plan, ceiling_plan], replications, targets, floors, pool,
                                       progress, step)
        step = steps.start("the cheapest plan meeting the targets, from today's plan (a search: each of its "
                           "steps counts its runs)" if ceiling.meets else
                           "the cheapest plan meeting the targets: skipped, the ceiling misses a target")
        cheapest, cheapest_facts, no_cheapest = None, None, "ceiling"
        if ceiling.meets:
            try:
                cheapest = cheapest_plan(planned, targets, reputation_floor, replications, shifts=names, **options)
            except ValueError as error:  # no plan within the head counts allowed meets the targets
                no_cheapest = str(error)
            else:
                cheapest_facts, no_cheapest = search_facts(cheapest, planned), None
        profit = profit_facts = None
        if planned.business is not None:
            step = steps.start("the most profitable plan (a search), then its plan against the targets")
            profit = best_profit_plan(planned, replications, shifts=names, **options)
            known = [f for f in (today, cheapest_facts, ceiling) if f is not None and f.plan == profit.plan]
            profit_facts = known[0] if known else \
                measure_plans(planned, [profit.plan], replications, targets, floors, pool, progress, step)[0]
    head_counts = pd.concat([summarise_sweep(runs).assign(shift=s) for s, runs in head_count_runs.items()],
                            ignore_index=True)
    head_counts = head_counts[["shift", "head count", "kpi", "mean", "ci_low", "ci_high", "half_width",
                               "replications"]]
    return StaffingReport(planned, feedback_on(planned), replications, targets,
                          None if reputation_floor is None else float(reputation_floor), names, estimate,
                          head_counts, head_count_runs, today, ceiling, cheapest, cheapest_facts, no_cheapest,
                          profit, profit_facts, recommend(today, cheapest_facts, profit_facts))


def _head_counts_tried(guess: int, today: int) -> list[int]:
    """The Erlang guess +- :data:`SWEEP_MARGIN` and today's count +- 1, at least 0, ascending."""
    return sorted({c for c in (*range(guess - SWEEP_MARGIN, guess + SWEEP_MARGIN + 1), today - 1, today, today + 1)
                   if c >= 0})


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


def off_duty_share(scenario: Scenario) -> float:
    """Share of the week's questions that arrive while nobody is on duty (0-1).

    From the weekly arrival profile (:func:`simlib.model.calendar.weekly_rates`),
    without calendar events or reputation feedback; a shift with ``count = 0`` is off duty.

    Parameters
    ----------
    scenario
        The business: its shifts and arrival profile.

    Returns
    -------
    float
        The share, 0 when no question arrives at all.
    """
    on_duty = on_duty_minutes(scenario)
    rate = np.repeat(weekly_rates(scenario, 5), 5)  # per minute of the week
    total = rate.sum()
    return float(rate[~on_duty].sum() / total) if total > 0 else 0.0


def on_duty_minutes(scenario: Scenario) -> np.ndarray:
    """For each minute of the week (Monday 00:00 first): whether someone is on duty (a shift with people)."""
    week = 7 * 24 * 60
    on_duty = np.zeros(week, dtype=bool)
    for shift in scenario.staff.values():
        if shift.count > 0:
            for start, end in shift_intervals(shift, 2 * week):  # week 2 includes week 1's overnight spill
                lo, hi = max(start, week), min(end, 2 * week)
                if hi > lo:
                    on_duty[int(lo) - week:int(math.ceil(hi)) - week] = True
    return on_duty


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
        now, more = (sweep_value(report, shift, report.today.plan[shift] + k, kpi) for k in (0, 1))
        gains[shift] = more["mean"] - now["mean"]
    return pd.Series(gains, name=kpi)
