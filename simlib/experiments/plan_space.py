"""The plans a staffing search may visit, and where it starts.

A plan is a paid head count per searched shift. :class:`PlanSpace` knows the
shifts (the scenario's, plus any the integer program opened), what a person
costs on each, the head counts allowed (0, or between a shift's least and
most heads) and the plans one move away: one person fewer, one more, or one
moved from a shift to another.

:func:`cheapest_space` builds it for the cheapest-plan search, with its two
starts: today's plan (the scenario's head counts) and the integer program's
plan (:func:`simlib.analysis.shift_plan.cheapest_shift_mix` over
:func:`simlib.analysis.requirements.staff_requirements`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simlib.analysis.intervals import Targets
from simlib.analysis.requirements import staff_requirements
from simlib.analysis.shift_plan import (
    PayRates,
    ShiftMix,
    ShiftOption,
    cheapest_shift_mix,
    cost_per_head,
    coverage,
)
from simlib.errors import ScenarioError
from simlib.experiments.plan_runs import Plan, on_duty
from simlib.model.scenario import Scenario

__all__ = ["PlanSpace", "cheapest_space", "default_rates", "plan_dict", "searched_shifts"]


def default_rates(scenario: Scenario) -> PayRates:
    """``business.staff_cost_per_hour`` per paid hour (1 without a business: cost in hours), no premium."""
    return PayRates(scenario.business.staff_cost_per_hour if scenario.business is not None else 1.0)


def searched_shifts(scenario: Scenario, shifts: Sequence[str] | None) -> list[str]:
    """The shifts to search (default all), checked against the scenario."""
    if not scenario.staff:
        raise ScenarioError("the scenario has no shifts to staff: add a [staff.NAME] section")
    names = list(scenario.staff) if shifts is None else list(shifts)
    for shift in names:
        if shift not in scenario.staff:
            raise ScenarioError(f"staff.{shift}: no such shift (shifts: {', '.join(scenario.staff)})")
    return names


@dataclass(frozen=True)
class PlanSpace:
    """Shifts, costs and allowed head counts of a search.

    Attributes
    ----------
    shifts
        Searched shift names, in plan order.
    base
        The scenario every plan changes: searched shifts present (new ones
        added), other shifts at their people on duty after shrinkage.
    costs
        Cost of one paid person on each shift over the run (currency, or hours).
    least, most
        Head counts allowed per shift: 0, or from ``least`` to ``most``.
    shrinkage
        Share of paid time lost (:func:`simlib.experiments.plan_runs.on_duty`).
    occupancy
        With an occupancy cap: ``(cover, need)``, the intervals each shift
        covers and the people needed on duty there; plans short of it are
        not considered. None: no cap.
    """

    shifts: tuple[str, ...]
    base: Scenario
    costs: tuple[float, ...]
    least: tuple[int, ...]
    most: tuple[int, ...]
    shrinkage: float = 0.0
    occupancy: tuple[np.ndarray, np.ndarray] | None = None

    def cost(self, plan: Plan) -> float:
        return float(sum(n * c for n, c in zip(plan, self.costs)))

    def allowed(self, plan: Plan) -> bool:
        """Head counts within bounds and, with an occupancy cap, enough people on duty everywhere."""
        if not all(n == 0 or lo <= n <= hi for n, lo, hi in zip(plan, self.least, self.most)):
            return False
        if self.occupancy is None:
            return True
        cover, need = self.occupancy
        return bool((cover @ np.array([on_duty(n, self.shrinkage) for n in plan]) >= need).all())

    def _fewer(self, plan: Plan, i: int) -> Plan | None:
        n = plan[i]
        if n == 0:
            return None
        fewer = n - 1 if n - 1 >= self.least[i] else 0  # at its least heads, the shift closes
        return plan[:i] + (fewer,) + plan[i + 1:]

    def _more(self, plan: Plan, i: int) -> Plan | None:
        more = max(plan[i] + 1, self.least[i])
        return None if more > self.most[i] else plan[:i] + (more,) + plan[i + 1:]

    def removes(self, plan: Plan) -> list[Plan]:
        """One person fewer on one shift."""
        return [p for i in range(len(plan)) if (p := self._fewer(plan, i)) is not None and self.allowed(p)]

    def adds(self, plan: Plan) -> list[Plan]:
        """One person more on one shift."""
        return [p for i in range(len(plan)) if (p := self._more(plan, i)) is not None and self.allowed(p)]

    def moves(self, plan: Plan) -> list[Plan]:
        """One person moved from one shift to another."""
        found = []
        for i in range(len(plan)):
            fewer = self._fewer(plan, i)
            for j in range(len(plan)):
                if fewer is not None and j != i and (p := self._more(fewer, j)) is not None and self.allowed(p):
                    found.append(p)
        return found


def _peak_need(cover: np.ndarray, need: np.ndarray) -> list[int]:
    """Per shift, the most people needed in an interval it covers (0 if it covers none)."""
    return [math.ceil(max(need[cover[:, j] > 0], default=0.0) - 1e-9) for j in range(cover.shape[1])]


def cheapest_space(
    scenario: Scenario,
    targets: Targets,
    shifts: Sequence[str] | None,
    options: Sequence[ShiftOption],
    rates: PayRates,
    *,
    max_occupancy: float | None,
    shrinkage: float,
    min_heads: int,
    max_count: int | None,
) -> tuple[PlanSpace, dict[str, Plan], ShiftMix, pd.DataFrame]:
    """The space of the cheapest-plan search, its starts, the integer program's mix and the requirements.

    The requirements come from ``targets`` (:func:`staff_requirements`), less
    what unsearched shifts cover. The integer program chooses among the
    searched shifts and ``options``; options it staffs join the search.

    Returns
    -------
    space, starts, mix, requirements
        ``starts`` maps ``"today"`` and ``"integer program"`` to plans.
    """
    names = searched_shifts(scenario, shifts)
    if max_count is not None and max_count < 0:
        raise ValueError(f"max_count = {max_count}: must be >= 0")
    if min_heads < 0:
        raise ValueError(f"min_heads = {min_heads}: must be >= 0")
    requirements = staff_requirements(scenario, targets, max_occupancy=max_occupancy, shrinkage=shrinkage)
    interval = targets.interval_minutes
    fixed = [ShiftOption.from_shift(n, s) for n, s in scenario.staff.items() if n not in names]
    fixed_on_duty = coverage(fixed, interval) @ np.array(
        [on_duty(scenario.staff[o.name].count, shrinkage) for o in fixed], dtype=float) if fixed else 0.0
    agents = np.zeros(targets.slots)
    agents[requirements.index] = requirements["agents"]
    remaining = np.maximum(agents - fixed_on_duty, 0.0)
    paid = pd.Series(remaining[requirements.index] / (1 - shrinkage), index=requirements.index)
    today = [ShiftOption.from_shift(n, scenario.staff[n], min_heads, max_count) for n in names]
    same = {(o.start_hour, o.end_hour, o.days) for o in today}
    extra = [o for o in options if (o.start_hour, o.end_hour, o.days) not in same and o.name not in scenario.staff]
    choices = [*today, *extra]
    costs = [cost_per_head(o, scenario, rates) for o in choices]
    limits = [o.max_heads if o.max_heads is not None else math.inf for o in choices]
    within = coverage(choices, interval)[paid.index] @ np.minimum(limits, math.ceil(paid.to_numpy().max(initial=0.0)))
    mix = cheapest_shift_mix(paid.clip(upper=within), choices, costs, interval)  # the simulation judges the rest
    used = [j for j, o in enumerate(choices) if j < len(today) or mix.counts[j] > 0]
    cover = coverage([choices[j] for j in used], interval)
    paid_need = np.zeros(cover.shape[0])
    paid_need[paid.index] = paid
    peaks = _peak_need(cover, paid_need)
    most = [choices[j].max_heads if choices[j].max_heads is not None else
            max(3 * peaks[k] + 5, scenario.staff[choices[j].name].count if j < len(today) else 0)
            for k, j in enumerate(used)]
    base = scenario.with_changes({
        **{f"staff.{o.name}.count": on_duty(scenario.staff[o.name].count, shrinkage) for o in fixed},
        **{f"staff.{choices[j].name}": choices[j].table(0) for j in used if j >= len(today)}})
    occupancy = None
    if max_occupancy is not None:
        load = np.zeros(cover.shape[0])
        load[requirements.index] = np.ceil(requirements["offered_load"] / max_occupancy - 1e-9)
        occupancy = (cover, np.maximum(load - fixed_on_duty, 0.0))
    space = PlanSpace(tuple(choices[j].name for j in used), base, tuple(costs[j] for j in used),
                      tuple(choices[j].min_heads for j in used), tuple(most), shrinkage, occupancy)
    starts = {"today": tuple(scenario.staff[n].count for n in names) + (0,) * (len(used) - len(names)),
              "integer program": tuple(mix.counts[j] for j in used)}
    return space, starts, mix, requirements


def plan_dict(space: PlanSpace, plan: Plan) -> dict[str, int]:
    """``{"early": 3, "late": 4}``: a plan by shift name."""
    return dict(zip(space.shifts, (int(n) for n in plan)))

