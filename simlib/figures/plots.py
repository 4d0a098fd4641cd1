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
from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
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

from simlib.analysis.kpis import (
    inbox_length,
    measured,
    sample_every,
    step_integral,
    time_average,
)
from simlib.model.business import PHASES, ConversionCurve
from simlib.model.calendar import MINUTES_PER_DAY, MINUTES_PER_HOUR
from simlib.model.outcomes import Outcomes
from simlib.model.records import SimulationResult

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
CRISIS_MARKER_GID = "crisis-marker"
"""``gid`` of the marker where a run's reputation first falls below the crisis line."""
BEST_PROFIT_GID = "best-profit"
"""``gid`` of the marker at the head count with the highest mean profit."""
PHASE_LABELS = {
    "connection": "connection (inactive)",
    "interaction": "interaction (spectators)",
    "participation": "participation (semi-active)",
    "influence": "influence (creators)",
    "critic": "critics",
}
"""The course's name for each engagement phase, with the kind of user in it."""
PHASE_COLOURS = {
    "connection": "0.55",
    "interaction": "#9ecae1",
    "participation": "#4292c6",
    "influence": "#08306b",
    "critic": "#d62728",
}
ENGAGED_PHASES = PHASES[1:]
"""Every phase but ``connection``: the followers who do something."""
RUN_COLOURS = ("C0", "C1", "C2", "C4", "C5", "C6", "C8", "C9", "C7")
"""One colour per compared run; red (C3) is kept for the crisis line and lost revenue."""
CRISIS_COLOUR = "C3"
DELAY_SCALE_MINUTES = 10.0
"""The delay axis is ``log(1 + t / 10 min)``: linear over the first minutes, logarithmic after."""
DELAY_TICKS_MINUTES = (0, 5, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 7 * 1440,
                       14 * 1440, 30 * 1440)


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

    The line is :func:`simlib.analysis.kpis.inbox_length` read every ``every_minutes``
    (:func:`simlib.analysis.kpis.sample_every`); grey bands mark when nobody is on
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
    if off_duty:  # one artist for all the bands: a month of nights draws fast
        bands = [[(a / MINUTES_PER_DAY, 0), (b / MINUTES_PER_DAY, 0), (b / MINUTES_PER_DAY, 1),
                  (a / MINUTES_PER_DAY, 1)] for a, b in off_duty]
        ax.add_collection(PolyCollection(bands, transform=ax.get_xaxis_transform(), facecolor=OFF_DUTY_COLOUR,
                                         lw=0, zorder=0, gid=OFF_DUTY_GID, label="nobody on duty"),
                          autolim=False)
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
    if total <= 0 or steps.empty:
        return math.nan
    area = step_integral(steps, np.ravel(periods)).reshape(-1, 2)
    return float((area[:, 1] - area[:, 0]).sum() / total)


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


# --- business figures -------------------------------------------------------------------------


def conversion_half_life(curve: ConversionCurve, max_minutes: float = 1e7) -> float:
    """Reply delay at which a lead's chance of buying has fallen to half of ``at_once``.

    Found numerically (bisection on the curve's own ``probability``), so it
    works for every curve shape: the smallest delay whose probability is at
    most ``at_once / 2``.

    Parameters
    ----------
    curve
        A conversion curve (``scenario.business.conversion``).
    max_minutes
        Longest delay searched (minutes).

    Returns
    -------
    float
        Minutes; ``inf`` if the curve stays above half within ``max_minutes``
        (a step that falls less than half), NaN if ``at_once`` is 0.

    Examples
    --------
    >>> from simlib.model.business import ExponentialCurve, PowerCurve
    >>> round(conversion_half_life(ExponentialCurve(curve="exponential", at_once=0.3, half_life_minutes=15)), 6)
    15.0
    >>> round(conversion_half_life(PowerCurve(curve="power", at_once=0.4, scale_minutes=10, exponent=1)), 6)
    10.0
    """
    if not curve.at_once > 0:
        return math.nan
    half = curve.at_once / 2

    def probability(t: float) -> float:
        return float(np.asarray(curve.probability(np.array([t])))[0])

    if probability(0.0) <= half:
        return 0.0
    if probability(max_minutes) > half:
        return math.inf
    low, high = 0.0, float(max_minutes)
    for _ in range(200):  # the interval halves each time: 200 steps reach machine precision
        middle = 0.5 * (low + high)
        if probability(middle) <= half:
            high = middle
        else:
            low = middle
        if high - low <= 1e-12 * max(1.0, high):
            break
    return high


def plot_conversion_curves(
    curves: Mapping[str, ConversionCurve], max_minutes: float = 24 * 60, ax: Axes | None = None
) -> Figure:
    """Chance that a lead buys against how long the first reply took, one line per business.

    The x-axis is stretched at the start (``log(1 + t / 10 min)``) because the
    first minutes matter most; each curve's half-life (:func:`conversion_half_life`)
    is marked and written on the figure, and the title compares them.

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
    fig, ax = _figure_and_axes(ax, figsize=(10, 5))
    title = _draw_conversion(ax, curves, max_minutes)
    ax.set_title(title, fontsize=TITLE_SIZE)
    ax.legend(loc="upper right", fontsize=TICK_SIZE, framealpha=0.95)
    return fig


def plot_reputation(
    results: Mapping[str, SimulationResult] | SimulationResult, ax: Axes | None = None
) -> Figure:
    """Reputation score over time for one or more runs, with the baseline and the crisis line.

    Each run's line is ``result.outcomes.reputation`` (the score after each
    hourly tick). A cross marks the first tick below ``crisis_below``
    (``outcomes.crisis_minute``), if any; the title says who crossed and when.

    Parameters
    ----------
    results
        Name of each run to its result (a ``[business]`` section is needed);
        a single result is drawn under its scenario's name.
    ax
        Axes to draw into; by default a new 11 x 4.5 inch figure (the legend
        is outside the axes, on the right).

    Returns
    -------
    Figure
        The figure holding the axes (x: days from Monday 00:00; y: score, 0-100 points).
    """
    results = _named(results)
    fig, ax = _figure_and_axes(ax, figsize=(11, 4.5))
    title = _draw_reputation(ax, results)
    ax.set_title(_wrap(title, 90), fontsize=TITLE_SIZE)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=TICK_SIZE,
              frameon=False)  # outside: the lines may be anywhere between 0 and 100
    return fig


def plot_engagement_mix(result: SimulationResult, ax: Axes | None = None) -> Figure:
    """The audience over time by engagement phase, as shares of all followers.

    About 90% of followers are inactive (``connection``), which would flatten
    every other phase, so the figure has two panels: left, the engaged phases
    (interaction, participation, influence, critics) stacked; right, the
    inactive share on its own scale. The top of the left stack plus the right
    line is 100% at every time.

    Parameters
    ----------
    result
        A simulated run with a ``[business]`` section.
    ax
        Axes to draw into: then only the left panel is drawn, and the legend
        gives the inactive share at the start and the end. By default a new
        12 x 5 inch figure with both panels.

    Returns
    -------
    Figure
        The figure (x: days from Monday 00:00; y: % of all followers).
    """
    outcomes = _outcomes("result", result)
    audience = outcomes.audience
    total = audience.sum(axis=1)
    shares = audience.div(total.where(total > 0), axis=0)
    days = audience.index.to_numpy() / MINUTES_PER_DAY
    horizon_days = result.horizon_minutes / MINUTES_PER_DAY
    if ax is None:
        fig = plt.figure(figsize=(12, 5), layout="constrained")
        main, side = fig.subplots(1, 2, width_ratios=[2.2, 1])
        plt.close(fig)
    else:
        fig, main = _figure_and_axes(ax, figsize=(10, 4.5))
        side = None

    layers = [shares[p].to_numpy() for p in ENGAGED_PHASES]
    main.stackplot(days, *layers, colors=[PHASE_COLOURS[p] for p in ENGAGED_PHASES], alpha=0.9,
                   lw=0, zorder=1)
    top = np.zeros(len(days))
    for phase, layer in zip(ENGAGED_PHASES, layers):
        top = top + layer
        main.plot(days, top, color="white", lw=0.8, zorder=2, gid=f"engaged-top:{phase}")
    connection = shares["connection"].to_numpy()
    first, last = connection[0], connection[-1]
    handles: list = [Patch(color=PHASE_COLOURS[p], label=PHASE_LABELS[p]) for p in ENGAGED_PHASES]
    connection_label = PHASE_LABELS["connection"]
    if side is None:
        connection_label += f": {first:.0%} → {last:.0%} (not stacked)"
    handles.insert(0, Line2D([], [], color=PHASE_COLOURS["connection"], lw=2.5, label=connection_label))
    main.set_ylabel("Engaged followers\n(% of all followers, stacked)", fontsize=LABEL_SIZE)
    stack_top = float(np.nanmax(top)) if len(top) else 0.0
    main.set_ylim(0, max(stack_top, 0.01) * (1.5 if side is None else 1.12))
    for panel in (main, side):
        if panel is None:
            continue
        panel.set_xlabel("Simulated time (days from Monday 00:00)", fontsize=LABEL_SIZE)
        _weekday_axis(panel, horizon_days)
        panel.set_xlim(0, horizon_days)
        panel.tick_params(labelsize=TICK_SIZE)
    main.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0 if stack_top > 0.03 else 1))

    title = _engagement_finding(audience, shares)
    if side is None:
        main.set_title(title, fontsize=TITLE_SIZE)
        main.legend(handles=handles, loc="upper left", fontsize=TICK_SIZE, framealpha=0.95, ncol=2)
        return fig
    main.set_title("Engaged phases, stacked", fontsize=LABEL_SIZE)
    side.plot(days, connection, color=PHASE_COLOURS["connection"], lw=2.5, gid="phase:connection")
    low, high = float(np.nanmin(connection)), float(np.nanmax(connection))
    pad = max(0.1 * (high - low), 0.002)
    side.set_ylim(max(low - pad, 0), min(high + pad, 1))
    side.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0 if high - low > 0.03 else 1))
    side.set_xlabel("Simulated time (days)", fontsize=LABEL_SIZE)
    side.set_ylabel("Inactive followers\n(% of all followers)", fontsize=LABEL_SIZE)
    side.set_title("connection (inactive), own scale", fontsize=LABEL_SIZE)
    if horizon_days <= 21:  # a narrow panel: one label every other day
        for k, label in enumerate(side.get_xticklabels(minor=True)):
            label.set_visible(k % 2 == 0)
    fig.suptitle(title, fontsize=TITLE_SIZE)
    fig.legend(handles=handles, loc="outside lower center", ncol=5, fontsize=TICK_SIZE, frameon=False)
    return fig


def staff_sweep_summary(
    sweep: pd.DataFrame,
    columns: tuple[str, ...] = ("revenue_lost", "staff_cost", "profit"),
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Mean and Student-t confidence interval of some KPIs, per head count of a staff sweep.

    Parameters
    ----------
    sweep
        Tidy table with a ``count`` column, one row per (count, replication),
        and KPI columns (as from :func:`simlib.experiments.compare.staff_sweep`).
    columns
        KPIs to summarise.
    confidence
        Confidence level of the interval (0-1).

    Returns
    -------
    DataFrame
        Indexed by ``count`` (sorted); columns ``(kpi, stat)`` with stat in
        ``mean``, ``ci_low``, ``ci_high``, ``replications`` (the
        :func:`simlib.experiments.replications.summarise` definitions: NaN interval for a
        single replication).
    """
    from simlib.experiments.replications import summarise

    missing = [c for c in ("count", *columns) if c not in sweep.columns]
    if missing:
        raise ValueError(f"sweep has no column {', '.join(missing)} (columns: {', '.join(map(str, sweep.columns))})")
    if sweep.empty:
        raise ValueError("sweep is empty: no rows to summarise")
    parts = {count: summarise(group[list(columns)], confidence)[["mean", "ci_low", "ci_high", "replications"]]
             for count, group in sweep.groupby("count", sort=True)}
    table = pd.concat(parts, names=["count", "kpi"]).unstack("kpi")
    table = table.swaplevel(axis=1)
    return table[[(kpi, stat) for kpi in columns for stat in ("mean", "ci_low", "ci_high", "replications")]]


def plot_revenue_lost_vs_staff(
    sweep: pd.DataFrame, shift: str, ax: Axes | None = None, currency: str | None = None
) -> Figure:
    """Revenue lost to slow replies and staff cost against head count, with profit; best count marked.

    Means over replications with 95% Student-t confidence intervals
    (:func:`staff_sweep_summary`). Revenue lost and staff cost share the left
    axis; profit (revenue minus staff cost) is on the right axis, and a star
    marks the head count with the highest mean profit.

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
    currency = currency or sweep.attrs.get("currency") or "currency units"
    fig, ax = _figure_and_axes(ax, figsize=(10, 5))
    counts = summary.index.to_numpy()
    twin = ax.twinx()
    single = bool((summary[("profit", "replications")] < 2).any())
    interval = "one run: no CI" if single else "mean, 95% CI"
    for target, kpi, colour, marker, label in (
        (ax, "revenue_lost", CRISIS_COLOUR, "o", "revenue lost to slow replies"),
        (ax, "staff_cost", "C0", "s", "staff cost"),
        (twin, "profit", "C2", "D", "profit, right axis"),
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
              gid=BEST_PROFIT_GID, label="highest mean profit")
    ax.axvline(best, color="C2", ls=":", lw=1.5, zorder=1)

    title = (f"Mean profit is highest with {best:g} {'person' if best == 1 else 'people'} on the '{shift}' shift "
             f"({best_profit:,.0f} {currency} per run)")
    if len(counts) > 1 and k in (0, len(counts) - 1):
        title += (";\nthe best is the smallest count tried: try fewer" if k == 0
                  else ";\nthe best is the largest count tried: try more")
    ax.set_title(title, fontsize=TITLE_SIZE)
    ax.set_xlabel(f"Community managers on the '{shift}' shift (head count)", fontsize=LABEL_SIZE)
    ax.set_ylabel(f"Revenue lost, staff cost\n({currency} per run)", fontsize=LABEL_SIZE)
    twin.set_ylabel(f"Profit ({currency} per run)", fontsize=LABEL_SIZE, color="C2")
    twin.tick_params(axis="y", colors="C2")
    for axis in (ax, twin):
        axis.tick_params(labelsize=TICK_SIZE)
        axis.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
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

    Four panels: reputation over time (:func:`plot_reputation`), revenue lost
    per question per hour of waiting (bars: the mean over replications with
    its 95% interval, from ``table``), questions waiting over time (the
    sampled :func:`simlib.analysis.kpis.inbox_length`), and each business's
    conversion curve (:func:`plot_conversion_curves`). The lines show one
    run of each business; the bars, every replication. Runs without a
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
    results = _named(results)
    fig = plt.figure(figsize=(12, 8), layout="constrained")
    axes = fig.subplots(2, 2)
    plt.close(fig)
    (rep_ax, bar_ax), (inbox_ax, curve_ax) = axes
    with_business = {n: r for n, r in results.items() if r.outcomes is not None and r.scenario.business is not None}
    without = [n for n in results if n not in with_business]
    colours = {name: RUN_COLOURS[k % len(RUN_COLOURS)] for k, name in enumerate(results)}

    handles: list = [Line2D([], [], color=colours[n], lw=3, label=n) for n in results]
    if with_business:
        title = _draw_reputation(rep_ax, with_business, colours)
        rep_ax.set_title(_wrap(title, 55), fontsize=LABEL_SIZE)
        shown = set(results)  # the runs are in the legend already
        extra = [h for h in rep_ax.get_legend_handles_labels()[0] if h.get_label() not in shown]
        if any(": baseline" in h.get_label() for h in extra):  # levels differ: say what the styles mean
            extra = [h for h in extra if ": baseline" not in h.get_label() and ": crisis line" not in h.get_label()]
            extra[:0] = [Line2D([], [], color="0.35", ls="--", lw=1.3, label="baseline (run's colour)"),
                         Line2D([], [], color="0.35", ls=":", lw=1.8, label="crisis line (run's colour)")]
        handles += extra
        _draw_loss_bars(bar_ax, with_business, table, colours)
        curve_title = _draw_conversion(curve_ax, {n: r.scenario.business.conversion
                                                  for n, r in with_business.items()}, 24 * 60, colours)
        curve_ax.set_title(_wrap(curve_title, 55), fontsize=LABEL_SIZE)
        for panel in (rep_ax, bar_ax, curve_ax):
            if without:
                panel.text(0.5, 0.04, f"no [business] section: {', '.join(without)}",
                           transform=panel.transAxes, ha="center", va="bottom", fontsize=TICK_SIZE,
                           color="0.35")
    else:  # inbox-only scenarios: how they serve, with intervals
        _draw_queue_bars([rep_ax, bar_ax, curve_ax], results, table, colours)
    inbox_title = _draw_inbox_lines(inbox_ax, results, colours)
    inbox_ax.set_title(_wrap(inbox_title, 55), fontsize=LABEL_SIZE)
    one_row = sum(len(h.get_label()) + 8 for h in handles) <= 140  # characters across 12 inches
    fig.legend(handles=handles, loc="outside lower center",
               ncol=len(handles) if one_row else math.ceil(len(handles) / 2),
               fontsize=TICK_SIZE, frameon=False)
    fig.suptitle(f"{' vs '.join(results)}: lines show one run each; bars, the mean of all "
                 "replications with a 95% interval", fontsize=TITLE_SIZE)
    return fig


# --- helpers of the business figures ---------------------------------------------------------


def _named(results: Mapping[str, SimulationResult] | SimulationResult) -> dict[str, SimulationResult]:
    """``{name: result}`` from a mapping, or from one result under its scenario's name."""
    if isinstance(results, SimulationResult):
        return {results.scenario.name: results}
    results = dict(results)
    if not results:
        raise ValueError("results is empty: give at least one {name: result}")
    return results


def _outcomes(name: str, result: SimulationResult) -> Outcomes:
    """The run's outcomes, or a ValueError naming the run without a ``[business]`` section."""
    if result.outcomes is None or result.scenario.business is None:
        raise ValueError(f"{name} ({result.scenario.name!r}) has no [business] section: "
                         "no outcomes to plot")
    return result.outcomes


def _wrap(text: str, width: int) -> str:
    """Wrap each line of a title at ``width`` characters, breaking after "; " first."""
    lines = []
    for line in text.split("\n"):
        if len(line) > width and "; " in line:
            lines += [part + (";" if k < line.count("; ") else "") for k, part in enumerate(line.split("; "))]
        else:
            lines.append(line)
    return "\n".join(textwrap.fill(line, width) for line in lines)


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


def _draw_conversion(
    ax: Axes, curves: Mapping[str, ConversionCurve], max_minutes: float,
    colours: Mapping[str, str] | None = None,
) -> str:
    """Draw the conversion curves and their half-lives; return the title (the finding)."""
    colours = colours or {name: RUN_COLOURS[k % len(RUN_COLOURS)] for k, name in enumerate(curves)}
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
    ax.set_ylabel("Chance that a lead buys\n(%)", fontsize=LABEL_SIZE)
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
            return f"{never[0]}: a lead's chance of buying stays above half for {horizon}"
        return f"No curve's chance of buying falls to half within {horizon}"
    if n_curves == 1:
        return f"{halves[0][1]}: a lead's chance of buying halves after {halves[0][0]}"
    if len(halves) == n_curves and len({duration for duration, _ in halves}) == 1:
        return f"A lead's chance of buying halves after {halves[0][0]} for every business"
    text = "A lead's chance of buying halves after " + _and([f"{d} ({n})" for d, n in halves])
    if never:
        text += f"; {_and(never)}: not within {horizon}"
    return text


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _draw_reputation(
    ax: Axes, results: Mapping[str, SimulationResult], colours: Mapping[str, str] | None = None
) -> str:
    """Draw the reputation lines, baselines, crisis lines and markers; return the title."""
    colours = colours or {name: RUN_COLOURS[k % len(RUN_COLOURS)] for k, name in enumerate(results)}
    rules = {name: (_outcomes(name, r), r.scenario.business.reputation) for name, r in results.items()}
    levels = {(rule.baseline, rule.crisis_below) for _, rule in rules.values()}
    horizon = max(r.horizon_minutes for r in results.values())
    crossed: list[tuple[float, str]] = []
    lowest: dict[str, float] = {}
    marked = False
    for name, (outcomes, rule) in rules.items():
        series = outcomes.reputation
        ax.plot(series.index.to_numpy() / MINUTES_PER_DAY, series.to_numpy(), color=colours[name],
                lw=2.2, zorder=3, gid=f"reputation:{name}", label=name if len(rules) > 1 else "reputation")
        lowest[name] = float(series.min())
        if len(levels) > 1:
            ax.axhline(rule.baseline, color=colours[name], ls="--", lw=1.2, zorder=2,
                       label=f"{name}: baseline {rule.baseline:g}")
            ax.axhline(rule.crisis_below, color=colours[name], ls=":", lw=1.8, zorder=2,
                       label=f"{name}: crisis line {rule.crisis_below:g}")
    if len(levels) == 1:
        ((baseline, crisis),) = levels
        ax.axhline(baseline, color="0.35", ls="--", lw=1.3, zorder=2, label=f"baseline ({baseline:g})")
        ax.axhline(crisis, color=CRISIS_COLOUR, ls="--", lw=1.6, zorder=2, label=f"crisis line ({crisis:g})")
    for name, (outcomes, rule) in rules.items():  # after the lines: the marker last in the legend
        series, minute = outcomes.reputation, outcomes.crisis_minute
        if not math.isnan(minute):
            crossed.append((minute, name))
            at = series.index.get_indexer([minute], method="nearest")[0]
            ax.plot([minute / MINUTES_PER_DAY], [series.iloc[at]], "X", color=CRISIS_COLOUR,
                    mec="black", mew=1, ms=12, zorder=5, clip_on=False, gid=CRISIS_MARKER_GID,
                    label=None if marked else "crisis (first tick below the line)")
            marked = True
    warmups = {r.warmup_minutes for r in results.values()}
    if len(warmups) == 1 and (start := warmups.pop()) > 0:
        ax.axvline(start / MINUTES_PER_DAY, color="0.3", ls="-.", lw=1.2, zorder=2, label="end of warm-up")
    ax.set_xlabel("Simulated time (days from Monday 00:00)", fontsize=LABEL_SIZE)
    ax.set_ylabel("Reputation score\n(points, 0-100)", fontsize=LABEL_SIZE)
    _weekday_axis(ax, horizon / MINUTES_PER_DAY)
    ax.set_xlim(0, horizon / MINUTES_PER_DAY)
    floor = min(min(lowest.values()), min(crisis for _, crisis in levels))
    bottom = 0.0 if floor < 20 else 10 * math.floor((floor - 10) / 10)  # room below the crisis line
    ax.set_ylim(bottom - 2, 102)
    ax.yaxis.set_major_locator(MultipleLocator(25 if bottom < 40 else 10))
    ax.tick_params(labelsize=TICK_SIZE)
    return _reputation_finding(results, sorted(crossed), lowest)


def _reputation_finding(
    results: Mapping[str, SimulationResult], crossed: list[tuple[float, str]], lowest: dict[str, float]
) -> str:
    long_run = max(r.horizon_minutes for r in results.values()) > 7 * MINUTES_PER_DAY

    def when(minute: float) -> str:
        # no-break spaces (U+00A0): a wrapped title keeps "day 3 (Wed 18:00)" on one line
        text = f"day {int(minute // MINUTES_PER_DAY) + 1} ({clock_label(minute, weeks=long_run)})"
        return text.replace(" ", "\u00a0")

    if not crossed:
        if len(results) == 1:
            (low,) = lowest.values()
            return f"Reputation stays above the crisis line (lowest {low:.0f})"
        return f"Reputation stays above the crisis line in {'both' if len(results) == 2 else 'all'} runs"
    (minute, name), *others = crossed
    text = f"{name} crosses the crisis line on {when(minute)}"
    if others:
        text += ", " + ", ".join(f"{n} on {when(m)}" for m, n in others)
    stayed = [n for n in results if n not in {n for _, n in crossed}]
    if stayed:
        text += f"; {_and(stayed)} {'stays' if len(stayed) == 1 else 'stay'} above"
    return text


def _engagement_finding(audience: pd.DataFrame, shares: pd.DataFrame) -> str:
    total = float(audience.iloc[0].sum())
    engaged_start = 1 - float(shares["connection"].iloc[0])
    engaged_end = 1 - float(shares["connection"].iloc[-1])
    verb = "grow" if engaged_end > engaged_start + 0.005 else (
        "shrink" if engaged_end < engaged_start - 0.005 else "stay near")
    if verb == "stay near":
        head = f"Engaged followers stay near {engaged_end:.0%} of {total:,.0f}"
    else:
        head = f"Engaged followers {verb} from {engaged_start:.0%} to {engaged_end:.0%} of {total:,.0f}"
    first, last = audience.iloc[0], audience.iloc[-1]
    return (f"{head}: critics {first['critic']:,.0f} → {last['critic']:,.0f}, "
            f"creators {first['influence']:,.0f} → {last['influence']:,.0f}")


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
    """Bars of revenue lost per question per hour of waiting, with the interval from the table."""
    names = list(results)
    currencies = {n: results[n].scenario.business.currency for n in names}
    means = _draw_kpi_bars(ax, names, table, colours, "revenue_lost_per_question_hour",
                           lambda name, mean: f"{mean:,.2f} {currencies[name]}")
    unit = currencies[names[0]] if len(set(currencies.values())) == 1 else "each in its own currency"
    ax.set_ylabel(f"Revenue lost per question\nper hour of waiting ({unit})", fontsize=LABEL_SIZE)
    finite = [(m, n) for m, n in zip(means, names) if math.isfinite(m)]
    if len(finite) >= 2 and min(finite)[0] > 0:
        (low, low_name), (high, high_name) = min(finite), max(finite)
        if currencies[low_name] == currencies[high_name]:
            title = f"Each hour of waiting costs {high_name} {high / low:.1f}× as much per question as {low_name}"
        else:
            title = f"{high_name} loses the most per question-hour of waiting (different currencies)"
    elif finite:
        title = f"Revenue lost per question per hour of waiting: {finite[0][0]:,.2f}"
    else:
        title = "Revenue lost per question-hour: no data"
    ax.set_title(_wrap(title, 55), fontsize=LABEL_SIZE)


def _draw_queue_bars(
    axes: list[Axes], results: Mapping[str, SimulationResult], table: pd.DataFrame, colours: Mapping[str, str]
) -> None:
    """Without a ``[business]`` section: service level, mean wait and abandonment, with intervals."""
    names = list(results)
    for ax, kpi, ylabel, text, finding in (
        (axes[0], "service_level", "Replied within the target\n(% of questions)",
         lambda n, m: f"{m:.0%} in {_duration(results[n].scenario.service.target_minutes)}",
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
        ax.set_title(_wrap(title, 55), fontsize=LABEL_SIZE)


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
    _weekday_axis(ax, horizon / MINUTES_PER_DAY)
    ax.set_xlim(0, horizon / MINUTES_PER_DAY)
    ax.set_ylim(0, max(top, 1) * (2 if scale == "symlog" else 1.1))
    ax.tick_params(labelsize=TICK_SIZE)
    ordered = sorted(averages.items(), key=lambda item: -item[1])
    return "Questions waiting on average: " + ", ".join(f"{n} {a:.1f}" for n, a in ordered)
