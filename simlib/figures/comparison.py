"""Figures that compare runs: a staff sweep (revenue lost, staff cost and profit
against head count) and the 2 x 2 side-by-side figure of ``simlib compare``.

Both return a :class:`~matplotlib.figure.Figure` closed in pyplot (never
shown), as the other figures of :mod:`simlib.figures` do. Money is in the
business's currency, per run; times are in minutes in the records and days on
the time axes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import (
    FuncFormatter,
    MaxNLocator,
    PercentFormatter,
    StrMethodFormatter,
)

from simlib.analysis.kpis import inbox_length, sample_every, time_average
from simlib.experiments.staff_summary import staff_sweep_summary
from simlib.figures.conversion import draw_conversion
from simlib.figures.outcomes import draw_reputation, named_results
from simlib.figures.style import (
    CRISIS_COLOUR,
    LABEL_SIZE,
    TICK_SIZE,
    TITLE_SIZE,
    common_weekday,
    duration_text,
    figure_and_axes,
    run_colours,
    weekday_axis,
    wrap_title,
)
from simlib.i18n import N_, fmt, tr
from simlib.model.calendar import MINUTES_PER_DAY
from simlib.model.records import SimulationResult

__all__ = ["BEST_PROFIT_GID", "plot_comparison", "plot_revenue_lost_vs_staff"]

BEST_PROFIT_GID = "best-profit"
"""``gid`` of the marker at the head count with the highest mean profit."""


def plot_revenue_lost_vs_staff(
    sweep: pd.DataFrame, shift: str, ax: Axes | None = None, currency: str | None = None
) -> Figure:
    """Revenue lost to slow replies and staff cost against head count, with profit; best count marked.

    Means over replications with 95% Student-t confidence intervals
    (:func:`~simlib.experiments.staff_summary.staff_sweep_summary`). Revenue
    lost and staff cost share the left axis; profit (revenue minus staff
    cost) is on the right axis, and a star marks the head count with the
    highest mean profit.

    Parameters
    ----------
    sweep
        Tidy table with columns ``count`` (head count of ``shift``),
        ``replication`` and the KPIs ``revenue_lost``, ``staff_cost`` and
        ``profit`` (as from :func:`simlib.experiments.compare.staff_sweep`).
    shift
        Name of the shift whose head count varies (for the labels).
    ax
        Axes to draw into; by default a new 10 x 5 inch figure. A twin axes
        for profit is added to its figure.
    currency
        Currency of the money columns, for the labels; by default
        ``sweep.attrs["currency"]`` if set, else "currency units".

    Returns
    -------
    Figure
        The figure (x: head count; y: money per run, in ``currency``).
    """
    summary = staff_sweep_summary(sweep)
    currency = currency or sweep.attrs.get("currency") or tr("currency units")
    fig, ax = figure_and_axes(ax, figsize=(10, 5))
    counts = summary.index.to_numpy()
    twin = ax.twinx()
    single = bool((summary[("profit", "replications")] < 2).any())
    interval = tr("one run: no CI") if single else tr("mean, 95% CI")
    for target, kpi, colour, marker, label in (
        (ax, "revenue_lost", CRISIS_COLOUR, "o", tr("revenue lost to slow replies")),
        (ax, "staff_cost", "C0", "s", tr("staff cost")),
        (twin, "profit", "C2", "D", tr("profit, right axis")),
    ):
        mean = summary[(kpi, "mean")].to_numpy(dtype=float)
        below = np.nan_to_num(mean - summary[(kpi, "ci_low")].to_numpy(dtype=float))
        above = np.nan_to_num(summary[(kpi, "ci_high")].to_numpy(dtype=float) - mean)
        bars = target.errorbar(counts, mean, yerr=[below, above], fmt=f"{marker}-", color=colour,
                               lw=2, ms=7, capsize=5, capthick=1.5, zorder=3,
                               label=f"{label} ({interval})")
        bars.lines[0].set_gid(f"sweep:{kpi}")
        bars.lines[2][0].set_gid(f"sweep-ci:{kpi}")
    profit = summary[("profit", "mean")].to_numpy(dtype=float)
    k = int(np.nanargmax(profit))
    best, best_profit = counts[k], profit[k]
    twin.plot([best], [best_profit], "*", color="C2", mec="black", mew=1, ms=22, zorder=5,
              gid=BEST_PROFIT_GID, label=tr("highest mean profit"))
    ax.axvline(best, color="C2", ls=":", lw=1.5, zorder=1)

    said = (N_("Mean profit is highest with 1 person on the '{shift}' shift ({profit:,.0f} {currency} per run)")
            if best == 1 else
            N_("Mean profit is highest with {best:g} people on the '{shift}' shift ({profit:,.0f} {currency} per run)"))
    title = tr(said, best=best, shift=shift, profit=best_profit, currency=currency)
    if len(counts) > 1 and k in (0, len(counts) - 1):
        title += (tr(";\nthe best is the smallest count tried: try fewer") if k == 0
                  else tr(";\nthe best is the largest count tried: try more"))
    ax.set_title(title, fontsize=TITLE_SIZE)
    ax.set_xlabel(tr("Community managers on the '{shift}' shift (head count)", shift=shift), fontsize=LABEL_SIZE)
    ax.set_ylabel(tr("Revenue lost, staff cost\n({currency} per run)", currency=currency), fontsize=LABEL_SIZE)
    twin.set_ylabel(tr("Profit ({currency} per run)", currency=currency), fontsize=LABEL_SIZE, color="C2")
    twin.tick_params(axis="y", colors="C2")
    for axis in (ax, twin):
        axis.tick_params(labelsize=TICK_SIZE)
        axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt(value, ",.0f")))
    if len(counts) <= 15:
        ax.set_xticks(counts)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    spread = max(counts.max() - counts.min(), 1)
    ax.set_xlim(counts.min() - 0.08 * spread - 0.3, counts.max() + 0.08 * spread + 0.3)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.3)  # room for the legend
    low, high = twin.get_ylim()
    twin.set_ylim(min(low, 0), high + 0.3 * (high - min(low, 0)))
    ax.grid(True, color="0.9", lw=0.8)
    ax.set_axisbelow(True)
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    twin.legend(handles=handles, loc="upper center", ncol=2, fontsize=TICK_SIZE, framealpha=0.95)
    return fig


def plot_comparison(results: Mapping[str, SimulationResult], table: pd.DataFrame) -> Figure:
    """The figure of ``simlib compare``: two or more businesses side by side, 12 x 8 inches.

    Four panels: reputation over time
    (:func:`~simlib.figures.outcomes.plot_reputation`), what one more minute
    of waiting costs per question (bars: the mean over replications with its
    95% interval, from ``table``; labels and title give the run's total too), questions waiting over time (the sampled
    :func:`simlib.analysis.kpis.inbox_length`), and each business's
    conversion curve (:func:`~simlib.figures.conversion.plot_conversion_curves`).
    The lines show one run of each business; the bars, every replication. Runs without a
    ``[business]`` section appear in the inbox panel only; when no run has
    one, the other three panels show the service level, the mean wait and
    the share who gave up (bars with intervals from ``table``).

    Parameters
    ----------
    results
        Name of each scenario to one of its runs (the same names as in ``table``).
    table
        Side-by-side summary (:func:`simlib.experiments.compare.side_by_side`): index = KPI
        names, columns = ``(scenario name, "mean" | "ci_low" | "ci_high")``.

    Returns
    -------
    Figure
        A 12 x 8 inch figure (1200 x 800 pixels at 100 dpi).
    """
    results = named_results(results)
    fig = plt.figure(figsize=(12, 8), layout="constrained")
    axes = fig.subplots(2, 2)
    plt.close(fig)
    (rep_ax, bar_ax), (inbox_ax, curve_ax) = axes
    with_business = {n: r for n, r in results.items() if r.outcomes is not None and r.scenario.business is not None}
    without = [n for n in results if n not in with_business]
    colours = run_colours(results)

    handles: list = [Line2D([], [], color=colours[n], lw=3, label=n) for n in results]
    if with_business:
        title = draw_reputation(rep_ax, with_business, colours)
        rep_ax.set_title(wrap_title(title, 55), fontsize=LABEL_SIZE)
        shown = set(results)  # the runs are in the legend already
        extra = [h for h in rep_ax.get_legend_handles_labels()[0] if h.get_label() not in shown]
        if any(": baseline" in h.get_label() for h in extra):  # levels differ: say what the styles mean
            extra = [h for h in extra if ": baseline" not in h.get_label() and ": crisis line" not in h.get_label()]
            extra[:0] = [Line2D([], [], color="0.35", ls="--", lw=1.3, label="baseline (run's colour)"),
                         Line2D([], [], color="0.35", ls=":", lw=1.8, label="crisis line (run's colour)")]
        handles += extra
        _draw_loss_bars(bar_ax, with_business, table, colours)
        curve_title = draw_conversion(curve_ax, {n: r.scenario.business.conversion
                                                  for n, r in with_business.items()}, 24 * 60, colours)
        curve_ax.set_title(wrap_title(curve_title, 55), fontsize=LABEL_SIZE)
        for panel in (rep_ax, bar_ax, curve_ax):
            if without:
                panel.text(0.5, 0.04, f"no [business] section: {', '.join(without)}",
                           transform=panel.transAxes, ha="center", va="bottom", fontsize=TICK_SIZE,
                           color="0.35")
    else:  # inbox-only scenarios: how they serve, with intervals
        _draw_queue_bars([rep_ax, bar_ax, curve_ax], results, table, colours)
    inbox_title = _draw_inbox_lines(inbox_ax, results, colours)
    inbox_ax.set_title(wrap_title(inbox_title, 55), fontsize=LABEL_SIZE)
    one_row = sum(len(h.get_label()) + 8 for h in handles) <= 140  # characters across 12 inches
    fig.legend(handles=handles, loc="outside lower center",
               ncol=len(handles) if one_row else math.ceil(len(handles) / 2),
               fontsize=TICK_SIZE, frameon=False)
    fig.suptitle(f"{' vs '.join(results)}: lines show one run each; bars, the mean of all "
                 "replications with a 95% interval", fontsize=TITLE_SIZE)
    return fig


def _table_value(table: pd.DataFrame, kpi: str, name: str, stat: str) -> float:
    try:
        return float(table.loc[kpi, (name, stat)])
    except KeyError:
        return math.nan


def _draw_kpi_bars(
    ax: Axes, names: list[str], table: pd.DataFrame, colours: Mapping[str, str], kpi: str,
    text: Callable[[str, float], str],
) -> np.ndarray:
    """Bars of one KPI's mean per scenario with its interval from ``table``; return the means.

    ``text(name, mean)`` writes the value above each bar. Bars have ``gid``
    ``"bar:<name>"``; the interval lines, ``"bar-ci"`` (in bar order).
    """
    means = np.array([_table_value(table, kpi, n, "mean") for n in names])
    lows = np.array([_table_value(table, kpi, n, "ci_low") for n in names])
    highs = np.array([_table_value(table, kpi, n, "ci_high") for n in names])
    x = np.arange(len(names))
    heights = np.nan_to_num(means)
    bars = ax.bar(x, heights, width=0.6, color=[colours[n] for n in names], alpha=0.85, zorder=2)
    for bar, name in zip(bars, names):
        bar.set_gid(f"bar:{name}")
    below, above = np.nan_to_num(means - lows), np.nan_to_num(highs - means)
    ci = ax.errorbar(x, heights, yerr=[below, above], fmt="none", ecolor="black", lw=1.6,
                     capsize=8, capthick=1.6, zorder=3)
    ci.lines[2][0].set_gid("bar-ci")
    top = float(np.nanmax(np.concatenate([highs, means, [0.0]])))
    for k, name in enumerate(names):
        label = "n/a" if math.isnan(means[k]) else text(name, float(means[k]))
        ax.annotate(label, xy=(x[k], heights[k] + above[k]), xytext=(0, 4), textcoords="offset points",
                    ha="center", va="bottom", fontsize=TICK_SIZE)
    ax.set_xticks(x, names)
    ax.set_xlim(-0.6, len(names) - 0.4)
    ax.set_ylim(0, max(top, 1e-9) * 1.25)
    ax.grid(True, axis="y", color="0.9", lw=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=TICK_SIZE)
    return means


def _draw_loss_bars(
    ax: Axes, results: Mapping[str, SimulationResult], table: pd.DataFrame, colours: Mapping[str, str]
) -> None:
    """What one more minute of waiting costs each business: bars per question, labels and title in total too.

    Bars: ``delay_cost_per_question_minute`` with its interval from the
    table; above each bar, the run's total (``delay_cost_per_minute``). The
    title compares both ways, since per question and in total the order of
    two businesses can differ (a jeweller's question is dear, a burger
    chain has a hundred times more of them).
    """
    names = list(results)
    currencies = {n: results[n].scenario.business.currency for n in names}
    totals = {n: _table_value(table, "delay_cost_per_minute", n, "mean") for n in names}
    means = _draw_kpi_bars(ax, names, table, colours, "delay_cost_per_question_minute",
                           lambda name, mean: f"{mean:,.2f} {currencies[name]} per question\n"
                                              f"{totals[name]:,.0f} {currencies[name]} in total")
    unit = currencies[names[0]] if len(set(currencies.values())) == 1 else "each in its own currency"
    ax.set_ylabel(f"Cost of one more minute of waiting\nper question ({unit})", fontsize=LABEL_SIZE)
    finite = [(m, n) for m, n in zip(means, names) if math.isfinite(m) and math.isfinite(totals[n])]
    if len(finite) >= 2 and min(finite)[0] > 0 and len({currencies[n] for _, n in finite}) == 1:
        (low, low_name), (high, high_name) = min(finite), max(finite)
        title = f"One more minute costs {high_name} {high / low:.1f}× as much per question"
        most = max(finite, key=lambda pair: totals[pair[1]])[1]
        least = min(finite, key=lambda pair: totals[pair[1]])[1]
        if totals[least] > 0:
            title += (f"; in total, {most} {totals[most] / totals[least]:.0f}× as much"
                      if most != high_name else f", and {totals[most] / totals[least]:.0f}× as much in total")
    elif len(finite) >= 2:
        title = "What one more minute of waiting costs (different currencies)"
    elif finite:
        title = f"One more minute of waiting costs {finite[0][0]:,.2f} per question"
    else:
        title = "Cost of one more minute of waiting: no data"
    ax.set_title(wrap_title(title, 55), fontsize=LABEL_SIZE)


def _draw_queue_bars(
    axes: list[Axes], results: Mapping[str, SimulationResult], table: pd.DataFrame, colours: Mapping[str, str]
) -> None:
    """Without a ``[business]`` section: service level, mean wait and abandonment, with intervals."""
    names = list(results)
    for ax, kpi, ylabel, text, finding in (
        (axes[0], "service_level", "Replied within the target\n(% of questions)",
         lambda n, m: f"{m:.0%} in {duration_text(results[n].scenario.service.target_minutes)}",
         "replies to the most questions within its target"),
        (axes[1], "mean_wait_minutes", "Mean wait until a reply\nor giving up (minutes)",
         lambda n, m: f"{m:,.1f} min", "keeps customers waiting longest"),
        (axes[2], "p_abandon", "Customers who gave up\n(% of questions)",
         lambda n, m: f"{m:.1%}", "loses the most customers"),
    ):
        means = _draw_kpi_bars(ax, names, table, colours, kpi, text)
        ax.set_ylabel(ylabel, fontsize=LABEL_SIZE)
        if "%" in ylabel:
            ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
        finite = [(m, n) for m, n in zip(means, names) if math.isfinite(m)]
        title = f"{max(finite)[1]} {finding}" if finite else f"{kpi}: no data"
        ax.set_title(wrap_title(title, 55), fontsize=LABEL_SIZE)


def _draw_inbox_lines(ax: Axes, results: Mapping[str, SimulationResult], colours: Mapping[str, str]) -> str:
    """Questions waiting over time, one line per run; return the title."""
    horizon = max(r.horizon_minutes for r in results.values())
    every = 60.0 if horizon > 3 * MINUTES_PER_DAY else 15.0
    averages, peaks, lines = {}, {}, {}
    for name, result in results.items():
        steps = inbox_length(result)
        sampled = sample_every(steps, every, result.horizon_minutes)
        lines[name] = ax.plot(sampled.index.to_numpy() / MINUTES_PER_DAY, sampled.to_numpy(),
                              drawstyle="steps-post", color=colours[name], lw=1.5, gid=f"inbox:{name}",
                              label=name)[0]
        averages[name] = time_average(steps, result.warmup_minutes, result.horizon_minutes)
        peaks[name] = float(sampled.max()) if len(sampled) else 0.0
    for rank, name in enumerate(sorted(averages, key=lambda n: -averages[n])):
        lines[name].set_zorder(3 + rank)  # the busiest inbox behind, the quietest in front
    scale = "linear"
    top = max(peaks.values(), default=0.0)
    if top >= 20 and min(peaks.values()) * 10 < top:  # one inbox would be a flat line at the bottom
        scale = "symlog"
        ax.set_yscale("symlog", linthresh=5, linscale=1)
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel("Simulated time (days from Monday 00:00)", fontsize=LABEL_SIZE)
    unit = f"questions, read every {every:g} min" + (";\nlinear to 5, then log scale" if scale == "symlog" else "")
    ax.set_ylabel(f"Waiting for a first reply\n({unit})", fontsize=LABEL_SIZE)
    weekday_axis(ax, horizon / MINUTES_PER_DAY, common_weekday(results.values()))
    ax.set_xlim(0, horizon / MINUTES_PER_DAY)
    ax.set_ylim(0, max(top, 1) * (2 if scale == "symlog" else 1.1))
    ax.tick_params(labelsize=TICK_SIZE)
    ordered = sorted(averages.items(), key=lambda item: -item[1])
    return "Questions waiting on average: " + ", ".join(f"{n} {a:.1f}" for n, a in ordered)
