"""Figures of runs, one module per family; every public figure and constant is here too.

- :mod:`simlib.figures.inbox`: questions waiting over the run, and how soon they get a first reply;
- :mod:`simlib.figures.conversion`: a lead's chance of buying against the reply delay;
- :mod:`simlib.figures.outcomes`: reputation over time, and the audience by engagement phase;
- :mod:`simlib.figures.comparison`: a staff sweep, and the side-by-side figure of ``simlib compare``;
- :mod:`simlib.figures.style`: the sizes, colours, weekday axis and labels they share.

Each ``plot_*`` function returns a :class:`~matplotlib.figure.Figure` and never
calls ``plt.show()``: in Jupyter the returned figure is displayed once, and in a
script you save it (``plot_inbox_length(result).savefig("inbox.png")``).
"""

from simlib.figures.comparison import BEST_PROFIT_GID, plot_comparison, plot_revenue_lost_vs_staff
from simlib.figures.conversion import DELAY_SCALE_MINUTES, DELAY_TICKS_MINUTES, plot_conversion_curves
from simlib.figures.inbox import INBOX_LINE_GID, OFF_DUTY_GID, plot_first_response, plot_inbox_length
from simlib.figures.outcomes import (
    CRISIS_MARKER_GID,
    ENGAGED_PHASES,
    PHASE_COLOURS,
    PHASE_LABELS,
    plot_engagement_mix,
    plot_reputation,
)
from simlib.figures.style import CRISIS_COLOUR, LABEL_SIZE, RUN_COLOURS, TICK_SIZE, TITLE_SIZE, WEEKDAYS, clock_label

__all__ = [
    "BEST_PROFIT_GID",
    "CRISIS_COLOUR",
    "CRISIS_MARKER_GID",
    "DELAY_SCALE_MINUTES",
    "DELAY_TICKS_MINUTES",
    "ENGAGED_PHASES",
    "INBOX_LINE_GID",
    "LABEL_SIZE",
    "OFF_DUTY_GID",
    "PHASE_COLOURS",
    "PHASE_LABELS",
    "RUN_COLOURS",
    "TICK_SIZE",
    "TITLE_SIZE",
    "WEEKDAYS",
    "clock_label",
    "plot_comparison",
    "plot_conversion_curves",
    "plot_engagement_mix",
    "plot_first_response",
    "plot_inbox_length",
    "plot_reputation",
    "plot_revenue_lost_vs_staff",
]
