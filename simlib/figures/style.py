"""What every figure shares: text sizes, run colours, the weekday axis and short labels.

Sizes are in points: every text is at least 11 points, readable on a
projector. Times are in minutes from Monday 00:00 of week 1, as in the records.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullFormatter

from simlib.i18n import N_, tr
from simlib.model.calendar import MINUTES_PER_DAY
from simlib.model.records import SimulationResult

__all__ = [
    "CRISIS_COLOUR",
    "LABEL_SIZE",
    "RUN_COLOURS",
    "TICK_SIZE",
    "TITLE_SIZE",
    "WEEKDAYS",
    "clock_label",
    "duration_text",
    "figure_and_axes",
    "join_with_and",
    "run_colours",
    "weekday_axis",
    "wrap_title",
]

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
"""Day names on the time axes; simulation time 0 is Monday 00:00."""
TITLE_SIZE = 13  # points: every text is at least 11 points, readable on a projector
"""Titles (points)."""
LABEL_SIZE = 12
"""Axis labels, and panel titles in a figure with several panels (points)."""
TICK_SIZE = 11
"""Tick labels, legends and notes on the figure (points): the smallest text."""
RUN_COLOURS = ("C0", "C1", "C2", "C4", "C5", "C6", "C8", "C9", "C7")
"""One colour per compared run; red (C3) is kept for the crisis line and lost revenue."""
CRISIS_COLOUR = "C3"
"""The crisis line and marker, and lost revenue."""


def run_colours(names: Iterable[str]) -> dict[str, str]:
    """One colour per run, so a run keeps its colour in every panel of a figure.

    Parameters
    ----------
    names
        The runs' names, in the order they are drawn.

    Returns
    -------
    dict
        Each name to a colour of :data:`RUN_COLOURS`, in order, starting
        again after the ninth.
    """
    return {name: RUN_COLOURS[k % len(RUN_COLOURS)] for k, name in enumerate(names)}


def clock_label(minute: float, weeks: bool = False, first_weekday: int = 0) -> str:
    """Weekday and time of a simulation minute, e.g. ``clock_label(540) == "Mon 09:00"``.

    Parameters
    ----------
    minute
        Minutes from time 0 (Monday 00:00 of week 1 unless ``first_weekday`` says otherwise).
    weeks
        Add the week of the run (``"Mon 09:00, week 2"``: days 8 to 14), for runs longer than a week.
    first_weekday
        The weekday of time 0: 0 = Monday (the default) to 6 = Sunday (``scenario.run.start_weekday``).

    Examples
    --------
    >>> clock_label(7 * 1440 + 514, weeks=True)
    'Mon 08:34, week 2'
    """
    whole = int(math.floor(minute + 1e-9))
    day, in_day = divmod(whole, int(MINUTES_PER_DAY))
    text = f"{tr(WEEKDAYS[(first_weekday + day) % 7])} {in_day // 60:02d}:{in_day % 60:02d}"
    return tr("{clock}, week {week}", clock=text, week=day // 7 + 1) if weeks else text


def figure_and_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """The given axes and their figure, or a new figure closed in pyplot (never shown).

    Parameters
    ----------
    ax
        Axes to draw into, or None for a new figure with one axes.
    figsize
        Size of a new figure (inches); ignored when ``ax`` is given.

    Returns
    -------
    (Figure, Axes)
        The top figure holding ``ax`` (also when ``ax`` is in a subfigure)
        and the axes. A new figure uses the constrained layout and is closed
        in pyplot at once, so it is shown only where it is returned.
    """
    if ax is not None:
        try:
            return ax.get_figure(root=True), ax  # matplotlib >= 3.10: the top figure
        except TypeError:
            return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    plt.close(fig)
    return fig, ax


def weekday_axis(ax: Axes, days: float, first_weekday: int = 0) -> None:
    """Label a time axis in days: grid lines at midnight and weekday names under each day.

    Parameters
    ----------
    ax
        Axes whose x is in days from time 0.
    days
        Length of the axis (days). Up to 21 days, each day is named under
        its middle; longer axes get a tick every Monday (``"Mon\\nwk 2"``),
        thinned to about 12 labels.
    first_weekday
        The weekday of time 0: 0 = Monday (the default, and a run without a
        start date) to 6 = Sunday (``scenario.run.start_weekday``).
    """
    whole_days = int(math.ceil(days - 1e-9))
    if whole_days <= 21:
        ax.xaxis.set_major_locator(FixedLocator(np.arange(0, whole_days + 1)))
        ax.xaxis.set_major_formatter(NullFormatter())
        centres = np.arange(whole_days) + 0.5
        centres = centres[centres <= days]  # a run may end mid-day
        ax.set_xticks(centres, [tr(WEEKDAYS[(first_weekday + d) % 7]) for d in range(len(centres))], minor=True)
        ax.tick_params(axis="x", which="minor", length=0, labelsize=TICK_SIZE)
    else:
        weeks = int(math.ceil(whole_days / 7))
        step = max(1, int(math.ceil(weeks / 12)))  # at most about 12 labels
        first_monday = (7 - first_weekday) % 7
        mondays = np.arange(first_monday, weeks * 7 + 1, 7 * step)
        mondays = mondays[mondays <= days]
        ax.set_xticks(mondays, [f"Mon\nwk {(d + first_weekday) // 7 + 1}" for d in mondays])
    ax.grid(True, axis="x", which="major", color="0.75", lw=0.8)
    ax.grid(True, axis="y", color="0.9", lw=0.8)
    ax.set_axisbelow(True)


def common_weekday(results: Iterable[SimulationResult]) -> int:
    """The weekday of time 0 the runs share (0 = Monday), or 0 (Monday) when they differ."""
    weekdays = {result.scenario.run.start_weekday for result in results}
    return weekdays.pop() if len(weekdays) == 1 else 0


def duration_text(minutes: float, adjective: bool = False) -> str:
    """A duration as short text: ``90 -> "1.5 h"``, ``30 -> "30 min"``.

    Parameters
    ----------
    minutes
        The duration (minutes); an hour or more is written in hours.
    adjective
        Write it as an adjective instead: ``"1.5-hour"``, ``"30-minute"``.

    Returns
    -------
    str
        At most 4 significant digits.
    """
    if minutes >= 60:
        value, unit, long_unit = minutes / 60, "h", "hour"
    else:
        value, unit, long_unit = minutes, "min", "minute"
    number = f"{value:.4g}"
    return f"{number}-{long_unit}" if adjective else f"{number} {unit}"


def wrap_title(text: str, width: int) -> str:
    """Wrap each line of a title at ``width`` characters, breaking after "; " first.

    Parameters
    ----------
    text
        The title; line breaks in it are kept.
    width
        Most characters on a line.

    Returns
    -------
    str
        The title with line breaks: a long line is first cut after each
        ``"; "`` (the ``";"`` stays), then wrapped at spaces.
    """
    lines = []
    for line in text.split("\n"):
        if len(line) > width and "; " in line:
            lines += [part + (";" if k < line.count("; ") else "") for k, part in enumerate(line.split("; "))]
        else:
            lines.append(line)
    return "\n".join(textwrap.fill(line, width) for line in lines)


def join_with_and(parts: list[str]) -> str:
    """Names in a sentence: ``["a", "b", "c"] -> "a, b and c"``.

    Parameters
    ----------
    parts
        At least one piece of text.

    Returns
    -------
    str
        The pieces joined by commas, the last one by "and".
    """
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
