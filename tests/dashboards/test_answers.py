"""What the dashboards compute, without widgets: one preset, a change side by side, a staffing plan."""

from __future__ import annotations

import pytest

from simlib.dashboards import (
    DASHBOARD_KPIS,
    PER_QUESTION_KPI,
    ScenarioView,
    explore_scenario,
    preset_scenario,
    side_by_side_change,
    staffing_plan,
)
from simlib.errors import ScenarioError

DAYS = 7  # short runs keep the file fast


def test_explore_scenario_returns_every_dashboard_kpi() -> None:
    view = explore_scenario("luxury", {"weekday": 1}, days=DAYS)
    assert isinstance(view, ScenarioView)
    assert list(view.kpis) == list(DASHBOARD_KPIS)
    assert view.currency == "USD"
    assert view.result.scenario.run.days == DAYS
    assert 0 <= view.kpis["answered_share"] <= 1
    assert view.questions > 0 and view.result.outcomes is not None
    assert list(view.table().columns) == ["value", "meaning"]


def test_explore_scenario_rejects_an_unknown_shift() -> None:
    with pytest.raises(ScenarioError, match="staff.night"):
        explore_scenario("luxury", {"night": 1}, days=DAYS)


def test_a_bad_value_is_refused_in_one_line_naming_the_preset_and_the_field() -> None:
    with pytest.raises(ScenarioError) as error:
        preset_scenario("luxury", {"weekday": -1})
    message = str(error.value)
    assert "\n" not in message and message.startswith("luxury: staff.weekday.count = -1")


def test_side_by_side_luxury_loses_more_per_question() -> None:
    change = side_by_side_change(-1, days=DAYS)
    deltas = change.deltas
    assert set(deltas.columns.get_level_values(0)) == {"luxury", "high_volume"}
    luxury = deltas.loc[PER_QUESTION_KPI, ("luxury", "change")]
    high_volume = deltas.loc[PER_QUESTION_KPI, ("high_volume", "change")]
    assert luxury > 0 and high_volume > 0
    assert luxury > 10 * high_volume  # a jeweller's question is worth far more
    # never below zero people: luxury's shifts of 1 become 0
    assert all(s.count == 0 for s in change.after["luxury"].scenario.staff.values())
    # common random numbers: the 'before' runs are the preset itself
    assert deltas.loc["staff_cost", ("luxury", "after")] < deltas.loc["staff_cost", ("luxury", "before")]


def test_staffing_plan_erlang_guess_and_best_count() -> None:
    plan = staffing_plan("high_volume", "late", range(1, 6), replications=1, days=DAYS)
    assert list(plan.summary.index) == [1, 2, 3, 4, 5]
    assert plan.best_count == int(plan.summary["profit"].idxmax())
    assert plan.erlang_guess is not None and plan.erlang_guess >= 1
    assert plan.peak_per_hour > 27.4  # the dinner peak is above the weekly average
    assert plan.target_minutes == 15.0


def test_the_planners_erlang_guess_counts_people_not_conversation_slots(tmp_path) -> None:
    """With every channel at concurrency 3, the guess is the Erlang slots divided by 3, rounded up."""
    import math
    import re

    from simlib.model.presets import find_scenario

    one = staffing_plan("high_volume", "late", [3], replications=1, days=2)
    text = re.sub(r"^(\[channels\.\w+\].*)$", r"\1\nconcurrency = 3", find_scenario("high_volume").read_text(),
                  flags=re.MULTILINE)
    path = tmp_path / "desk.toml"
    path.write_text(text)
    three = staffing_plan(str(path), "late", [3], replications=1, days=2)
    assert three.erlang_guess == math.ceil(one.erlang_guess / 3) < one.erlang_guess


def test_a_new_target_rescores_the_cached_run_without_simulating_again() -> None:
    tight = explore_scenario("luxury", {"weekday": 1}, target_minutes=30, days=DAYS)
    loose = explore_scenario("luxury", {"weekday": 1}, target_minutes=480, days=DAYS)
    assert loose.result.records is tight.result.records  # one run, scored twice
    assert loose.scenario.service.target_minutes == 480
    replied = tight.result.records["first_response"]
    assert tight.kpis["service_level"] == pytest.approx((replied <= 30).mean())
    assert loose.kpis["service_level"] == pytest.approx((replied <= 480).mean())
    assert loose.kpis["service_level"] > tight.kpis["service_level"]
