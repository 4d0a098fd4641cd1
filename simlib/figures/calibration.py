"""The calibration figure: each simulated effect beside the published one, on one scale.

Every number of every row is divided by its published reference (the middle
of the published band, or the bound), so 1 means "as published" whatever the
unit. A grey bar is the published band, a dot and its whisker the simulated
value and 95% interval, coloured by verdict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.figure import Figure

from simlib.experiments.calibration import Part, Row

COLOURS = {"PASS": "#2b8a3e", "FAIL": "#c92a2a", "DEPARTS": "#e67700"}
LIMITS = (1 / 30, 30.0)
"""The x range (simulated / published); values beyond it are drawn at the edge with an arrow."""


def reference(part: Part) -> float:
    """The published value a part's numbers are divided by: the band's middle, or its finite bound."""
    low, high = part.band
    if part.side == "at_least" or math.isinf(high):
        return low
    if part.side == "at_most" or low <= 0:
        return high
    return math.sqrt(low * high)


def _clip(x: float) -> float:
    return min(max(x, LIMITS[0]), LIMITS[1])


def plot_calibration(rows: Sequence[Row]) -> Figure:
    """One line per number of each row, top to bottom in table order; returns the figure."""
    lines = [(row, part, estimate) for row in rows for part, estimate in zip(row.claim.parts, row.estimates)]
    figure = Figure(figsize=(9.0, 0.24 * len(lines) + 1.2), layout="constrained")
    ax = figure.add_subplot()
    for y, (row, part, estimate) in enumerate(lines):
        ref = reference(part)
        low, high = (x / ref for x in part.band)
        ax.plot([_clip(max(low, LIMITS[0])), _clip(high)], [y, y], color="#ced4da", linewidth=6,
                solid_capstyle="butt", zorder=1)
        colour = COLOURS[row.verdict]
        if math.isnan(estimate.value):
            ax.text(1.0, y, "not modelled", color=colour, va="center", ha="center", fontsize=7)
            continue
        x = estimate.value / ref
        if not math.isnan(estimate.low):
            ax.plot([_clip(estimate.low / ref), _clip(estimate.high / ref)], [y, y], color=colour, linewidth=1.2)
        marker = ">" if x > LIMITS[1] else "<" if x < LIMITS[0] else "o"
        ax.plot([_clip(x)], [y], marker=marker, color=colour, markersize=4, zorder=3)
    ax.set_xscale("log")
    ax.set_xlim(*LIMITS)
    ax.axvline(1.0, color="#868e96", linewidth=0.8, linestyle=":")
    ax.set_yticks(range(len(lines)), [f"{row.claim.key} ({part.label}), {row.preset}" for row, part, _ in lines],
                  fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("simulated / published (1 = as published; grey: published band)", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title("Published effects measured back out of the simulation: "
                 + ", ".join(f"{v.lower()} {k}" for k, v in (("green", "PASS"), ("red", "FAIL"),
                                                             ("orange", "DEPARTS"))), fontsize=9)
    return figure
