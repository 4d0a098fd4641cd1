"""The clock of a run: the arrival rate in every 30-minute interval, and when each shift is on duty.

Simulation time is in minutes. Time 0 is 00:00 of ``run.start_date``, or a
Monday 00:00 when the run has no date. The weekly profile
(:meth:`simlib.model.parts.Arrivals.profile`) starts on the weekday of time
0, and calendar events (:mod:`simlib.model.calendar_events`) multiply it on
their dates. :func:`interval_rates` is the one place the expected rate is
computed: the arrival draws, the workload estimate and the analysis all read
it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from simlib.model.parts import DAYS, INTERVALS_PER_DAY, Shift

if TYPE_CHECKING:
    from simlib.model.scenario import Scenario

MINUTES_PER_HOUR = 60.0
MINUTES_PER_DAY = 1440.0
INTERVAL_MINUTES = MINUTES_PER_DAY / INTERVALS_PER_DAY
"""The grain of the arrival rate: 30 minutes."""
WEEK_INTERVALS = 7 * INTERVALS_PER_DAY
WEEK_MINUTES = 7 * MINUTES_PER_DAY


def week_offset_minutes(scenario: Scenario) -> float:
    """Minutes from the Monday 00:00 before time 0 to time 0 (0 without a start date or on a Monday).

    ``(t + week_offset_minutes(scenario)) % 10080`` is the minute of the week
    (from Monday 00:00) of simulation time ``t``.
    """
    return scenario.run.start_weekday * MINUTES_PER_DAY


def interval_rates(scenario: Scenario, horizon_minutes: float | None = None) -> np.ndarray:
    """Expected arrival rate (questions per hour) in each 30-minute interval from time 0.

    The weekly profile (``per_hour`` times :meth:`Arrivals.profile`), shifted
    to the weekday of time 0, times the arrival factors of calendar events on
    their dates and hours. Reputation feedback is left out.

    Parameters
    ----------
    scenario
        Its ``[arrivals]``, ``run.start_date`` and ``[[calendar.events]]``.
    horizon_minutes
        How far to go; default the run's horizon.

    Returns
    -------
    numpy.ndarray
        Shape ``(ceil(horizon / 30),)``: one rate per started interval (the
        last may be cut short by the horizon).
    """
    horizon = scenario.horizon_minutes if horizon_minutes is None else horizon_minutes
    n = int(np.ceil(horizon / INTERVAL_MINUTES))
    weekly = scenario.arrivals.per_hour * scenario.arrivals.profile().ravel()
    first = scenario.run.start_weekday * INTERVALS_PER_DAY
    rates = weekly[(first + np.arange(n)) % WEEK_INTERVALS]
    calendar = getattr(scenario, "calendar", None)
    if calendar is not None and calendar.events:
        rates = rates * calendar.arrival_factors(scenario.run.start_date, n)
    return rates


def cumulative_intensity(scenario: Scenario, horizon_minutes: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Expected number of arrivals up to each knot where the rate may change.

    Returns ``(times, expected)``: knot times in minutes (0, 30, 60, ...,
    horizon; every hour, 0, 60, ..., when the rate only changes on the hour)
    and the expected count of questions that have arrived by each knot. In
    between, the count grows linearly (the rate is constant between knots).
    """
    horizon = scenario.horizon_minutes if horizon_minutes is None else horizon_minutes
    rates = interval_rates(scenario, horizon)
    step = INTERVAL_MINUTES
    if np.array_equal(rates[0::2][: len(rates) // 2], rates[1::2]):  # hourly: the same knots as an hourly profile
        rates, step = rates[0::2], MINUTES_PER_HOUR
    times = np.minimum(np.arange(len(rates) + 1) * step, horizon)
    durations_hours = np.diff(times) / MINUTES_PER_HOUR
    expected = np.concatenate([[0.0], np.cumsum(rates * durations_hours)])
    return times, expected


def shift_starts(shift: Shift, horizon_minutes: float, start_weekday: int = 0) -> list[tuple[int, float, float]]:
    """Every start of a shift that reaches into the run: ``(day, start, end)``, clipped to ``[0, horizon]``.

    ``day`` is the day of the run the shift starts on (0 is the day of time
    0; -1 the day before, whose night shift may spill past time 0); ``start``
    and ``end`` are minutes. Time 0 falls on weekday ``start_weekday`` (0 =
    Monday).
    """
    day_numbers = {DAYS.index(d) for d in shift.days}
    last = int(np.ceil(horizon_minutes / MINUTES_PER_DAY))
    starts = []
    for day in range(-1, last):  # day -1: a night shift spilling past time 0
        if (start_weekday + day) % 7 not in day_numbers:
            continue
        start, end = shift_period(shift, day, horizon_minutes)
        if end > start:
            starts.append((day, start, end))
    return starts


def shift_period(shift: Shift, day: int, horizon_minutes: float) -> tuple[float, float]:
    """The (start, end) minutes of ``shift`` started on day ``day`` of the run, clipped to ``[0, horizon]``."""
    base = day * MINUTES_PER_DAY
    return (max(base + shift.start_hour * MINUTES_PER_HOUR, 0.0),
            min(base + shift.end_hour * MINUTES_PER_HOUR, horizon_minutes))


def merge_periods(periods: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted (start, end) periods with overlapping and back-to-back ones merged."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def shift_intervals(shift: Shift, horizon_minutes: float, start_weekday: int = 0) -> list[tuple[float, float]]:
    """The (start, end) minutes when a shift is on duty, merged and clipped to the horizon.

    A shift starting on Sunday at 22:00 and ending at 30 runs into Monday
    06:00 of the next week. Back-to-back periods (a 0-24 shift every day)
    merge into one long period. Time 0 falls on weekday ``start_weekday``
    (0 = Monday, the default).
    """
    return merge_periods([(start, end) for _, start, end in shift_starts(shift, horizon_minutes, start_weekday)])


def weekly_rates(scenario: Scenario, interval_minutes: float = INTERVAL_MINUTES) -> np.ndarray:
    """Expected arrival rate (questions per hour) in each interval of an ordinary week from Monday 00:00.

    ``per_hour`` times the weekly profile, without calendar events or
    reputation feedback. ``interval_minutes`` divides 30 (each interval has
    its 30-minute interval's rate) or is a multiple of 30 dividing a week
    (the mean rate over the interval). Shape ``(10080 // interval_minutes,)``.

    Raises ``ValueError`` for any other interval length.
    """
    return regrid(scenario.arrivals.per_hour * scenario.arrivals.profile().ravel(), interval_minutes)


def dated_rates(scenario: Scenario, interval_minutes: float = INTERVAL_MINUTES) -> np.ndarray:
    """Expected arrival rate (questions per hour) in each interval of the run from time 0, events included.

    :func:`interval_rates` on intervals of ``interval_minutes`` (as for
    :func:`weekly_rates`). Shape ``(ceil(horizon / interval_minutes),)``.
    """
    rates = interval_rates(scenario, math.ceil(scenario.horizon_minutes / WEEK_MINUTES) * WEEK_MINUTES)
    return regrid(rates, interval_minutes)[: math.ceil(scenario.horizon_minutes / interval_minutes)]


def regrid(rates: np.ndarray, interval_minutes: float) -> np.ndarray:
    """Rates per 30-minute interval (a whole number of weeks) on intervals of ``interval_minutes``.

    An interval length that divides 30 repeats each rate; a multiple of 30
    that divides a week takes the mean over each interval. Raises
    ``ValueError`` for any other length.
    """
    ratio = INTERVAL_MINUTES / interval_minutes
    if ratio >= 1 and float(ratio).is_integer():
        return np.repeat(rates, int(ratio))
    ratio = interval_minutes / INTERVAL_MINUTES
    if float(ratio).is_integer() and WEEK_INTERVALS % int(ratio) == 0:
        return rates.reshape(-1, int(ratio)).mean(axis=1)
    raise ValueError(f"interval_minutes = {interval_minutes!r}: must divide 30 or be a multiple of 30 "
                     "that divides a week")


def shift_teams(shift: Shift, horizon_minutes: float, start_weekday: int = 0,
                counts: dict[int, int] | None = None) -> list[tuple[int, list[tuple[float, float]]]]:
    """A shift's members in groups that share their on-duty periods: ``[(people, periods), ...]``.

    ``counts`` sets the head count of the shift started on some days of the
    run (``{day: count}``, day 0 is the day of time 0; from
    :meth:`simlib.model.calendar_events.Calendar.staff_changes`), also on
    days it does not usually work. The first group works every start that
    has at least its size; each next group only the starts that have more.
    Without ``counts``: one group, ``(shift.count, shift_intervals(...))``.
    """
    if not counts:
        return [(shift.count, shift_intervals(shift, horizon_minutes, start_weekday))]
    heads = {day: shift.count for day, _, _ in shift_starts(shift, horizon_minutes, start_weekday)}
    heads.update(counts)
    periods = {day: shift_period(shift, day, horizon_minutes) for day in heads}
    teams, below = [], 0
    for level in sorted({c for c in heads.values() if c > 0}):
        on_duty = [periods[day] for day, c in heads.items() if c >= level and periods[day][1] > periods[day][0]]
        teams.append((level - below, merge_periods(on_duty)))
        below = level
    return teams or [(0, [])]
