"""The Black Friday preset: the burger chain's team on the calendar, events as listed.

The statistical check uses fixed seeds and a 99.9% normal interval on a Poisson count.
"""

from __future__ import annotations

import datetime
import math

import numpy as np
import pytest

from simlib import simulate
from simlib.model.calendar import interval_rates, weekly_rates
from simlib.model.draws import arrival_times, stream
from simlib.model.presets import load_preset

Z = 3.29  # two-sided 99.9%
DAY = 1440.0


@pytest.fixture(scope="module")
def black_friday():
    return load_preset("black_friday")


def test_it_is_the_burger_chain_over_the_week_of_black_friday_2026(black_friday):
    burgers = load_preset("high_volume")
    assert black_friday.arrivals == burgers.arrivals and black_friday.channels == burgers.channels
    assert {n: (s.count, s.start_hour, s.end_hour) for n, s in black_friday.staff.items()} == \
        {n: (s.count, s.start_hour, s.end_hour) for n, s in burgers.staff.items()}
    assert black_friday.run.start_date == datetime.date(2026, 11, 23) and black_friday.run.days == 7
    friday = {e.name: e for e in black_friday.calendar.events}["Black Friday"]
    assert friday.date == datetime.date(2026, 11, 27) and friday.date.strftime("%A") == "Friday"


def test_black_fridays_rate_is_three_times_an_ordinary_friday_and_the_weekly_profile_holds_around_it(black_friday):
    rates, ordinary = interval_rates(black_friday), weekly_rates(black_friday)
    factor = np.ones(7 * 48)
    factor[3 * 48: 4 * 48] = 0.6  # Thanksgiving
    factor[4 * 48: 5 * 48] = 3.0  # Black Friday
    factor[[d * 48 + k for d in (5, 6) for k in range(36, 44)]] = 1.5  # the weekend's 18:00-22:00
    np.testing.assert_allclose(rates, ordinary * factor, rtol=1e-12)


def test_black_fridays_arrivals_are_as_listed(black_friday):
    counts = [np.sum((t >= 4 * DAY) & (t < 5 * DAY))
              for t in (arrival_times(black_friday, stream("arrivals", 3, k)) for k in range(10))]
    expected = 10 * 3.0 * 27.4 * 1.15 * 24  # the hour factors average 1
    assert abs(sum(counts) - expected) <= Z * math.sqrt(expected)


def test_each_days_team_is_as_listed(black_friday):
    staffing = simulate(black_friday).staffing
    hours = [staffing.on_duty_minutes(d * DAY, (d + 1) * DAY) / 60 for d in range(7)]
    usual = 8 * (2 + 3)
    assert hours == [usual, usual, usual, 8 * (1 + 2), 8 * (8 + 10), 8 * (2 + 4), 8 * (2 + 4)]
    assert len(staffing.labels) == 8 + 10


def test_the_black_friday_team_answers_on_black_friday_only(black_friday):
    records = simulate(black_friday).records
    extra = records[records["handler"].isin([f"late-{k}" for k in range(5, 11)])]
    assert len(extra) > 0
    assert ((extra["reply_start"] >= 4 * DAY + 16 * 60) & (extra["reply_start"] < 5 * DAY)).all()
