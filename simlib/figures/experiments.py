"""Figures of sweeps and plan searches: means with 95% intervals, readable at any size.

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot (no global state, any backend; Jupyter displays it), to save with
``fig.savefig(path)``. Lines and markers carry a ``gid`` naming what they
show, so tests and scripts can find them.

A figure keeps its size however many points or plans there are: a sweep
labels at most :data:`MAX_LABELLED_LINES` lines (the others are drawn thin
and grey, and counted in one legend entry), and a plan search labels the
chosen plan, the starts and the cheapest plans meeting the targets (numbered
in a key), the others being dots.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator, PercentFormatter

from simlib.analysis.intervals import ALL_CHANNELS, Targets
from simlib.analysis.registry import SHARE_KPIS
from simlib.experiments.plan_text import plan_label
from simlib.figures.style import (
    LABEL_SIZE,
    RUN_COLOURS,
    TICK_SIZE,
    weekday_axis,
    wrap_title,
)

if TYPE_CHECKING:  # the optimiser needs scipy.stats: not imported to draw a sweep
    from simlib.experiments.optimise import PlanSearch

__all__ = ["LABELLED_PLANS", "MAX_LABELLED_LINES", "PLAN_FIGURE_SIZE", "plan_label", "plot_interval_service", "plot_plan_search",
           "plot_sweep"]

MAX_LABELLED_LINES = 6
"""A sweep figure names at most this many lines in its legend."""
PLAN_FIGURE_SIZE = (10.0, 9.0)
"""Inches, whatever the number of plans."""
LABELLED_PLANS = 8
"""A plan-search figure numbers at most this many plans: the chosen one, the starts, then the cheapest meeting the targets."""

SUMMARY_COLUMNS = ("point", "kpi", "mean", "ci_low", "ci_high", "half_width", "replications")


def _errors(table: pd.DataFrame) -> np.ndarray:
    """Error-bar lengths below and above each mean (0 where there is no interval)."""
    return np.nan_to_num(np.vstack([table["mean"] - table["ci_low"], table["ci_high"] - table["mean"]]))


def _percent_if_share(ax: Axes, kpi: str) -> None:
    if kpi in SHARE_KPIS:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))


def plot_sweep(summary: pd.DataFrame, kpis: Sequence[str] | None = None, x: str | None = None) -> Figure:
    """Each KPI against one varied field, with 95% CI error bars; one line per value of the other fields.

    Parameters
    ----------
    summary
        From :func:`simlib.experiments.sweeps.summarise_sweep`.
    kpis
        One panel each, top to bottom; default every KPI in ``summary``.
    x
        The field on the horizontal axis; default the first varied field.
        Values that are not numbers (``fifo``, ``priority``) are evenly spaced.

    Returns
    -------
    Figure
        Line ``gid``: ``"sweep:<kpi>"`` plus ``":<other field>=<value>, ..."``
        when more than one field varies. With more than
        :data:`MAX_LABELLED_LINES` lines, the three with the highest mean of
        the first KPI and the two with the lowest are named in a legend
        below the panels; the others are thin grey lines, counted in one entry.
    """
    fields = [c for c in summary.columns if c not in SUMMARY_COLUMNS]
    kpis = list(dict.fromkeys(summary["kpi"])) if kpis is None else list(kpis)
    x = fields[0] if x is None and fields else x
    others = [f for f in fields if f != x]
    numeric = x is not None and pd.api.types.is_numeric_dtype(summary[x]) and not pd.api.types.is_bool_dtype(summary[x])
    categories = [] if x is None else list(dict.fromkeys(summary[x]))
    named = _named_lines(summary[summary["kpi"] == kpis[0]], others) if others else set()
    lines = summary[summary["kpi"] == kpis[0]].groupby(others).ngroups if others else 1
    many = lines > len(named) > 0
    fig = Figure(figsize=(8.0, 1.0 + 2.6 * len(kpis) + 1.6 * many), layout="constrained")
    axes = fig.subplots(len(kpis), 1, squeeze=False, sharex=True)[:, 0]
    for ax, kpi in zip(axes, kpis):
        part = summary[summary["kpi"] == kpi]
        for key, line in part.groupby(others, sort=False) if others else [((), part)]:
            label = ", ".join(f"{f}={v}" for f, v in zip(others, key))
            if x is None:  # no varied field: the base scenario alone
                xs = np.zeros(len(line))
            else:
                xs = line[x].to_numpy() if numeric else np.array([categories.index(v) for v in line[x]])
            style = {"marker": "o", "capsize": 3} if not others or label in named else \
                {"marker": ".", "capsize": 0, "color": "0.75", "lw": 0.8, "zorder": 1}
            shown = ", ".join(str(v) for v in key) if label in named else None  # the legend's title names the fields
            ax.errorbar(xs, line["mean"], yerr=_errors(line), label=shown,
                        gid=f"sweep:{kpi}" + (f":{label}" if label else ""), **style)
        ax.set_ylabel(kpi, fontsize=LABEL_SIZE)
        _percent_if_share(ax, kpi)
        ax.grid(alpha=0.3)
    if others:
        handles, labels = axes[0].get_legend_handles_labels()
        legend = {"fontsize": TICK_SIZE, "title": ", ".join(others), "title_fontsize": TICK_SIZE}
        if many:  # the named lines and one entry for the rest, below the panels
            handles.append(Line2D([], [], color="0.75", marker="."))
            labels.append(f"{lines - len(named)} more combinations")
            fig.legend(handles, labels, loc="outside lower center", ncols=2, **legend)
        else:
            axes[0].legend(handles, labels, **legend)
    if numeric and pd.api.types.is_integer_dtype(summary[x]):
        axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    if not numeric:
        axes[-1].set_xticks(range(len(categories)), [str(c) for c in categories] or ["base"])
    axes[-1].set_xlabel(x or "")
    replications = int(summary["replications"].max())
    fig.suptitle(f"Mean and 95% CI over {replications} replications (same customers at every point)", fontsize=10)
    return fig


def _named_lines(part: pd.DataFrame, others: Sequence[str]) -> set[str]:
    """The lines a sweep figure names: all when few, else the three highest and two lowest means of ``part``."""
    means = part.groupby(others, sort=False)["mean"].mean()
    keys = [k if isinstance(k, tuple) else (k,) for k in means.index]
    names = [", ".join(f"{f}={v}" for f, v in zip(others, key)) for key in keys]
    if len(names) <= MAX_LABELLED_LINES:
        return set(names)
    order = np.argsort(-means.to_numpy(), kind="stable")
    return {names[i] for i in [*order[:3], *order[-2:]]}


def plot_plan_search(search: PlanSearch, currency: str = "") -> Figure:
    """Every plan a search tried, cheapest first: the value each target is judged on, and the planned cost.

    One panel per target (for a profit search, profit), then the planned
    cost. Plans are dots (blue: meets every target; grey: misses one) with
    their 95% interval where there is one; the chosen plan is a red star
    (``gid`` ``"chosen:<panel>"``), the starts are green diamonds
    (``"starts:<panel>"``), each target a dashed line (``"target:<panel>"``).
    Up to :data:`LABELLED_PLANS` plans are numbered and spelled out in the
    key under the cost panel; the figure keeps :data:`PLAN_FIGURE_SIZE`
    however many plans were tried.
    """
    plans = search.evaluated.sort_values(["planned_cost", "plan"], ignore_index=True)
    panels = list(search.targets) if search.goal == "cheapest" else ["profit"]
    fig = Figure(figsize=PLAN_FIGURE_SIZE, layout="constrained")
    axes = fig.subplots(len(panels) + 1, 1, sharex=True, squeeze=False, height_ratios=[3] * len(panels) + [1.5])[:, 0]
    xs = np.arange(len(plans))
    ok = plans["meets_targets"].to_numpy() if "meets_targets" in plans else np.ones(len(plans), dtype=bool)
    chosen = plans["chosen"].to_numpy()
    started = (plans["start"] != "").to_numpy() if "start" in plans else np.zeros(len(plans), dtype=bool)
    numbered = _numbered_plans(plans, ok, chosen, started)
    size = 6 if len(plans) <= 60 else 3
    for ax, kpi in zip(axes, panels):
        means = plans[kpi].to_numpy()
        low, high = (plans.get(f"{kpi}_ci_{side}", plans[kpi]) for side in ("low", "high"))
        errors = np.nan_to_num(np.vstack([means - low, high - means]))  # no interval for a worst interval
        for mask, colour, label in ((ok, "C0", "meets the targets" if search.targets else "plan"),
                                    (~ok, "0.6", "misses a target")):
            if mask.any():
                ax.errorbar(xs[mask], means[mask], yerr=errors[:, mask], fmt="o", color=colour, capsize=0,
                            markersize=size, elinewidth=0.8, label=label,
                            gid=f"plans:{kpi}:{'ok' if colour == 'C0' else 'missed'}")
        ax.plot(xs[started], means[started], "D", color="C2", markersize=8, label="start", gid=f"starts:{kpi}")
        ax.plot(xs[chosen], means[chosen], "*", color="C3", markersize=16, label="chosen", gid=f"chosen:{kpi}")
        for number, position in enumerate(numbered, start=1):  # staggered, so neighbours do not overprint
            ax.annotate(str(number), (position, means[position]), xytext=(0, 7 + 10 * (number % 3)),
                        textcoords="offset points", ha="center", fontsize=TICK_SIZE, gid=f"number:{kpi}")
        share = kpi in SHARE_KPIS or " " in kpi  # a target in words is a share
        if kpi in search.targets:
            target = search.targets[kpi]
            ax.axhline(target, color="C3", ls="--", lw=1, gid=f"target:{kpi}",
                       label=f"target {target:.0%}" if share else f"target {target:g}")
        ax.set_ylabel(kpi.replace(" in every", "\nin every").replace(" on the", "\non the"), fontsize=LABEL_SIZE)
        if share:
            ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=TICK_SIZE, loc="best")
    cost = axes[-1]
    cost.plot(xs, plans["planned_cost"], drawstyle="steps-mid", color="0.5", gid="planned_cost")
    cost.plot(xs[chosen], plans["planned_cost"][chosen], "*", color="C3", markersize=14)
    cost.set_ylabel(f"planned cost {currency or '(hours)'}", fontsize=LABEL_SIZE)
    cost.xaxis.set_major_locator(MaxNLocator(integer=True))
    cost.set_xlabel(f"{len(plans)} plans tried, cheapest first", fontsize=LABEL_SIZE)
    cost.grid(alpha=0.3)
    today = (search.starts or {}).get("today", {})
    lines = []
    for number, p in enumerate(numbered, start=1):
        shown = {s: int(plans.loc[p, s]) for s in search.plan if plans.loc[p, s] or today.get(s)}
        notes = [n for n in (plans.loc[p, "start"] if started[p] else "", "chosen" if chosen[p] else "") if n]
        lines.append(f"{number}: {plan_label(shown)}; {plans.loc[p, 'planned_cost']:,.0f} {currency or 'hours'}"
                     + (f" ({', '.join(notes)})" if notes else ""))
    key = cost.legend([Line2D([], [], linestyle="none")] * len(lines), lines, loc="upper left",
                      bbox_to_anchor=(-0.1, -0.3), fontsize=TICK_SIZE, handlelength=0, handletextpad=0,
                      frameon=False, borderaxespad=0)
    key.set_gid("key")
    goal = "Cheapest plan meeting the targets" if search.goal == "cheapest" else "Most profitable plan"
    plan = {s: n for s, n in search.plan.items() if n or today.get(s)}
    fig.suptitle(wrap_title(f"{goal}: {plan_label(plan)}", 100), fontsize=LABEL_SIZE)
    return fig


def _numbered_plans(plans: pd.DataFrame, ok: np.ndarray, chosen: np.ndarray, started: np.ndarray) -> list[int]:
    """Positions (cheapest first) of the plans to number: chosen, starts, then the cheapest meeting the targets."""
    first = [*np.flatnonzero(chosen), *np.flatnonzero(started), *np.flatnonzero(ok)]
    return sorted(list(dict.fromkeys(int(p) for p in first))[:LABELLED_PLANS])


def plot_interval_service(intervals: pd.DataFrame, targets: Targets) -> Figure:
    """What each target is judged on, interval by interval over the week, with the target and the worst interval.

    Parameters
    ----------
    intervals
        From :func:`simlib.analysis.intervals.interval_kpis` (e.g. ``PlanSearch.intervals``).
    targets
        Resolved targets (:meth:`~simlib.analysis.intervals.Targets.resolved`).

    Returns
    -------
    Figure
        One line per target (``gid`` ``"interval:<target>"``), its dashed
        target line, and a ring on its worst interval (``"worst:<target>"``).
    """
    fig = Figure(figsize=(10.0, 4.5), layout="constrained")
    ax = fig.subplots()
    step = targets.interval_minutes / 1440
    for k, target in enumerate(targets.targets):
        colour, name = RUN_COLOURS[k % len(RUN_COLOURS)], target.describe()
        part = intervals.loc[target.channel or ALL_CHANNELS]
        days = part.index.to_numpy() * step
        values = part[target.column].to_numpy()
        ax.step(days, values, where="post", color=colour, lw=1.2, label=name, gid=f"interval:{name}")
        ax.axhline(target.at_least, color=colour, ls="--", lw=1, gid=f"target:{name}")
        judged = part["questions"].to_numpy() >= targets.min_questions
        if judged.any():
            worst = int(np.nanargmin(np.where(judged, values, np.inf)))
            ax.plot(days[worst] + step / 2, values[worst], "o", mfc="none", mec=colour, ms=12, gid=f"worst:{name}")
    weekday_axis(ax, 7.0)
    ax.set_xlim(0, 7)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel("share answered in time", fontsize=LABEL_SIZE)
    ax.legend(fontsize=TICK_SIZE, loc="lower left")
    fig.suptitle(f"Per {targets.interval_minutes}-minute interval of the week (added over weeks and "
                 f"replications); rings: the worst interval", fontsize=LABEL_SIZE)
    return fig
