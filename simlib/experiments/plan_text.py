"""What a cheapest-plan search found, as lines of text for a terminal or a log.

Every number printed comes from the :class:`~simlib.experiments.optimise.PlanSearch`
it describes; :func:`search_lines` is what ``simlib optimise`` prints
before the KPI table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from simlib.analysis.formatting import format_kpi

if TYPE_CHECKING:  # drawing a figure needs plan_label, not the optimiser
    from simlib.experiments.optimise import PlanSearch

__all__ = ["check_rows", "plan_label", "search_lines"]


def plan_label(plan: Mapping[str, int]) -> str:
    """``"early=2, late=3"``: a staffing plan as text."""
    return ", ".join(f"{shift}={count}" for shift, count in plan.items())


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency or 'hours'}"


def _verdict(row: pd.Series) -> str:
    """``meets`` or ``misses (worst interval 45.0%, Tue 10:00-10:30)`` for one row of ``evaluated``."""
    if row["meets_targets"]:
        return "meets every target"
    return f"misses a target (slack {100 * row['slack']:+.1f} points)" if not math.isnan(row["slack"]) else "misses"


def search_lines(search: PlanSearch, currency: str = "") -> Iterable[str]:
    """The requirements, the integer program, the starts and the chosen plan, one line each.

    Parameters
    ----------
    search
        A cheapest-plan search (:func:`simlib.experiments.optimise.cheapest_plan`).
    currency
        The business's currency; empty: costs are in paid hours.
    """
    if search.requirements is not None:
        need = search.requirements
        peak = need["agents"].idxmax()
        rules = [f"{need.attrs['interval_minutes']}-minute intervals"]
        if need.attrs["max_occupancy"] is not None:
            rules.append(f"occupancy at most {need.attrs['max_occupancy']:.0%}")
        if need.attrs["shrinkage"]:
            rules.append(f"shrinkage {need.attrs['shrinkage']:.0%}: up to {need['paid'].max():.1f} paid")
        yield (f"requirements ({need.attrs['model']}, {', '.join(rules)}): {need['agents'].min()} to "
               f"{need['agents'].max()} people on duty, most at {need.loc[peak, 'label']}")
    if search.shift_mix is not None:
        mix = search.shift_mix
        yield (f"integer program (HiGHS): {plan_label(mix.staffed())}, cost {_money(mix.cost, currency)} "
               f"(no mix covering the requirements costs less than {_money(mix.lower_bound, currency)})")
    evaluated = search.evaluated
    today = (search.starts or {}).get("today", {})
    for _, row in evaluated[evaluated["start"] != ""].iterrows():
        shown = {shift: int(row[shift]) for shift in search.plan if row[shift] or today.get(shift)}  # not unused options
        yield (f"start, {row['start']}: {plan_label(shown)}, cost {_money(row['planned_cost'], currency)}, "
               f"{_verdict(row)}")
    steps = int(evaluated["step"].max())
    yield f"searched {len(evaluated)} plans ({len(search.runs)} runs) in {steps} step{'s' * (steps != 1)}"
    chosen = evaluated[evaluated["chosen"]].iloc[0]
    shown = {shift: n for shift, n in search.plan.items() if n or today.get(shift)}
    yield f"chosen: {plan_label(shown)}, planned cost {_money(chosen['planned_cost'], currency)}"


def check_rows(checks: pd.DataFrame) -> list[list[str]]:
    """One row per target of the chosen plan: the target, the run's mean, the worst interval, the slack.

    KPI floors (``lowest_reputation``) have no worst interval; their slack is in points of the KPI.
    """
    rows = []
    for _, check in checks.iterrows():
        share = check["target"] not in ("lowest_reputation",)
        mean = format_kpi("service_level", check["mean"]) if share else format_kpi(check["target"], check["mean"])
        worst = (f"{format_kpi('service_level', check['worst'])} ({check['worst_interval']}, "
                 f"{check['worst_questions']:,.0f} questions)") if check["worst_interval"] else "-"
        slack = check["value"] - check["at_least"]
        spare = f"{100 * slack:+.1f} points" if share else f"{slack:+.2f}"
        rows.append([str(check["target"]), mean, worst, spare + ("" if check["met"] else "  MISSED")])
    return rows
