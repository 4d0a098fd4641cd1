"""Figures at the edges (issue 16, K): windowed values of step functions, the crisis day, the service
level under `stays`, and the Erlang edge cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import make_business, make_scenario

from simlib.analysis.kpis import crisis_start, in_window, kpis, measured
from simlib.analysis.queueing import agents_needed, erlang_a, erlang_c
from simlib.model.engine import simulate


def test_in_window_starts_with_the_value_in_force():
    steps = pd.Series([0, 27, 3], index=[0.0, 100.0, 900.0])
    assert in_window(steps, 200.0, 800.0).tolist() == [27]  # no step inside: the value in force
    assert in_window(steps, 100.0, 900.0).tolist() == [27, 3]  # closed on both sides
    assert in_window(steps, 50.0, 950.0).index.tolist() == [50.0, 100.0, 900.0]
    assert in_window(pd.Series([5], index=[10.0]), 0.0, 5.0).tolist() == [0]  # 0 before the first step


def test_an_inbox_that_does_not_change_all_weekend_has_its_length_as_maximum():
    # weekday staff, no questions at the weekend: what waits on Friday night waits all weekend
    scenario = make_scenario(**{"arrivals.day_factor": [1, 1, 1, 1, 1, 0, 0], "staff.always.days": ["mon"],
                                "staff.always.start_hour": 9.0, "staff.always.end_hour": 10.0,
                                "run.days": 7.0, "run.warmup_days": 5.5, "service.abandonment": "stays"})
    result = simulate(scenario)
    waiting = int((result.records["reply_start"].isna()).sum())
    assert waiting > 0 and len(measured(result)) == 0
    assert kpis(result)["max_inbox_length"] == waiting  # was NaN


def test_the_lowest_reputation_counts_the_score_in_force_when_the_warm_up_ends():
    scores = pd.Series([80.0, 40.0, 70.0], index=[0.0, 60.0, 120.0])
    assert in_window(scores, 90.0, 200.0).min() == 40.0  # the 40 holds from minute 60 to 120
    scenario = make_business(**{"run.days": 3.0, "run.warmup_days": 1.51, "staff.always.count": 1})
    result = simulate(scenario)
    series = result.outcomes.reputation
    start = scenario.warmup_minutes
    in_force = series[series.index <= start].iloc[-1]
    later = series[series.index > start]
    assert kpis(result)["lowest_reputation"] == min(in_force, later.min())


def test_the_crisis_day_counts_from_the_start_of_the_run():
    scores = pd.Series([80.0, 40.0, 45.0, 70.0, 30.0], index=np.array([0, 3, 5, 8, 9]) * 1440.0)
    assert crisis_start(scores, 50.0, 7 * 1440.0) == 3 * 1440.0  # already in crisis since day 3, not day 7
    assert crisis_start(scores, 50.0, 8.5 * 1440.0) == 9 * 1440.0
    assert math.isnan(crisis_start(scores, 20.0, 0.0))
    assert crisis_start(scores, 50.0, 0.0) == 3 * 1440.0


def test_service_level_counts_posts_answered_in_time_under_stays():
    """Decided (docs/scenario-files.md): the service level measures the post, as a social-media tool
    does: a reply that starts within the target counts, even when that customer had given up
    sooner. Under `leaves` nobody who gave up is answered, so abandoners are misses there."""
    stays = make_scenario(**{"service.abandonment": "stays", "channels.dm.patience": {"dist": "fixed", "value": 0.5},
                             "service.target_minutes": 15.0})
    result = simulate(stays)
    figures, records = kpis(result), measured(result)
    hits = records["first_response"] <= 15.0
    assert figures["service_level"] == pytest.approx(hits.mean())
    assert (hits & records["abandoned"]).any()
    assert figures["p_abandon"] + figures["service_level"] > 1  # allowed under stays, as answered_share
    leaves = simulate(stays.with_changes({"service.abandonment": "leaves"}))
    figures = kpis(leaves)
    assert figures["p_abandon"] + figures["service_level"] <= 1 + 1e-12
    assert not (measured(leaves)["abandoned"] & measured(leaves)["reply_start"].notna()).any()


def test_a_perfect_service_level_or_no_abandonment_is_refused():
    with pytest.raises(ValueError, match=r"service_level = 1\.0: must be below 1 \(100% is not reachable"):
        agents_needed(200, 3, 1.0, 1.0)
    with pytest.raises(ValueError, match=r"max_abandon = 0\.0: must be above 0 \(0% is not reachable"):
        agents_needed(200, 3, 1.0, 0.8, patience_minutes=5.0, max_abandon=0.0)
    assert agents_needed(0, 3, 1.0, 1.0) == 0  # nothing arrives: nothing to wait for
    assert agents_needed(200, 3, 1.0, 0.999) > 10


def test_no_agents_means_no_occupancy_in_both_models():
    assert erlang_c(200, 3, 0).occupancy == erlang_a(200, 3, 0, 5.0).occupancy == 0.0
    assert erlang_c(200, 3, 5).occupancy == 1.0  # an unstable queue keeps everyone busy


def test_erlang_a_refuses_a_state_space_it_cannot_hold():
    with pytest.raises(ValueError, match=r"patience_minutes = 1e\+07: .* more than 4,194,304 lengths"):
        erlang_a(1e6, 3, 10, 1e7)
