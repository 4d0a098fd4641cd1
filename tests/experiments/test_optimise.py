"""Staffing plans: the Erlang first guess per shift, the cheapest plan meeting targets, the best-profit plan."""

from __future__ import annotations

import math

import pytest
from conftest import make_business, make_scenario
from pandas.testing import assert_frame_equal

import simlib.analysis.estimate
import simlib.dashboards.answers
from simlib.analysis.estimate import erlang_estimate, mean_patience_minutes
from simlib.analysis.queueing import agents_needed
from simlib.experiments.optimise import best_profit_plan, cheapest_plan
from simlib.figures.experiments import (
    LABELLED_PLANS,
    PLAN_FIGURE_SIZE,
    plan_label,
    plot_plan_search,
)

# A busy morning (30 questions an hour) and a quiet afternoon (10 an hour), one shift each.
TWO_SHIFTS = {
    "run.days": 1.0,
    "arrivals.per_hour": 20.0,
    "arrivals.hour_factor": [1.5] * 12 + [0.5] * 12,
    "staff": {"day": {"count": 1, "start_hour": 0, "end_hour": 12},
              "late": {"count": 1, "start_hour": 12, "end_hour": 24}},
}


@pytest.fixture(scope="module")
def two_shifts():
    return make_scenario(**TWO_SHIFTS)


@pytest.fixture(scope="module")
def cheapest(two_shifts):
    return cheapest_plan(two_shifts, service_level=0.8, replications=4, workers=1, progress=False)


def test_the_helpers_moved_from_dashboards_are_the_same_functions():
    assert simlib.dashboards.answers.shift_peak_rate is simlib.analysis.estimate.shift_peak_rate
    assert simlib.dashboards.answers.mean_handling_minutes is simlib.analysis.estimate.mean_handling_minutes


def test_erlang_estimate_is_erlang_a_at_each_shifts_peak_when_customers_leave(two_shifts):
    estimate = erlang_estimate(two_shifts, 0.8)
    assert list(estimate.index) == ["day", "late"]
    assert estimate.loc["day", "peak_per_hour"] == 30.0 and estimate.loc["late", "peak_per_hour"] == 10.0
    assert (estimate["model"] == "Erlang A").all() and (estimate["patience_minutes"] == 10.0).all()
    assert estimate.loc["day", "agents"] == agents_needed(30.0, 6.0, 5.0, 0.8, 10.0)
    assert estimate.loc["late", "agents"] == agents_needed(10.0, 6.0, 5.0, 0.8, 10.0)


def test_erlang_c_when_the_questions_stay_or_someone_never_gives_up(two_shifts):
    stays = make_scenario(**TWO_SHIFTS, **{"service.abandonment": "stays"})
    patient = make_scenario(**TWO_SHIFTS, **{"channels.dm.patience": None})
    for scenario in (stays, patient):
        assert mean_patience_minutes(scenario) == math.inf
        estimate = erlang_estimate(scenario, 0.8)
        assert (estimate["model"] == "Erlang C").all()
        assert estimate.loc["day", "agents"] == agents_needed(30.0, 6.0, 5.0, 0.8)
    with pytest.raises(ValueError, match="staff.day: no head count up to 3 reaches service_level = 0.8 within 5 min"):
        erlang_estimate(stays, 0.8, max_agents=3)


def test_cheapest_plan_meets_the_target_and_one_fewer_on_any_shift_misses_it(cheapest, two_shifts):
    assert cheapest.goal == "cheapest" and set(cheapest.plan) == {"day", "late"}
    assert cheapest.summary.loc["service_level", "mean"] >= 0.8
    assert cheapest.summary.loc["service_level", "ci_low"] < cheapest.summary.loc["service_level", "mean"]
    evaluated = cheapest.evaluated.set_index(["day", "late"])
    chosen = (cheapest.plan["day"], cheapest.plan["late"])
    assert evaluated.loc[chosen, "chosen"] and evaluated.loc[chosen, "meets_targets"]
    assert evaluated["chosen"].sum() == 1
    for fewer in [(chosen[0] - 1, chosen[1]), (chosen[0], chosen[1] - 1)]:
        assert not evaluated.loc[fewer, "meets_targets"]
        assert evaluated.loc[fewer, "service_level"] < 0.8
    assert cheapest.estimate is None and cheapest.starts["today"] == {"day": 1, "late": 1}
    starts = cheapest.evaluated[cheapest.evaluated["step"] == 0]  # today's plan and the integer program's
    assert list(starts["start"]) == ["today", "integer program"]
    assert starts[["day", "late"]].values.tolist() == [[1, 1], list(cheapest.starts["integer program"].values())]
    mix = cheapest.shift_mix
    assert (mix.cover["staffed"] >= mix.cover["required"]).all()
    assert tuple(cheapest.starts["integer program"].values()) == mix.counts
    cheaper = cheapest.evaluated[cheapest.evaluated["planned_cost"] < evaluated.loc[chosen, "planned_cost"]]
    assert not cheaper["meets_targets"].any()
    assert evaluated.loc[chosen, "planned_cost"] == 12 * sum(chosen)  # hours on duty, no business section
    assert set(cheapest.runs.columns[:3]) == {"plan", "replication", "seed"}
    assert len(cheapest.runs) == 4 * len(cheapest.evaluated)


def test_the_search_gives_the_same_answer_on_two_workers(cheapest, two_shifts):
    pooled = cheapest_plan(two_shifts, service_level=0.8, replications=4, workers=2, progress=False)
    assert pooled.plan == cheapest.plan
    assert_frame_equal(pooled.evaluated, cheapest.evaluated)


def test_a_reputation_floor_is_a_second_target():
    scenario = make_business(**{"run.days": 2.0})
    search = cheapest_plan(scenario, service_level=0.3, reputation_floor=79.0, replications=3,
                           workers=1, progress=False)
    assert search.targets == {"service_level": 0.3, "lowest_reputation": 79.0}
    assert search.summary.loc["lowest_reputation", "mean"] >= 79.0
    fewer = search.evaluated[search.evaluated["always"] == search.plan["always"] - 1].iloc[0]
    assert fewer["service_level"] < 0.3 or fewer["lowest_reputation"] < 79.0
    cost = search.evaluated[search.evaluated["chosen"]].iloc[0]["planned_cost"]
    assert cost == 48 * 20.0 * search.plan["always"]  # 48 hours on duty at 20 an hour


def test_best_profit_plan_is_at_least_as_good_as_each_neighbour():
    shifts = {"day": {"count": 1, "start_hour": 8, "end_hour": 20}, "night": {"count": 1, "start_hour": 20, "end_hour": 32}}
    scenario = make_business(**{"run.days": 1.0, "staff": shifts, "business.staff_cost_per_hour": 150.0})
    search = best_profit_plan(scenario, replications=3, workers=1, progress=False)
    assert search.goal == "profit" and search.targets == {}
    profit = search.evaluated.set_index(["day", "night"])["profit"]
    day, night = search.plan["day"], search.plan["night"]
    assert profit[(day, night)] == search.summary.loc["profit", "mean"] == profit.max()
    for neighbour in [(day - 1, night), (day + 1, night), (day, night - 1), (day, night + 1)]:
        if min(neighbour) >= 0:
            assert profit[neighbour] <= profit[(day, night)]


@pytest.mark.parametrize("call, message", [
    (lambda s: cheapest_plan(s, 0.9, max_count=1, replications=2, workers=1, progress=False),
     r"^no plan up to 1 per shift meets service_level >= 0.9 \(judged on 2 replications; the closest, day=1, late=1"),
    (lambda s: cheapest_plan(s, 0.8, reputation_floor=50, workers=1, progress=False),
     r"reputation_floor needs a \[business\] section"),
    (lambda s: best_profit_plan(s, workers=1, progress=False), r"best_profit_plan needs a \[business\] section"),
    (lambda s: cheapest_plan(s, 0.8, shifts=["night"], workers=1, progress=False),
     r"staff.night: no such shift \(shifts: day, late\)"),
    (lambda s: cheapest_plan(s, 1.5, workers=1, progress=False), r"service_level = 1.5: must be in \[0, 1\]"),
])
def test_impossible_requests_are_explained(two_shifts, call, message):
    with pytest.raises(ValueError, match=message):
        call(two_shifts)


def test_only_the_shifts_asked_for_are_searched():
    day_staffed = make_scenario(**TWO_SHIFTS, **{"staff.day.count": 5})
    search = cheapest_plan(day_staffed, 0.8, replications=2, shifts=["late"], workers=1, progress=False)
    assert list(search.plan) == ["late"] and "day" not in search.evaluated.columns
    assert search.summary.loc["service_level", "mean"] >= 0.8


def test_plan_search_figure_marks_the_chosen_plan_the_starts_and_the_target(cheapest):
    fig = plot_plan_search(cheapest)
    top, cost = fig.axes
    gids = {artist.get_gid() for artist in top.get_children()}
    assert {"chosen:service_level", "target:service_level", "starts:service_level"} <= gids
    assert tuple(fig.get_size_inches()) == PLAN_FIGURE_SIZE
    key = [t.get_text() for t in cost.get_legend().get_texts()]
    plans = cheapest.evaluated
    numbered = plans["chosen"] | (plans["start"] != "") | plans["meets_targets"]  # the rest are dots
    assert len(key) == min(numbered.sum(), LABELLED_PLANS)
    assert any(plan_label(cheapest.plan) in line and line.endswith("(chosen)") for line in key)
    assert any(line.endswith("(today)") for line in key)
    assert cost.get_xlabel() == f"{len(cheapest.evaluated)} plans tried, cheapest first"
    assert plan_label({"day": 3, "late": 1}) == "day=3, late=1"
