"""Figure of a lead's chance of buying against how long the first reply took,
for scenarios with a ``[business]`` section, with the delay at which each
curve has halved (:func:`simlib.analysis.curves.conversion_half_life`).

The delay axis is stretched at the start (``log(1 + t / 10 min)``): the first
minutes matter most. Delays are in minutes in the scenario; the axis shows
hours, with ticks labelled in minutes, hours and days.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from simlib.analysis.curves import conversion_half_life
from simlib.figures.style import (
    LABEL_SIZE,
    TICK_SIZE,
    TITLE_SIZE,
    figure_and_axes,
    join_with_and,
    run_colours,
)
from simlib.model.business import ConversionCurve
from simlib.model.calendar import MINUTES_PER_HOUR

__all__ = [
    "DELAY_SCALE_MINUTES",
    "DELAY_TICKS_MINUTES",
    "draw_conversion",
    "plot_conversion_curves",
]

DELAY_SCALE_MINUTES = 10.0
"""The delay axis is ``log(1 + t / 10 min)``: linear over the first minutes, logarithmic after."""
DELAY_TICKS_MINUTES = (0, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 7 * 1440,
                       14 * 1440, 30 * 1440)


def plot_conversion_curves(
    curves: Mapping[str, ConversionCurve], max_minutes: float = 24 * 60, ax: Axes | None = None
) -> Figure:
    """Chance that a lead is still engaged and buys against how long the first reply took, one line per business.

    The line is ``curve.probability(t)`` (``at_once`` times the share of
    leads still engaged, :meth:`~simlib.model.business.ConversionCurve.engaged`);
    a lead that has cooled may still buy anyway (``buy_without_reply``),
    which is not drawn.

    The x-axis is stretched at the start (``log(1 + t / 10 min)``) because the
    first minutes matter most; each curve's half-life
    (:func:`~simlib.analysis.curves.conversion_half_life`) is marked and
    written on the figure, and the title compares them.

    Parameters
    ----------
    curves
        Name of each business to its curve, e.g.
        ``{"luxury": lux.business.conversion, "high volume": hv.business.conversion}``.
    max_minutes
        Longest delay shown (minutes, > 0); default one day.
    ax
        Axes to draw into; by default a new 10 x 5 inch figure.

    Returns
    -------
    Figure
        The figure holding the axes (x: delay in hours, ticks labelled in
        minutes and hours; y: chance of buying, %).
    """
    if not max_minutes > 0:
        raise ValueError(f"max_minutes = {max_minutes!r}: must be > 0")
    if not curves:
        raise ValueError("curves is empty: give at least one {name: curve}")
    fig, ax = figure_and_axes(ax, figsize=(10, 5))
    title = draw_conversion(ax, curves, max_minutes)
    ax.set_title(title, fontsize=TITLE_SIZE)
    ax.legend(loc="upper right", fontsize=TICK_SIZE, framealpha=0.95)
    return fig


def draw_conversion(
    ax: Axes, curves: Mapping[str, ConversionCurve], max_minutes: float,
    colours: Mapping[str, str] | None = None,
) -> str:
    """Draw the conversion curves and their half-lives into ``ax``; return the title (the finding).

    The drawing of :func:`plot_conversion_curves`, also a panel of
    :func:`simlib.figures.comparison.plot_comparison`. It sets the stretched
    delay axis and adds no title and no legend: the caller places them.

    Parameters
    ----------
    ax
        Axes to draw into (x: delay in hours; y: chance of buying, %).
    curves
        Name of each business to its conversion curve.
    max_minutes
        Longest delay shown (minutes, > 0).
    colours
        Name of each business to its line colour; by default :func:`~simlib.figures.style.run_colours`.

    Returns
    -------
    str
        The finding, for the title: when each curve has halved, or that it
        does not within ``max_minutes``.
    """
    colours = colours or run_colours(curves)
    _delay_axis(ax, max_minutes)
    top = max(curve.at_once for curve in curves.values())

    def forward_fraction(hours: float) -> float:
        """Where ``hours`` falls across the stretched axis (0: left edge, 1: right edge)."""
        return float(np.log1p(hours * MINUTES_PER_HOUR / DELAY_SCALE_MINUTES)
                     / np.log1p(max_minutes / DELAY_SCALE_MINUTES))
    halves: list[tuple[str, str]] = []  # (rounded half-life, name)
    never: list[str] = []
    labelled: set[tuple[float, float]] = set()
    for k, (name, curve) in enumerate(curves.items()):
        minutes = _delay_grid(curve, max_minutes)
        ax.plot(minutes / MINUTES_PER_HOUR, curve.probability(minutes), color=colours[name], lw=2.4,
                zorder=3, gid=f"conversion:{name}",
                label=f"{name}: {curve.at_once:.0%} if answered at once")
        half_life = conversion_half_life(curve, max_minutes)
        if math.isfinite(half_life):
            halves.append((_round_duration(half_life), name))
            x, y = half_life / MINUTES_PER_HOUR, curve.at_once / 2
            if (round(x, 6), round(y, 6)) in labelled:  # the same point as another curve's
                continue
            labelled.add((round(x, 6), round(y, 6)))
            ax.plot([x], [y], "o", color=colours[name], mec="black", ms=8, zorder=4,
                    gid=f"half-life:{name}")
            right_half = forward_fraction(x) > 0.6
            ax.annotate(f"half after {_round_duration(half_life)}", xy=(x, y),
                        xytext=(-10 if right_half else 10, 10 + 18 * k), textcoords="offset points",
                        ha="right" if right_half else "left",
                        va="bottom", fontsize=TICK_SIZE, color=colours[name],
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
                        arrowprops={"arrowstyle": "-", "color": colours[name], "lw": 1} if k else None)
        elif not math.isnan(half_life):
            never.append(name)
    ax.set_xlabel("Time to first reply (early minutes stretched)", fontsize=LABEL_SIZE)
    ax.set_ylabel("Chance a lead is still engaged\nand buys (%)", fontsize=LABEL_SIZE)
    ax.set_ylim(0, max(top, 0.01) * 1.35)  # headroom for the legend
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    ax.grid(True, color="0.9", lw=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=TICK_SIZE)
    return _conversion_finding(halves, never, len(curves), max_minutes)


def _conversion_finding(halves: list[tuple[str, str]], never: list[str], n_curves: int, max_minutes: float) -> str:
    """The title of the conversion figure: when each curve halves, or that it does not."""
    horizon = _round_duration(max_minutes)
    if not halves:
        if n_curves == 1 and never:
            return f"{never[0]}: more than half the leads are still engaged after {horizon}"
        return f"No business loses half its engaged leads within {horizon}"
    if n_curves == 1:
        return f"{halves[0][1]}: half the leads have cooled after {halves[0][0]}"
    if len(halves) == n_curves and len({duration for duration, _ in halves}) == 1:
        return f"Half the leads have cooled after {halves[0][0]} for every business"
    text = "Half the leads have cooled after " + join_with_and([f"{d} ({n})" for d, n in halves])
    if never:
        text += f"; {join_with_and(never)}: not within {horizon}"
    return text


def _round_duration(minutes: float) -> str:
    """``15 -> "15 min"``, ``192 -> "3.2 h"``, ``4320 -> "3 days"``: short and rounded."""
    if minutes < 1:
        return f"{minutes * 60:.0f} s"
    if minutes < 10:
        return f"{minutes:.1f} min".replace(".0 ", " ")
    if minutes < 60:
        return f"{minutes:.0f} min"
    hours = minutes / 60
    if hours < 10:
        return f"{hours:.1f} h".replace(".0 ", " ")
    if hours < 48:
        return f"{hours:.0f} h"
    return f"{hours / 24:.1f} days".replace(".0 ", " ")


def _delay_tick(minutes: float) -> str:
    if minutes == 0:
        return "0"
    if minutes < 60:
        return f"{minutes:g} min"
    if minutes < 2880:
        return f"{minutes / 60:g} h"
    return f"{minutes / 1440:g} days"


def _delay_axis(ax: Axes, max_minutes: float) -> None:
    """x in hours on a ``log(1 + t / 10 min)`` scale, with ticks far enough apart to read."""
    scale = DELAY_SCALE_MINUTES / MINUTES_PER_HOUR  # hours

    def forward(hours):
        hours = np.asarray(hours, dtype=float)
        return np.sign(hours) * np.log1p(np.abs(hours) / scale)

    def inverse(y):
        y = np.asarray(y, dtype=float)
        return np.sign(y) * np.expm1(np.abs(y)) * scale

    ax.set_xscale("function", functions=(forward, inverse))
    hours_max = max_minutes / MINUTES_PER_HOUR
    span = float(forward(hours_max))
    figure = ax.get_figure()
    width_inches = ax.get_position().width * figure.get_figwidth() if figure is not None else 8.0
    min_gap = 0.65 / max(width_inches, 1.0)  # a label such as "30 min" is about 0.55 inch wide
    ticks: list[float] = []
    for minutes in (*DELAY_TICKS_MINUTES, max_minutes):
        if minutes > max_minutes:
            continue
        position = float(forward(minutes / MINUTES_PER_HOUR))
        if ticks and position - float(forward(ticks[-1] / MINUTES_PER_HOUR)) < min_gap * span:
            if minutes == max_minutes and len(ticks) > 1:
                ticks[-1] = minutes  # keep the end of the axis labelled
            continue
        ticks.append(minutes)
    ax.set_xticks([m / MINUTES_PER_HOUR for m in ticks], [_delay_tick(m) for m in ticks])
    ax.set_xticks([], minor=True)
    ax.set_xlim(0, hours_max)


def _delay_grid(curve: ConversionCurve, max_minutes: float) -> np.ndarray:
    """Delays (minutes) to draw a curve through: dense early, with its half-life and any step."""
    grid = max_minutes * np.linspace(0.0, 1.0, 801) ** 3
    extra = [conversion_half_life(curve, max_minutes)]
    within = getattr(curve, "within_minutes", None)
    if within is not None:
        extra += [within, np.nextafter(within, math.inf)]
    extra = [t for t in extra if math.isfinite(t) and 0 <= t <= max_minutes]
    return np.unique(np.concatenate([grid, extra]))
