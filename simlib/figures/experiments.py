"""Figures of sweeps and plan searches: means with 95% intervals.

Both functions return a :class:`matplotlib.figure.Figure` built without
pyplot (no global state, any backend; Jupyter displays it), to save with
``fig.savefig(path)``. Lines and markers carry a ``gid`` naming what they
show, so tests and scripts can find them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from simlib.analysis.kpis import SHARE_KPIS
from simlib.experiments.plan_text import plan_label

if TYPE_CHECKING:  # the optimiser needs scipy.stats: not imported to draw a sweep
    from simlib.experiments.optimise import PlanSearch

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
        when more than one field varies.
    """
    fields = [c for c in summary.columns if c not in SUMMARY_COLUMNS]
    kpis = list(dict.fromkeys(summary["kpi"])) if kpis is None else list(kpis)
    x = fields[0] if x is None and fields else x
    others = [f for f in fields if f != x]
    numeric = x is not None and pd.api.types.is_numeric_dtype(summary[x]) and not pd.api.types.is_bool_dtype(summary[x])
    categories = [] if x is None else list(dict.fromkeys(summary[x]))
    fig = Figure(figsize=(7.0, 1.0 + 2.6 * len(kpis)), layout="constrained")
    axes = fig.subplots(len(kpis), 1, squeeze=False, sharex=True)[:, 0]
    for ax, kpi in zip(axes, kpis):
        part = summary[summary["kpi"] == kpi]
        for key, line in part.groupby(others, sort=False) if others else [((), part)]:
            label = ", ".join(f"{f}={v}" for f, v in zip(others, key))
            if x is None:  # no varied field: the base scenario alone
                xs = np.zeros(len(line))
            else:
                xs = line[x].to_numpy() if numeric else np.array([categories.index(v) for v in line[x]])
            ax.errorbar(xs, line["mean"], yerr=_errors(line), marker="o", capsize=3, label=label or None,
                        gid=f"sweep:{kpi}" + (f":{label}" if label else ""))
        ax.set_ylabel(kpi)
        _percent_if_share(ax, kpi)
        ax.grid(alpha=0.3)
    if others:
        axes[0].legend(fontsize=8)
    if numeric and pd.api.types.is_integer_dtype(summary[x]):
        axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    if not numeric:
        axes[-1].set_xticks(range(len(categories)), [str(c) for c in categories] or ["base"])
    axes[-1].set_xlabel(x or "")
    replications = int(summary["replications"].max())
    fig.suptitle(f"Mean and 95% CI over {replications} replications (same customers at every point)", fontsize=10)
    return fig


def plot_plan_search(search: PlanSearch, currency: str = "") -> Figure:
    """Every plan a search tried, cheapest first: the targeted KPIs with 95% CIs, and the planned cost.

    The chosen plan is a star (``gid`` ``"chosen:<kpi>"``), each target a
    dashed line (``"target:<kpi>"``); plans that miss a target are grey.
    For a profit search the first panel is profit.
    """
    plans = search.evaluated.sort_values(["planned_cost", "plan"], ignore_index=True)
    shifts = list(search.plan)
    labels = [plan_label({s: int(row[s]) for s in shifts}) for _, row in plans.iterrows()]
    panels = list(search.targets) if search.goal == "cheapest" else ["profit"]
    fig = Figure(figsize=(max(6.0, 0.55 * len(plans) + 2), 2.4 * (len(panels) + 1) + 1.2), layout="constrained")
    axes = fig.subplots(len(panels) + 1, 1, sharex=True, squeeze=False)[:, 0]
    xs = np.arange(len(plans))
    ok = plans["meets_targets"].to_numpy() if "meets_targets" in plans else np.ones(len(plans), dtype=bool)
    chosen = plans["chosen"].to_numpy()
    for ax, kpi in zip(axes, panels):
        means = plans[kpi].to_numpy()
        low, high = (plans.get(f"{kpi}_ci_{side}", plans[kpi]) for side in ("low", "high"))
        errors = np.nan_to_num(np.vstack([means - low, high - means]))  # no interval for a worst interval
        for mask, colour, label in ((ok, "C0", "meets the targets" if search.targets else "plan"),
                                    (~ok, "0.6", "misses a target")):
            if mask.any():
                ax.errorbar(xs[mask], means[mask], yerr=errors[:, mask], fmt="o", color=colour, capsize=3,
                            label=label, gid=f"plans:{kpi}:{'ok' if colour == 'C0' else 'missed'}")
        ax.plot(xs[chosen], means[chosen], "*", color="C3", markersize=16, label="chosen", gid=f"chosen:{kpi}")
        if kpi in search.targets:
            target = search.targets[kpi]
            ax.axhline(target, color="C3", ls="--", lw=1, gid=f"target:{kpi}",
                       label=f"target {target:.0%}" if kpi in SHARE_KPIS else f"target {target:g}")
        ax.set_ylabel(kpi)
        _percent_if_share(ax, kpi)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    cost = axes[-1]
    cost.bar(xs, plans["planned_cost"], color=np.where(chosen, "C3", "0.7"), gid="planned_cost")
    cost.set_ylabel(f"planned cost {currency}".rstrip())
    cost.set_xticks(xs, labels, rotation=45, ha="right", fontsize=8)
    goal = "Cheapest plan meeting the targets" if search.goal == "cheapest" else "Most profitable plan"
    fig.suptitle(f"{goal}: {plan_label(search.plan)} (mean and 95% CI of each plan)", fontsize=10)
    return fig
