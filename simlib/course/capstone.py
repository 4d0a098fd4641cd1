"""Notebook 08, *Capstone*: goals, plans and the evidence that a plan meets them.

- :class:`Goals`: what a team promises (a service level within a target, a
  reputation floor, a profit), each checked against a 95% confidence interval.
- :func:`run_plan`: one plan (staff per shift, discipline, target) of a business.
- :func:`scorecard`, :func:`compare_scorecards`: each goal *met*, *missed* or
  *not sure yet* (the interval straddles the goal: run more replications).
- :func:`deliverable_template`: the empty table a team fills in.
- :func:`plan_explorer`: try a plan and see the headline KPIs with CIs.

Money in the scenario's currency, per run (``run.days`` days); times in minutes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd

from simlib.analysis.formatting import format_estimate
from simlib.course.staffing import load_plan, plan_table
from simlib.course.tables import period
from simlib.dashboards.explorer import Explorer
from simlib.experiments.replications import run_replications, summarise
from simlib.i18n import N_, get_language, tr

__all__ = ["Goals", "compare_scorecards", "deliverable_template", "plan_changes", "plan_explorer",
           "run_plan", "scorecard", "verdict"]

MET, MISSED, UNSURE = N_("met"), N_("missed"), N_("not sure yet")
"""The verdicts, as the ``verdict`` column holds them (English: compare with these); shown translated (``tr``)."""


@dataclass(frozen=True)
class Goals:
    """A team's goals for one business.

    Attributes
    ----------
    service_level
        Share (0-1) of questions whose first reply starts within ``target_minutes``.
    target_minutes
        The reply-time target of the service level, minutes.
    reputation_floor
        The lowest reputation score (0-100) the run may reach.
    min_profit
        Least acceptable profit per run (currency); ``None``: no profit goal.
    """

    service_level: float = 0.8
    target_minutes: float = 60.0
    reputation_floor: float = 70.0
    min_profit: float | None = None

    def problems(self) -> list[str]:
        """What is wrong with these goals, one line each (empty when they can be checked).

        Building a ``Goals`` never raises, so a student's ``Goals(service_level=80)``
        reaches the exercise's checker, which explains the slip; the functions
        that use goals (:meth:`checks`, hence :func:`run_plan`, :func:`scorecard`)
        refuse them with these lines.
        """
        found = []
        if not _is_number(self.service_level) or not 0 <= self.service_level <= 1:
            found.append(f"service_level = {self.service_level!r}: must be a share from 0 to 1 (80% is 0.8)")
        if not _is_number(self.target_minutes) or not self.target_minutes >= 0:
            found.append(f"target_minutes = {self.target_minutes!r}: must be a number of minutes, >= 0")
        if not _is_number(self.reputation_floor) or not 0 <= self.reputation_floor <= 100:
            found.append(f"reputation_floor = {self.reputation_floor!r}: must be a score from 0 to 100")
        if self.min_profit is not None and not _is_number(self.min_profit):
            found.append(f"min_profit = {self.min_profit!r}: must be an amount of money, or None")
        return found

    def validate(self) -> Goals:
        """These goals, or ValueError naming every field that is out of range."""
        found = self.problems()
        if found:
            raise ValueError("; ".join(found))
        return self

    def checks(self) -> list[tuple[str, str, float]]:
        """``(goal label, KPI, threshold)`` for each goal; every KPI must be at least its threshold."""
        self.validate()
        rows = [(tr("{share:.0%} replied within {minutes:g} min", share=self.service_level,
                    minutes=self.target_minutes), "service_level", self.service_level),
                (tr("reputation never below {floor:g}", floor=self.reputation_floor), "lowest_reputation",
                 self.reputation_floor)]
        if self.min_profit is not None:
            rows.append((tr("profit at least {profit:,.0f} per run", profit=self.min_profit), "profit",
                         self.min_profit))
        return rows


def _is_number(value: Any) -> bool:
    """A real number (numpy numbers too), not a bool and not NaN."""
    try:
        return not isinstance(value, bool) and not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def verdict(ci_low: float, ci_high: float, threshold: float) -> str:
    """``"met"`` if the whole 95% CI is at or above ``threshold``, ``"missed"`` if all below, else ``"not sure yet"``."""
    if math.isnan(ci_low) or math.isnan(ci_high):
        return UNSURE
    if ci_low >= threshold:
        return MET
    if ci_high < threshold:
        return MISSED
    return UNSURE


def plan_changes(staff: Mapping[str, int] | None = None, discipline: str | None = None,
                 target_minutes: float | None = None) -> dict[str, Any]:
    """Dotted scenario changes for a plan: head count per shift, order of work, service-level target."""
    changes: dict[str, Any] = {f"staff.{name}.count": count for name, count in (staff or {}).items()}
    if discipline is not None:
        changes["service.discipline"] = discipline
    if target_minutes is not None:
        changes["service.target_minutes"] = target_minutes
    return changes


def run_plan(preset: str, goals: Goals, changes: Mapping[str, Any] | None = None, replications: int = 5,
             days: float | None = None) -> pd.DataFrame:
    """Replications of one plan, measured against the goals' reply target: a row of KPIs per replication.

    ``changes`` are dotted scenario changes (see :func:`plan_changes`); the
    goals' ``target_minutes`` always sets ``service.target_minutes``.
    """
    goals.validate()
    scenario = load_plan(preset, {**dict(changes or {}), "service.target_minutes": goals.target_minutes}, days)
    if scenario.business is None:
        raise ValueError(f"{preset!r} has no [business] section: reputation and profit goals need one")
    table = run_replications(scenario, replications)[0]
    table.attrs.update(currency=scenario.business.currency, days=scenario.run.days)
    return table


def scorecard(table: pd.DataFrame, goals: Goals) -> pd.DataFrame:
    """Each goal against one plan's replications: value (mean ± 95% CI) and verdict.

    Returns
    -------
    DataFrame
        Indexed by goal; columns ``kpi``, ``goal`` (threshold), ``mean``,
        ``ci_low``, ``ci_high``, ``value`` (formatted text) and ``verdict``
        (``"met"``, ``"missed"`` or ``"not sure yet"``).
    """
    s = summarise(table)
    rows = []
    per_run = (tr(" {currency} per {period}", currency=table.attrs["currency"], period=_period(table.attrs["days"]))
               if "days" in table.attrs else tr(" per run"))
    for label, kpi, threshold in goals.checks():
        label = label.replace(tr(" per run"), per_run)
        low, high = s.loc[kpi, "ci_low"], s.loc[kpi, "ci_high"]
        rows.append({"goal_text": label, "kpi": kpi, "goal": threshold, "mean": s.loc[kpi, "mean"],
                     "ci_low": low, "ci_high": high,
                     "value": format_estimate(kpi, s.loc[kpi, "mean"], s.loc[kpi, "half_width"]),
                     "verdict": verdict(low, high, threshold)})
    return pd.DataFrame(rows).set_index("goal_text").rename_axis("goal")


def _period(days: float | None) -> str:
    """:func:`simlib.course.tables.period` in the reader's language ("2 weeks", "2 semanas")."""
    if not days:
        return period(days)
    if days == 7:
        return tr("week")
    if days % 7 == 0:
        return tr("{weeks:g} weeks", weeks=days / 7)
    return tr("{days:g} days", days=days)


def compare_scorecards(tables: Mapping[str, pd.DataFrame], goals: Goals) -> pd.DataFrame:
    """Plans side by side against the goals: ``value → verdict`` text (verdict in the reader's language),
    one row per plan, one column per goal."""
    rows = {}
    for plan, table in tables.items():
        card = scorecard(table, goals)
        rows[plan] = {goal: f"{row.value}  → {tr(row.verdict)}" for goal, row in card.iterrows()}
    out = pd.DataFrame(rows).T
    out.index.name = tr("plan")
    return out


def deliverable_template(plans: int = 3, goals: Goals | None = None) -> pd.DataFrame:
    """The table a team fills in: one row per plan, columns for the plan, its cost and each goal's evidence.

    Cells are empty strings; the first row is labelled ``"today (the preset)"``.
    """
    goals = goals or Goals()
    columns = [tr("what changes"), tr("paid hours a week"), *[label for label, _, _ in goals.checks()],
               tr("risks"), tr("decision")]
    index = [tr("today (the preset)"), *[tr("plan {letter}", letter=chr(ord("A") + k)) for k in range(plans - 1)]]
    return pd.DataFrame("", index=pd.Index(index, name=tr("plan")), columns=columns)


def plan_explorer(preset: str, goals: Goals, replications: int = 3, days: float = 14,
                  max_count: int = 6) -> Explorer:
    """Sliders per shift, a discipline menu and a target slider; a button scores the plan.

    :attr:`Explorer.result` is ``(scorecard, headline table)``: the
    :func:`scorecard` of the plan (with the goal's service level measured at
    the chosen target) and :func:`simlib.course.staffing.plan_table`.
    """
    scenario = load_plan(preset)
    controls: dict[str, widgets.ValueWidget] = {
        f"staff_{name}": widgets.IntSlider(value=shift.count, min=0, max=max(max_count, shift.count),
                                           description=name)
        for name, shift in scenario.staff.items()
    }
    controls["discipline"] = widgets.Dropdown(options=["fifo", "lifo", "priority", "value"],
                                              value=scenario.service.discipline, description=tr("order"))
    controls["target_minutes"] = widgets.IntSlider(value=int(goals.target_minutes), min=5, max=240, step=5,
                                                   description=tr("target (min)"))

    def draw(discipline: str, target_minutes: int, **staff: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        chosen = Goals(goals.service_level, float(target_minutes), goals.reputation_floor, goals.min_profit)
        counts = {name.removeprefix("staff_"): count for name, count in staff.items()}
        table = run_plan(preset, chosen, plan_changes(counts, discipline), replications, days)
        plan = ", ".join(f"{count} {name}" for name, count in counts.items()) + f", {discipline}"
        card = scorecard(table, chosen)[["value", "verdict"]]
        if get_language() != "en":  # shown to the reader: the verdicts and headings in their language
            card = card.assign(verdict=card["verdict"].map(tr))
            card = card.rename(columns={"value": tr("value"), "verdict": tr("verdict")}).rename_axis(tr("goal"))
        return card, plan_table({plan: table})

    return Explorer(draw, controls, button=tr("Score this plan"))
