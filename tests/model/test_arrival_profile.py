"""The weekly arrival profile by 30-minute interval (``arrivals.interval_factor``), and the start date.

Statistical checks use fixed seeds and 99.9% bounds: a chi-square test over
all intervals of the week, and normal intervals on day totals.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import make_scenario
from scipy import stats

from simlib import simulate
from simlib.errors import ScenarioError
from simlib.model.calendar import interval_rates, weekly_rates
from simlib.model.draws import arrival_times, draw_questions, stream
from simlib.model.workload import expected_arrivals

Z = 3.29  # two-sided 99.9%
HOUR = [0.2] * 8 + [1.0] * 10 + [2.0] * 4 + [0.5] * 2
DAY = [1, 1, 1, 1, 1.5, 2, 0.5]


def half_hour_profile() -> list[list[float]]:
    """A profile that changes on the half hour: quiet nights, a lunch peak at 12:30-13:00, a silent Sunday."""
    day = [0.0] * 14 + [1.0] * 10 + [0.5, 4.0] + [1.5] * 18 + [0.5] * 4
    return [[f * weight for f in day] for weight in (1, 1, 1, 1, 2, 0.5, 0)]


def test_arrivals_per_30_minute_interval_follow_the_interval_factors():
    weeks = 12
    factor = np.array(half_hour_profile())
    scenario = make_scenario(**{"arrivals.per_hour": 20.0, "arrivals.interval_factor": factor.tolist(),
                                "run.days": 7.0 * weeks})
    times = arrival_times(scenario, stream("arrivals", 11))
    slots = np.bincount((times // 30).astype(int) % 336, minlength=336)
    expected = 20.0 * factor.ravel() * 0.5 * weeks
    assert slots[expected == 0].sum() == 0  # no question where the profile is zero
    busy = expected > 0
    chi_square = ((slots[busy] - expected[busy]) ** 2 / expected[busy]).sum()
    assert chi_square <= stats.chi2.ppf(0.999, busy.sum())
    # the half-hour lunch peak is seen as such, not smeared over its hour
    peak, before = slots[25], slots[24]  # Monday 12:30-13:00 and 12:00-12:30
    assert abs(peak - 20 * 4.0 * 0.5 * weeks) <= Z * math.sqrt(20 * 4.0 * 0.5 * weeks)
    assert abs(before - 20 * 0.5 * 0.5 * weeks) <= Z * math.sqrt(20 * 0.5 * 0.5 * weeks)
    days = slots.reshape(7, 48).sum(axis=1)
    day_expected = expected.reshape(7, 48).sum(axis=1)
    assert np.all(np.abs(days - day_expected) <= Z * np.sqrt(day_expected))


def expansion(hour: list[float], day: list[float]) -> list[list[float]]:
    return [[d * h for h in hour for _ in range(2)] for d in day]


def test_interval_factors_equal_to_hour_and_day_factors_give_the_same_rates_and_the_same_questions():
    by_hour = make_scenario(**{"arrivals.per_hour": 3.0, "arrivals.hour_factor": HOUR, "arrivals.day_factor": DAY,
                               "run.days": 10.0})
    by_interval = make_scenario(**{"arrivals.per_hour": 3.0, "arrivals.interval_factor": expansion(HOUR, DAY),
                                   "run.days": 10.0})
    np.testing.assert_array_equal(by_interval.arrivals.profile(), by_hour.arrivals.profile())
    np.testing.assert_array_equal(interval_rates(by_interval), interval_rates(by_hour))
    for minutes in (5, 30, 60):
        np.testing.assert_array_equal(weekly_rates(by_interval, minutes), weekly_rates(by_hour, minutes))
    assert expected_arrivals(by_interval) == expected_arrivals(by_hour)
    a, b = draw_questions(by_hour, 5, 2), draw_questions(by_interval, 5, 2)
    np.testing.assert_array_equal(a.arrival, b.arrival)
    np.testing.assert_array_equal(a.handling, b.handling)
    one, other = simulate(by_hour, replication=1).records, simulate(by_interval, replication=1).records
    assert one.equals(other)


def test_weekly_rates_of_an_hour_average_its_two_halves():
    scenario = make_scenario(**{"arrivals.per_hour": 10.0, "arrivals.interval_factor": half_hour_profile()})
    hourly, halves = weekly_rates(scenario, 60), weekly_rates(scenario, 30)
    assert hourly[12] == pytest.approx(10 * (0.5 + 4.0) / 2)  # Monday 12:00-13:00
    np.testing.assert_allclose(hourly, halves.reshape(-1, 2).mean(axis=1))
    np.testing.assert_array_equal(weekly_rates(scenario, 10), np.repeat(halves, 3))
    with pytest.raises(ValueError, match="interval_minutes = 45"):
        weekly_rates(scenario, 45)


@pytest.mark.parametrize("changes, message", [
    ({"arrivals.hour_factor": HOUR}, r"^arrivals: give either interval_factor or hour_factor and "
                                     r"day_factor, not both \(hour_factor is set too\)$"),
    ({"arrivals.day_factor": DAY}, r"not both \(day_factor is set too\)$"),
])
def test_interval_factor_with_hour_or_day_factors_is_refused_in_one_line(changes, message):
    with pytest.raises(ScenarioError, match=message):
        make_scenario(**{"arrivals.interval_factor": half_hour_profile(), **changes})


@pytest.mark.parametrize("factor, message", [
    ([[1.0] * 48] * 6, r"arrivals\.interval_factor = .*needs 7 lists \(Monday to Sunday\) of 48 numbers, got 6"),
    ([[1.0] * 48] * 3 + [[1.0] * 47] + [[1.0] * 48] * 3, r"the thu list has 47 numbers; each day needs 48"),
    ([[1.0] * 48] * 6 + [[1.0] * 47 + [-2.0]], r"arrivals\.interval_factor\.6\.47 = -2\.0: .*greater than or equal"),
])
def test_a_bad_interval_factor_names_the_field_and_what_is_allowed(factor, message):
    with pytest.raises(ScenarioError, match=message):
        make_scenario(**{"arrivals.interval_factor": factor})


def test_a_run_starting_on_a_thursday_starts_the_profile_and_the_shifts_on_thursday():
    changes = {"arrivals.day_factor": DAY, "staff.always.days": ["mon"], "staff.always.start_hour": 9,
               "staff.always.end_hour": 17, "run.days": 14.0}
    monday = make_scenario(**changes)
    thursday = make_scenario(**changes, **{"run.start_date": "2026-11-26"})
    assert thursday.run.start_weekday == 3
    np.testing.assert_array_equal(interval_rates(thursday)[: 11 * 48], interval_rates(monday)[3 * 48: 14 * 48])
    result = simulate(thursday)
    (_, _, on_duty), = result.staffing.periods
    assert on_duty == ((4 * 1440 + 540, 4 * 1440 + 1020), (11 * 1440 + 540, 11 * 1440 + 1020))  # the Mondays
    replied = result.records["reply_start"].dropna()
    assert ((replied // 1440) % 7 == 4).all()


@pytest.mark.parametrize("value, message", [
    ("26/11/2026", r"run\.start_date = '26/11/2026': not a date: write it YYYY-MM-DD"),
    ("2026-02-30", r"run\.start_date = '2026-02-30': not a date"),
    (20261126, r"run\.start_date = 20261126: .*date"),
])
def test_a_bad_start_date_is_refused_in_one_line(value, message):
    with pytest.raises(ScenarioError, match=message):
        make_scenario(**{"run.start_date": value})


def test_a_start_date_survives_with_changes():
    scenario = make_scenario(**{"run.start_date": "2026-11-23"})
    assert str(scenario.with_changes({"run.days": 3.0}).run.start_date) == "2026-11-23"
