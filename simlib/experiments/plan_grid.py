"""The cheapest plan on a grid of head counts, by exhaustive simulation: a check on the optimiser.

Every plan of the grid (every combination of the head counts given per
shift) is a candidate. Plans are simulated cost level by cost level, cheapest
first, exactly as :func:`simlib.experiments.optimise.cheapest_plan` judges
them (same replications, same targets); the first level with a plan that
meets every target gives the answer, the most slack breaking ties. So every
grid plan cheaper than the answer was simulated and missed a target: no
shortcut, no assumption that more people always help.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simlib.analysis.intervals import Targets
from simlib.analysis.shift_plan import PayRates, ShiftOption, cost_per_head
from simlib.experiments.executors import Submitter, open_executor
from simlib.experiments.plan_runs import PlanRuns
from simlib.experiments.plan_space import default_rates, searched_shifts
from simlib.experiments.sweeps import progress_bar
from simlib.model.scenario import Scenario

__all__ = ["GridSearch", "grid_cheapest_plan"]


@dataclass(frozen=True)
class GridSearch:
    """The cheapest grid plan meeting every target.

    Attributes
    ----------
    plan
        Shift -> paid head count (None when no grid plan meets the targets).
    cost
        Its planned cost (currency, or hours); NaN when there is none.
    grid_plans
        Plans on the grid.
    simulated
        Plans simulated (all those cheaper than the answer, and its cost level).
    """

    plan: dict[str, int] | None
    cost: float
    grid_plans: int
    simulated: int


def grid_cheapest_plan(
    scenario: Scenario,
    targets: Targets,
    counts: Mapping[str, Sequence[int]],
    replications: int | None = None,
    *,
    rates: PayRates | None = None,
    executor: Submitter | str | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> GridSearch:
    """Simulate grid plans cheapest first until one meets every target.

    Parameters
    ----------
    scenario
        The business; shifts not in ``counts`` keep their head count.
    targets
        As for :func:`simlib.experiments.optimise.cheapest_plan`.
    counts
        Shift -> head counts to try, e.g. ``{"early": range(4, 14, 2), ...}``.
    replications
        Runs per plan; default ``scenario.run.replications``.
    rates, executor, workers, progress
        As for :func:`simlib.experiments.optimise.cheapest_plan`.
    """
    shifts = searched_shifts(scenario, list(counts))
    replications = scenario.run.replications if replications is None else replications
    rates = rates or default_rates(scenario)
    costs = [cost_per_head(ShiftOption.from_shift(s, scenario.staff[s]), scenario, rates) for s in shifts]
    plans = sorted(itertools.product(*(sorted(set(counts[s])) for s in shifts)),
                   key=lambda p: sum(n * c for n, c in zip(p, costs)))
    levels = itertools.groupby(plans, key=lambda p: round(sum(n * c for n, c in zip(p, costs)), 6))
    with open_executor(executor, workers) as pool, progress_bar(0, 0, progress, "grid") as bar:
        runs = PlanRuns(scenario, shifts, costs, replications, targets.resolved(scenario), {}, 0.0, pool, bar)
        for step, (cost, level) in enumerate(levels):
            level = list(level)
            runs.evaluate(level, step)
            meeting = [p for p in level if runs.meets(p)]
            if meeting:
                best = max(meeting, key=lambda p: (runs.score(p), [-n for n in p]))
                return GridSearch(dict(zip(shifts, best)), runs.cost(best), len(plans), len(runs.runs))
    return GridSearch(None, float("nan"), len(plans), len(runs.runs))
