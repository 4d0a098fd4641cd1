"""Staff requirements on the calendar: an event day gets its own Erlang requirements."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from conftest import make_scenario

from simlib.analysis.intervals import Targets
from simlib.analysis.queueing import agents_needed
from simlib.analysis.requirements import staff_requirements
from simlib.errors import ScenarioError
from simlib.model.calendar import dated_rates, weekly_rates

GOAL = Targets.service_level(0.8, 5.0, interval_minutes=60)
FRIDAY = {"name": "Black Friday", "date": "2026-11-27", "arrival_factor": 3.0}


def dated(**changes):
    return make_scenario(**{"run.days": 7.0, "run.start_date": "2026-11-23", "arrivals.per_hour": 20.0,
                            "calendar.events": [FRIDAY], **changes})


def test_the_event_day_needs_the_people_of_its_own_rate():
    scenario = dated()
    plan = staff_requirements(scenario, GOAL, by_date=True)
    assert len(plan) == 7 * 24 and plan.index.name == "interval"
    friday, thursday = plan.loc[4 * 24 + 10], plan.loc[3 * 24 + 10]
    assert friday["date"] == datetime.date(2026, 11, 27) and friday["label"] == "Fri 2026-11-27 10:00-11:00"
    assert friday["arrivals_per_hour"] == 60.0 and thursday["arrivals_per_hour"] == 20.0
    assert friday["agents"] == agents_needed(60.0, 6.0, 5.0, 0.8, 10.0) > thursday["agents"]
    weekly = staff_requirements(scenario, GOAL)  # an ordinary week: the event is left out
    assert (weekly["arrivals_per_hour"] == 20.0).all() and "date" not in weekly


def test_by_date_skips_the_warm_up_and_needs_a_start_date():
    plan = staff_requirements(dated(**{"run.warmup_days": 1.5}), GOAL, by_date=True)
    assert plan.index[0] == 36 and plan.iloc[0]["label"] == "Tue 2026-11-24 12:00-13:00"
    with pytest.raises(ScenarioError, match=r"^staff requirements by date need run\.start_date"):
        staff_requirements(make_scenario(), GOAL, by_date=True)


def test_dated_rates_on_any_interval_length_match_the_weekly_profile_around_the_event():
    scenario = dated(**{"run.days": 10.0, "arrivals.hour_factor": [0.5] * 12 + [1.5] * 12})
    for minutes in (10, 30, 60):
        rates, ordinary = dated_rates(scenario, minutes), weekly_rates(scenario, minutes)
        per_day = 1440 // minutes
        assert len(rates) == 10 * per_day
        np.testing.assert_array_equal(rates[: 4 * per_day], ordinary[: 4 * per_day])
        np.testing.assert_array_equal(rates[4 * per_day: 5 * per_day], 3 * ordinary[4 * per_day: 5 * per_day])
        np.testing.assert_array_equal(rates[7 * per_day:], ordinary[: 3 * per_day])
