"""Requirements per interval (Erlang) and the shift-covering integer program, checked by hand and by brute force."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from conftest import make_scenario

from simlib.analysis.intervals import Target, Targets
from simlib.analysis.queueing import agents_needed
from simlib.analysis.requirements import interval_arrivals, staff_requirements
from simlib.analysis.shift_plan import (
    PayRates,
    ShiftOption,
    cheapest_shift_mix,
    cost_per_head,
    coverage,
    shift_options,
)

HOUR = 60


# --- requirements ------------------------------------------------------------------------------


def test_requirements_are_erlang_a_at_each_intervals_rate():
    scenario = make_scenario(**{"run.days": 7.0, "arrivals.hour_factor": [0.5] * 12 + [1.5] * 12})
    table = staff_requirements(scenario, Targets.service_level(0.8, interval_minutes=30))
    assert len(table) == 7 * 48 and table.index[0] == 0
    assert table.loc[0, "arrivals_per_hour"] == 15.0 and table.loc[30, "arrivals_per_hour"] == 45.0
    assert table.loc[0, "agents"] == agents_needed(15.0, 6.0, 5.0, 0.8, 10.0)
    assert table.loc[30, "agents"] == agents_needed(45.0, 6.0, 5.0, 0.8, 10.0)
    assert table.loc[30, "offered_load"] == 4.5 and table.loc[30, "label"] == "Mon 15:00-15:30"
    assert table.loc[30, "binding"] == "80.0% within 5 min in every interval"
    assert (table["paid"] == table["agents"]).all()


def test_occupancy_cap_shrinkage_and_answered_share():
    scenario = make_scenario(**{"run.days": 1.0})  # 30 an hour, 6 min each: 3 Erlangs
    plain = staff_requirements(scenario, Targets.service_level(0.1), shrinkage=0.25)
    capped = staff_requirements(scenario, Targets.service_level(0.1), max_occupancy=0.5)
    assert (capped["agents"] == 6).all() and (capped["binding"] == "occupancy").all()
    assert (plain["paid"] == plain["agents"] / 0.75).all()
    answered = staff_requirements(scenario, Targets((Target(0.95, kpi="answered_share"),)))
    expected = agents_needed(30.0, 6.0, 0.0, 0.0, 10.0, max_abandon=0.05)
    assert (answered["agents"] == expected).all()


def test_several_targets_take_the_most_people():
    scenario = make_scenario(**{"run.days": 1.0})
    both = Targets((Target(0.8, within_minutes=1.0), Target(0.5, within_minutes=10.0, every_interval=False)))
    table = staff_requirements(scenario, both)
    assert (table["agents"] == max(agents_needed(30, 6, 1.0, 0.8, 10), agents_needed(30, 6, 10.0, 0.5, 10))).all()


def test_only_the_intervals_the_run_covers():
    scenario = make_scenario(**{"run.days": 2.0, "run.warmup_days": 1.0})
    table = staff_requirements(scenario, Targets.service_level(0.8, interval_minutes=60))
    assert list(table.index) == list(range(24, 48))
    rates = interval_arrivals(scenario, 60)
    assert len(rates) == 168 and (rates == 30.0).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"max_occupancy": 0.0}, r"max_occupancy = 0.0"),
    ({"shrinkage": 1.0}, r"shrinkage = 1.0"),
    ({"max_agents": 2}, r"80.0% within 5 min in every interval: not reachable with 2 people at 30 questions per hour"),
])
def test_bad_requirement_parameters_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        staff_requirements(make_scenario(**{"run.days": 1.0}), Targets.service_level(0.8), **kwargs)


# --- costs and coverage ------------------------------------------------------------------------


def test_night_premium_and_part_time_rate_by_hand():
    week = make_scenario(**{"run.days": 7.0})
    night = ShiftOption("night", 22, 30)
    # 8 hours a day on duty, all of them in the night window: 56 hours at 20 x 1.25
    assert cost_per_head(night, week, PayRates(20.0, night_premium=0.25)) == pytest.approx(56 * 20 * 1.25)
    part = ShiftOption("lunch", 10, 14)
    assert cost_per_head(part, week, PayRates(20.0, part_time_factor=1.1)) == pytest.approx(28 * 20 * 1.1)
    evening = ShiftOption("evening", 18, 26, ("mon",))  # 4 of its 8 hours after 22:00
    assert cost_per_head(evening, week, PayRates(10.0, night_premium=0.5)) == pytest.approx(10 * (8 + 0.5 * 4))
    warm = make_scenario(**{"run.days": 7.0, "run.warmup_days": 1.0})
    assert cost_per_head(ShiftOption("day", 8, 16), warm, PayRates()) == 48.0


def test_coverage_counts_whole_intervals_only():
    table = coverage([ShiftOption("a", 6.5, 14.5, ("mon",)), ShiftOption("n", 22, 30, ("sun",))], HOUR)
    assert list(np.flatnonzero(table[:, 0])) == list(range(7, 14))
    assert list(np.flatnonzero(table[:, 1])) == [0, 1, 2, 3, 4, 5, 166, 167]  # Sunday night runs into Monday


def test_shift_options_are_named_by_their_clock_times():
    names = [o.name for o in shift_options([6, 22.5], [4, 8])]
    assert names == ["06:00-10:00", "06:00-14:00", "22:30-02:30", "22:30-06:30"]
    assert shift_options([8], [8], days=("sat", "sun"))[0].name == "08:00-16:00 sat+sun"
    with pytest.raises(ValueError, match="end_hour"):
        ShiftOption("long", 8, 40)
    with pytest.raises(ValueError, match="min_heads <= max_heads"):
        ShiftOption("x", 8, 16, min_heads=3, max_heads=2)


# --- the integer program against brute force ----------------------------------------------------


def brute_force(required: pd.Series, options: list[ShiftOption], costs: list[float]) -> float:
    """The cheapest cover by trying every head count (0..most, or 0 and min..most)."""
    cover = coverage(options, HOUR)[required.index]
    need = np.ceil(required.to_numpy() - 1e-9)
    choices = [[0, *range(max(o.min_heads, 1), o.max_heads + 1)] for o in options]
    best = math.inf
    for counts in itertools.product(*choices):
        if (cover @ np.array(counts) >= need).all():
            best = min(best, float(np.dot(counts, costs)))
    return best


SMALL_OPTIONS = [ShiftOption("early", 6, 14, ("mon",), max_heads=5), ShiftOption("mid", 10, 18, ("mon",), max_heads=5),
                 ShiftOption("late", 14, 22, ("mon",), max_heads=5), ShiftOption("half", 11, 15, ("mon",), max_heads=5)]


@pytest.mark.parametrize("seed", range(6))
def test_the_integer_program_is_as_cheap_as_brute_force(seed):
    rng = np.random.default_rng(seed)
    hours = range(6, 22)
    required = pd.Series(rng.uniform(0, 4, len(hours)).round(1), index=list(hours))
    costs = [8.0, 8.0 * rng.uniform(0.8, 1.3), 8.0 * rng.uniform(0.8, 1.5), 4.0 * rng.uniform(0.9, 1.4)]
    options = [ShiftOption(o.name, o.start_hour, o.end_hour, o.days, min_heads=int(rng.integers(0, 3)), max_heads=5)
               for o in SMALL_OPTIONS]
    mix = cheapest_shift_mix(required, options, costs, HOUR)
    assert mix.cost == pytest.approx(brute_force(required, options, costs))
    assert mix.lower_bound == pytest.approx(mix.cost)
    assert (mix.cover["staffed"] >= np.ceil(required - 1e-9)).all() and (mix.cover["surplus"] >= 0).all()
    for option, count in zip(options, mix.counts):
        assert count == 0 or option.min_heads <= count <= option.max_heads


def test_a_fractional_requirement_shared_by_two_shifts_needs_whole_people():
    options = [ShiftOption("a", 0, 2, ("mon",)), ShiftOption("b", 1, 3, ("mon",))]
    mix = cheapest_shift_mix(pd.Series([1.2, 2.5, 1.1], index=[0, 1, 2]), options, [2.0, 2.0], HOUR)
    assert mix.counts == (2, 2) and mix.cost == 8.0  # hour 1 needs a + b >= 3, hour 0 a >= 2, hour 2 b >= 2
    assert mix.staffed() == {"a": 2, "b": 2}


def test_an_interval_no_option_covers_is_named():
    options = [ShiftOption("day", 8, 16, ("mon",), max_heads=3)]
    with pytest.raises(ValueError, match=r"no shift mix covers Mon 03:00-04:00: it needs 1 people and the options "
                                         r"on duty then allow at most 0"):
        cheapest_shift_mix(pd.Series([1.0, 1.0], index=[3, 9]), options, [8.0], HOUR)
    with pytest.raises(ValueError, match=r"covers Mon 09:00-10:00: it needs 4 people .* at most 3"):
        cheapest_shift_mix(pd.Series([4.0], index=[9]), options, [8.0], HOUR)
