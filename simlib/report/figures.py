"""The staffing report's figures: the generic sweep and plan-search figures, in the report's words.

Each function takes a computed :class:`simlib.report.findings.StaffingReport`,
draws with :mod:`simlib.figures.experiments`, then marks the targets and
today's plan and titles the figure with what it shows. Each returns a
:class:`matplotlib.figure.Figure` built without pyplot (Jupyter displays it).
Money is in the scenario's ``business.currency``; times in minutes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simlib.analysis.registry import SHARE_KPIS
from simlib.experiments.optimise import PlanSearch
from simlib.report.findings import StaffingReport, marginal_gains, sweep_value
from simlib.report.wording import (
    change_words,
    plan_words,
    span_words,
    target_words,
    value_words,
)

if TYPE_CHECKING:  # matplotlib is imported when a figure is drawn, not with simlib.report
    from matplotlib.figure import Figure


def plot_head_counts(report: StaffingReport) -> Figure:
    """Each KPI against one shift's head count (the other shifts as today), mean and 95% CI.

    One line per shift; a dashed line at a target on the plotted KPI (the
    service level within the scenario's target time on all channels, the
    reputation floor) and a ring at today's head count. Built with
    :func:`simlib.figures.experiments.plot_sweep`.
    """
    from matplotlib.ticker import FuncFormatter

    from simlib.figures.experiments import plot_sweep

    kpis = ["service_level"]
    if report.reputation_floor is not None:
        kpis.append("lowest_reputation")
    kpis.append("profit" if report.scenario.business is not None else "median_first_response_minutes")
    summary = report.head_counts.assign(point=range(len(report.head_counts)))
    fig = plot_sweep(summary, kpis, x="head count")
    floors = report.kpi_floors
    for ax, kpi in zip(fig.axes, kpis):
        if kpi in floors:
            target = floors[kpi]
            ax.axhline(target, color="C3", ls="--", lw=1, gid=f"target:{kpi}",
                       label=f"target {target:.0%}" if kpi in SHARE_KPIS else f"floor {target:g}")
        today = [sweep_value(report, s, report.today.plan[s], kpi) for s in report.shifts]
        ax.plot([report.today.plan[s] for s in report.shifts], [row["mean"] for row in today], "o", ms=13,
                mfc="none", mec="black", mew=1.3, label="today's count", gid=f"today:{kpi}")
        for line in ax.containers:  # plot_sweep labels each line "shift=NAME"
            line.set_label(str(line.get_label()).removeprefix("shift="))
        ax.legend(fontsize=8)
        if kpi == "profit":
            ax.set_ylabel(f"profit ({report.currency})")
            ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        elif kpi == "service_level":
            ax.set_ylabel(f"answered within {target_words(report)}")
        elif kpi.endswith("_minutes"):
            ax.set_ylabel(kpi.replace("_minutes", "").replace("_", " ") + " (min)")
        else:
            ax.set_ylabel(kpi.replace("_", " "))
    fig.axes[-1].set_xlabel("people on the shift (the other shifts as today)")
    gains = marginal_gains(report)
    if gains.max() > 0.005:
        most = "" if len(gains) == 1 else " most"
        title = (f"One more person on {gains.idxmax()} lifts the service level{most}: "
                 f"{change_words(report, 'service_level', gains.max())}")
    else:
        title = "One more person on any shift barely moves the service level"
    fig.suptitle(f"{title}\nmean and 95% CI of {report.replications} runs, the same customers at every point",
                 fontsize=10)
    return fig


def plot_cheapest(report: StaffingReport) -> Figure | None:
    """Every plan the cheapest-plan search tried, cheapest first; None if no plan met the targets.

    :func:`simlib.figures.experiments.plot_plan_search` with the report's units and a title that names the plan.
    """
    if report.cheapest is None:
        return None
    return _plan_figure(report, report.cheapest, f"The cheapest plan meeting the targets: "
                                                 f"{plan_words(report.cheapest.plan)}")


def plot_profit(report: StaffingReport) -> Figure | None:
    """Every plan the profit search tried, cheapest first; None without a ``[business]`` section.

    :func:`simlib.figures.experiments.plot_plan_search` with the report's units and a title that names the plan.
    """
    if report.profit is None:
        return None
    profit = value_words(report, "profit", report.profit.summary.loc["profit", "mean"])
    return _plan_figure(report, report.profit, f"The most profitable plan: {plan_words(report.profit.plan)} "
                                               f"({profit} in {span_words(report.scenario)})")


def _plan_figure(report: StaffingReport, search: PlanSearch, title: str) -> Figure:
    """A plan search's figure with the report's axis labels, thousands separators and a two-line title."""
    from matplotlib.ticker import FuncFormatter

    from simlib.figures.experiments import plot_plan_search

    fig = plot_plan_search(search, report.currency)
    thousands = FuncFormatter(lambda value, _: f"{value:,.0f}")
    labels = {"service_level": f"answered within {target_words(report)}", "lowest_reputation": "lowest reputation",
              "profit": f"profit ({report.currency})"}
    for ax in fig.axes[:-1]:
        kpi = ax.get_ylabel()
        ax.set_ylabel(labels.get(kpi, kpi))
        if kpi == "profit":
            ax.yaxis.set_major_formatter(thousands)
    fig.axes[-1].set_ylabel(f"planned cost ({report.currency or 'hours on duty'})")
    fig.axes[-1].yaxis.set_major_formatter(thousands)
    fig.suptitle(f"{title}\n{len(search.evaluated)} plans tried, cheapest first; mean and 95% CI of "
                 f"{report.replications} runs each", fontsize=10)
    return fig


def plot_intervals(report: StaffingReport) -> Figure | None:
    """Each target interval by interval over the week, for the recommended plan (today's when it is kept).

    :func:`simlib.figures.experiments.plot_interval_service` with a title
    naming the plan; None when the plan has no interval counts.
    """
    from simlib.figures.experiments import plot_interval_service

    facts = report.recommendation.plan
    if facts.intervals is None:
        return None
    fig = plot_interval_service(facts.intervals, report.targets)
    which = "today's plan" if not report.recommendation.changes else "the recommended plan"
    fig.suptitle(f"When {which} ({plan_words(facts.plan)}) answers in time: each target per "
                 f"{report.targets.interval_minutes}-minute interval of the week\nquestions added over "
                 f"{report.replications} runs of {span_words(report.scenario)}; rings: the worst interval",
                 fontsize=10)
    return fig
