"""The forecast a plan is made for (simlib.analysis.forecast), by hand."""

from __future__ import annotations

import pytest
from conftest import make_business, make_scenario

from simlib import simulate
from simlib.analysis.forecast import (
    feedback_on,
    fixed_forecast,
    forecast_questions,
    volume_moved,
)


def test_the_forecast_is_the_arrival_profile_after_the_warm_up():
    flat = make_scenario(**{"run.days": 2.0})  # 30 an hour
    assert forecast_questions(flat) == pytest.approx(30 * 48)
    warm = make_scenario(**{"run.days": 2.0, "run.warmup_days": 0.5, "arrivals.hour_factor": [2.0] * 12 + [0.0] * 12})
    assert forecast_questions(warm) == pytest.approx(60 * 12)  # the second day's busy half only
    assert volume_moved(30 * 48 * 1.43, flat) == pytest.approx(0.43)


def test_fixed_forecast_turns_reputation_feedback_off_and_nothing_else():
    moving = make_business(**{"run.days": 2.0})
    fixed = fixed_forecast(moving)
    assert feedback_on(moving) and not feedback_on(fixed)
    assert fixed.model_dump() == moving.with_changes({"business.reputation.feedback": False}).model_dump()
    plain = make_scenario()
    assert fixed_forecast(plain) is plain and not feedback_on(plain)


def test_without_feedback_the_questions_are_the_forecast_within_chance():
    fixed = fixed_forecast(make_business(**{"run.days": 7.0}))
    counts = [len(simulate(fixed, 11, k).records) for k in range(5)]
    expected = forecast_questions(fixed)  # Poisson: 5 runs of about 5,040 questions; +-4 standard errors
    assert abs(sum(counts) / 5 - expected) < 4 * (expected / 5) ** 0.5
