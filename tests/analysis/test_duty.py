"""Tests for simlib.analysis.duty: when somebody is on duty, and when nobody is."""

from __future__ import annotations

import pytest
from conftest import make_scenario

from simlib import simulate
from simlib.analysis.duty import off_duty_periods, on_duty_periods

DAY = 1440.0  # minutes
HOUR = 60.0


def run(staff: dict, days: float = 7.0):
    """The test queue with the given shifts, simulated for ``days``."""
    return simulate(make_scenario(**{"staff": staff, "run.days": days}))


def test_weekday_office_hours_leave_nights_and_the_weekend_off_duty():
    result = run({"day": {"count": 1, "start_hour": 9, "end_hour": 17, "days": ["mon", "tue", "wed", "thu", "fri"]}})
    assert on_duty_periods(result) == [((d * 24 + 9) * HOUR, (d * 24 + 17) * HOUR) for d in range(5)]
    off = off_duty_periods(result)
    assert len(off) == 6  # Monday 00:00-09:00, four weekday nights, Friday 17:00 to the end of Sunday
    assert off[0] == (0.0, 9 * HOUR) and off[-1] == ((4 * 24 + 17) * HOUR, 7 * DAY)


def test_overlapping_and_back_to_back_shifts_merge():
    result = run({"day": {"count": 2, "start_hour": 6, "end_hour": 22},
                  "night": {"count": 1, "start_hour": 22, "end_hour": 30}}, days=2.0)
    assert on_duty_periods(result) == [(0.0, 2 * DAY)]  # the night shift spills past Monday 00:00
    assert off_duty_periods(result) == []


def test_a_shift_of_nobody_is_not_on_duty():
    result = run({"ghost": {"count": 0}}, days=1.0)
    assert on_duty_periods(result) == []
    assert off_duty_periods(result) == [(0.0, DAY)]


@pytest.mark.parametrize("staff", [{}, {"day": {"count": 1, "start_hour": 8, "end_hour": 20}}])
def test_on_and_off_duty_cover_the_run_without_overlap(staff):
    result = run(staff, days=3.0)
    periods = sorted(on_duty_periods(result) + off_duty_periods(result))
    assert periods[0][0] == 0.0 and periods[-1][1] == result.horizon_minutes
    assert all(a[1] == b[0] for a, b in zip(periods, periods[1:]))
