"""The weekly clock: hourly rates and shift periods."""

from __future__ import annotations

import numpy as np
import pytest

from simlib.model.calendar import cumulative_intensity, hourly_rates, shift_intervals
from simlib.model.scenario import Arrivals, Shift

DAY = 1440.0


def test_hourly_rate_multiplies_base_hour_and_day_factors():
    hour = [0.0] * 24
    hour[9] = 2.0
    day = [1.0] * 5 + [3.0, 0.0]
    rates = hourly_rates(Arrivals(per_hour=10, hour_factor=hour, day_factor=day), 8 * DAY)
    assert len(rates) == 8 * 24
    assert rates[9] == 20.0  # Monday 09:00
    assert rates[5 * 24 + 9] == 60.0  # Saturday 09:00
    assert rates[6 * 24 + 9] == 0.0  # Sunday
    assert rates[7 * 24 + 9] == 20.0  # next Monday
    assert rates.sum() == 20.0 * (5 + 3 + 1)


def test_cumulative_intensity_handles_a_partial_last_hour():
    times, expected = cumulative_intensity(Arrivals(per_hour=6), 90.0)
    np.testing.assert_allclose(times, [0, 60, 90])
    np.testing.assert_allclose(expected, [0, 6, 9])


def test_weekday_shift_has_five_periods_a_week():
    shift = Shift(count=2, start_hour=9, end_hour=17, days=["mon", "tue", "wed", "thu", "fri"])
    periods = shift_intervals(shift, 7 * DAY)
    assert periods == [(d * DAY + 540, d * DAY + 1020) for d in range(5)]


def test_round_the_clock_shift_merges_into_one_period_clipped_to_horizon():
    assert shift_intervals(Shift(count=1), 10.5 * DAY) == [(0.0, 10.5 * DAY)]


def test_night_shift_crosses_midnight_and_sunday_night_reaches_monday():
    shift = Shift(count=1, start_hour=22, end_hour=30, days=["sun"])
    periods = shift_intervals(shift, 14 * DAY)
    # Sunday of week -1 spills into Monday 00:00-06:00 of week 0.
    assert periods[0] == (0.0, 360.0)
    assert periods[1] == (6 * DAY + 22 * 60, 7 * DAY + 360)
    assert periods[-1] == (13 * DAY + 22 * 60, 14 * DAY)


@pytest.mark.parametrize("days", [0.25, 1, 6.9, 30])
def test_periods_are_sorted_disjoint_and_inside_horizon(days):
    shift = Shift(count=1, start_hour=20, end_hour=44, days=["mon", "wed", "thu"])
    periods = shift_intervals(shift, days * DAY)
    starts, ends = np.array(periods).T if periods else (np.array([]), np.array([]))
    assert np.all(starts < ends)
    assert np.all(ends[:-1] < starts[1:])
    assert starts.min(initial=0) >= 0 and ends.max(initial=0) <= days * DAY
