"""Helpers for notebook 02, *Luxury vs high volume*: what a minute of delay is worth.

The two businesses are the presets ``luxury`` (a jeweller) and
``high_volume`` (a burger chain).

- By hand: :func:`value_by_hand`, :func:`hand_table` and
  :func:`lead_value_after` (chance of buying × mean ticket, read off each
  preset's conversion curve).
- With the simulation: :func:`compare_businesses` (``simlib compare`` from
  Python), :func:`lost_per_question_hour`, :func:`headline` and
  :func:`revenue_by_source`.
- The same staffing change in both businesses: :func:`staffing_change`,
  :func:`staffing_effect`, :func:`plot_staffing_effect`,
  :func:`draw_staffing` and :func:`staffing_explorer`.

Times in minutes (tables say hours where they use hours); money in the
businesses' currency (USD for both presets).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simlib.analysis.curves import conversion_half_life
from simlib.analysis.kpis import measured
from simlib.course.tables import duration, kpi_rows
from simlib.dashboards.explorer import Explorer
from simlib.experiments.compare import side_by_side
from simlib.experiments.replications import run_replications, summarise
from simlib.figures import plot_comparison
from simlib.model.business import SOURCES
from simlib.model.presets import load_preset
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario

__all__ = [
    "EVENING_SHIFT",
    "LABELS",
    "PAIR",
    "STAFFING_DAYS",
    "STAFFING_REPLICATIONS",
    "Comparison",
    "business_profile",
    "compare_businesses",
    "draw_staffing",
    "hand_table",
    "headline",
    "lead_value_after",
    "load_businesses",
    "lost_per_question_hour",
    "plot_businesses",
    "plot_staffing_effect",
    "revenue_by_source",
    "staffing_change",
    "staffing_effect",
    "staffing_explorer",
    "staffing_table",
    "value_by_hand",
]

PAIR = ("luxury", "high_volume")
"""The two presets compared in notebook 02."""
LABELS = {"luxury": "jeweller (luxury)", "high_volume": "burger chain (high volume)"}
"""How the notebook names each preset."""
EVENING_SHIFT = {"count": 1, "start_hour": 19.0, "end_hour": 23.0}
"""One more person from 19:00 to 23:00 every day (the evening peak of both businesses)."""
STAFFING_REPLICATIONS = {"luxury": 20, "high_volume": 3}
"""Runs per choice in the staffing explorer: the jeweller's rare, costly sales are noisier."""
STAFFING_DAYS = 14
"""Days simulated per run by the staffing explorer (two weeks keep a click to a few seconds)."""
DAYS = 28
"""Days simulated by the comparisons (the presets' four weeks)."""
HEADLINE = ("questions", "median_first_response_minutes", "conversion", "revenue", "revenue_lost",
            "revenue_lost_per_question_hour", "complaints", "profit")
"""The KPIs :func:`headline` shows."""


def load_businesses(names: Iterable[str] = PAIR, days: float = DAYS) -> dict[str, Scenario]:
    """The presets by name, each run for ``days`` days.

    Returns
    -------
    dict
        Preset name -> validated :class:`~simlib.model.scenario.Scenario`.
    """
    return {name: load_preset(name, {"run.days": days}) for name in names}


def business_profile(scenarios: Mapping[str, Scenario]) -> pd.DataFrame:
    """The few numbers that make each business what it is, from its preset, written for reading.

    Returns
    -------
    DataFrame
        One column per business (named by :data:`LABELS` when known), text;
        rows: questions a week (at the baseline reputation), share of
        questions asked before buying, chance that a lead answered at once
        buys, mean ticket (currency) and the delay after which that chance
        has halved.
    """
    columns = {}
    for name, scenario in scenarios.items():
        business = scenario.business
        columns[LABELS.get(name, name)] = {
            "questions a week": f"{scenario.arrivals.per_hour * 24 * 7:,.0f}",
            "share asked before buying": f"{business.pre_sale_share:.0%}",
            "chance a lead buys if answered at once": f"{business.conversion.at_once:.0%}",
            "mean ticket": f"{business.ticket.mean:,.0f} {business.currency}",
            "chance halves after": duration(conversion_half_life(business.conversion)),
        }
    return pd.DataFrame(columns)


def value_by_hand(scenario: Scenario, delay_minutes: float = 60.0) -> dict[str, float]:
    """What one question is worth, and what a delay takes off, computed by hand.

    A lead answered after ``t`` minutes buys with chance ``curve(t)`` and
    then spends the mean ticket, so it is worth ``curve(t) × ticket``. A
    question is a lead with chance ``pre_sale_share``. Where the lead came
    from, reputation and after-sale questions are left out: the simulation
    adds them.

    Parameters
    ----------
    scenario
        A scenario with a ``[business]`` section.
    delay_minutes
        The delay to price (minutes, >= 0).

    Returns
    -------
    dict
        ``chance_at_once``, ``ticket`` (currency), ``lead_at_once`` (value of
        a lead answered at once), ``chance_after`` and ``lead_after`` (after
        the delay), ``lost_per_lead`` and ``lost_per_question`` (what the
        delay takes off, currency).
    """
    if not delay_minutes >= 0:
        raise ValueError(f"delay_minutes = {delay_minutes!r}: must be >= 0")
    business = scenario.business
    if business is None:
        raise ValueError(f"scenario {scenario.name!r} has no [business] section: nothing to value")
    at_once = float(business.conversion.at_once)
    after = float(np.asarray(business.conversion.probability(np.array([delay_minutes])))[0])
    ticket = float(business.ticket.mean)
    lost = (at_once - after) * ticket
    return {
        "chance_at_once": at_once,
        "ticket": ticket,
        "lead_at_once": at_once * ticket,
        "chance_after": after,
        "lead_after": after * ticket,
        "lost_per_lead": lost,
        "lost_per_question": business.pre_sale_share * lost,
    }


def hand_table(scenarios: Mapping[str, Scenario], delay_minutes: float = 60.0) -> pd.DataFrame:
    """:func:`value_by_hand` for several businesses, one column each.

    ``table.attrs["ratio"]`` is how many times more the first business loses
    per question than the last one.
    """
    table = pd.DataFrame({LABELS.get(n, n): value_by_hand(s, delay_minutes) for n, s in scenarios.items()})
    table.attrs["ratio"] = float(table.iloc[:, 0]["lost_per_question"] / table.iloc[:, -1]["lost_per_question"])
    return table


def lead_value_after(scenarios: Mapping[str, Scenario],
                     delays_minutes: Iterable[float] = (0, 15, 60, 4 * 60, 24 * 60)) -> pd.DataFrame:
    """What a lead is worth if the first reply comes after each delay: chance of buying × mean ticket.

    Returns
    -------
    DataFrame
        Rows: the delays, labelled (``"15 min"``, ``"1 h"``...); one column
        per business; values in currency.
    """
    delays = list(delays_minutes)
    labels = [f"{d / 60:g} h" if d >= 60 else f"{d:g} min" for d in delays]
    columns = {LABELS.get(n, n): [value_by_hand(s, d)["lead_after"] for d in delays] for n, s in scenarios.items()}
    return pd.DataFrame(columns, index=pd.Index(labels, name="first reply after"))


@dataclass(frozen=True)
class Comparison:
    """Businesses run side by side on the same random numbers.

    Attributes
    ----------
    table
        :func:`simlib.experiments.compare.side_by_side`: KPIs by ``(business, mean | ci_low | ci_high)``.
    results
        Business -> its runs, one per replication.
    """

    table: pd.DataFrame
    results: dict[str, list[SimulationResult]]

    def first_runs(self) -> dict[str, SimulationResult]:
        """Replication 0 of each business (what :func:`simlib.figures.plot_comparison` draws)."""
        return {name: runs[0] for name, runs in self.results.items()}


@functools.lru_cache(maxsize=64)
def _cached_runs(scenario_json: str, replications: int) -> tuple[pd.DataFrame, tuple[SimulationResult, ...]]:
    table, results = run_replications(Scenario.model_validate_json(scenario_json), replications)
    return table, tuple(results)


def _runs(name: str, changes: Mapping[str, object], replications: int
          ) -> tuple[pd.DataFrame, list[SimulationResult]]:
    """Replications 0..R-1 of a preset with dotted changes: a KPI table and the runs.

    Cached by the scenario's content, because the notebook and its explorer
    ask for the same runs again (the same scenario reached by different
    changes is run once).
    """
    scenario = load_preset(name, dict(changes))
    table, results = _cached_runs(scenario.model_dump_json(), replications)
    return table.copy(), list(results)


def compare_businesses(names: Iterable[str] = PAIR, days: float = DAYS, replications: int = 5) -> Comparison:
    """``simlib compare`` from Python: each business ``replications`` times, same random numbers.

    Parameters
    ----------
    names
        Preset names (or scenario paths).
    days
        Days simulated in each run.
    replications
        Runs per business (>= 2 for confidence intervals).
    """
    runs = {name: _runs(name, {"run.days": days}, replications) for name in names}
    table = side_by_side({n: t for n, (t, _) in runs.items()})
    table.attrs["replications"] = replications
    return Comparison(table, {n: r for n, (_, r) in runs.items()})


def lost_per_question_hour(table: pd.DataFrame) -> pd.Series:
    """Revenue lost per question per hour of waiting, the mean of each business in a comparison table.

    ``series.attrs["ratio"]`` is the first business's value over the last's.
    """
    row = table.loc["revenue_lost_per_question_hour"].xs("mean", level=1)
    row.attrs["ratio"] = float(row.iloc[0] / row.iloc[-1])
    return row


def headline(table: pd.DataFrame, days: float = DAYS) -> pd.DataFrame:
    """The comparison's key figures for reading: the mean over replications, one column per business.

    Rows are labelled by the KPI registry, with the currency and the period
    of totals ("revenue lost (USD per 4 weeks)"); shares as %, waits as
    durations. The currency is read from the businesses' presets.
    """
    means = table.xs("mean", axis=1, level=1).loc[list(HEADLINE)]
    currency = _currency(means.columns)
    shown = kpi_rows(means, currency, days)
    shown.columns = [LABELS.get(n, n) for n in means.columns]
    runs = table.attrs.get("replications")
    shown.columns.name = f"mean of {runs} runs" if runs else "mean over the runs"
    return shown


def _currency(names: Iterable[str]) -> str:
    """The currency the businesses share ("" when they do not, or are not presets)."""
    found = set()
    for name in names:
        try:
            found.add(load_preset(str(name)).business.currency)
        except Exception:  # noqa: BLE001 - a scenario path or a preset without a business: no currency
            return ""
    return found.pop() if len(found) == 1 else ""


def plot_businesses(comparison: Comparison) -> Figure:
    """:func:`simlib.figures.plot_comparison` of a comparison, the businesses named as the course names them."""
    results = {LABELS.get(n, n): run for n, run in comparison.first_runs().items()}
    table = comparison.table.rename(columns=lambda n: LABELS.get(n, n), level=0)
    return plot_comparison(results, table)


def revenue_by_source(results: Iterable[SimulationResult]) -> pd.DataFrame:
    """Where the questions and the revenue came from, over several runs of one business.

    Returns
    -------
    DataFrame
        Indexed by source (search, social, referral, returning); columns
        ``share of questions`` and ``share of revenue`` (0-1). Revenue
        includes the repeat purchases after-sale answers bring.
    """
    records = pd.concat([measured(r) for r in results], ignore_index=True)
    by_source = records.groupby("source", observed=False)
    table = pd.DataFrame({
        "share of questions": by_source.size() / len(records),
        "share of revenue": by_source["revenue"].sum() / records["revenue"].sum(),
    }).reindex(list(SOURCES))
    table.index.name = "source"
    return table


def staffing_change(name: str, extra_people: int = 0, evening: bool = False, days: float = STAFFING_DAYS
                    ) -> dict[str, object]:
    """The dotted changes that apply one staffing change to a preset.

    Parameters
    ----------
    name
        A preset name.
    extra_people
        People added to every shift (negative removes them); no shift
        drops below one person.
    evening
        Add :data:`EVENING_SHIFT` (one person, 19:00-23:00, every day).
    days
        Days simulated.

    Returns
    -------
    dict
        Dotted field -> value, as :func:`simlib.load_scenario` takes them.
    """
    scenario = load_preset(name)
    changes: dict[str, object] = {"run.days": days}
    for shift_name, shift in scenario.staff.items():
        changes[f"staff.{shift_name}.count"] = max(1, shift.count + extra_people)
    if evening:
        changes["staff.evening"] = dict(EVENING_SHIFT)
    return changes


def staffing_effect(extra_people: int = 0, evening: bool = False, names: Iterable[str] = PAIR,
                    days: float = STAFFING_DAYS, replications: Mapping[str, int] | None = None) -> pd.DataFrame:
    """The same staffing change in each business: revenue lost, staff cost and profit, per week.

    Both versions of each business (as now, with the change) meet the same
    customers (common random numbers), so the difference comes from the
    staffing alone. Between staffing levels, profit is the fairest judge
    (``docs/outcomes.md``, *Limits*): it also counts the sales a better
    reputation brings.

    Parameters
    ----------
    extra_people, evening
        The change (see :func:`staffing_change`).
    names
        Presets to compare.
    days
        Days simulated per run.
    replications
        Runs per business (default :data:`STAFFING_REPLICATIONS`, else 3).

    Returns
    -------
    DataFrame
        One row per business (named by :data:`LABELS`); columns in currency
        per week: ``lost_now``, ``lost_now_ci``, ``lost_changed``,
        ``lost_changed_ci`` (half-widths of 95% intervals), ``saved``
        (``lost_now - lost_changed``) and ``saved_ci`` (the half-width of
        its 95% interval, from the paired runs), ``staff_cost_change`` and
        ``profit_change``. ``attrs``: ``currency``, ``change`` (in words).
    """
    replications = dict(STAFFING_REPLICATIONS if replications is None else replications)
    week = 7 / days
    rows, currency = {}, ""
    for name in names:
        reps = replications.get(name, 3)
        before = _runs(name, staffing_change(name, 0, False, days), reps)[0]
        after = _runs(name, staffing_change(name, extra_people, evening, days), reps)[0]
        now, changed = summarise(before), summarise(after)
        saved = summarise((before["revenue_lost"] - after["revenue_lost"]).to_frame("saved"), bounds={})
        rows[LABELS.get(name, name)] = {
            "lost_now": now.loc["revenue_lost", "mean"] * week,
            "lost_now_ci": now.loc["revenue_lost", "half_width"] * week,
            "lost_changed": changed.loc["revenue_lost", "mean"] * week,
            "lost_changed_ci": changed.loc["revenue_lost", "half_width"] * week,
            "saved": saved.loc["saved", "mean"] * week,
            "saved_ci": saved.loc["saved", "half_width"] * week,
            "staff_cost_change": (changed.loc["staff_cost", "mean"] - now.loc["staff_cost", "mean"]) * week,
            "profit_change": (changed.loc["profit", "mean"] - now.loc["profit", "mean"]) * week,
        }
        currency = load_preset(name).business.currency
    effect = pd.DataFrame(rows).T
    effect.attrs.update(currency=currency, change=_describe_change(extra_people, evening))
    return effect


def _describe_change(extra_people: int, evening: bool) -> str:
    parts = []
    if extra_people:
        people = "person" if abs(extra_people) == 1 else "people"
        parts.append(f"{extra_people:+d} {people} on every shift" + (" (never below 1)" if extra_people < 0 else ""))
    if evening:
        parts.append("an evening shift, 19:00-23:00")
    return " and ".join(parts) or "no change"


def staffing_table(effect: pd.DataFrame) -> pd.DataFrame:
    """A :func:`staffing_effect` table for reading: money per week, rounded, with signs."""
    currency = effect.attrs.get("currency", "")
    return pd.DataFrame({
        f"revenue lost now ({currency}/week)": effect["lost_now"].map("{:,.0f}".format),
        f"with the change ({currency}/week)": effect["lost_changed"].map("{:,.0f}".format),
        f"staff cost ({currency}/week)": effect["staff_cost_change"].map("{:+,.0f}".format),
        f"profit ({currency}/week)": effect["profit_change"].map("{:+,.0f}".format),
    }).rename_axis(f"change: {effect.attrs.get('change', '')}")


def plot_staffing_effect(effect: pd.DataFrame) -> Figure:
    """Revenue lost per week, as now and with the change, one panel per business (own scale).

    Bars are means over the replications with 95% confidence intervals; each
    panel's title says what the change saves (or loses) that business per
    week, or that the difference is within the noise of the paired runs, and
    how profit moves.

    Parameters
    ----------
    effect
        A :func:`staffing_effect` table.

    Returns
    -------
    Figure
        12 x 4.5 inches; y: revenue lost (currency per week).
    """
    currency = effect.attrs.get("currency", "")
    fig, axes = plt.subplots(1, len(effect), figsize=(12, 4.5), layout="constrained", squeeze=False)
    plt.close(fig)
    for ax, (business, row) in zip(axes[0], effect.iterrows()):
        values = [row["lost_now"], row["lost_changed"]]
        errors = [np.nan_to_num(row["lost_now_ci"]), np.nan_to_num(row["lost_changed_ci"])]
        ax.bar(["as now", "with the change"], values, yerr=errors, capsize=6, color=["0.6", "C0"], width=0.6)
        for x, value in enumerate(values):
            ax.annotate(f"{value:,.0f}", (x, value), xytext=(8, 4), textcoords="offset points",
                        ha="left", va="bottom", fontsize=12)
        if not abs(row["saved"]) > np.nan_to_num(row["saved_ci"]):  # within the noise of the runs
            finding = "no clear change in revenue lost"
        else:
            finding = f"{'saves' if row['saved'] > 0 else 'loses'} {abs(row['saved']):,.0f} {currency} a week"
        ax.set_title(f"{business}: {finding}\n(profit {row['profit_change']:+,.0f} {currency} a week)",
                     fontsize=13)
        ax.set_ylabel(f"Revenue lost to slow replies\n({currency} per week)", fontsize=12)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
        ax.tick_params(labelsize=11)
        ax.set_ylim(0, max(max(values) + max(errors), 1) * 1.25)
        ax.grid(True, axis="y", color="0.9")
        ax.set_axisbelow(True)
    fig.suptitle(f"The same change in both businesses: {effect.attrs.get('change', '')} "
                 "(mean, 95% interval)", fontsize=13)
    return fig


def draw_staffing(extra_people: int, evening: bool) -> tuple[Figure, pd.DataFrame]:
    """What the explorer shows: :func:`plot_staffing_effect` and :func:`staffing_table` for one change."""
    effect = staffing_effect(extra_people, evening)
    return plot_staffing_effect(effect), staffing_table(effect)


def staffing_explorer() -> Explorer:
    """An explorer that applies one staffing change to both businesses, on a button.

    Controls: people added to every shift (-1 to +2, no shift below one
    person) and an evening shift (19:00-23:00). A click runs two weeks of
    each business (20 runs of the jeweller, 3 of the burger chain): a few
    seconds; choices already seen come back at once.
    """
    style = {"description_width": "initial"}
    return Explorer(draw_staffing, {
        "extra_people": widgets.IntSlider(value=0, min=-1, max=2, description="People added to every shift:",
                                          style=style),
        "evening": widgets.Checkbox(value=False, description="Add an evening shift (19:00-23:00)", style=style),
    }, button="Run both businesses")
