"""Notebook 07, *Staffing scenarios*: cover, service levels, Erlang first guesses, plans.

- :func:`wait_by_arrival_day`, :func:`plot_wait_by_arrival_day`: what nights
  and weekends without cover do to the people who write then.
- :func:`service_level_conventions`, :func:`head_count_by_convention`: the
  80/20 family of targets and the Facebook badge, and what each demands.
- :func:`hourly_load`, :func:`erlang_first_guess`, :func:`plot_erlang_first_guess`,
  :func:`staffing_ladder`: offered load (fractional) against head count (integer).
- :func:`run_plans`, :func:`plan_table`, :func:`paired_difference`: staffing
  plans of one business compared on common random numbers.
- :func:`staffing_explorer`: one slider per shift of a preset, KPIs and cost.

Times in minutes unless a name says hours; rates in questions per hour; money
in the scenario's currency.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simlib.analysis.formatting import format_estimate
from simlib.analysis.queueing import agents_needed, queue_figures
from simlib.course.doors import wait_by_day
from simlib.course.tables import duration_estimate, kpi_heading
from simlib.dashboards.explorer import Explorer
from simlib.experiments.replications import run_replications, summarise
from simlib.i18n import N_, fmt, tr
from simlib.i18n.tables import label, table_words
from simlib.model.calendar import shift_intervals, weekly_rates
from simlib.model.presets import find_scenario
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario, load_scenario

__all__ = [
    "HEADLINE",
    "WEEKDAYS",
    "describe_staff",
    "head_count_by_convention",
    "hourly_load",
    "erlang_first_guess",
    "load_plan",
    "mean_handle_minutes",
    "on_duty_by_hour",
    "paid_hours_per_week",
    "paired_difference",
    "plan_table",
    "plot_erlang_first_guess",
    "plot_wait_by_arrival_day",
    "run_plans",
    "service_level_conventions",
    "staffing_explorer",
    "staffing_ladder",
    "wait_by_arrival_day",
]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HEADLINE = ("service_level", "answered_share", "median_first_response_minutes", "revenue_lost",
            "staff_cost", "profit", "lowest_reputation", "final_reputation")
"""The KPIs a staffing decision is argued with, in display order."""


def load_plan(preset: str, changes: Mapping[str, Any] | None = None, days: float | None = None) -> Scenario:
    """A preset (``"luxury"``) or scenario file with dotted changes and, optionally, a shorter run.

    ``days`` sets ``run.days`` (and the warm-up to 0 if it would not fit).
    """
    changes = dict(changes or {})
    path = find_scenario(preset)
    if days is not None:
        changes["run.days"] = days
        if "run.warmup_days" not in changes and load_scenario(path).run.warmup_days >= days:
            changes["run.warmup_days"] = 0.0
    return load_scenario(path, changes)


DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}


def describe_staff(scenario: Scenario) -> str:
    """The shifts of a scenario in words, one per line: "weekday: 1 person, Mon-Fri, 10:00-19:00".

    Read from the scenario itself, so prose that quotes the hours never goes
    stale when a preset changes.
    """
    lines = []
    for name, shift in scenario.staff.items():
        people = tr("1 person") if shift.count == 1 else tr("{count} people", count=shift.count)
        lines.append(f"{name}: {people}, {_days_text(list(shift.days))}, "
                     f"{_clock(shift.start_hour)}-{_clock(shift.end_hour)}")
    return "\n".join(lines)


def _days_text(days: list[str]) -> str:
    """Days as a reader says them: "Mon-Fri", "Tue-Sun", "Sat", "every day", "Mon, Wed"."""
    order = list(DAY_NAMES)
    index = sorted(order.index(d) for d in days)
    if len(index) == 7:
        return tr("every day")
    if len(index) > 2 and index == list(range(index[0], index[-1] + 1)):
        return f"{tr(DAY_NAMES[order[index[0]]])}-{tr(DAY_NAMES[order[index[-1]]])}"
    return ", ".join(tr(DAY_NAMES[order[i]]) for i in index)


def _clock(hour: float) -> str:
    return f"{int(hour):02d}:{round((hour % 1) * 60):02d}"


def mean_handle_minutes(scenario: Scenario) -> float:
    """Mean minutes to write a reply, averaged over the channels by their share."""
    return float(sum(c.share * c.handling.mean for c in scenario.channels.values()))


def on_duty_by_hour(scenario: Scenario, day: int) -> np.ndarray:
    """Community managers on duty at the middle of each clock hour of weekday ``day`` (0 = Monday).

    Night shifts that started the day before count. Returns 24 integers.
    """
    if not 0 <= day <= 6:
        raise ValueError(f"day = {day!r}: must be 0 (Monday) to 6 (Sunday)")
    horizon = 14 * 1440.0  # read week 2, so a Sunday night shift from week 1 is included
    minutes = (day + 7) * 1440 + np.arange(24) * 60 + 30
    staff = np.zeros(24, dtype=int)
    for shift in scenario.staff.values():
        for start, end in shift_intervals(shift, horizon):
            staff += shift.count * ((minutes >= start) & (minutes < end))
    return staff


def paid_hours_per_week(scenario: Scenario) -> float:
    """Community-manager hours on duty in one week (no overtime)."""
    return float(sum(on_duty_by_hour(scenario, d).sum() for d in range(7)))


def wait_by_arrival_day(results: Mapping[str, SimulationResult]) -> pd.DataFrame:
    """Median hours to a first reply, by the weekday the question was sent, one column per run.

    The same measure as notebook 01 (:func:`simlib.course.doors.wait_by_day`):
    a question never answered counts as the longest wait, so a weekend
    without cover is not hidden by leaving its questions out, and the same
    shop over the same days gives the same numbers in both notebooks.
    """
    table = pd.DataFrame({name: wait_by_day(result).astype(float) for name, result in results.items()})
    table = table.set_axis([str(d) for d in table.index]).reindex(list(WEEKDAYS))
    table.index = pd.Index(WEEKDAYS, name=SENT_ON)
    return table


SENT_ON, = table_words(N_("sent on"))
PLAN_NAMES = table_words(N_("weekday cover"), N_("7-day cover"), N_("as it is"), N_("+ evening 19-23"),
                         N_("+ Sunday 10-18"), N_("2 on weekdays"), N_("+ weekend 10-18"),
                         N_("today: 2 early + 3 late"), N_("2 early + 4 late"))
"""The names notebook 07 and its exercises give their plans: shown in the reader's language in tables and legends
(the code keeps them as keys)."""


def plot_wait_by_arrival_day(table: pd.DataFrame) -> Figure:
    """Bars of median hours to a first reply by the day a question was sent (from :func:`wait_by_arrival_day`).

    Returns
    -------
    Figure
        x: weekday the question was sent; y: hours (a day whose median
        question is never answered has no bar, and says "never"). The title
        names the worst day of the first plan and what the last plan makes of it.
    """
    fig, ax = plt.subplots(figsize=(10, 4.5))
    plt.close(fig)
    width = 0.8 / len(table.columns)
    x = np.arange(len(table))
    finite = table.replace(np.inf, np.nan)
    for k, name in enumerate(table.columns):
        offset = (k - (len(table.columns) - 1) / 2) * width
        ax.bar(x + offset, finite[name], width, color=f"C{k}", label=label(name))
        for i in np.flatnonzero(np.isinf(table[name].to_numpy())):
            ax.annotate(tr("never"), (x[i] + offset, 0), ha="center", va="bottom", fontsize=10, color=f"C{k}")
    first, last = table.columns[0], table.columns[-1]
    worst = table[first].idxmax()
    ax.set_title(tr("Sent on {day}: a median {first_wait} to a first reply with {first},\n{last_wait} with {last}",
                    day=tr(worst), first_wait=_hours(table.loc[worst, first]), first=label(first),
                    last_wait=_hours(table.loc[worst, last]), last=label(last)), fontsize=13)
    ax.set_xticks(x, [tr(day) for day in table.index])
    ax.set_xlabel(tr("Day the question was sent"), fontsize=12)
    ax.set_ylabel(tr("Median time to a first reply\n(hours)"), fontsize=12)
    ax.tick_params(labelsize=11)
    ax.grid(True, axis="y", color="0.9")
    ax.set_axisbelow(True)
    ax.legend(fontsize=11, loc="upper left")
    return fig


def _hours(hours: float) -> str:
    if math.isinf(hours):
        return tr("never")
    return f"{fmt(hours * 60, '.0f')} min" if hours < 1 else f"{fmt(hours, '.0f')} h" if hours >= 10 else \
        f"{fmt(hours, '.1f')} h"


def service_level_conventions() -> pd.DataFrame:
    """Common service-level targets, where they are used and who says so (see the course's sources, notebook 00).

    Returns
    -------
    DataFrame
        Columns ``target`` (name), ``share`` (0-1), ``within_minutes``, ``used_for``, ``source``.
    """
    rows = [
        ("80/20", 0.80, 20 / 60, N_("call centres: the most quoted, though 'no one knows where it came from'"),
         N_("Fonolo blog (2014); Off Center Insight blog")),
        ("80/30", 0.80, 30 / 60, N_("a looser call-centre variant"), N_("SparkQueue (vendor website)")),
        ("95/10", 0.95, 10 / 60, N_("emergency lines"), N_("Turnella (vendor website)")),
        (N_("80% in 2 min"), 0.80, 2.0, N_("internal help desks"), N_("Turnella (vendor website)")),
        (N_("90% in 15 min"), 0.90, 15.0, N_("a strict reading of Facebook's 'very responsive' badge (which asks for "
                                             "90% answered the same day and a typical reply within 15 minutes)"),
         N_("Facebook Pages help text")),
    ]
    table_words(*(text for row in rows for text in (row[0], row[3], row[4])))  # shown in the reader's language
    return pd.DataFrame(rows, columns=["target", "share", "within_minutes", "used_for", "source"])


table_words(N_("target"), N_("used for"), N_("source"), N_("plan"),
            # the headings notebook 07 gives its staffing tables (readable(..., labels=...))
            N_("people"), N_("people needed"), N_("offered load (Erlangs)"), N_("meets 90% within 15 min"))


def head_count_by_convention(per_hour: float, handle_minutes: float,
                             patience_minutes: float = math.inf) -> pd.DataFrame:
    """The Erlang head count each convention of :func:`service_level_conventions` asks for one queue.

    Erlang C when ``patience_minutes`` is infinite, Erlang A otherwise.
    Returns ``target``, ``used_for``, ``offered_load`` (Erlangs) and ``agents`` (people).
    """
    table = service_level_conventions()
    table["offered_load"] = per_hour / 60 * handle_minutes
    table["agents"] = [agents_needed(per_hour, handle_minutes, row.within_minutes, row.share, patience_minutes)
                       for row in table.itertuples()]
    return table[["target", "used_for", "offered_load", "agents"]]


def hourly_load(scenario: Scenario, day: int) -> pd.DataFrame:
    """Arrival rate, offered load and head count on duty for each clock hour of one weekday.

    Parameters
    ----------
    scenario
        Any scenario; rates are at the baseline (no reputation feedback).
    day
        0 (Monday) to 6 (Sunday).

    Returns
    -------
    DataFrame
        Indexed by ``hour`` (0-23); columns ``arrivals_per_hour``,
        ``offered_load`` (Erlangs: arrivals per minute times the mean
        handling minutes, i.e. how many people would be busy on average) and
        ``on_duty`` (people rostered).
    """
    rate = weekly_rates(scenario, 60).reshape(7, 24)[day]  # the mean of each hour's two half hours
    table = pd.DataFrame({"arrivals_per_hour": rate,
                          "offered_load": rate / 60 * mean_handle_minutes(scenario),
                          "on_duty": on_duty_by_hour(scenario, day)})
    table.index.name = "hour"
    return table


def erlang_first_guess(scenario: Scenario, day: int, service_level: float = 0.9,
                       target_minutes: float | None = None) -> pd.DataFrame:
    """:func:`hourly_load` plus the Erlang C head count meeting a service level, hour by hour.

    ``target_minutes`` defaults to the scenario's target. Each hour is treated
    as its own steady queue with exponential handling and patient customers,
    which is exactly what a first guess assumes. Adds the column ``erlang_agents``.
    """
    target = scenario.service.target_minutes if target_minutes is None else target_minutes
    table = hourly_load(scenario, day)
    handle = mean_handle_minutes(scenario)
    table["erlang_agents"] = [agents_needed(rate, handle, target, service_level) if rate > 0 else 0
                              for rate in table["arrivals_per_hour"]]
    table.attrs.update(day=WEEKDAYS[day], service_level=service_level, target_minutes=target)
    return table


def plot_erlang_first_guess(table: pd.DataFrame) -> Figure:
    """Offered load (fractional), Erlang head count (integer) and the roster, by hour.

    Parameters
    ----------
    table
        From :func:`erlang_first_guess`.

    Returns
    -------
    Figure
        x: clock hour; y: people. Bars: offered load in Erlangs; steps: the
        Erlang C head count and the people on duty. The title names the peak.
    """
    fig, ax = plt.subplots(figsize=(11, 4.8))
    plt.close(fig)
    hours = table.index.to_numpy()
    ax.bar(hours + 0.5, table["offered_load"], width=0.8, color="C0", alpha=0.45,
           label=tr("offered load (Erlangs: people busy on average)"))
    edges = np.append(hours, 24)
    ax.stairs(table["erlang_agents"], edges, color="C1", lw=2.5, label=tr("Erlang C head count (whole people)"))
    ax.stairs(table["on_duty"], edges, color="0.2", lw=2, ls="--", label=tr("on duty in the preset"))
    peak = int(table["offered_load"].idxmax())
    row = table.loc[peak]
    day = table.attrs.get("day", "")
    ax.set_title(tr("{day} {hour}:00, the peak: {load:.2f} Erlangs of work; {share:.0%} within {target:g} min "
                    "needs {needed:.0f} people, {on_duty:.0f} on duty", day=tr(day) if day else "", hour=peak,
                    load=row.offered_load, share=table.attrs.get("service_level", 0.9),
                    target=table.attrs.get("target_minutes", 0), needed=row.erlang_agents, on_duty=row.on_duty),
                 fontsize=13)
    ax.set_xticks(range(0, 25, 2))
    ax.set_xlim(0, 24)
    ax.set_ylim(0, max(table["erlang_agents"].max(), table["on_duty"].max()) + 1.8)
    ax.set_xlabel(tr("Clock hour"), fontsize=12)
    ax.set_ylabel(tr("People"), fontsize=12)
    ax.tick_params(labelsize=11)
    ax.grid(True, axis="y", color="0.9")
    ax.set_axisbelow(True)
    ax.legend(fontsize=11, loc="upper left", ncol=2)
    return fig


def staffing_ladder(per_hour: float, handle_minutes: float, target_minutes: float, service_level: float,
                    patience_minutes: float = math.inf, extra: int = 2) -> pd.DataFrame:
    """Head counts around the offered load and what each achieves (Erlang C or A).

    Rows start at the first whole number above the offered load and go
    ``extra`` people past the first head count meeting ``service_level``.

    Returns
    -------
    DataFrame
        Indexed by ``agents``; columns ``occupancy`` (share of time busy),
        ``p_wait``, ``mean_wait_minutes``, ``service_level`` and ``meets`` (bool).
    """
    load = per_hour / 60 * handle_minutes
    needed = agents_needed(per_hour, handle_minutes, target_minutes, service_level, patience_minutes)
    first = max(1, math.floor(load) + 1) if math.isinf(patience_minutes) else max(1, math.ceil(load))
    rows = []
    for agents in range(min(first, needed), needed + extra + 1):
        f = queue_figures(per_hour, handle_minutes, agents, patience_minutes, target_minutes)
        rows.append({"agents": agents, "occupancy": f.occupancy, "p_wait": f.p_wait,
                     "mean_wait_minutes": f.mean_wait_minutes, "service_level": float(f.service_level),
                     "meets": bool(f.service_level >= service_level)})
    return pd.DataFrame(rows).set_index("agents")


def run_plans(preset: str, plans: Mapping[str, Mapping[str, Any]], replications: int = 3,
              days: float | None = None) -> dict[str, pd.DataFrame]:
    """Replications of each staffing plan of one business: ``{plan: KPI table (a row per replication)}``.

    Each plan is a dict of dotted changes to the preset (``{}`` is the preset
    as it is). Replication ``k`` of every plan sees the same customers. Each
    table's ``attrs`` hold the ``currency`` and the run's ``days`` (for
    :func:`plan_table`'s headings).
    """
    tables = {}
    for name, changes in plans.items():
        scenario = load_plan(preset, changes, days)
        table = run_replications(scenario, replications)[0]
        table.attrs.update(currency=scenario.business.currency if scenario.business else "",
                           days=scenario.run.days)
        tables[name] = table
    return tables


def plan_table(tables: Mapping[str, pd.DataFrame], kpis: Sequence[str] = HEADLINE) -> pd.DataFrame:
    """Plans side by side: one row per plan, one column per KPI, ``mean ± 95% CI half-width`` as text.

    Headings are the registry's labels with the currency and the period of
    totals ("revenue lost (USD per 4 weeks)"), read from the tables' ``attrs``
    (see :func:`run_plans`).
    """
    rows = {}
    first = next(iter(tables.values()))
    currency, days = first.attrs.get("currency", ""), first.attrs.get("days")
    for plan, table in tables.items():
        s = summarise(table[list(kpis)])
        rows[plan] = {kpi_heading(k, currency, days, durations=True): _estimate(k, s.loc[k, "mean"],
                                                                                 s.loc[k, "half_width"])
                      for k in kpis}
    out = pd.DataFrame(rows).T
    out.index.name = "plan"  # shown in the reader's language (a registered table word)
    return out


def _estimate(kpi: str, mean: float, half_width: float) -> str:
    """``mean ± half-width`` as text; waits as durations ("2.2 h ± 1.6 h")."""
    if kpi.endswith("_minutes"):
        return duration_estimate(mean, half_width)
    return format_estimate(kpi, mean, half_width)


def paired_difference(tables: Mapping[str, pd.DataFrame], baseline: str, kpi: str) -> pd.DataFrame:
    """Each plan minus ``baseline``, replication by replication: mean and paired 95% CI of the difference.

    Fair because replication ``k`` of every plan saw the same customers.
    Returns a table indexed by plan (baseline left out) with ``difference``,
    ``ci_low``, ``ci_high`` in the KPI's unit.
    """
    base = tables[baseline][kpi]
    diffs = pd.DataFrame({plan: t[kpi] - base for plan, t in tables.items() if plan != baseline})
    s = summarise(diffs, bounds={})
    out = s[["mean", "ci_low", "ci_high"]].rename(columns={"mean": "difference"})
    out.index.name = "plan"
    return out


def staffing_explorer(preset: str = "high_volume", replications: int = 3, days: float = 7,
                      max_count: int = 6) -> Explorer:
    """One slider per shift of a preset; a button simulates and shows KPIs and cost (mean ± 95% CI).

    :attr:`Explorer.result` is ``(table, text)``: the :func:`plan_table` row of
    the chosen head counts and a sentence on paid hours.
    """
    scenario = load_plan(preset)
    controls = {name: widgets.IntSlider(value=shift.count, min=0, max=max(max_count, shift.count),
                                        description=name)
                for name, shift in scenario.staff.items()}
    kpis = ("service_level", "answered_share", "median_first_response_minutes", "revenue_lost", "staff_cost",
            "profit", "lowest_reputation") if scenario.business else ("service_level", "answered_share",
                                                                    "median_first_response_minutes", "utilisation")

    def draw(**counts: int) -> tuple[pd.DataFrame, str]:
        changes = {f"staff.{name}.count": count for name, count in counts.items()}
        plan = " + ".join(f"{count} {name}" for name, count in counts.items())
        tables = run_plans(preset, {plan: changes}, replications, days)
        hours = paid_hours_per_week(load_plan(preset, changes))
        text = tr("{preset}: {plan} = {hours:.0f} paid hours a week; {replications} replications of {days:g} days, "
                  "mean ± 95% CI half-width", preset=preset, plan=plan, hours=hours, replications=replications,
                  days=days)
        return plan_table(tables, kpis), text

    return Explorer(draw, controls, button=tr("Simulate"))
