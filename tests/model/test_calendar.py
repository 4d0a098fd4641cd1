"""The clock: arrival rates per 30-minute interval and shift periods."""

from __future__ import annotations

import numpy as np
import pytest

from simlib.model.calendar import cumulative_intensity, interval_rates, shift_intervals
from simlib.model.scenario import Arrivals, Shift, validate_scenario

DAY = 1440.0


def inbox(arrivals: dict, days: float = 7.0, **run) -> object:
    return validate_scenario({"arrivals": arrivals, "run": {"days": days, **run},
                              "channels": {"dm": {"share": 1.0, "handling": {"dist": "fixed", "value": 1}}}})


def test_interval_rate_multiplies_base_hour_and_day_factors():
    hour = [0.0] * 24
    hour[9] = 2.0
    day = [1.0] * 5 + [3.0, 0.0]
    rates = interval_rates(inbox({"per_hour": 10, "hour_factor": hour, "day_factor": day}, 8))
    assert len(rates) == 8 * 48
    assert rates[18] == rates[19] == 20.0  # Monday 09:00-10:00, both halves
    assert rates[5 * 48 + 18] == 60.0  # Saturday 09:00
    assert rates[6 * 48 + 18] == 0.0  # Sunday
    assert rates[7 * 48 + 19] == 20.0  # next Monday
    assert rates.sum() / 2 == 20.0 * (5 + 3 + 1)


def test_profile_expands_hour_and_day_factors_into_30_minute_intervals():
    hour = list(np.arange(24) / 10)
    day = [1, 2, 3, 4, 5, 6, 7]
    profile = Arrivals(per_hour=1, hour_factor=hour, day_factor=day).profile()
    assert profile.shape == (7, 48)
    assert profile[3, 21] == pytest.approx(4 * 1.0)  # Thursday 10:30-11:00: hour 10, day 4
    np.testing.assert_array_equal(profile[:, 0::2], profile[:, 1::2])


def test_interval_factor_sets_each_half_hour_of_each_day():
    factor = [[0.0] * 48 for _ in range(7)]
    factor[4][19] = 3.0  # Friday 09:30-10:00
    rates = interval_rates(inbox({"per_hour": 10, "interval_factor": factor}, 14))
    assert np.flatnonzero(rates).tolist() == [4 * 48 + 19, 11 * 48 + 19]
    assert rates[4 * 48 + 19] == 30.0


def test_the_weekly_profile_starts_on_the_weekday_of_the_start_date():
    day = [1.0, 2, 3, 4, 5, 6, 7]
    monday = interval_rates(inbox({"per_hour": 1, "day_factor": day}, 14))
    thursday = interval_rates(inbox({"per_hour": 1, "day_factor": day}, 14, start_date="2026-11-26"))
    assert thursday[0] == 4.0 and thursday[4 * 48] == 1.0  # Thursday, then Monday
    np.testing.assert_array_equal(thursday[: 10 * 48], monday[3 * 48: 13 * 48])


def test_cumulative_intensity_handles_a_partial_last_hour():
    times, expected = cumulative_intensity(inbox({"per_hour": 6}), 90.0)
    np.testing.assert_allclose(times, [0, 60, 90])
    np.testing.assert_allclose(expected, [0, 6, 9])


def test_cumulative_intensity_has_30_minute_knots_when_the_rate_changes_on_the_half_hour():
    factor = [[1.0, 3.0] * 24 for _ in range(7)]
    times, expected = cumulative_intensity(inbox({"per_hour": 6, "interval_factor": factor}), 90.0)
    np.testing.assert_allclose(times, [0, 30, 60, 90])
    np.testing.assert_allclose(expected, [0, 3, 12, 15])


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
