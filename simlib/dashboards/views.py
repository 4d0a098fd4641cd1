"""The dashboards' figures: one run as the explorer shows it, a staffing change, a staffing plan.

Each returns a matplotlib Figure kept out of pyplot (closed at once), to be
drawn into a picture by whoever shows it. Built on :mod:`simlib.figures`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from simlib.analysis.formatting import format_kpi
from simlib.dashboards.answers import ChangeView, StaffingPlan
from simlib.dashboards.tables import PER_QUESTION_KPI
from simlib.figures import plot_inbox_length, plot_reputation, plot_revenue_lost_vs_staff
from simlib.model.records import SimulationResult

ERLANG_GID = "erlang-guess"
"""``gid`` of the line marking the Erlang first guess on the planner's figure."""


def explorer_figure(result: SimulationResult) -> Figure:
    """The explorer's picture of one run: inbox length above, reputation below."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 8), layout="constrained")
    plt.close(fig)
    plot_inbox_length(result, ax=top)
    plot_reputation(result, ax=bottom)
    return fig


def plot_staffing_plan(plan: StaffingPlan) -> Figure:
    """:func:`simlib.figures.plot_revenue_lost_vs_staff` with the Erlang first guess as a dashed line."""
    fig = plot_revenue_lost_vs_staff(plan.sweep, plan.shift, currency=plan.currency)
    ax = fig.axes[0]
    if plan.erlang_guess is not None:
        ax.axvline(plan.erlang_guess, color="C4", ls="--", lw=2, zorder=2, gid=ERLANG_GID,
                   label=f"Erlang C guess: {plan.erlang_guess}")
        low, high = ax.get_xlim()
        ax.set_xlim(min(low, plan.erlang_guess - 0.5), max(high, plan.erlang_guess + 0.5))
        ax.text(plan.erlang_guess, ax.get_ylim()[1] * 0.97,
                f" Erlang C: {plan.erlang_guess} for 80% within {plan.target_minutes:g} min\n"
                f" (peak {plan.peak_per_hour:.1f}/h, {plan.handle_minutes:.1f} min per reply)",
                color="C4", va="top", fontsize=9)
    return fig


def plot_change(change: ChangeView) -> Figure:
    """What the same staffing change does to each business, on the same customers.

    Left: revenue lost per question before and after, on a log scale when
    every value is positive (a jeweller's and a burger chain's differ a
    thousandfold). Right: the change in profit over the run, which already
    pays the extra wages. Bars are labelled in each business's currency.
    """
    deltas = change.deltas
    names = list(deltas.columns.get_level_values(0).unique())
    currency = {name: change.after[name].currency for name in names}
    fig, (lost, gain) = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained")
    plt.close(fig)  # drawn into a picture by whoever shows it, never by pyplot
    x = np.arange(len(names))
    for offset, when, colour in ((-0.2, "before", "0.6"), (0.2, "after", "C0")):
        values = [deltas.loc[PER_QUESTION_KPI, (name, when)] for name in names]
        bars = lost.bar(x + offset, values, width=0.4, color=colour, label=when, gid=f"bars:{PER_QUESTION_KPI}:{when}")
        lost.bar_label(bars, [format_kpi(PER_QUESTION_KPI, v, currency[n]) for v, n in zip(values, names)],
                       fontsize=10, padding=2)
    positive = (deltas.loc[PER_QUESTION_KPI].xs("before", level=1) > 0).all() and \
        (deltas.loc[PER_QUESTION_KPI].xs("after", level=1) > 0).all()
    if positive:
        lost.set_yscale("log")
        lost.margins(y=0.25)
    lost.set_ylabel("Revenue lost per question" + ("\n(log scale)" if positive else ""), fontsize=12)
    lost.legend(fontsize=11, loc="upper right")
    profit = [deltas.loc["profit", (name, "change")] for name in names]
    bars = gain.bar(x, profit, width=0.5, color=["C2" if v >= 0 else "C3" for v in profit], gid="bars:profit:change")
    wages = [deltas.loc["staff_cost", (name, "change")] for name in names]
    gain.bar_label(bars, [f"{format_kpi('profit', v, currency[n])}\n(wages {w:+,.0f})"
                          for v, w, n in zip(profit, wages, names)], fontsize=10, padding=2)
    gain.axhline(0, color="0.3", lw=1)
    gain.margins(y=0.3)
    gain.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    gain.set_ylabel("Change in profit over the run\n(extra wages paid)", fontsize=12)
    for ax in (lost, gain):
        ax.set_xticks(x, names, fontsize=12)
    days = change.after[names[0]].scenario.run.days
    fig.suptitle(f"{change.staff_change:+d} person on every shift, same customers before and after "
                 f"({days:g} days)", fontsize=13)
    return fig

