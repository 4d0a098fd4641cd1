"""Random draws: distributions, the weekly arrival profile, channel shares, streams.

Statistical checks use fixed seeds and 99.9% intervals from the sampling
distribution of each statistic (normal approximation on large samples).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import make_scenario
from pydantic import TypeAdapter

from simlib.model.distributions import Distribution
from simlib.model.draws import STREAMS, arrival_times, draw_questions, stream

Z = 3.29  # two-sided 99.9%
N = 200_000
parse = TypeAdapter(Distribution).validate_python


@pytest.mark.parametrize(
    "spec, mean, cv",
    [
        ({"dist": "exponential", "mean": 6.0}, 6.0, 1.0),
        ({"dist": "lognormal", "mean": 6.0, "cv": 0.8}, 6.0, 0.8),
        ({"dist": "gamma", "mean": 6.0, "cv": 0.5}, 6.0, 0.5),
        ({"dist": "gamma", "mean": 2.0, "cv": 2.0}, 2.0, 2.0),
    ],
)
def test_distributions_have_the_mean_and_cv_they_are_named_with(spec, mean, cv):
    draws = parse(spec).quantile(np.random.default_rng(1).random(N))
    assert draws.min() >= 0
    assert abs(draws.mean() - mean) <= Z * mean * cv / math.sqrt(N)
    # variance: standard error of the sample variance is sqrt((m4 - s^4) / N)
    centred = draws - draws.mean()
    variance, fourth = np.mean(centred**2), np.mean(centred**4)
    assert abs(variance - (mean * cv) ** 2) <= Z * math.sqrt((fourth - variance**2) / N)


def test_fixed_is_always_the_same_and_quantiles_are_monotone():
    assert (parse({"dist": "fixed", "value": 4.0}).quantile(np.linspace(0, 0.99, 7)) == 4.0).all()
    u = np.linspace(0.001, 0.999, 101)
    for spec in ({"dist": "lognormal", "mean": 3, "cv": 1}, {"dist": "gamma", "mean": 3, "cv": 0.3}):
        assert np.all(np.diff(parse(spec).quantile(u)) > 0)


def test_hourly_arrival_counts_follow_the_weekly_profile():
    hour = [0.0] * 8 + [1.0] * 8 + [3.0] * 8  # nobody writes at night, evenings are busiest
    day = [1, 1, 1, 1, 1, 2, 0]  # busy Saturday, silent Sunday
    scenario = make_scenario(**{"arrivals.per_hour": 20.0, "arrivals.hour_factor": hour,
                                "arrivals.day_factor": day, "run.days": 70.0})
    times = arrival_times(scenario, stream("arrivals", 3))
    hours = (times // 60).astype(int)
    assert np.all(hours % 24 >= 8) and np.all((hours // 24) % 7 != 6)
    counts = np.bincount(hours % 24 + 24 * ((hours // 24) % 7), minlength=168).reshape(7, 24)
    expected = 20.0 * np.outer(day, hour) * 10  # 10 weeks
    busy = expected > 0
    z = (counts[busy] - expected[busy]) / np.sqrt(expected[busy])
    assert np.abs(z).max() < 4.5  # 99.9% family-wise over ~100 cells (Bonferroni)
    assert abs(counts.sum() - expected.sum()) <= Z * math.sqrt(expected.sum())


def test_channel_shares_follow_the_scenario():
    handling = {"dist": "exponential", "mean": 5.0}
    scenario = make_scenario(**{"run.days": 60.0, "channels": {
        "comment": {"share": 0.6, "handling": handling},
        "dm": {"share": 0.0, "handling": handling},
        "review": {"share": 0.4, "handling": handling},
    }})
    questions = draw_questions(scenario, seed=5)
    n = len(questions)
    shares = np.bincount(questions.channel, minlength=3) / n
    assert shares[1] == 0
    assert abs(shares[0] - 0.6) <= Z * math.sqrt(0.6 * 0.4 / n)


def test_each_quantity_has_its_own_reproducible_stream():
    assert STREAMS[:4] == ("arrivals", "channel", "handling", "patience")  # never reordered
    first = [stream(name, 42, 0).random(3) for name in STREAMS]
    again = [stream(name, 42, 0).random(3) for name in STREAMS]
    np.testing.assert_array_equal(first, again)
    assert len({tuple(v) for v in first}) == len(STREAMS)
    assert not np.array_equal(stream("arrivals", 42, 1).random(3), first[0])
    assert not np.array_equal(stream("arrivals", 43, 0).random(3), first[0])


def test_question_i_keeps_its_needs_when_arrivals_get_busier():
    quiet = draw_questions(make_scenario(), seed=9)
    busy = draw_questions(make_scenario(**{"arrivals.per_hour": 60.0}), seed=9)
    n = len(quiet)
    assert len(busy) > n
    np.testing.assert_array_equal(busy.handling[:n], quiet.handling)
    np.testing.assert_array_equal(busy.patience[:n], quiet.patience)
    np.testing.assert_allclose(busy.arrival[:n], quiet.arrival / 2)  # same moments, twice as dense


def test_runs_that_differ_only_in_staff_or_service_share_one_read_only_draw():
    from simlib.model.engine import replication_draws
    from simlib.model.presets import load_preset

    base = load_preset("high_volume").with_changes({"run.days": 2.0})
    other_staff = base.with_changes({"staff.late.count": 7, "service.discipline": "lifo"})
    questions, leads, acceptance = replication_draws(base, 3, 1)
    assert replication_draws(other_staff, 3, 1)[0] is questions  # drawn once, shared
    busier = replication_draws(base.with_changes({"arrivals.per_hour": 99.0}), 3, 1)[0]
    assert len(busier) != len(questions)  # what the draws read is in the key
    assert replication_draws(base, 3, 2)[0] is not questions and replication_draws(base, 4, 1)[0] is not questions
    with pytest.raises(ValueError, match="read-only"):
        leads.u_purchase[0] = 0.5  # a shared draw cannot be changed by one run
    with pytest.raises(ValueError, match="read-only"):
        questions.arrival[0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        acceptance[0] = 0.0  # feedback on: the presets thin candidate arrivals
