"""Staffing plans by search: the cheapest plan that meets the targets, and the most profitable one.

A *plan* is a head count per shift. Both searches start from the Erlang
estimate (:func:`simlib.analysis.estimate.erlang_estimate`) and move one person at a
time, judging each plan on the **mean** of ``replications`` simulated runs
(replications 0..R-1 of the scenario's seed, so every plan sees the same
customers and differences between plans come from the staffing). The 95%
intervals are reported beside the means. Each step's candidate plans run in
parallel on the same executor as :func:`simlib.experiments.sweeps.sweep`, and no
plan is simulated twice.

- :func:`cheapest_plan`: add people where they close most of the gap per
  unit of cost until the targets are met, then remove people (or move one to
  a cheaper shift) while the targets still hold. In the plan returned,
  removing anyone on any searched shift breaks a target.
- :func:`best_profit_plan`: climb to the neighbouring plan (one person more
  or fewer on one shift) with the highest mean profit until none is better.

Cost is the planned cost: hours on duty after the warm-up (without overtime)
times ``business.staff_cost_per_hour``, or just the hours without a
``[business]`` section. The simulated ``staff_cost`` (with overtime) is
reported too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from contextlib import closing
from dataclasses import dataclass

import pandas as pd
from tqdm.auto import tqdm

from simlib.analysis.estimate import erlang_estimate
from simlib.errors import ScenarioError
from simlib.experiments.executors import Submitter, open_executor
from simlib.experiments.replications import summarise
from simlib.experiments.sweeps import point_scenarios, progress_bar, run_many
from simlib.model.calendar import shift_intervals
from simlib.model.scenario import Scenario

Plan = tuple[int, ...]
"""Head counts of the searched shifts, in the scenario's shift order."""

REPORTED_KPIS = ("service_level", "lowest_reputation", "staff_cost", "profit")
"""KPIs of every evaluated plan in :attr:`PlanSearch.evaluated` (those the scenario has)."""

REPUTATION_SCALE = 100.0
"""Reputation points per unit of service level when adding up shortfalls (the score runs 0-100)."""


@dataclass(frozen=True)
class PlanSearch:
    """What a plan search found.

    Attributes
    ----------
    goal
        ``"cheapest"`` or ``"profit"``.
    plan
        Chosen head count per searched shift.
    summary
        Its KPIs: index KPI; ``mean``, ``ci_low``, ``ci_high``, ``half_width``, ``replications``.
    estimate
        The Erlang starting point (:func:`simlib.analysis.estimate.erlang_estimate`), one row per shift.
    evaluated
        One row per plan simulated, in the order they were: ``plan`` (from 0),
        ``step`` (the search step that asked for it, 0 = the start), a column
        per searched shift (head count), ``planned_cost``, mean and 95% CI of
        :data:`REPORTED_KPIS` (``<kpi>``, ``<kpi>_ci_low``, ``<kpi>_ci_high``),
        ``meets_targets`` (cheapest search only) and ``chosen``.
    runs
        One row per run: ``plan``, ``replication``, ``seed`` and every KPI.
    targets
        KPI -> the lowest acceptable mean (cheapest search; empty for profit).
    """

    goal: str
    plan: dict[str, int]
    summary: pd.DataFrame
    estimate: pd.DataFrame
    evaluated: pd.DataFrame
    runs: pd.DataFrame
    targets: dict[str, float]


class _Evaluator:
    """Simulates plans in parallel batches and remembers every one."""

    def __init__(self, scenario: Scenario, shifts: Sequence[str], replications: int,
                 pool: Executor | None, bar: tqdm | None) -> None:
        self.scenario, self.shifts, self.replications = scenario, list(shifts), replications
        self.pool, self.bar = pool, bar
        self.runs: dict[Plan, pd.DataFrame] = {}
        self.steps: dict[Plan, int] = {}
        rate = scenario.business.staff_cost_per_hour if scenario.business is not None else 1.0
        self.cost_per_person = [rate * hours_on_duty(scenario, s) for s in self.shifts]

    def cost(self, plan: Plan) -> float:
        """Planned cost: hours on duty times the hourly cost (currency; hours without a business)."""
        return sum(n * c for n, c in zip(plan, self.cost_per_person))

    def mean(self, plan: Plan, kpi: str) -> float:
        return float(self.runs[plan][kpi].mean())

    def evaluate(self, plans: Sequence[Plan], step: int) -> None:
        """Simulate the plans not seen yet, all in one parallel batch."""
        new = [p for p in dict.fromkeys(plans) if p not in self.runs]
        if not new:
            return
        points = [{f"staff.{s}.count": n for s, n in zip(self.shifts, plan)} for plan in new]
        scenarios = point_scenarios(self.scenario, points)
        runs = [(i, k) for i in range(len(new)) for k in range(self.replications)]
        if self.bar is not None:
            self.bar.total += len(runs)
            self.bar.refresh()
        figures: list[dict[int, dict[str, float]]] = [{} for _ in new]
        seeds = [self.scenario.run.seed] * len(new)
        with closing(run_many(scenarios, seeds, runs, self.pool, self.bar)) as finished:
            for (i, k), kpis in finished:
                figures[i][k] = kpis
        for plan, table in zip(new, figures):
            self.runs[plan] = pd.DataFrame.from_dict(table, orient="index").sort_index()
            self.steps[plan] = step

    def neighbours(self, plan: Plan, highest: Sequence[int], down: bool = True, up: bool = True) -> list[Plan]:
        """Plans one person away on one shift, within 0..highest."""
        found = []
        for i, n in enumerate(plan):
            for change, allowed in ((-1, down and n > 0), (1, up and n < highest[i])):
                if allowed:
                    found.append(plan[:i] + (n + change,) + plan[i + 1:])
        return found

    def result(self, goal: str, chosen: Plan, estimate: pd.DataFrame, targets: dict[str, float],
               meets: Callable[[Plan], bool] | None) -> PlanSearch:
        rows = []
        for number, (plan, runs) in enumerate(self.runs.items()):
            row = {"plan": number, "step": self.steps[plan], **dict(zip(self.shifts, plan)),
                   "planned_cost": self.cost(plan)}
            summary = summarise(runs)
            for kpi in (k for k in REPORTED_KPIS if k in summary.index):
                row |= {kpi: summary.loc[kpi, "mean"], f"{kpi}_ci_low": summary.loc[kpi, "ci_low"],
                        f"{kpi}_ci_high": summary.loc[kpi, "ci_high"]}
            if meets is not None:
                row["meets_targets"] = meets(plan)
            rows.append(row | {"chosen": plan == chosen})
        runs = pd.concat({number: table for number, table in enumerate(self.runs.values())},
                         names=["plan", "replication"]).reset_index()
        runs.insert(2, "seed", self.scenario.run.seed)
        return PlanSearch(goal, dict(zip(self.shifts, chosen)), summarise(self.runs[chosen]), estimate,
                          pd.DataFrame(rows), runs, targets)


def hours_on_duty(scenario: Scenario, shift: str) -> float:
    """Hours one member of a shift is on duty between the warm-up and the horizon.

    A plan's planned cost is these hours times the head count times
    ``business.staff_cost_per_hour`` (overtime to finish a reply not included).

    Parameters
    ----------
    scenario
        The business: the shift's hours and days, ``run.days`` and the warm-up.
    shift
        Name of a shift in ``scenario.staff``.

    Returns
    -------
    float
        Hours (not minutes) in one run after the warm-up.
    """
    start, end = scenario.warmup_minutes, scenario.horizon_minutes
    periods = shift_intervals(scenario.staff[shift], end)
    return sum(max(0.0, min(b, end) - max(a, start)) for a, b in periods) / 60


def _setup(scenario: Scenario, shifts: Sequence[str] | None, service_level: float,
           max_count: int | None) -> tuple[list[str], pd.DataFrame, Plan, list[int]]:
    """Searched shifts, the Erlang estimate, the starting plan and the largest head count per shift."""
    if not scenario.staff:
        raise ScenarioError("the scenario has no shifts to staff: add a [staff.NAME] section")
    if max_count is not None and max_count < 0:
        raise ValueError(f"max_count = {max_count}: must be >= 0")
    shifts = list(scenario.staff) if shifts is None else list(shifts)
    for shift in shifts:
        if shift not in scenario.staff:
            raise ScenarioError(f"staff.{shift}: no such shift (shifts: {', '.join(scenario.staff)})")
    estimate = erlang_estimate(scenario, service_level)
    guess = [int(estimate.loc[s, "agents"]) for s in shifts]
    highest = [3 * g + 5 if max_count is None else max_count for g in guess]
    return shifts, estimate, tuple(min(g, h) for g, h in zip(guess, highest)), highest


def cheapest_plan(
    scenario: Scenario,
    service_level: float = 0.8,
    reputation_floor: float | None = None,
    replications: int = 10,
    *,
    shifts: Sequence[str] | None = None,
    max_count: int | None = None,
    executor: Submitter | str | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> PlanSearch:
    """The cheapest head count per shift whose mean service level and reputation meet the targets.

    Parameters
    ----------
    scenario
        The business; its ``service.target_minutes`` defines the service level.
    service_level
        Lowest acceptable mean share of replies started within the target, in [0, 1].
    reputation_floor
        Lowest acceptable mean of ``lowest_reputation`` (0-100; needs a
        ``[business]`` section); None: no reputation target.
    replications
        Runs per plan (replications 0..R-1, common to all plans).
    shifts
        Shifts to staff; default all. Others keep the scenario's head count.
    max_count
        Largest head count tried on a shift; default 3 x its Erlang estimate + 5.
    executor, workers, progress
        As in :func:`simlib.experiments.sweeps.sweep`.

    Returns
    -------
    PlanSearch
        The plan, its KPIs with CIs, the Erlang estimate and every plan tried.

    Raises
    ------
    ValueError
        If no plan within ``max_count`` meets the targets (the message says which).
    """
    if not 0 <= service_level <= 1:
        raise ValueError(f"service_level = {service_level!r}: must be in [0, 1]")
    targets = {"service_level": float(service_level)}
    if reputation_floor is not None:
        if scenario.business is None:
            raise ScenarioError("reputation_floor needs a [business] section (it sets lowest_reputation)")
        targets["lowest_reputation"] = float(reputation_floor)
    _check_replications(replications)
    names, estimate, plan, highest = _setup(scenario, shifts, service_level, max_count)
    with open_executor(executor, workers) as pool, progress_bar(0, 0, progress, "plans") as bar:
        plans = _Evaluator(scenario, names, replications, pool, bar)

        def shortfall(p: Plan) -> float:
            return sum(max(0.0, target - plans.mean(p, kpi)) / (REPUTATION_SCALE if "reputation" in kpi else 1)
                       for kpi, target in targets.items())

        def meets(p: Plan) -> bool:
            return shortfall(p) == 0

        step = 0
        plans.evaluate([plan], step)
        while not meets(plan):  # add the person who closes most of the gap per unit of cost
            step += 1
            more = plans.neighbours(plan, highest, down=False)
            if not more:
                wanted = " and ".join(f"{k} >= {v:g}" for k, v in targets.items())
                raise ValueError(f"no plan up to {_limits(names, highest)} per shift meets {wanted} "
                                 f"(mean of {replications} replications); raise max_count or relax the targets")
            plans.evaluate(more, step)
            gap, cost = shortfall(plan), plans.cost(plan)
            plan = max(more, key=lambda p: ((gap - shortfall(p)) / max(plans.cost(p) - cost, 1e-9), -shortfall(p)))
        while True:  # remove a person, or move one to a cheaper shift, while the targets hold
            step += 1
            fewer = plans.neighbours(plan, highest, up=False)
            moved = [m for f in fewer for m in plans.neighbours(f, highest, down=False)
                     if plans.cost(m) < plans.cost(plan)]
            candidates = [*fewer, *moved]
            plans.evaluate(candidates, step)
            cheaper = [p for p in candidates if meets(p)]
            if not cheaper:
                break
            plan = min(cheaper, key=lambda p: (plans.cost(p), sum(p)))
    return plans.result("cheapest", plan, estimate, targets, meets)


def best_profit_plan(
    scenario: Scenario,
    replications: int = 10,
    *,
    start_service_level: float = 0.8,
    shifts: Sequence[str] | None = None,
    max_count: int | None = None,
    executor: Submitter | str | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> PlanSearch:
    """The head count per shift with the highest mean profit (revenue minus staff cost), by hill climbing.

    Starts from the Erlang estimate for ``start_service_level`` and moves to
    the best neighbouring plan (one person more or fewer on one shift) while
    that raises the mean profit, so the plan returned is at least as good as
    each of its neighbours (a local optimum). Needs a ``[business]`` section.
    Other parameters as in :func:`cheapest_plan`.
    """
    if scenario.business is None:
        raise ScenarioError("best_profit_plan needs a [business] section (profit = revenue - staff cost)")
    _check_replications(replications)
    names, estimate, plan, highest = _setup(scenario, shifts, start_service_level, max_count)
    with open_executor(executor, workers) as pool, progress_bar(0, 0, progress, "plans") as bar:
        plans = _Evaluator(scenario, names, replications, pool, bar)
        step = 0
        plans.evaluate([plan], step)
        while True:
            step += 1
            around = plans.neighbours(plan, highest)
            plans.evaluate(around, step)
            best = max(around, key=lambda p: plans.mean(p, "profit"), default=plan)
            if plans.mean(best, "profit") <= plans.mean(plan, "profit"):
                break
            plan = best
    return plans.result("profit", plan, estimate, {}, None)


def _check_replications(replications: int) -> None:
    if replications < 1:
        raise ValueError(f"replications = {replications}: must be >= 1")


def _limits(shifts: Sequence[str], highest: Sequence[int]) -> str:
    counts = set(highest)
    return str(highest[0]) if len(counts) == 1 else ", ".join(f"{s}={h}" for s, h in zip(shifts, highest))
