"""The fit report in words and tables (Markdown): what was fitted, how sure it is, and what the data are too few for.

The figures beside it come from :mod:`simlib.figures.fit`; ``simlib fit
--report FILE.md`` writes both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simlib.fit.arrivals import DAY_NAMES, poisson_interval
from simlib.fit.fit import FitResult

SURVIVAL_MINUTES = (15, 30, 60, 120, 240, 480)
"""Waits at which the report reads the Kaplan-Meier curve."""


def survival_at(fit_curve: pd.DataFrame, minutes: float) -> tuple[float, float, float]:
    """Kaplan-Meier survival and its 95% band at ``minutes`` (the step in force)."""
    times = fit_curve["minutes"].to_numpy()
    row = int(np.searchsorted(times, minutes, side="right")) - 1
    row = max(row, 0)
    return tuple(float(fit_curve[c].iloc[row]) for c in ("survival", "low", "high"))


def report_text(fit: FitResult, figures: dict[str, str] | None = None, intervals: str | None = None) -> str:
    """The report as Markdown.

    ``figures`` maps ``"arrivals"`` and ``"patience"`` to image paths to
    link; ``intervals`` is the path of the per-interval table (the
    profile's factors with their 95% intervals, CSV) to link.
    """
    figures = figures or {}
    messages, profile = fit.messages, fit.profile
    lines = [f"# Fit of {messages.source}", "",
             f"{profile.messages:,} messages over {messages.days} days ({messages.weeks:.1f} weeks, "
             f"{messages.start:%Y-%m-%d} to {messages.end:%Y-%m-%d}, clock times in {messages.time_zone}).", "",
             "## Warnings", ""]
    lines += [f"- {w}" for w in fit.warnings] or ["- none"]
    lines += ["", "## The export's own figures", "", "| figure | value |", "|---|---|"]
    lines += [f"| {k} | {v:,.0f} |" if k == "messages" else f"| {k} | {v:.1%} |" for k, v in fit.observed.items()]
    lines += ["", "## Arrivals", "",
              f"Mean rate {profile.per_hour:.3g} messages per hour (95% CI {profile.per_hour_ci[0]:.3g}-"
              f"{profile.per_hour_ci[1]:.3g}). Each 30-minute interval's factor is its messages over the times the "
              "export covers it; its 95% interval is the exact Poisson interval of its count. With few weeks the "
              f"intervals are wide: the median half-width is +-{profile.median_half_width:.0%}.", ""]
    if "arrivals" in figures:
        lines += [f"![Observed vs fitted arrivals per interval]({figures['arrivals']})", ""]
    if intervals is not None:
        lines += [f"Every interval's messages, factor and 95% interval: [{intervals}]({intervals}).", ""]
    lines += ["| day | messages | per day (95% CI) | busiest interval | its factor (95% CI) |", "|---|---|---|---|---|"]
    table = profile.table
    for day in DAY_NAMES:
        rows = table[table["day"] == day]
        count, times = int(rows["messages"].sum()), int(rows["occurrences"].iloc[0])
        low, high = _poisson(count)
        top = rows.loc[rows["factor"].idxmax()]
        lines.append(f"| {day} | {count:,} | {count / times:.1f} ({low / times:.1f}-{high / times:.1f}) | "
                     f"{top['start']} | {top['factor']:.2f} ({top['factor_low']:.2f}-{top['factor_high']:.2f}) |")
    lines += ["", "## Channels and handling", "",
              "| channel | share (95% CI) | handling | from | mean (95% CI), min |", "|---|---|---|---|---|"]
    for share in fit.mix:
        h = fit.handling[share.channel]
        source = "DEFAULT (no close times)" if h.default else f"{h.times:,} reply-to-close times"
        mean = f"{h.mean:.3g}" + ("" if h.default else f" ({h.mean_ci[0]:.3g}-{h.mean_ci[1]:.3g})")
        lines.append(f"| {share.channel} | {share.share:.3f} ({share.ci[0]:.3f}-{share.ci[1]:.3f}) | {h.dist} | "
                     f"{source} | {mean} |")
    lines += ["", "## Patience", "",
              "Censored data: a customer who gave up is an event at the give-up time; an answered one is a lower "
              "bound (censored at the wait); one still open at the end is a lower bound (censored at the time "
              "watched). Kaplan-Meier shows the data with its 95% band; the scenario gets the parametric fit "
              "with censoring (exponential or lognormal, lower AIC).", ""]
    if "patience" in figures:
        lines += [f"![Patience curves with their 95% bands]({figures['patience']})", ""]
    lines += ["| channel | gave up | answered | open | fit | mean (95% CI), min |", "|---|---|---|---|---|---|"]
    for channel, p in fit.patience.items():
        fitted = ("not estimated" if p.dist is None else p.dist)
        mean = "" if p.dist is None else f"{p.mean:.3g} ({p.mean_ci[0]:.3g}-{p.mean_ci[1]:.3g})"
        lines.append(f"| {channel} | {p.gave_up:,} | {p.answered:,} | {p.open:,} | {fitted} | {mean} |")
    lines += ["", "Share still waiting after a wait of (Kaplan-Meier, 95% band):", "",
              "| channel | " + " | ".join(f"{m} min" for m in SURVIVAL_MINUTES) + " |",
              "|---|" + "---|" * len(SURVIVAL_MINUTES)]
    for channel, p in fit.patience.items():
        cells = [survival_at(p.curve, m) for m in SURVIVAL_MINUTES]
        lines.append(f"| {channel} | " + " | ".join(f"{s:.2f} ({lo:.2f}-{hi:.2f})" for s, lo, hi in cells) + " |")
    return "\n".join(lines) + "\n"


def _poisson(count: int) -> tuple[float, float]:
    low, high = poisson_interval(np.array([count]))
    return float(low[0]), float(high[0])
