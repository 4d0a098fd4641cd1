"""Per-interval KPIs on the calendar: by date, and by weekday for a run that starts on a Thursday."""

from __future__ import annotations

import datetime
import math

import numpy as np
import pandas as pd
import pytest
from conftest import make_scenario

from simlib import simulate
from simlib.analysis.intervals import (
    ALL_CHANNELS,
    Target,
    Targets,
    add_counts,
    assess,
    dated_label,
    interval_counts,
    interval_kpis,
)
from simlib.analysis.requirements import run_intervals
from simlib.errors import ScenarioError
from simlib.model.records import SimulationResult, Staffing

HOURLY = Targets((Target(0.5),), 60)
# (arrival minute, first response in minutes; NaN: never answered), on a run from Thursday 26 November 2026
QUESTIONS = [(10.0, 5.0), (20.0, 30.0), (1450.0, 10.0), (1500.0, math.nan)]


def thursday_run(start_date: str | None = "2026-11-26") -> SimulationResult:
    dated = {} if start_date is None else {"run.start_date": start_date}
    scenario = make_scenario(**{"run.days": 2.0, "service.target_minutes": 15.0, **dated})
    arrival, response = zip(*QUESTIONS)
    records = pd.DataFrame({"channel": pd.Categorical(["dm"] * len(QUESTIONS), categories=["dm"]),
                            "arrival": arrival, "first_response": response})
    return SimulationResult(scenario, 1, 0, records, Staffing.from_scenario(scenario))


def test_by_weekday_a_thursday_start_counts_on_thursday():
    counts = interval_counts(thursday_run(), HOURLY)
    assert counts.loc[("dm", 3 * 24), "questions"] == 2  # Thursday 00:00-01:00
    assert counts.loc[("dm", 4 * 24), "questions"] == counts.loc[("dm", 4 * 24 + 1), "questions"] == 1  # Friday
    assert counts.loc[("dm", 0), "questions"] == 0 and "start_date" not in counts.attrs


def test_by_date_each_interval_of_the_run_has_its_date():
    goals = HOURLY.resolved(thursday_run().scenario)
    counts = interval_counts(thursday_run(), goals, by_date=True)
    assert len(counts) == 48 and counts.attrs["start_date"] == datetime.date(2026, 11, 26)
    table = interval_kpis(counts, goals)
    first, friday = table.loc[("dm", 0)], table.loc[(ALL_CHANNELS, 25)]
    assert (first["date"], first["day"], first["start"]) == (datetime.date(2026, 11, 26), "Thu", "00:00")
    assert first["label"] == "Thu 2026-11-26 00:00-01:00" and first["service_level_15min"] == 0.5
    assert (friday["date"], friday["day"], friday["label"]) == (datetime.date(2026, 11, 27), "Fri",
                                                                "Fri 2026-11-27 01:00-02:00")
    assert friday["questions"] == 1 and friday["answered_share"] == 0.0  # the one at 01:00 is never answered
    assert list(table.columns[:4]) == ["date", "day", "start", "label"]
    checks = assess(add_counts([counts, counts]), goals)
    assert checks.loc[0, "worst_interval"] == "Fri 2026-11-27 01:00-02:00" and checks.loc[0, "worst"] == 0.0


def test_dated_labels_cross_midnight_and_months():
    assert dated_label(47, 30, datetime.date(2026, 11, 30)) == "Mon 2026-11-30 23:30-00:00"
    assert dated_label(48, 30, datetime.date(2026, 11, 30)) == "Tue 2026-12-01 00:00-00:30"


def test_by_date_needs_a_start_date():
    result = thursday_run(start_date=None)
    with pytest.raises(ScenarioError, match=r"^per-interval KPIs by date need run\.start_date"):
        interval_counts(result, HOURLY, by_date=True)


def test_by_date_adds_up_to_by_weekday_in_a_simulated_two_week_run():
    scenario = make_scenario(**{"run.days": 14.0, "run.start_date": "2026-11-26", "arrivals.per_hour": 20.0,
                                "calendar.events": [{"name": "Black Friday", "date": "2026-11-27",
                                                     "arrival_factor": 3.0}]})
    result = simulate(scenario)
    goals = Targets.service_level(0.8, interval_minutes=30).resolved(scenario)
    weekly, dated = interval_counts(result, goals), interval_counts(result, goals, by_date=True)
    folded = dated.groupby([dated.index.get_level_values("channel"),
                            (dated.index.get_level_values("interval") + 3 * 48) % (7 * 48)]).sum()
    np.testing.assert_array_equal(folded.to_numpy(), weekly.to_numpy())
    per_date = interval_kpis(dated, goals).loc[ALL_CHANNELS].groupby("date")["questions"].sum()
    black_friday, next_friday = per_date[datetime.date(2026, 11, 27)], per_date[datetime.date(2026, 12, 4)]
    assert black_friday > 2 * next_friday  # 3 x 480 expected against 480: far beyond chance


def test_the_intervals_a_plan_covers_follow_the_start_weekday():
    covered = run_intervals(make_scenario(**{"run.days": 1.0, "run.start_date": "2026-11-26"}), 60)
    assert np.flatnonzero(covered).tolist() == list(range(3 * 24, 4 * 24))
