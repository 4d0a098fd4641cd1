"""Per-interval KPIs (simlib.analysis.intervals) against small cases counted by hand."""

from __future__ import annotations

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
    interval_counts,
    interval_kpis,
    interval_label,
)
from simlib.errors import ScenarioError
from simlib.model.records import SimulationResult, Staffing

TWO_CHANNELS = {
    "run.days": 2.0,
    "channels": {"a": {"share": 0.5, "handling": {"dist": "exponential", "mean": 6.0}},
                 "b": {"share": 0.5, "handling": {"dist": "exponential", "mean": 6.0}}},
    "service.target_minutes": 15.0,
}
# (channel, arrival minute, first response in minutes; NaN: never answered)
QUESTIONS = [
    ("a", 10.0, 5.0),      # Mon 00:00-01:00, within 15 min
    ("a", 20.0, 30.0),     # Mon 00:00-01:00, late
    ("b", 30.0, math.nan),  # Mon 00:00-01:00, never answered
    ("b", 70.0, 0.0),      # Mon 01:00-02:00, at once
    ("a", 1450.0, 10.0),   # Tue 00:00-01:00, within
    ("a", 2870.0, 1.0),    # Tue 23:50: less than 15 min before the end of the run, left out
]
HOURLY = 60


def hand_made(changes: dict | None = None) -> SimulationResult:
    scenario = make_scenario(**TWO_CHANNELS, **(changes or {}))
    channel, arrival, response = zip(*QUESTIONS)
    records = pd.DataFrame({"channel": pd.Categorical(channel, categories=["a", "b"]),
                            "arrival": arrival, "first_response": response})
    return SimulationResult(scenario, 1, 0, records, Staffing.from_scenario(scenario))


def targets(*items: Target, interval: int = HOURLY) -> Targets:
    return Targets(items, interval)


def test_counts_per_channel_and_interval_by_hand():
    counts = interval_counts(hand_made(), targets(Target(0.8)))
    assert list(counts.columns) == ["questions", "answered", "first_response_minutes", "within_15min"]
    assert len(counts) == 2 * 7 * 24 and counts["questions"].sum() == 5  # the last question is left out
    assert counts.loc[("a", 0)].tolist() == [2, 2, 35.0, 1]
    assert counts.loc[("b", 0)].tolist() == [1, 0, 0.0, 0]
    assert counts.loc[("b", 1)].tolist() == [1, 1, 0.0, 1]
    assert counts.loc[("a", 24)].tolist() == [1, 1, 10.0, 1]


def test_shares_and_first_response_per_interval_by_hand():
    table = interval_kpis(interval_counts(hand_made(), targets(Target(0.8))), targets(Target(0.8)))
    a, b, every = table.loc[("a", 0)], table.loc[("b", 0)], table.loc[(ALL_CHANNELS, 0)]
    assert (a["day"], a["start"], a["label"]) == ("Mon", "00:00", "Mon 00:00-01:00")
    assert (a["service_level_15min"], a["answered_share"], a["mean_first_response_minutes"]) == (0.5, 1.0, 17.5)
    assert (b["service_level_15min"], b["answered_share"]) == (0.0, 0.0) and math.isnan(b["mean_first_response_minutes"])
    assert every["questions"] == 3 and every["service_level_15min"] == pytest.approx(1 / 3)
    assert every["answered_share"] == pytest.approx(2 / 3) and every["mean_first_response_minutes"] == 17.5
    assert table.loc[(ALL_CHANNELS, 24), "label"] == "Tue 00:00-01:00"
    assert math.isnan(table.loc[("a", 2), "service_level_15min"])  # no question: no share


def test_worst_interval_beside_the_run_mean_by_hand():
    goals = targets(Target(0.5), Target(0.5, channel="a", every_interval=False),
                    Target(0.9, kpi="answered_share", channel="b"), Target(0.5, within_minutes=30, channel="a"))
    goals = goals.resolved(hand_made().scenario)
    checks = assess(interval_counts(hand_made(), goals), goals)
    every, a_mean, b_answered, a_30 = (checks.iloc[i] for i in range(4))
    assert every["target"] == "50.0% within 15 min in every interval"
    assert Target(0.5).describe() == "50.0% within the target time in every interval"  # before it is resolved
    assert every["mean"] == pytest.approx(3 / 5) and every["worst"] == pytest.approx(1 / 3)
    assert every["worst_interval"] == "Mon 00:00-01:00" and every["worst_questions"] == 3 and every["judged"] == 3
    assert every["slack"] == pytest.approx(1 / 3 - 0.5) and not every["met"]
    assert a_mean["target"] == "a: 50.0% within 15 min on the run's mean"
    assert a_mean["value"] == a_mean["mean"] == pytest.approx(2 / 3) and a_mean["met"]
    assert b_answered["worst"] == 0.0 and b_answered["mean"] == 0.5 and not b_answered["met"]
    assert a_30["worst"] == 1.0 and a_30["met"]  # 5, 30 and 10 minutes are all within 30


def test_the_warm_up_is_left_out_and_replications_add_up():
    warm = interval_counts(hand_made({"run.warmup_days": 1.0}), targets(Target(0.8)))
    assert warm["questions"].sum() == 1 and warm.loc[("a", 24), "questions"] == 1
    once = interval_counts(hand_made(), targets(Target(0.8)))
    twice = add_counts([once, once])
    assert (twice == 2 * once).all().all()
    goals = targets(Target(0.8))
    assert interval_kpis(twice, goals)["service_level_15min"].equals(interval_kpis(once, goals)["service_level_15min"])


def test_thirty_minute_intervals_split_the_hour():
    table = interval_kpis(interval_counts(hand_made(), targets(Target(0.8), interval=30)), targets(Target(0.8), interval=30))
    assert table.loc[(ALL_CHANNELS, 0), "questions"] == 2 and table.loc[(ALL_CHANNELS, 1), "questions"] == 1
    assert interval_label(47, 30) == "Mon 23:30-00:00" and interval_label(48 * 7 - 1, 30) == "Sun 23:30-00:00"


def test_few_questions_are_not_judged_when_asked():
    goals = Targets((Target(0.5),), HOURLY, min_questions=2)
    goals = goals.resolved(hand_made().scenario)
    checks = assess(interval_counts(hand_made(), goals), goals)
    assert checks.loc[0, "judged"] == 1 and checks.loc[0, "worst_interval"] == "Mon 00:00-01:00"


def test_a_simulated_run_counts_every_question_once():
    scenario = make_scenario(**{"run.days": 3.0})
    result = simulate(scenario)
    goals = Targets.service_level(0.8, interval_minutes=30).resolved(scenario)
    counts = interval_counts(result, goals)
    records = result.records[result.records["arrival"] <= scenario.horizon_minutes - 5.0]
    assert counts["questions"].sum() == len(records)
    assert counts["within_5min"].sum() == (records["first_response"] <= 5.0).sum()
    assert counts["answered"].sum() == records["reply_start"].notna().sum()
    assert np.isclose(counts["first_response_minutes"].sum(), records["first_response"].sum())
    mean = assess(counts, goals).loc[0, "mean"]
    assert mean == pytest.approx((records["first_response"] <= 5.0).mean())


@pytest.mark.parametrize("make, message", [
    (lambda: Target(1.5), r"at_least = 1.5: must be a share between 0 and 1"),
    (lambda: Target(0.8, kpi="p90"), r"kpi = 'p90'"),
    (lambda: Target(0.8, within_minutes=-1), r"within_minutes = -1"),
    (lambda: Targets((), 30), r"give at least one Target"),
    (lambda: Targets((Target(0.8),), 45), r"interval_minutes = 45: must be one of 5, 10, 15, 20, 30, 60"),
    (lambda: Targets((Target(0.8),), 30, min_questions=0), r"min_questions = 0"),
])
def test_bad_targets_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_target_on_a_missing_channel_is_refused_in_one_line():
    with pytest.raises(ScenarioError, match=r"^target channel 'sms': no such channel \(channels: a, b\)$"):
        Targets((Target(0.8, channel="sms"),)).resolved(hand_made().scenario)


def test_a_target_is_read_from_channel_share_and_minutes():
    from simlib.analysis.intervals import Target

    assert Target.parse("dm:0.8@60", every_interval=False) == Target(0.8, within_minutes=60, channel="dm",
                                                                     every_interval=False)
    assert Target.parse("0.9") == Target(0.9)
    for bad in ("dm:fast", "dm:1.5", "0.8@soon"):
        with pytest.raises(ValueError, match=r"expected \[CHANNEL:\]SHARE\[@MINUTES\]"):
            Target.parse(bad)
