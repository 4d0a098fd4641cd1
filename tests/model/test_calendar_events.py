"""Dated events (``[[calendar.events]]``): arrival factors and staff changes on their dates, and bad events.

The statistical check uses fixed seeds and a 99.9% normal interval on a
Poisson count.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import make_scenario

from simlib import simulate
from simlib.errors import ScenarioError
from simlib.model.calendar import interval_rates
from simlib.model.draws import arrival_times, stream
from simlib.model.records import Staffing

Z = 3.29  # two-sided 99.9%
DAY = 1440.0
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
STAFF = {"early": {"count": 2, "start_hour": 8, "end_hour": 16, "days": WEEKDAYS},
         "late": {"count": 1, "start_hour": 16, "end_hour": 24, "days": WEEKDAYS}}


def week(*events: dict, **changes) -> object:
    """The week of Black Friday 2026 (Monday 23 to Sunday 29 November) with these events."""
    fields = {"staff": STAFF, "run.start_date": "2026-11-23", "run.days": 7.0, "calendar.events": list(events),
              **changes}
    return make_scenario(**{k: v for k, v in fields.items() if v is not None})


BLACK_FRIDAY = {"name": "Black Friday", "date": "2026-11-27", "arrival_factor": 3.0, "staff": {"late": 4}}


def test_an_event_multiplies_the_rate_on_its_date_only():
    plain, busy = interval_rates(week()), interval_rates(week(BLACK_FRIDAY))
    friday = slice(4 * 48, 5 * 48)
    np.testing.assert_array_equal(busy[friday], 3.0 * plain[friday])
    np.testing.assert_array_equal(np.delete(busy, np.r_[friday]), np.delete(plain, np.r_[friday]))


def test_an_hours_window_and_a_range_of_dates():
    event = {"name": "Cyber week evenings", "start": "2026-11-28", "end": "2026-11-29", "arrival_factor": 2.0,
             "start_hour": 18.5, "end_hour": 22}
    rates = interval_rates(week(event))
    boosted = np.flatnonzero(rates != interval_rates(week())).tolist()
    assert boosted == [day * 48 + k for day in (5, 6) for k in range(37, 44)]


def test_overlapping_events_multiply():
    rates = interval_rates(week(BLACK_FRIDAY, {"name": "flash sale", "date": "2026-11-27", "arrival_factor": 2.0,
                                               "start_hour": 12, "end_hour": 13}))
    assert rates[4 * 48 + 24] == 6.0 * rates[3 * 48 + 24]


def test_the_event_days_arrivals_are_as_many_as_its_factor_says():
    scenario = week(BLACK_FRIDAY, **{"arrivals.per_hour": 40.0})
    friday = [np.sum((t >= 4 * DAY) & (t < 5 * DAY))
              for t in (arrival_times(scenario, stream("arrivals", 17, k)) for k in range(20))]
    expected = 20 * 40.0 * 24 * 3.0
    assert abs(sum(friday) - expected) <= Z * math.sqrt(expected)


def on_duty(staffing: Staffing, day: int) -> float:
    """Community-manager hours on duty on one day of the run."""
    return staffing.on_duty_minutes(day * DAY, (day + 1) * DAY) / 60


def test_staff_changes_set_a_shifts_head_count_on_the_events_dates():
    holiday = {"name": "Thanksgiving", "date": "2026-11-26", "arrival_factor": 0.4, "staff": {"early": 1, "late": 0}}
    staffing = Staffing.from_scenario(week(BLACK_FRIDAY, holiday))
    assert [on_duty(staffing, d) for d in range(7)] == [24, 24, 24, 8, 16 + 32, 0, 0]
    assert staffing.labels == ("early-1", "early-2", "late-1", "late-2", "late-3", "late-4")
    assert Staffing.from_scenario(week()).labels == ("early-1", "early-2", "late-1")


def test_staff_changes_can_staff_a_day_the_shift_does_not_usually_work():
    saturday = {"name": "weekend sale", "date": "2026-11-28", "staff": {"early": 3}}
    staffing = Staffing.from_scenario(week(saturday))
    assert on_duty(staffing, 5) == 3 * 8 and on_duty(staffing, 6) == 0


def test_the_engine_works_with_the_extra_staff_on_the_event_day_only():
    scenario = week(BLACK_FRIDAY, **{"arrivals.per_hour": 30.0})
    records = simulate(scenario).records
    extra = records[records["handler"].isin(["late-2", "late-3", "late-4"])]
    assert len(extra) > 0
    assert ((extra["reply_start"] >= 4 * DAY + 16 * 60) & (extra["reply_start"] < 5 * DAY)).all()


@pytest.mark.parametrize("events, changes, message", [
    ([BLACK_FRIDAY], {"run.start_date": None},
     r"^scenario: calendar\.events: event 'Black Friday' needs run\.start_date, the date of time 0"),
    ([{**BLACK_FRIDAY, "date": "2026-12-04"}], {},
     r"^scenario: calendar\.events: event 'Black Friday' \(2026-12-04 to 2026-12-04\) falls outside the run, "
     r"2026-11-23 to 2026-11-29"),
    ([{**BLACK_FRIDAY, "date": "2026-11-22"}], {}, r"falls outside the run"),
    ([{**BLACK_FRIDAY, "staff": {"lat": 4}}], {},
     r"^scenario: calendar\.events: event 'Black Friday' sets staff\.lat: no such shift \(shifts: early, late\)$"),
    ([BLACK_FRIDAY, {"name": "extra", "start": "2026-11-26", "end": "2026-11-28", "staff": {"late": 2}}], {},
     r"events 'Black Friday' and 'extra' both set staff\.late on 2026-11-27"),
    ([{"name": "x", "date": "2026-11-27", "start": "2026-11-27", "end": "2026-11-28"}], {},
     r"calendar\.events\.0: event 'x': give either date or start and end"),
    ([{"name": "x", "start": "2026-11-27"}], {}, r"event 'x': give both start and end"),
    ([{"name": "x", "start": "2026-11-27", "end": "2026-11-26"}], {}, r"end = 2026-11-26 is before start"),
    ([{"name": "x", "date": "2026-11-27", "start_hour": 9.25}], {},
     r"calendar\.events\.0\.start_hour = 9\.25: .*multiple of 0\.5"),
    ([{"name": "x", "date": "2026-11-27", "arrival_factor": -1}], {},
     r"calendar\.events\.0\.arrival_factor = -1: .*greater than or equal to 0"),
    ([{"name": "x", "date": "2026-11-27", "stuff": {}}], {}, r"calendar\.events\.0: unknown field 'stuff'"),
    ([{"name": "x", "date": "27.11.2026"}], {}, r"calendar\.events\.0\.date = '27\.11\.2026': not a date"),
])
def test_a_bad_event_is_refused_in_one_line_naming_it(events, changes, message):
    with pytest.raises(ScenarioError, match=message):
        week(*events, **changes)


@pytest.mark.parametrize("count, expected", [
    (1, [16, 16, 16, 16, 16 + 24, 0, 0]),  # every date one fewer on the late shift: 0 usually, 3 on Black Friday
    (2, [16, 16, 16, 16, 16 + 16, 0, 0]),
    (5, [16, 16, 16, 16, 16, 0, 0]),  # more than are there: nobody
])
def test_an_absence_takes_count_people_off_every_date_of_its_window(count, expected):
    staffing = Staffing.from_scenario(week(BLACK_FRIDAY)).with_absence("late", count, 0.0, 7 * DAY)
    assert [on_duty(staffing, d) for d in range(7)] == expected
    assert staffing.labels == Staffing.from_scenario(week(BLACK_FRIDAY)).labels


def test_an_absence_keeps_its_window():
    staffing = Staffing.from_scenario(week(BLACK_FRIDAY)).with_absence("late", 2, 4 * DAY + 20 * 60, 4 * DAY + 22 * 60)
    assert staffing.on_duty_minutes(4 * DAY + 20 * 60, 4 * DAY + 22 * 60) / 60 == 2 * 2  # 4 late - 2, for 2 h
    assert [on_duty(staffing, d) for d in range(7)] == [24, 24, 24, 24, 16 + 32 - 4, 0, 0]


def test_toml_dates_are_read_as_dates_and_a_date_with_a_time_is_refused():
    import tomllib

    from simlib.model.scenario import validate_scenario

    text = """
[arrivals]
per_hour = 2.0
[channels.dm]
share = 1.0
handling = { dist = "fixed", value = 1 }
[staff.late]
count = 1
[run]
start_date = 2026-11-23
[[calendar.events]]
name = "Black Friday"
date = 2026-11-27
staff = { late = 2 }
"""
    scenario = validate_scenario(tomllib.loads(text))
    assert (scenario.calendar.events[0].date - scenario.run.start_date).days == 4
    with pytest.raises(ScenarioError, match=r"^run\.start_date = .*must be a date without a time of day"):
        validate_scenario(tomllib.loads(text.replace("start_date = 2026-11-23", "start_date = 2026-11-23T08:00:00")))
