"""Staffing plans by search: the cheapest plan that meets the targets, and the most profitable one.

A *plan* is a paid head count per shift. Every plan is simulated on
replications 0..R-1 of the scenario's seed (the same customers for every
plan), in parallel batches, and never twice (:mod:`simlib.experiments.plan_runs`).

:func:`cheapest_plan` works in the order workforce planners do:

1. **Requirements**: people needed on duty in each interval of the week,
   from Erlang A or C, with an optional occupancy cap and shrinkage
   (:func:`simlib.analysis.requirements.staff_requirements`).
2. **Shifts**: the cheapest mix of shifts covering them, an integer program
   solved by HiGHS (:func:`simlib.analysis.shift_plan.cheapest_shift_mix`),
   over the scenario's shifts and any shift options you offer.
3. **Verify and repair by simulation**, starting from both today's plan
   and the integer program's plan. When neither meets every target, each
   gets one more person where it helps the worst slack most per unit of
   cost until it meets them (closest first; the next only while it is
   cheaper than the best plan found). From the cheapest
   plan meeting every target (ties broken by slack), the search tries every
   plan one person fewer, or one person moved to a cheaper shift, and takes
   the cheapest that still meets every target; when none does, it tries
   moving one person between shifts of equal cost, taken only if it leaves
   more slack. It stops when no single removal or move is cheaper and still
   meets every target.

Targets are per interval (every interval at least X) or on the run's mean,
per channel or for all (:class:`simlib.analysis.intervals.Targets`). A plain
number as ``service_level`` is the run's mean service level, as before.

:func:`best_profit_plan` climbs from the Erlang estimate to the neighbouring
plan with the highest mean profit until none is better.

Cost is planned cost: paid hours after the warm-up times the rate
(:func:`simlib.analysis.shift_plan.cost_per_head`: night premium and
part-time rate optional), in the business's currency or in hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from simlib.analysis.estimate import erlang_estimate
from simlib.analysis.intervals import Targets, interval_kpis
from simlib.analysis.shift_plan import PayRates, ShiftMix, ShiftOption, cost_per_head
from simlib.errors import ScenarioError
from simlib.experiments.executors import Submitter, open_executor
from simlib.experiments.plan_runs import Plan, PlanRuns
from simlib.experiments.plan_space import (
    PlanSpace,
    cheapest_space,
    default_rates,
    plan_dict,
    searched_shifts,
)
from simlib.experiments.replications import summarise
from simlib.experiments.sweeps import progress_bar
from simlib.model.calendar import shift_intervals
from simlib.model.scenario import Scenario

__all__ = ["PlanSearch", "best_profit_plan", "cheapest_plan", "hours_on_duty", "local_search"]


@dataclass(frozen=True)
class PlanSearch:
    """What a plan search found.

    Attributes
    ----------
    goal
        ``"cheapest"`` or ``"profit"``.
    plan
        Chosen paid head count per searched shift.
    summary
        Its KPIs: index KPI; ``mean``, ``ci_low``, ``ci_high``, ``half_width``, ``replications``.
    estimate
        The Erlang start of a profit search (one row per shift); None for the cheapest search.
    evaluated
        One row per plan simulated (:meth:`simlib.experiments.plan_runs.PlanRuns.table`).
    runs
        One row per run: ``plan``, ``replication``, ``seed`` and every KPI.
    targets
        What each target is called in ``evaluated`` -> its lowest acceptable value.
    checks
        The chosen plan against each target: run mean, worst interval, slack
        (:func:`simlib.analysis.intervals.assess`); empty for a profit search.
    intervals
        The chosen plan's KPIs per channel and interval
        (:func:`simlib.analysis.intervals.interval_kpis`), or None without
        per-interval targets.
    starts
        Name -> starting plan (``today``, ``integer program``).
    shift_mix
        The integer program's solution, or None.
    requirements
        People needed per interval (:func:`simlib.analysis.requirements.staff_requirements`), or None.
    interval_targets
        The per-interval targets judged, resolved (None without them).
    """

    goal: str
    plan: dict[str, int]
    summary: pd.DataFrame
    estimate: pd.DataFrame | None
    evaluated: pd.DataFrame
    runs: pd.DataFrame
    targets: dict[str, float]
    checks: pd.DataFrame
    intervals: pd.DataFrame | None = None
    starts: dict[str, dict[str, int]] | None = None
    shift_mix: ShiftMix | None = None
    requirements: pd.DataFrame | None = None
    interval_targets: Targets | None = None


def hours_on_duty(scenario: Scenario, shift: str) -> float:
    """Hours one member of a shift is on duty between the warm-up and the horizon.

    A plan's planned cost is these hours times the head count times
    ``business.staff_cost_per_hour`` (overtime to finish a reply not included).
    The shift's days count from the run's start weekday; calendar events'
    staff changes are not counted (the plan is for the usual head count).

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
    periods = shift_intervals(scenario.staff[shift], end, scenario.run.start_weekday)
    return sum(max(0.0, min(b, end) - max(a, start)) for a, b in periods) / 60


def _check_replications(replications: int) -> None:
    if replications < 1:
        raise ValueError(f"replications = {replications}: must be >= 1")


def _goals(scenario: Scenario, service_level: float | Targets,
           reputation_floor: float | None) -> tuple[Targets, Targets | None, dict[str, float]]:
    """Targets to plan for, per-interval targets to judge, and run-level KPI floors."""
    floors = {}
    if isinstance(service_level, Targets):
        planned = judged = service_level.resolved(scenario)
    else:
        if not 0 <= service_level <= 1:
            raise ValueError(f"service_level = {service_level!r}: must be in [0, 1]")
        planned, judged = Targets.service_level(service_level, every_interval=False), None
        floors["service_level"] = float(service_level)
    if reputation_floor is not None:
        if scenario.business is None:
            raise ScenarioError("reputation_floor needs a [business] section (it sets lowest_reputation)")
        floors["lowest_reputation"] = float(reputation_floor)
    return planned, judged, floors


def cheapest_plan(
    scenario: Scenario,
    service_level: float | Targets = 0.8,
    reputation_floor: float | None = None,
    replications: int | None = None,
    *,
    shifts: Sequence[str] | None = None,
    options: Sequence[ShiftOption] = (),
    rates: PayRates | None = None,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
    min_heads: int = 0,
    max_count: int | None = None,
    executor: Submitter | str | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> PlanSearch:
    """The cheapest paid head count per shift that meets every target (see the module's description).

    Parameters
    ----------
    scenario
        The business; its head counts are today's plan.
    service_level
        :class:`~simlib.analysis.intervals.Targets` (per interval or run
        mean, per channel), or a share: the lowest acceptable mean service
        level over the run (within ``service.target_minutes``).
    reputation_floor
        Lowest acceptable mean of ``lowest_reputation`` (0-100; needs a
        ``[business]`` section); None: no reputation target.
    replications
        Runs per plan (replications 0..R-1, common to all plans); default ``scenario.run.replications``.
    shifts
        The scenario's shifts to staff; default all. Others keep their head count.
    options
        More shifts the integer program may open (:func:`~simlib.analysis.shift_plan.shift_options`).
    rates
        Pay per hour, night premium, part-time rate; default
        ``business.staff_cost_per_hour`` (hours without a business).
    max_occupancy
        Occupancy cap in (0, 1]: no plan puts fewer people on duty than
        ``offered load / max_occupancy`` in any interval. None: no cap.
    shrinkage
        Share of paid time lost to breaks, absence and training, in [0, 1):
        ``n`` paid people on a shift put ``floor(n (1 - shrinkage))`` on duty.
    min_heads, max_count
        Head counts allowed on the scenario's shifts: 0, or ``min_heads`` to
        ``max_count`` (default 3 x the peak requirement it covers + 5).
        Options carry their own.
    executor, workers, progress
        As in :func:`simlib.experiments.sweeps.sweep`.

    Returns
    -------
    PlanSearch
        The plan, its KPIs with CIs and checks, the starts and every plan tried.

    Raises
    ------
    ValueError
        If no plan within the head counts allowed meets the targets.
    """
    planned, judged, floors = _goals(scenario, service_level, reputation_floor)
    replications = scenario.run.replications if replications is None else replications
    _check_replications(replications)
    space, starts, mix, requirements = cheapest_space(
        scenario, planned, shifts, options, rates or default_rates(scenario), max_occupancy=max_occupancy,
        shrinkage=shrinkage, min_heads=min_heads, max_count=max_count)
    with open_executor(executor, workers) as pool, progress_bar(0, 0, progress, "plans") as bar:
        runs = PlanRuns(space.base, space.shifts, space.costs, replications, judged, floors, shrinkage, pool, bar)
        plan = local_search(space, runs, list(dict.fromkeys(starts.values())))
    checks = runs.checks[plan].drop(columns="scale")
    intervals = None if judged is None else interval_kpis(runs.counts[plan], judged)
    targets = dict(zip(checks["target"], checks["at_least"]))
    evaluated, table = runs.table(plan, starts)
    return PlanSearch("cheapest", plan_dict(space, plan), summarise(runs.runs[plan]), None, evaluated, table,
                      targets, checks, intervals, {k: plan_dict(space, p) for k, p in starts.items()}, mix,
                      requirements, judged)


def local_search(space: PlanSpace, runs: PlanRuns, starts: Sequence[Plan]) -> Plan:
    """Verify the starts, repair those that miss, then descend from the best; the plan chosen.

    Parameters
    ----------
    space
        The plans allowed, their costs and neighbours.
    runs
        Simulates plans and judges them (``evaluate``, ``meets``, ``score``).
    starts
        Plans to start from; those outside ``space`` are simulated, never chosen.

    Returns
    -------
    Plan
        A plan meeting every target such that no plan one removal or one
        move away is cheaper and still meets them, and no move between
        shifts of equal cost leaves more slack.

    Raises
    ------
    ValueError
        When no plan reached meets the targets.
    """

    def rank(plan: Plan) -> tuple:
        slack, spare = runs.score(plan)
        return (round(space.cost(plan), 6), -slack, -spare, plan)

    step = 0
    runs.evaluate(starts, step)  # today's plan is simulated even when outside the head counts allowed
    eligible = [p for p in starts if space.allowed(p)]
    meeting = [p for p in eligible if runs.meets(p)]
    best = min(meeting, key=rank) if meeting else None
    # when no start meets the targets, repair them, closest first: one more person at a time
    repair = [] if best is not None else sorted(eligible, key=lambda p: (-runs.score(p)[0], rank(p)))
    for plan in repair:
        while not runs.meets(plan) and (best is None or space.cost(plan) < space.cost(best)):
            more = space.adds(plan)
            if not more:
                break
            step += 1
            runs.evaluate(more, step)
            if any(runs.meets(p) for p in more):
                plan = min((p for p in more if runs.meets(p)), key=rank)
            else:
                base, cost = runs.score(plan)[0], space.cost(plan)
                plan = max(more, key=lambda p: ((runs.score(p)[0] - base) / max(space.cost(p) - cost, 1e-9),
                                                -space.cost(p)))
        if runs.meets(plan) and (best is None or rank(plan) < rank(best)):
            best = plan
    if best is None:
        checks = runs.checks[starts[0]]  # a target in words has spaces; a KPI floor is a KPI name
        wanted = " and ".join(t if " " in t else f"{t} >= {v:g}" for t, v in zip(checks["target"], checks["at_least"]))
        limits = set(space.most)
        most = str(space.most[0]) if len(limits) == 1 else \
            ", ".join(f"{s}={m}" for s, m in zip(space.shifts, space.most))
        closest = max((p for p in runs.checks if space.allowed(p)), key=runs.score, default=starts[0])
        worst = runs.checks[closest].sort_values("slack").iloc[0]
        where = f" in {worst['worst_interval']}" if worst.get("worst_interval") else ""
        raise ValueError(f"no plan up to {most} per shift meets {wanted} (judged on {runs.replications} replications; "
                         f"the closest, {', '.join(f'{s}={n}' for s, n in zip(space.shifts, closest))}, reaches "
                         f"{worst['value']:.3g}{where}); raise max_count or relax the targets")
    plan = best
    while True:  # descend: the cheapest plan one removal or move away that still meets every target
        cost = space.cost(plan)
        close = 1e-9 * max(1.0, abs(cost))
        neighbours = [*space.removes(plan), *space.moves(plan)]
        cheaper = [p for p in neighbours if space.cost(p) < cost - close]
        if cheaper:
            step += 1
            runs.evaluate(cheaper, step)
        if any(runs.meets(p) for p in cheaper):
            plan = min((p for p in cheaper if runs.meets(p)), key=rank)
            continue
        level = [p for p in neighbours if abs(space.cost(p) - cost) <= close]
        if level:
            step += 1
            runs.evaluate(level, step)
        roomier = [p for p in level if runs.meets(p) and runs.score(p) > runs.score(plan)]
        if not roomier:
            return plan
        plan = min(roomier, key=rank)


def best_profit_plan(
    scenario: Scenario,
    replications: int | None = None,
    *,
    start_service_level: float = 0.8,
    shifts: Sequence[str] | None = None,
    max_count: int | None = None,
    executor: Submitter | str | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> PlanSearch:
    """The head count per shift with the highest mean profit (revenue minus staff cost), by hill climbing.

    Starts from the Erlang estimate for ``start_service_level``
    (:func:`simlib.analysis.estimate.erlang_estimate`) and moves to the best
    neighbouring plan (one person more or fewer on one shift) while that
    raises the mean profit, so the plan returned is at least as good as each
    of its neighbours (a local optimum). Needs a ``[business]`` section.
    ``replications`` defaults to ``scenario.run.replications``; ``max_count``
    to 3 x the estimate + 5; other parameters as in :func:`cheapest_plan`.
    """
    if scenario.business is None:
        raise ScenarioError("best_profit_plan needs a [business] section (profit = revenue - staff cost)")
    replications = scenario.run.replications if replications is None else replications
    _check_replications(replications)
    if max_count is not None and max_count < 0:
        raise ValueError(f"max_count = {max_count}: must be >= 0")
    names = searched_shifts(scenario, shifts)
    estimate = erlang_estimate(scenario, start_service_level)
    guess = [int(estimate.loc[s, "agents"]) for s in names]
    most = tuple(3 * g + 5 if max_count is None else max_count for g in guess)
    rates = default_rates(scenario)
    costs = tuple(cost_per_head(ShiftOption.from_shift(s, scenario.staff[s]), scenario, rates) for s in names)
    space = PlanSpace(tuple(names), scenario, costs, (0,) * len(names), most)
    plan = tuple(min(g, m) for g, m in zip(guess, most))
    with open_executor(executor, workers) as pool, progress_bar(0, 0, progress, "plans") as bar:
        runs = PlanRuns(scenario, names, costs, replications, None, {}, 0.0, pool, bar)
        step = 0
        runs.evaluate([plan], step)
        while True:
            step += 1
            around = [*space.removes(plan), *space.adds(plan)]
            runs.evaluate(around, step)
            best = max(around, key=lambda p: runs.mean(p, "profit"), default=plan)
            if runs.mean(best, "profit") <= runs.mean(plan, "profit"):
                break
            plan = best
    evaluated, table = runs.table(plan, {"Erlang estimate": tuple(min(g, m) for g, m in zip(guess, most))})
    return PlanSearch("profit", plan_dict(space, plan), summarise(runs.runs[plan]), estimate, evaluated, table,
                      {}, runs.checks[plan].drop(columns="scale"))

