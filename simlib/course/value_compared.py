"""Notebook 02 with the simulation: what one more minute of delay costs, and the same staffing change twice.

- :func:`minute_cost`, :func:`minute_table` and :func:`plot_minute_cost`:
  one more minute on every reply, per question and in total over the run,
  for the jeweller (``luxury``) and the burger chain (``high_volume``).
- :func:`staffing_change`, :func:`staffing_effect`, :func:`staffing_table`,
  :func:`plot_staffing_effect`, :func:`draw_staffing` and
  :func:`staffing_explorer`: one staffing change in both businesses, judged
  by the revenue shortfall, revenue and profit (between staffing plans,
  never revenue lost: ``docs/outcomes.md``, *Limits*).

The runs are those of :func:`simlib.course.value.preset_runs` (seeded,
cached). Money in the businesses' currency (USD for both presets). Tables,
figures and the explorer are written in the reader's language
(:func:`simlib.i18n.set_language`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simlib.course.tables import period
from simlib.course.value import DAYS, PAIR, label, preset_runs
from simlib.dashboards.explorer import Explorer
from simlib.experiments.replications import summarise
from simlib.i18n import fmt, tr
from simlib.model.presets import load_preset

__all__ = [
    "EVENING_SHIFT",
    "MINUTE_REPLICATIONS",
    "STAFFING_DAYS",
    "STAFFING_REPLICATIONS",
    "draw_staffing",
    "minute_cost",
    "minute_table",
    "plot_minute_cost",
    "plot_staffing_effect",
    "staffing_change",
    "staffing_effect",
    "staffing_explorer",
    "staffing_table",
]

MINUTE_REPLICATIONS = {"luxury": 200, "high_volume": 3}
"""Runs per business for :func:`minute_cost`: a jeweller's minute is dominated by rare, costly questions
(a five-figure ticket, a client about to give up), so it needs many runs; the burger chain's is steady."""
EVENING_SHIFT = {"count": 1, "start_hour": 19.0, "end_hour": 23.0}
"""One more person from 19:00 to 23:00 every day (the evening peak of both businesses)."""
STAFFING_REPLICATIONS = {"luxury": 20, "high_volume": 3}
"""Runs per choice in the staffing explorer: the jeweller's rare, costly sales are noisier."""
STAFFING_DAYS = 14
"""Days simulated per run by the staffing explorer (two weeks keep a click to a few seconds)."""


def minute_cost(names: Iterable[str] = PAIR, days: float = DAYS,
                replications: Mapping[str, int] | None = None) -> pd.DataFrame:
    """What one more minute of delay on every reply costs each business: per question and in total.

    For every question with a reply, its expected revenue at its delay minus
    at its delay plus one minute (the queue and reputation held fixed:
    :mod:`simlib.experiments.delay_cost`), averaged per question and summed
    over each run: the KPIs ``delay_cost_per_question_minute`` and
    ``delay_cost_per_minute``; means over replications ``0..R-1`` with 95%
    intervals.

    Parameters
    ----------
    names
        Preset names.
    days
        Days simulated per run.
    replications
        Runs per business (default :data:`MINUTE_REPLICATIONS`, else 3).

    Returns
    -------
    DataFrame
        One row per preset (index: preset names); columns ``questions``
        (mean per run), ``per_question``, ``per_question_low``,
        ``per_question_high`` (currency per question per minute) and
        ``total``, ``total_low``, ``total_high`` (currency per minute of
        delay over a run). ``attrs``: ``currency``, ``days``,
        ``replications`` (dict), ``per_question_ratio`` and
        ``total_ratio`` (first business over last, and last over first),
        each with ``_low`` and ``_high`` bounds from the two intervals (a
        conservative 95% range).
    """
    counts = dict(MINUTE_REPLICATIONS if replications is None else replications)
    rows, currency, used = {}, "", {}
    for name in names:
        reps = counts.get(name, 3)
        table, _ = preset_runs(name, {"run.days": days}, reps)
        summary = summarise(table[["questions", "delay_cost_per_question_minute", "delay_cost_per_minute"]], bounds={})
        row = {"questions": summary.loc["questions", "mean"]}
        for column, key in (("per_question", "delay_cost_per_question_minute"), ("total", "delay_cost_per_minute")):
            row[column] = summary.loc[key, "mean"]
            row[f"{column}_low"], row[f"{column}_high"] = summary.loc[key, "ci_low"], summary.loc[key, "ci_high"]
        rows[name], used[name] = row, reps
        currency = load_preset(name).business.currency
    cost = pd.DataFrame(rows).T
    first, last = cost.iloc[0], cost.iloc[-1]
    cost.attrs.update(
        currency=currency, days=days, replications=used,
        per_question_ratio=first["per_question"] / last["per_question"],
        per_question_ratio_low=first["per_question_low"] / last["per_question_high"],
        per_question_ratio_high=first["per_question_high"] / last["per_question_low"],
        total_ratio=last["total"] / first["total"],
        total_ratio_low=last["total_low"] / first["total_high"],
        total_ratio_high=last["total_high"] / first["total_low"],
    )
    return cost


def minute_table(cost: pd.DataFrame) -> pd.DataFrame:
    """A :func:`minute_cost` table for reading: one column per business, each value with its 95% interval."""
    currency, days = cost.attrs.get("currency", ""), cost.attrs.get("days", DAYS)
    runs = cost.attrs.get("replications", {})

    def estimate(row: pd.Series, column: str, digits: int) -> str:
        spec = f",.{digits}f"
        return tr("{mean} ({low} to {high})", mean=fmt(row[column], spec), low=fmt(row[f"{column}_low"], spec),
                  high=fmt(row[f"{column}_high"], spec))

    shown = pd.DataFrame({
        label(name): {
            tr("questions (per {period})", period=period(days)): fmt(row["questions"], ",.0f"),
            tr("per question ({currency})", currency=currency): estimate(row, "per_question", 2),
            tr("in total over {period} ({currency})", period=period(days), currency=currency):
                estimate(row, "total", 0),
            tr("runs"): f"{runs.get(name, '')}",
        } for name, row in cost.iterrows()})
    shown.columns.name = tr("one more minute on every reply costs (mean, 95% interval)")
    return shown


def plot_minute_cost(cost: pd.DataFrame) -> Figure:
    """What one more minute costs each business, per question (left) and in total over the run (right).

    Bars are the means of a :func:`minute_cost` table with their 95%
    intervals; each panel's title says which business pays more, and how
    many times more.

    Returns
    -------
    Figure
        12 x 4.5 inches; y: currency per minute of delay.
    """
    currency, days = cost.attrs.get("currency", ""), cost.attrs.get("days", DAYS)
    names = [label(n).split(" (")[0] for n in cost.index]
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    plt.close(fig)
    for ax, column, digits, what in ((axes[0], "per_question", 2, tr("per question")),
                                     (axes[1], "total", 0, tr("in total over {period}", period=period(days)))):
        means = cost[column].to_numpy(dtype=float)
        errors = [means - cost[f"{column}_low"].to_numpy(dtype=float), cost[f"{column}_high"].to_numpy(dtype=float) - means]
        ax.bar(names, means, yerr=errors, capsize=8, color=["C1", "C0"][:len(names)], width=0.6)
        for x, value in enumerate(means):
            ax.annotate(fmt(value, f",.{digits}f"), (x, value), xytext=(10, 4), textcoords="offset points",
                        ha="left", va="bottom", fontsize=12)
        high, low = int(np.argmax(means)), int(np.argmin(means))
        ax.set_title(tr("{what}: the {business} pays {times:.0f} times more", what=what[:1].upper() + what[1:],
                        business=names[high], times=means[high] / means[low]), fontsize=13)
        ax.set_ylabel(tr("One more minute on every reply\n({currency}, {what})", currency=currency, what=what),
                      fontsize=12)
        ax.yaxis.set_major_formatter(lambda v, _, d=digits: fmt(v, f",.{d}f"))
        ax.tick_params(labelsize=11)
        ax.set_ylim(0, float(np.nanmax(cost[f"{column}_high"])) * 1.2)
        ax.grid(True, axis="y", color="0.9")
        ax.set_axisbelow(True)
    fig.suptitle(tr("What one more minute of delay costs (mean, 95% interval)"), fontsize=13)
    return fig


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
    """The same staffing change in each business: revenue shortfall, revenue, staff cost and profit, per week.

    Both versions of each business (as now, with the change) meet the same
    customers (common random numbers), so the difference comes from the
    staffing alone. The shortfall (KPI ``revenue_shortfall``) is what the
    customers would have brought, each answered at once at the baseline
    reputation, minus the revenue; that benchmark does not depend on
    staffing, so a change moves the shortfall by exactly minus the revenue,
    and profit adds the staff cost. Between staffing plans these are the
    fair judges, not revenue lost (``docs/outcomes.md``, *Limits*).

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
        One row per business (named by :func:`~simlib.course.value.label`); columns in currency
        per week: ``shortfall_now``, ``shortfall_now_ci``,
        ``shortfall_changed``, ``shortfall_changed_ci`` (half-widths of 95%
        intervals), ``revenue_change`` (``shortfall_now -
        shortfall_changed``) and ``revenue_change_ci``,
        ``staff_cost_change``, ``profit_change`` and ``profit_change_ci``
        (half-widths of the 95% intervals of the paired differences).
        ``attrs``: ``currency``, ``change`` (in words).
    """
    replications = dict(STAFFING_REPLICATIONS if replications is None else replications)
    week = 7 / days
    rows, currency = {}, ""
    for name in names:
        reps = replications.get(name, 3)
        money = ["revenue", "revenue_shortfall", "staff_cost", "profit"]
        before = preset_runs(name, staffing_change(name, 0, False, days), reps)[0][money]
        after = preset_runs(name, staffing_change(name, extra_people, evening, days), reps)[0][money]
        now, changed = summarise(before, bounds={}), summarise(after, bounds={})
        paired = summarise((after - before)[["revenue", "profit"]], bounds={})
        rows[label(name)] = {
            "shortfall_now": now.loc["revenue_shortfall", "mean"] * week,
            "shortfall_now_ci": now.loc["revenue_shortfall", "half_width"] * week,
            "shortfall_changed": changed.loc["revenue_shortfall", "mean"] * week,
            "shortfall_changed_ci": changed.loc["revenue_shortfall", "half_width"] * week,
            "revenue_change": paired.loc["revenue", "mean"] * week,
            "revenue_change_ci": paired.loc["revenue", "half_width"] * week,
            "staff_cost_change": (changed.loc["staff_cost", "mean"] - now.loc["staff_cost", "mean"]) * week,
            "profit_change": paired.loc["profit", "mean"] * week,
            "profit_change_ci": paired.loc["profit", "half_width"] * week,
        }
        currency = load_preset(name).business.currency
    effect = pd.DataFrame(rows).T
    effect.attrs.update(currency=currency, change=_describe_change(extra_people, evening))
    return effect


def _describe_change(extra_people: int, evening: bool) -> str:
    """The change in words, in the reader's language ("+1 person on every shift")."""
    parts = []
    if extra_people:
        if abs(extra_people) == 1:
            parts.append(tr("{people:+d} person on every shift", people=extra_people))
        else:
            parts.append(tr("{people:+d} people on every shift", people=extra_people))
        if extra_people < 0:
            parts[-1] += tr(" (never below 1)")
    if evening:
        parts.append(tr("an evening shift, 19:00-23:00"))
    return tr(" and ").join(parts) or tr("no change")


def staffing_table(effect: pd.DataFrame) -> pd.DataFrame:
    """A :func:`staffing_effect` table for reading: money per week, rounded, with signs."""
    currency = effect.attrs.get("currency", "")
    return pd.DataFrame({
        tr("shortfall now ({currency}/week)", currency=currency): effect["shortfall_now"].map(_whole),
        tr("with the change ({currency}/week)", currency=currency): effect["shortfall_changed"].map(_whole),
        tr("revenue ({currency}/week)", currency=currency): effect["revenue_change"].map(_signed),
        tr("staff cost ({currency}/week)", currency=currency): effect["staff_cost_change"].map(_signed),
        tr("profit ({currency}/week)", currency=currency): effect["profit_change"].map(_signed),
    }).rename_axis(tr("change: {change}", change=effect.attrs.get("change", "")))


def _whole(value: float) -> str:
    return fmt(value, ",.0f")


def _signed(value: float) -> str:
    return fmt(value, "+,.0f")


def plot_staffing_effect(effect: pd.DataFrame) -> Figure:
    """The revenue shortfall per week, as now and with the change, one panel per business (own scale).

    Bars are means over the replications with 95% confidence intervals; each
    panel's title says how much revenue the change brings (or costs) that
    business per week, or that the difference is within the noise of the
    paired runs, and how profit moves.

    Parameters
    ----------
    effect
        A :func:`staffing_effect` table.

    Returns
    -------
    Figure
        12 x 4.5 inches; y: revenue shortfall (currency per week).
    """
    currency = effect.attrs.get("currency", "")
    fig, axes = plt.subplots(1, len(effect), figsize=(12, 4.5), layout="constrained", squeeze=False)
    plt.close(fig)
    for ax, (business, row) in zip(axes[0], effect.iterrows()):
        values = [row["shortfall_now"], row["shortfall_changed"]]
        errors = [np.nan_to_num(row["shortfall_now_ci"]), np.nan_to_num(row["shortfall_changed_ci"])]
        ax.bar([tr("as now"), tr("with the change")], values, yerr=errors, capsize=6, color=["0.6", "C0"], width=0.6)
        for x, value in enumerate(values):
            ax.annotate(_whole(value), (x, value), xytext=(8, 4), textcoords="offset points",
                        ha="left", va="bottom", fontsize=12)
        if not abs(row["revenue_change"]) > np.nan_to_num(row["revenue_change_ci"]):  # within the noise of the runs
            finding = tr("no clear change in revenue")
        elif row["revenue_change"] > 0:
            finding = tr("brings {amount:,.0f} {currency} of revenue a week", amount=row["revenue_change"],
                         currency=currency)
        else:
            finding = tr("costs {amount:,.0f} {currency} of revenue a week", amount=abs(row["revenue_change"]),
                         currency=currency)
        ax.set_title(tr("{business}: {finding}\n(profit {profit:+,.0f} {currency} a week)", business=business,
                        finding=finding, profit=row["profit_change"], currency=currency), fontsize=13)
        ax.set_ylabel(tr("Revenue shortfall\n({currency} per week)", currency=currency), fontsize=12)
        ax.yaxis.set_major_formatter(lambda v, _: _whole(v))
        ax.tick_params(labelsize=11)
        ax.set_ylim(min(0, min(values) * 1.25), max(max(values) + max(errors), 1) * 1.25)
        ax.grid(True, axis="y", color="0.9")
        ax.set_axisbelow(True)
    fig.suptitle(tr("The same change in both businesses: {change} (mean, 95% interval)",
                    change=effect.attrs.get("change", "")), fontsize=13)
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
        "extra_people": widgets.IntSlider(value=0, min=-1, max=2, description=tr("People added to every shift:"),
                                          style=style),
        "evening": widgets.Checkbox(value=False, description=tr("Add an evening shift (19:00-23:00)"), style=style),
    }, button=tr("Run both businesses"))
