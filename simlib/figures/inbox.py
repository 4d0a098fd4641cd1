"""Figures of the inbox over a run: questions waiting (with the hours nobody is on duty
shaded) and how soon questions get a first reply.

Each function draws into ``ax`` when you give one, or into a new figure, and
returns the :class:`~matplotlib.figure.Figure`. None calls ``plt.show()``: in
Jupyter the returned figure is displayed once, and in a script you save it::

    fig = plot_inbox_length(result)
    fig.savefig("inbox.png")

New figures are closed in pyplot before they are returned, so they work
headless (the Agg backend) and a notebook does not show them twice.
Times are in minutes in the records; the axes show days or hours, as labelled.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MultipleLocator, PercentFormatter

from simlib.analysis.duty import off_duty_periods, on_duty_periods
from simlib.analysis.kpis import inbox_length, measured, sample_every, time_average
from simlib.analysis.steps import step_peak, time_average_over
from simlib.figures.style import (
    LABEL_SIZE,
    TICK_SIZE,
    TITLE_SIZE,
    clock_label,
    duration_text,
    figure_and_axes,
    weekday_axis,
)
from simlib.i18n import tr
from simlib.model.calendar import MINUTES_PER_DAY, MINUTES_PER_HOUR
from simlib.model.records import SimulationResult

__all__ = [
    "INBOX_LINE_GID",
    "OFF_DUTY_GID",
    "plot_first_response",
    "plot_inbox_length",
]

OFF_DUTY_COLOUR = "0.9"
OFF_DUTY_GID = "off-duty"
"""``gid`` of the shaded bands when nobody is on duty (to find them in a figure)."""
INBOX_LINE_GID = "inbox-length"
"""``gid`` of the line of questions waiting."""


def plot_inbox_length(
    result: SimulationResult, every_minutes: float = 15, ax: Axes | None = None
) -> Figure:
    """Questions waiting for a first reply over the run, with off-duty time shaded.

    The line is :func:`simlib.analysis.kpis.inbox_length` read every ``every_minutes``
    (:func:`simlib.analysis.kpis.sample_every`); grey bands mark when nobody is on
    duty; the peak after the warm-up (the ``max_inbox_length`` KPI, also
    counting the questions already waiting when the warm-up ends) is marked.
    The title states what the figure shows, computed from the run.

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
    fig, ax = figure_and_axes(ax, figsize=(10, 4.5))
    horizon = result.horizon_minutes
    start = result.warmup_minutes
    steps = inbox_length(result)
    sampled = sample_every(steps, every_minutes, horizon)
    days = sampled.index.to_numpy() / MINUTES_PER_DAY

    off_duty = off_duty_periods(result)
    if off_duty:  # one artist for all the bands: a month of nights draws fast
        bands = [[(a / MINUTES_PER_DAY, 0), (b / MINUTES_PER_DAY, 0), (b / MINUTES_PER_DAY, 1),
                  (a / MINUTES_PER_DAY, 1)] for a, b in off_duty]
        ax.add_collection(PolyCollection(bands, transform=ax.get_xaxis_transform(), facecolor=OFF_DUTY_COLOUR,
                                         lw=0, zorder=0, gid=OFF_DUTY_GID, label=tr("nobody on duty")),
                          autolim=False)
    ax.fill_between(days, sampled.to_numpy(), step="post", color="C0", alpha=0.25, lw=0,
                    zorder=1)
    ax.plot(days, sampled.to_numpy(), drawstyle="steps-post", color="C0", lw=1.6, zorder=2,
            gid=INBOX_LINE_GID, label=tr("questions waiting (read every {every:g} min)", every=every_minutes))
    if start > 0:
        ax.axvline(start / MINUTES_PER_DAY, color="0.3", ls="--", lw=1.2, zorder=3,
                   label=tr("end of warm-up"))

    peak, peak_minute = step_peak(steps, start, horizon)
    long_run = horizon > 7 * MINUTES_PER_DAY
    if peak > 0:
        x_peak = peak_minute / MINUTES_PER_DAY
        ax.plot([x_peak], [peak], "o", color="C3", ms=6, zorder=4)
        # Write the label on the side where the line is lower, so it stays readable.
        left = sampled[(sampled.index >= peak_minute - MINUTES_PER_DAY) & (sampled.index < peak_minute)]
        right = sampled[(sampled.index > peak_minute) & (sampled.index <= peak_minute + MINUTES_PER_DAY)]
        room_right = peak_minute + MINUTES_PER_DAY <= horizon
        on_left = not room_right or (len(left) > 0 and len(right) > 0 and left.mean() < right.mean())
        clock = clock_label(peak_minute, weeks=long_run, first_weekday=result.scenario.run.start_weekday)
        ax.annotate(tr("{peak:.0f} waiting\n{clock}", peak=peak, clock=clock),
                    xy=(x_peak, peak), xytext=(-10 if on_left else 10, -4),
                    textcoords="offset points", ha="right" if on_left else "left",
                    va="top", fontsize=TICK_SIZE, color="C3",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8})
    ax.set_title(_inbox_finding(result, steps, off_duty, peak), fontsize=TITLE_SIZE)
    ax.set_xlabel(tr("Simulated time (days from Monday 00:00)"), fontsize=LABEL_SIZE)
    ax.set_ylabel(tr("Waiting for a first reply\n(questions)"), fontsize=LABEL_SIZE)
    weekday_axis(ax, horizon / MINUTES_PER_DAY, result.scenario.run.start_weekday)
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
    ``service_level`` KPI (the same definition, see :mod:`simlib.analysis.kpis`).

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
    fig, ax = figure_and_axes(ax, figsize=(10, 4.5))
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
               label=f"target: {duration_text(target_minutes)}")
    if n:
        ax.plot([target_hours], [level], "o", color="C3", ms=7, zorder=4)
        ax.annotate(f"service level {level:.0%}", xy=(target_hours, level),
                    xytext=(8, -4), textcoords="offset points", ha="left", va="top",
                    fontsize=TICK_SIZE, color="C3")
        title = (f"{level:.0%} of questions get a first reply within the "
                 f"{duration_text(target_minutes, adjective=True)} target")
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
    mean_off, mean_on = time_average_over(steps, window), time_average_over(steps, on_duty)
    before_end = steps[steps.index < end]
    waiting_at_end = int(before_end.iloc[-1]) if len(before_end) else 0  # just before the horizon
    if peak == 0:
        return tr("Every question is answered the moment it arrives")
    if not on_duty:
        return tr("Nobody is ever on duty: questions only pile up (peak {peak:.0f} waiting)", peak=peak)
    if window and mean_off > mean_on:
        return tr("Questions pile up while nobody is on duty (peak {peak:.0f} waiting)", peak=peak)
    if waiting_at_end >= 0.8 * peak and peak >= 10:
        return tr("The inbox keeps growing: {count} questions waiting at the end", count=waiting_at_end)
    return tr("Questions waiting for a first reply: {mean:.1f} on average, peak {peak:.0f}",
              mean=time_average(steps, start, end), peak=peak)


def _hour_step(x_max_hours: float) -> float:
    """A readable tick spacing (hours) for an axis running to ``x_max_hours``."""
    for step in (0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 168):
        if x_max_hours / step <= 12:
            return step
    return 168 * math.ceil(x_max_hours / (168 * 12))
