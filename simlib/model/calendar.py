"""The weekly clock: arrival rates by hour and day, and when each shift is on duty.

Simulation time is in minutes; time 0 is Monday 00:00.
"""

from __future__ import annotations

import numpy as np

from simlib.model.scenario import DAYS, Arrivals, Shift

MINUTES_PER_HOUR = 60.0
MINUTES_PER_DAY = 1440.0


def hourly_rates(arrivals: Arrivals, horizon_minutes: float) -> np.ndarray:
    """Arrival rate (questions per hour) for each clock hour from time 0.

    Returns one number per started hour of the horizon, so the last hour
    may be cut short by the horizon.
    """
    hours = np.arange(int(np.ceil(horizon_minutes / MINUTES_PER_HOUR)))
    hour_factor = np.asarray(arrivals.hour_factor)[hours % 24]
    day_factor = np.asarray(arrivals.day_factor)[(hours // 24) % 7]
    return arrivals.per_hour * hour_factor * day_factor


def cumulative_intensity(arrivals: Arrivals, horizon_minutes: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected number of arrivals up to each hour boundary.

    Returns ``(times, expected)``: knot times in minutes (0, 60, ..., horizon)
    and the expected count of questions that have arrived by each knot. In
    between, the count grows linearly (the rate is constant within an hour).
    """
    rates = hourly_rates(arrivals, horizon_minutes)
    times = np.minimum(np.arange(len(rates) + 1) * MINUTES_PER_HOUR, horizon_minutes)
    durations_hours = np.diff(times) / MINUTES_PER_HOUR
    expected = np.concatenate([[0.0], np.cumsum(rates * durations_hours)])
    return times, expected


def shift_intervals(shift: Shift, horizon_minutes: float) -> list[tuple[float, float]]:
    """The (start, end) minutes when a shift is on duty, merged and clipped to the horizon.

    A shift starting on Sunday at 22:00 and ending at 30 runs into Monday
    06:00 of the next week. Back-to-back periods (a 0-24 shift every day)
    merge into one long period.
    """
    day_numbers = sorted(DAYS.index(d) for d in shift.days)
    weeks = int(np.ceil(horizon_minutes / (7 * MINUTES_PER_DAY))) + 1
    periods: list[tuple[float, float]] = []
    for week in range(-1, weeks):  # week -1: a night shift spilling past Monday 00:00
        for day in day_numbers:
            base = (week * 7 + day) * MINUTES_PER_DAY
            start = max(base + shift.start_hour * MINUTES_PER_HOUR, 0.0)
            end = min(base + shift.end_hour * MINUTES_PER_HOUR, horizon_minutes)
            if end <= start:
                continue
            if periods and start <= periods[-1][1]:
                periods[-1] = (periods[-1][0], max(periods[-1][1], end))
            else:
                periods.append((start, end))
    return periods
