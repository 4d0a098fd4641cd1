"""Figures of a run: the inbox over the week, how long customers wait for a reply,
and, for scenarios with a ``[business]`` section, what the answers were worth.

Each function draws into ``ax`` when you give one, or into a new figure, and
returns the :class:`~matplotlib.figure.Figure`. None calls ``plt.show()``: in
Jupyter the returned figure is displayed once, and in a script you save it::

    fig = plot_inbox_length(result)
    fig.savefig("inbox.png")

New figures are closed in pyplot before they are returned, so they work
headless (the Agg backend) and a notebook does not show them twice.
Times are in minutes in the records; the axes show days or hours, as labelled.

Business figures: :func:`plot_conversion_curves` (chance of buying against
reply delay), :func:`plot_reputation` (score over time and the crisis line),
:func:`plot_engagement_mix` (the audience by engagement phase),
:func:`plot_revenue_lost_vs_staff` (a staff sweep: revenue lost, staff cost,
profit) and :func:`plot_comparison` (the 2 x 2 figure of ``simlib compare``).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import (
    FixedLocator,
    MaxNLocator,
    MultipleLocator,
    NullFormatter,
    PercentFormatter,
    StrMethodFormatter,
)
from scipy.special import stdtrit

from simlib.business import PHASES, ConversionCurve
from simlib.calendar import MINUTES_PER_DAY, MINUTES_PER_HOUR
from simlib.kpis import inbox_length, measured, sample_every, time_average
from simlib.records import SimulationResult

__all__ = [
    "PHASE_LABELS",
    "clock_label",
    "conversion_half_life",
    "off_duty_periods",
    "on_duty_periods",
    "plot_comparison",
    "plot_conversion_curves",
    "plot_engagement_mix",
    "plot_first_response",
    "plot_inbox_length",
    "plot_reputation",
    "plot_revenue_lost_vs_staff",
    "staff_sweep_summary",
]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TITLE_SIZE = 13  # points: every text is at least 11 points, readable on a projector
LABEL_SIZE = 12
TICK_SIZE = 11
OFF_DUTY_COLOUR = "0.9"
OFF_DUTY_GID = "off-duty"
"""``gid`` of the shaded bands when nobody is on duty (to find them in a figure)."""
INBOX_LINE_GID = "inbox-length"
"""``gid`` of the line of questions waiting."""


def on_duty_periods(result: SimulationResult) -> list[tuple[float, float]]:
    """When at least one community manager is on duty.

    Parameters
    ----------
    result
        A simulated run.

    Returns
    -------
    list of (start, end)
        Sorted, non-overlapping periods in minutes from Monday 00:00, within
        the horizon; overlapping or back-to-back shifts are merged. Shifts
        with ``count = 0`` put nobody on duty and are left out.
    """
    spans = sorted(
        period
        for _, members, periods in result.staffing.periods
        if len(members) > 0
        for period in periods
    )
    merged: list[tuple[float, float]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def off_duty_periods(result: SimulationResult) -> list[tuple[float, float]]:
    """When nobody is on duty: the gaps between :func:`on_duty_periods`.

    Returns
    -------
    list of (start, end)
        Sorted periods in minutes from Monday 00:00, covering the rest of
        ``[0, horizon]``; empty when someone is always on duty.
    """
    gaps: list[tuple[float, float]] = []
    now = 0.0
    for start, end in on_duty_periods(result):
        if start > now:
            gaps.append((now, start))
        now = max(now, end)
    if now < result.horizon_minutes:
        gaps.append((now, result.horizon_minutes))
    return gaps


def clock_label(minute: float, weeks: bool = False) -> str:
    """Weekday and time of a simulation minute, e.g. ``clock_label(540) == "Mon 09:00"``.

    Parameters
    ----------
    minute
        Minutes from Monday 00:00 of week 1.
    weeks
        Add the week number (``"Mon 09:00, week 2"``), for runs longer than a week.

    Examples
    --------
    >>> clock_label(7 * 1440 + 514, weeks=True)
    'Mon 08:34, week 2'
    """
    whole = int(math.floor(minute + 1e-9))
    day, in_day = divmod(whole, int(MINUTES_PER_DAY))
    text = f"{WEEKDAYS[day % 7]} {in_day // 60:02d}:{in_day % 60:02d}"
    return f"{text}, week {day // 7 + 1}" if weeks else text


def plot_inbox_length(
    result: SimulationResult, every_minutes: float = 15, ax: Axes | None = None
) -> Figure:
    """Questions waiting for a first reply over the run, with off-duty time shaded.

    The line is :func:`simlib.kpis.inbox_length` read every ``every_minutes``
    (:func:`simlib.kpis.sample_every`); grey bands mark when nobody is on
    duty; the peak after the warm-up (the ``max_inbox_length`` KPI, also
    counting the questions already waiting when the warm-up ends) is marked. The title states what the figure shows, computed from the run.

    Parameters
    ----------
    result
        A simulated run.
    every_minutes
        Minutes between two plotted points (> 0). The peak in the title and
        the marker is exact, so it may be a little above the sampled line.
    ax
        Axes to draw into; by default a new 10 x 4.5 inch figure.

    Returns
    -------
    Figure
        The figure holding the axes (x: days from Monday 00:00; y: questions).
    """
    if not every_minutes > 0:
        raise ValueError(f"every_minutes = {every_minutes!r}: must be > 0")
    fig, ax = _figure_and_axes(ax, figsize=(10, 4.5))
    horizon = result.horizon_minutes
    start = result.warmup_minutes
    steps = inbox_length(result)
    sampled = sample_every(steps, every_minutes, horizon)
    days = sampled.index.to_numpy() / MINUTES_PER_DAY

    off_duty = off_duty_periods(result)
    for k, (a, b) in enumerate(off_duty):
        ax.axvspan(a / MINUTES_PER_DAY, b / MINUTES_PER_DAY, color=OFF_DUTY_COLOUR, lw=0,
                   zorder=0, gid=OFF_DUTY_GID, label="nobody on duty" if k == 0 else None)
    ax.fill_between(days, sampled.to_numpy(), step="post", color="C0", alpha=0.25, lw=0,
                    zorder=1)
    ax.plot(days, sampled.to_numpy(), drawstyle="steps-post", color="C0", lw=1.6, zorder=2,
            gid=INBOX_LINE_GID, label=f"questions waiting (read every {every_minutes:g} min)")
    if start > 0:
        ax.axvline(start / MINUTES_PER_DAY, color="0.3", ls="--", lw=1.2, zorder=3,
                   label="end of warm-up")

    peak, peak_minute = _peak(steps, start, horizon)
    long_run = horizon > 7 * MINUTES_PER_DAY
    if peak > 0:
        x_peak = peak_minute / MINUTES_PER_DAY
        ax.plot([x_peak], [peak], "o", color="C3", ms=6, zorder=4)
        # Write the label on the side where the line is lower, so it stays readable.
        left = sampled[(sampled.index >= peak_minute - MINUTES_PER_DAY) & (sampled.index < peak_minute)]
        right = sampled[(sampled.index > peak_minute) & (sampled.index <= peak_minute + MINUTES_PER_DAY)]
        room_right = peak_minute + MINUTES_PER_DAY <= horizon
        on_left = not room_right or (len(left) > 0 and len(right) > 0 and left.mean() < right.mean())
        ax.annotate(f"{peak:.0f} waiting\n{clock_label(peak_minute, weeks=long_run)}",
                    xy=(x_peak, peak), xytext=(-10 if on_left else 10, -4),
                    textcoords="offset points", ha="right" if on_left else "left",
                    va="top", fontsize=TICK_SIZE, color="C3",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8})
    ax.set_title(_inbox_finding(result, steps, off_duty, peak), fontsize=TITLE_SIZE)
    ax.set_xlabel("Simulated time (days from Monday 00:00)", fontsize=LABEL_SIZE)
    ax.set_ylabel("Waiting for a first reply\n(questions)", fontsize=LABEL_SIZE)
    _weekday_axis(ax, horizon / MINUTES_PER_DAY)
    ax.set_xlim(0, horizon / MINUTES_PER_DAY)  # after the ticks, which may not widen it
    ax.set_ylim(0, max(peak, 1) * 1.25)  # headroom for the legend and the peak label
    ax.tick_params(labelsize=TICK_SIZE)
    peak_on_left = peak_minute < 0.5 * horizon
    ax.legend(loc="upper right" if peak_on_left else "upper left", fontsize=TICK_SIZE,
              framealpha=0.95)
    return fig


def plot_first_response(result: SimulationResult, ax: Axes | None = None) -> Figure:
    """How soon questions get a first reply: the cumulative share, in hours.

    The curve at ``x`` hours is the share of *all* questions that arrived
    after the warm-up whose first reply started within ``x`` hours, so it
    levels off at the answered share, and its height at the target is the
    ``service_level`` KPI (the same definition, see :mod:`simlib.kpis`).

    Parameters
    ----------
    result
        A simulated run.
    ax
        Axes to draw into; by default a new 10 x 4.5 inch figure.

    Returns
    -------
    Figure
        The figure holding the axes (x: hours after arrival; y: % of questions).
    """
    fig, ax = _figure_and_axes(ax, figsize=(10, 4.5))
    records = measured(result)
    n = len(records)
    target_minutes = result.scenario.service.target_minutes
    target_hours = target_minutes / MINUTES_PER_HOUR
    response_hours = np.sort(records["first_response"].dropna().to_numpy()) / MINUTES_PER_HOUR
    answered = len(response_hours) / n if n else math.nan
    level = float((records["first_response"] <= target_minutes).mean()) if n else math.nan
    x_max = max(float(response_hours[-1]) if len(response_hours) else 0.0, target_hours, 1.0)

    if len(response_hours):
        x = np.concatenate([[0.0], response_hours, [x_max * 1.03]])
        y = np.concatenate([[0.0], np.arange(1, len(response_hours) + 1) / n, [answered]])
        ax.plot(x, y, drawstyle="steps-post", color="C0", lw=2, zorder=3,
                label="answered within x hours")
        ax.axhline(answered, color="0.45", ls=":", lw=1.2, zorder=1,
                   label=f"answered by the end of the run: {answered:.0%}")
    ax.axvline(target_hours, color="C3", ls="--", lw=1.5, zorder=2,
               label=f"target: {_duration(target_minutes)}")
    if n:
        ax.plot([target_hours], [level], "o", color="C3", ms=7, zorder=4)
        ax.annotate(f"service level {level:.0%}", xy=(target_hours, level),
                    xytext=(8, -4), textcoords="offset points", ha="left", va="top",
                    fontsize=TICK_SIZE, color="C3")
        title = (f"{level:.0%} of questions get a first reply within the "
                 f"{_duration(target_minutes, adjective=True)} target")
        if answered < 0.995:
            title += f"; {1 - answered:.0%} had no reply by the end"
    else:
        title = "No questions arrived after the warm-up"
    ax.set_title(title, fontsize=TITLE_SIZE)
    ax.set_xlabel("Time from arrival to first reply (hours)", fontsize=LABEL_SIZE)
    ax.set_ylabel("Questions answered\n(% of all questions)", fontsize=LABEL_SIZE)
    ax.set_xlim(0, x_max * 1.03)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_locator(MultipleLocator(_hour_step(x_max)))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    ax.grid(True, color="0.9", lw=0.8)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.legend(loc="lower right", fontsize=TICK_SIZE, framealpha=0.95)
    return fig


def _figure_and_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """The given axes and their figure, or a new figure closed in pyplot (never shown)."""
    if ax is not None:
        try:
            return ax.get_figure(root=True), ax  # matplotlib >= 3.10: the top figure
        except TypeError:
            return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    plt.close(fig)
    return fig, ax


def _peak(steps: pd.Series, start: float, end: float) -> tuple[float, float]:
    """Largest value of a step function on [start, end) and the first minute it is reached."""
    before = steps[steps.index <= start]
    inside = steps[(steps.index > start) & (steps.index < end)]
    times = np.concatenate([[start], inside.index.to_numpy()])
    values = np.concatenate([[before.iloc[-1] if len(before) else 0], inside.to_numpy()])
    k = int(np.argmax(values))
    return float(values[k]), float(times[k])


def _mean_over(steps: pd.Series, periods: list[tuple[float, float]]) -> float:
    """Time-average of a step function over a set of periods (NaN if they are empty)."""
    total = sum(b - a for a, b in periods)
    if total <= 0:
        return math.nan
    return sum(time_average(steps, a, b) * (b - a) for a, b in periods if b > a) / total


def _inbox_finding(
    result: SimulationResult,
    steps: pd.Series,
    off_duty: list[tuple[float, float]],
    peak: float,
) -> str:
    """A title that says what the inbox-length figure shows, computed from the run."""
    start, end = result.warmup_minutes, result.horizon_minutes
    window = [(max(a, start), b) for a, b in off_duty if b > start]
    on_duty = [(max(a, start), b) for a, b in on_duty_periods(result) if b > start]
    mean_off, mean_on = _mean_over(steps, window), _mean_over(steps, on_duty)
    before_end = steps[steps.index < end]
    waiting_at_end = int(before_end.iloc[-1]) if len(before_end) else 0  # just before the horizon
    if peak == 0:
        return "Every question is answered the moment it arrives"
    if not on_duty:
        return f"Nobody is ever on duty: questions only pile up (peak {peak:.0f} waiting)"
    if window and mean_off > mean_on:
        return f"Questions pile up while nobody is on duty (peak {peak:.0f} waiting)"
    if waiting_at_end >= 0.8 * peak and peak >= 10:
        return f"The inbox keeps growing: {waiting_at_end} questions waiting at the end"
    return f"Questions waiting for a first reply: {time_average(steps, start, end):.1f} on average, peak {peak:.0f}"


def _weekday_axis(ax: Axes, days: float) -> None:
    """Grid lines at midnight; weekday names under each day (or week numbers if long)."""
    whole_days = int(math.ceil(days - 1e-9))
    if whole_days <= 21:
        ax.xaxis.set_major_locator(FixedLocator(np.arange(0, whole_days + 1)))
        ax.xaxis.set_major_formatter(NullFormatter())
        centres = np.arange(whole_days) + 0.5
        centres = centres[centres <= days]  # a run may end mid-day
        ax.set_xticks(centres, [WEEKDAYS[d % 7] for d in range(len(centres))], minor=True)
        ax.tick_params(axis="x", which="minor", length=0, labelsize=TICK_SIZE)
    else:
        weeks = int(math.ceil(whole_days / 7))
        step = max(1, int(math.ceil(weeks / 12)))  # at most about 12 labels
        mondays = np.arange(0, weeks * 7 + 1, 7 * step)
        mondays = mondays[mondays <= days]
        ax.set_xticks(mondays, [f"Mon\nwk {d // 7 + 1}" for d in mondays])
    ax.grid(True, axis="x", which="major", color="0.75", lw=0.8)
    ax.grid(True, axis="y", color="0.9", lw=0.8)
    ax.set_axisbelow(True)


def _duration(minutes: float, adjective: bool = False) -> str:
    """``90 -> "1.5 h"``, ``30 -> "30 min"``; ``adjective``: ``"1.5-hour"``, ``"30-minute"``."""
    if minutes >= 60:
        value, unit, long_unit = minutes / 60, "h", "hour"
    else:
        value, unit, long_unit = minutes, "min", "minute"
    number = f"{value:.4g}"
    return f"{number}-{long_unit}" if adjective else f"{number} {unit}"


def _hour_step(x_max_hours: float) -> float:
    """A readable tick spacing (hours) for an axis running to ``x_max_hours``."""
    for step in (0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 168):
        if x_max_hours / step <= 12:
            return step
    return 168 * math.ceil(x_max_hours / (168 * 12))
