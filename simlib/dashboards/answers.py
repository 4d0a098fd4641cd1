"""What a dashboard computes for a choice of controls: no widgets, plain functions and small dataclasses.

:func:`explore_scenario` (one preset and staffing), :func:`side_by_side_change`
(one staffing change for several businesses, on the same customers) and
:func:`staffing_plan` (a sweep of one shift's head count with an Erlang first
guess). Times are in minutes, money in the preset's currency
(``business.currency``). Runs come from the cache of
:mod:`simlib.dashboards.runs`; :mod:`simlib.dashboards.widgets` wires controls
to these answers.

Example::

    from simlib.dashboards.answers import explore_scenario
    view = explore_scenario("luxury", {"weekday": 2}, days=7)
    view.kpis["answered_share"]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simlib.analysis.estimate import (
    mean_concurrency,
    mean_handling_minutes,
    people_for_slots,
    shift_peak_rate,
)
from simlib.analysis.queueing import agents_needed
from simlib.dashboards.runs import base_preset, preset_scenario, scored_run, staff_key
from simlib.dashboards.tables import DASHBOARD_KPIS, PER_QUESTION_KPI, kpi_table
from simlib.errors import ScenarioError
from simlib.experiments.compare import staff_sweep
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario

ERLANG_SERVICE_LEVEL = 0.80
"""Share of replies within the target that the Erlang first guess asks for."""

DISCIPLINES = ("fifo", "lifo", "priority", "value")
"""The queue policies the dashboards offer (``service.discipline``)."""


@dataclass(frozen=True)
class ScenarioView:
    """What :func:`explore_scenario` found for one preset and staffing.

    Attributes
    ----------
    preset
        Preset name (or path) as given.
    scenario
        The scenario simulated (with the changes applied).
    kpis
        :data:`DASHBOARD_KPIS` -> mean over the replications (minutes, shares
        0-1, money in ``currency``, reputation 0-100).
    result
        Replication 0, for plots.
    replications
        Number of runs averaged.
    questions
        Questions that arrived, mean over the replications.
    """

    preset: str
    scenario: Scenario
    kpis: dict[str, float]
    result: SimulationResult
    replications: int
    questions: float

    @property
    def currency(self) -> str:
        """The preset's currency (``business.currency``), or "currency units"."""
        business = self.scenario.business
        return business.currency if business is not None else "currency units"

    def table(self) -> pd.DataFrame:
        """The KPIs as a small table: index KPI name; columns ``value`` and ``meaning``."""
        return kpi_table(self.kpis, self.currency)


def explore_scenario(preset: str, staff: Mapping[str, int], target_minutes: float | None = None,
                     discipline: str | None = None, days: float | None = None,
                     replications: int = 1) -> ScenarioView:
    """Simulate a preset with a given staffing and return its key figures.

    Parameters
    ----------
    preset
        ``luxury``, ``restaurant``, ``high_volume`` (or a scenario file).
    staff
        Shift name -> head count (>= 0); shifts not named keep the preset's count.
    target_minutes
        Service-level target (minutes); None keeps the preset's.
    discipline
        ``fifo``, ``lifo``, ``priority`` or ``value``; None keeps the preset's.
    days
        Run length (days); None keeps the preset's (28 for the presets).
    replications
        Runs averaged (>= 1); replication ``k`` sees the same customers in
        every call (common random numbers).

    Returns
    -------
    ScenarioView
        KPIs (means over replications) and the first run for plots.
    """
    if replications < 1:
        raise ValueError(f"replications = {replications!r}: must be >= 1")
    key = staff_key(staff, preset)
    runs = [scored_run(preset, key, target_minutes, discipline, days, k) for k in range(replications)]
    table = pd.DataFrame([figures for figures, _ in runs])
    means = {name: float(table[name].mean()) if name in table else math.nan for name in DASHBOARD_KPIS}
    result = runs[0][1]
    return ScenarioView(preset, result.scenario, means, result, replications, float(table["questions"].mean()))


@dataclass(frozen=True)
class ChangeView:
    """What :func:`side_by_side_change` found.

    Attributes
    ----------
    staff_change
        People added to (or, if negative, removed from) every shift.
    before, after
        Preset -> :class:`ScenarioView` with the preset's staff and with the change.
    deltas
        Index KPI (:data:`DASHBOARD_KPIS` plus :data:`PER_QUESTION_KPI`);
        columns ``(preset, before | after | change)``, ``change = after - before``.
    """

    staff_change: int
    before: dict[str, ScenarioView]
    after: dict[str, ScenarioView]
    deltas: pd.DataFrame


def side_by_side_change(staff_change: int, presets: Sequence[str] = ("luxury", "high_volume"),
                        days: float | None = None, replications: int = 1) -> ChangeView:
    """The same staffing change applied to several businesses, on common random numbers.

    Every shift of every preset gets ``staff_change`` more people (never
    fewer than 0). Before and after see the same customers (same seed and
    replication numbers), so each delta comes from the staffing alone.

    Parameters
    ----------
    staff_change
        People added to every shift (negative: removed).
    presets
        Preset names (or scenario files).
    days
        Run length (days); None keeps each preset's.
    replications
        Runs averaged per preset and staffing (>= 1).

    Returns
    -------
    ChangeView
        The views before and after and a table of KPI deltas per business.
        ``revenue_lost_per_question`` is revenue lost / questions (currency per
        question): it compares businesses of very different sizes.
    """
    before, after, parts = {}, {}, {}
    for preset in presets:
        base = base_preset(preset)
        changed = {shift: max(0, s.count + int(staff_change)) for shift, s in base.staff.items()}
        before[preset] = explore_scenario(preset, {}, days=days, replications=replications)
        after[preset] = explore_scenario(preset, changed, days=days, replications=replications)
        rows = {}
        for label, view in (("before", before[preset]), ("after", after[preset])):
            questions = view.questions
            figures = dict(view.kpis)
            figures[PER_QUESTION_KPI] = figures["revenue_lost"] / questions if questions else math.nan
            rows[label] = pd.Series(figures)
        frame = pd.DataFrame(rows)
        frame["change"] = frame["after"] - frame["before"]
        parts[preset] = frame
    deltas = pd.concat(parts, axis=1)
    deltas.index.name = "kpi"
    return ChangeView(int(staff_change), before, after, deltas)


@dataclass(frozen=True)
class StaffingPlan:
    """What :func:`staffing_plan` found for one shift.

    Attributes
    ----------
    preset, shift
        What was swept.
    sweep
        Tidy table from :func:`simlib.experiments.compare.staff_sweep` (``count``,
        ``replication``, every KPI); ``attrs["currency"]`` is set.
    summary
        Index head count; columns: means over replications of ``staff_cost``,
        ``revenue``, ``revenue_lost``, ``profit``, ``lowest_reputation``,
        ``final_reputation`` (money in ``currency``, reputation 0-100).
    best_count
        Head count with the highest mean profit.
    erlang_guess
        Smallest head count meeting 80% of replies within the target (Erlang C,
        patience infinite) at the shift's peak hourly rate; None if unreachable.
    peak_per_hour, handle_minutes, target_minutes
        The Erlang inputs (questions per hour, minutes, minutes).
    currency
        The preset's currency.
    """

    preset: str
    shift: str
    sweep: pd.DataFrame
    summary: pd.DataFrame
    best_count: int
    erlang_guess: int | None
    peak_per_hour: float
    handle_minutes: float
    target_minutes: float
    currency: str

    def table(self) -> pd.DataFrame:
        """:attr:`summary` with columns ``best profit`` and ``Erlang guess`` marking those counts with ``*``."""
        table = self.summary.copy()
        table["best profit"] = np.where(table.index == self.best_count, "*", "")
        table["Erlang guess"] = np.where(table.index == self.erlang_guess, "*", "")
        return table


PLAN_KPIS = ("staff_cost", "revenue", "revenue_lost", "profit", "lowest_reputation", "final_reputation")
"""The KPIs of :attr:`StaffingPlan.summary`, in display order."""


def staffing_plan(preset: str, shift: str, counts: Sequence[int] | range, replications: int = 3,
                  days: float | None = None) -> StaffingPlan:
    """Staff cost vs revenue kept and reputation across head counts of one shift, with an Erlang first guess.

    Parameters
    ----------
    preset
        Preset name (or scenario file).
    shift
        Name of the shift whose head count varies (others keep the preset's).
    counts
        Head counts to simulate (>= 0), e.g. ``range(0, 5)``.
    replications
        Runs per head count (common random numbers across counts).
    days
        Run length (days); None keeps the preset's.

    Returns
    -------
    StaffingPlan
        The sweep, a summary per count, the best-profit count and the Erlang guess.
    """
    counts = list(counts)
    if not counts:
        raise ValueError("counts is empty: give at least one head count")
    scenario = preset_scenario(preset, days=days)
    if shift not in scenario.staff:
        raise ScenarioError(f"staff.{shift}: no such shift in {preset!r} (shifts: {', '.join(scenario.staff)})")
    currency = scenario.business.currency if scenario.business is not None else "currency units"
    sweep = staff_sweep(scenario, shift, counts, replications)
    sweep.attrs["currency"] = currency
    columns = [c for c in PLAN_KPIS if c in sweep.columns]
    summary = sweep.groupby("count", sort=True)[columns].mean()
    best = int(summary["profit"].idxmax()) if "profit" in summary else int(counts[0])
    peak, handle = shift_peak_rate(scenario, shift), mean_handling_minutes(scenario)
    target = scenario.service.target_minutes
    try:
        slots = agents_needed(peak, handle, target, ERLANG_SERVICE_LEVEL, max_agents=1000)
        guess: int | None = people_for_slots(slots, mean_concurrency(scenario))
    except ValueError:
        guess = None
    return StaffingPlan(preset, shift, sweep, summary, best, guess, peak, handle, target, currency)
