"""The plans a staffing report talks about, and which one it recommends.

A :class:`PlanFacts` is one plan with everything the report says about it:
its head counts and planned cost, its runs (replications 0..R-1, the same
customers as every other plan) and how it fares against each target (the
run's mean, the worst interval, the slack). :func:`measure_plans` simulates
plans and judges them exactly as the optimiser does
(:class:`simlib.experiments.plan_runs.PlanRuns`); :func:`search_facts` takes
the chosen plan of a search.

:func:`recommend` starts from today's plan: when it meets every target, only
a cheaper plan that also meets them is recommended; a plan dearer than
today's that serves worse on the targets is never recommended. Costs and
slacks are compared as the report prints them (:func:`shown_money`,
:func:`shown_points`), so a sentence never calls a plan cheaper while
printing the same cost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from simlib.analysis.intervals import Targets, interval_kpis
from simlib.analysis.shift_plan import ShiftOption, cost_per_head
from simlib.experiments.executors import Submitter
from simlib.experiments.optimise import PlanSearch
from simlib.experiments.plan_runs import PlanRuns
from simlib.experiments.plan_space import default_rates
from simlib.experiments.replications import summarise
from simlib.experiments.sweeps import progress_bar
from simlib.model.scenario import Scenario
from simlib.report.paired import paired_difference

__all__ = ["PlanFacts", "Recommendation", "measure_plans", "plan_costs", "recommend", "search_facts",
           "shown_money", "shown_points"]


def shown_money(cost: float) -> int:
    """Money (a cost, a profit) as the report prints it: whole currency units (or hours)."""
    return round(cost)


def shown_points(share: float) -> float:
    """A share as the report prints it, in percent with one decimal: 0.8012 -> 80.1."""
    return round(100 * share, 1)


@dataclass(frozen=True)
class PlanFacts:
    """One staffing plan and what the report knows about it.

    Attributes
    ----------
    plan
        Paid head count per searched shift.
    cost
        Planned cost: paid hours after the warm-up times the hourly cost
        (hours without a ``[business]`` section), as the optimiser counts it.
    runs
        One row per replication (index ``replication``), one column per KPI.
    checks
        One row per target (:func:`simlib.analysis.intervals.assess` columns:
        ``target``, ``at_least``, ``mean``, ``worst``, ``worst_interval``,
        ``worst_questions``, ``judged``, ``value``, ``slack``, ``met``), then
        KPI floors (``lowest_reputation``) with ``value`` the run mean.
    intervals
        Its KPIs per channel and interval of the week, added over the runs
        (:func:`simlib.analysis.intervals.interval_kpis`), or None.
    """

    plan: dict[str, int]
    cost: float
    runs: pd.DataFrame
    checks: pd.DataFrame
    intervals: pd.DataFrame | None = None

    @property
    def people(self) -> int:
        """Paid people on all searched shifts together."""
        return sum(self.plan.values())

    @cached_property
    def summary(self) -> pd.DataFrame:
        """Mean and 95% CI of every KPI over the runs (:func:`simlib.experiments.replications.summarise`)."""
        return summarise(self.runs)

    @property
    def meets(self) -> bool:
        """Whether every target is met."""
        return bool(self.checks["met"].all())

    @property
    def slack(self) -> float:
        """The smallest slack over the targets (a share; negative: missed by that much; -inf: nothing to judge)."""
        slack = float(self.checks["slack"].min())
        return -math.inf if math.isnan(slack) else slack

    @property
    def profit(self) -> float:
        """Mean profit over the runs (NaN without a ``[business]`` section)."""
        return float(self.runs["profit"].mean()) if "profit" in self.runs else math.nan

    def minus(self, other: PlanFacts) -> pd.DataFrame:
        """This plan minus ``other`` on the same customers: :func:`simlib.report.paired.paired_difference`."""
        return paired_difference(other.runs, self.runs)

    def dearer_than(self, other: PlanFacts) -> bool:
        """Whether this plan costs more than ``other``, as printed."""
        return shown_money(self.cost) > shown_money(other.cost)

    def cheaper_than(self, other: PlanFacts) -> bool:
        """Whether this plan costs less than ``other``, as printed."""
        return shown_money(self.cost) < shown_money(other.cost)

    def worse_than(self, other: PlanFacts) -> bool:
        """Whether this plan serves worse on the targets: less slack on its tightest target, as printed."""
        return shown_points(self.slack) < shown_points(other.slack)


def _facts(runs: PlanRuns, plan: tuple[int, ...]) -> PlanFacts:
    return PlanFacts(dict(zip(runs.shifts, plan)), runs.cost(plan), runs.runs[plan].rename_axis("replication"),
                     runs.checks[plan].drop(columns="scale"), interval_kpis(runs.counts[plan], runs.targets))


def plan_costs(scenario: Scenario, shifts: Sequence[str]) -> list[float]:
    """Planned cost of one paid person on each shift, as the optimiser's default pay rates count it."""
    rates = default_rates(scenario)
    return [cost_per_head(ShiftOption.from_shift(s, scenario.staff[s]), scenario, rates) for s in shifts]


def measure_plans(scenario: Scenario, plans: Sequence[Mapping[str, int]], replications: int, targets: Targets,
                  floors: Mapping[str, float], executor: Submitter | None, progress: bool,
                  step: int) -> list[PlanFacts]:
    """Simulate plans on replications 0..R-1 in one parallel batch and judge them against the targets.

    Parameters
    ----------
    scenario
        The business; a plan changes the head counts of its shifts.
    plans
        Shift -> paid head count; every plan names the same shifts.
    replications
        Runs per plan.
    targets
        Resolved targets, judged on the interval counts added over the runs.
    floors
        Run-level KPI -> lowest acceptable mean (``{"lowest_reputation": 70}``), or empty.
    executor
        Where to run (an open pool), or None: here.
    progress
        A progress bar (its title is ``step <step>``).
    step
        The report's step, for the progress bar.

    Returns
    -------
    list of PlanFacts
        One per plan, in order.
    """
    shifts = list(plans[0])
    keys = [tuple(int(plan[s]) for s in shifts) for plan in plans]
    with progress_bar(0, 0, progress, "plans") as bar:
        runs = PlanRuns(scenario, shifts, plan_costs(scenario, shifts), replications, targets, floors, 0.0,
                        executor, bar)
        runs.evaluate(keys, step)
    return [_facts(runs, key) for key in keys]


def search_facts(search: PlanSearch, scenario: Scenario) -> PlanFacts:
    """The chosen plan of a search as :class:`PlanFacts` (its runs and checks, costed as :func:`plan_costs`).

    For a profit search, whose plan is not judged against targets, ``checks`` is empty.
    """
    number = search.evaluated.loc[search.evaluated["chosen"], "plan"].iloc[0]
    runs = search.runs[search.runs["plan"] == number].set_index("replication").drop(columns=["plan", "seed"])
    cost = sum(n * c for n, c in zip(search.plan.values(), plan_costs(scenario, list(search.plan))))
    return PlanFacts(dict(search.plan), float(cost), runs, search.checks.reset_index(drop=True), search.intervals)


@dataclass(frozen=True)
class Recommendation:
    """What the report recommends, starting from today's plan.

    Attributes
    ----------
    kind
        ``"keep"``: today's plan meets every target and no cheaper plan found does;
        ``"cheaper"``: today's plan meets every target and a cheaper plan does too;
        ``"meets"``: today's plan misses a target and the cheapest plan found meets every one;
        ``"profit"``: no plan found meets every target; the most profitable plan serves at least as
        well as today's on them;
        ``"none"``: no plan found meets every target and none is recommended over today's.
    plan
        The recommended plan (today's for ``"keep"`` and ``"none"``).
    source
        ``"today"``, ``"cheapest"`` or ``"profit"``: where the plan comes from.
    """

    kind: str
    plan: PlanFacts
    source: str

    @property
    def changes(self) -> bool:
        """Whether the recommendation differs from today's plan."""
        return self.source != "today"


def recommend(today: PlanFacts, cheapest: PlanFacts | None, profit: PlanFacts | None) -> Recommendation:
    """The plan to recommend over today's, by the report's rules.

    1. Today's plan meets every target: the cheapest plan found, if it is
       cheaper and meets every target too; otherwise today's plan.
    2. It misses one: the cheapest plan found meeting every target.
    3. No plan found meets them: the most profitable plan, if it makes more
       profit than today's, serves at least as well on the targets (as much
       slack) and, when it is dearer, better; otherwise nothing changes.

    The rules never give a plan that is dearer than today's and serves worse
    on the targets, nor, when today's plan meets every target, one that is
    not cheaper.

    Parameters
    ----------
    today
        Today's plan.
    cheapest
        The cheapest-plan search's plan (it meets every target), or None.
    profit
        The profit search's plan, judged against the same targets, or None.
    """
    if today.meets:
        if cheapest is not None and cheapest.meets and cheapest.cheaper_than(today):
            return Recommendation("cheaper", cheapest, "cheapest")
        return Recommendation("keep", today, "today")
    if cheapest is not None and cheapest.meets:
        return Recommendation("meets", cheapest, "cheapest")
    if profit is not None and profit.plan != today.plan and shown_money(profit.profit) > shown_money(today.profit) \
            and not profit.worse_than(today) and (today.worse_than(profit) or not profit.dearer_than(today)):
        return Recommendation("profit", profit, "profit")
    return Recommendation("none", today, "today")
