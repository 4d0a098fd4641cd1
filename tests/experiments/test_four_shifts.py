"""The optimiser on the four-shift 24/7 desk (tests/data/four_shifts.toml), scaled down to run in seconds.

At a fifth of the benchmark's volume (about 50 questions an hour at peak),
7 days and 2 replications, judged per hour: the plan chosen is no dearer
than the cheapest plan an exhaustive search finds on a grid around it, and
it answers 80% within 15 minutes in every hour of the week.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simlib.analysis.intervals import ALL_CHANNELS, Targets
from simlib.experiments.optimise import cheapest_plan
from simlib.experiments.plan_grid import grid_cheapest_plan
from simlib.model.scenario import load_scenario

FOUR_SHIFTS = Path(__file__).parents[1] / "data" / "four_shifts.toml"
TARGETS = Targets.service_level(0.8, interval_minutes=60)
GRID = {"early": range(1, 6), "day": range(3), "late": range(2, 7), "night": range(1, 4)}


@pytest.fixture(scope="module")
def desk():
    return load_scenario(FOUR_SHIFTS, {"arrivals.per_hour": 23.0, "run.days": 7.0, "run.replications": 2})


@pytest.fixture(scope="module")
def search(desk):
    return cheapest_plan(desk, TARGETS, workers=1, progress=False)


def test_the_plan_meets_the_target_in_every_interval(search):
    assert search.checks["met"].all() and search.checks.loc[0, "judged"] == 7 * 24
    every = search.intervals.loc[ALL_CHANNELS]
    asked = every[every["questions"] > 0]
    assert len(asked) == 7 * 24 and (asked["service_level_15min"] >= 0.8).all()
    assert search.checks.loc[0, "worst"] == asked["service_level_15min"].min()


def test_the_plan_is_no_dearer_than_an_exhaustive_search_on_a_grid(desk, search):
    grid = grid_cheapest_plan(desk, TARGETS, GRID, workers=1, progress=False)
    chosen = search.evaluated[search.evaluated["chosen"]].iloc[0]
    assert grid.plan is not None and grid.simulated < grid.grid_plans
    assert chosen["planned_cost"] <= grid.cost


def test_today_and_the_integer_program_are_the_starts_and_today_is_dearer(search):
    starts = search.evaluated[search.evaluated["step"] == 0].set_index("start")
    assert search.starts["today"] == {"early": 8, "day": 6, "late": 12, "night": 4}
    assert starts.loc["today", "planned_cost"] > search.evaluated.loc[search.evaluated["chosen"], "planned_cost"].iloc[0]
    mix = search.shift_mix
    assert mix.cost == pytest.approx(mix.lower_bound) and (mix.cover["surplus"] >= 0).all()
