"""Headless tests of the dashboards: build each, set widget values, click, read the result."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import io  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from IPython.display import Image  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from simlib.dashboards.dashboards import (  # noqa: E402
    DASHBOARD_KPIS,
    ERLANG_GID,
    PER_QUESTION_KPI,
    ScenarioView,
    explore_scenario,
    explorer_figure,
    scenario_explorer,
    side_by_side_change,
    side_by_side_explorer,
    staffing_plan,
    staffing_planner,
)
from simlib.dashboards.explorer import Explorer  # noqa: E402
from simlib.errors import ScenarioError  # noqa: E402
from simlib.figures.plots import BEST_PROFIT_GID  # noqa: E402

DAYS = 7  # short runs keep the file fast


def assert_picture(picture: Image, width: int, height: int) -> None:
    """A PNG of the given size in pixels (as the explorer shows it)."""
    from PIL import Image as Pillow

    assert isinstance(picture, Image) and picture.format == "png"
    assert Pillow.open(io.BytesIO(picture.data)).size == (width, height)


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


def test_scenario_explorer_more_staff_never_lowers_answered_share() -> None:
    explorer = scenario_explorer("high_volume", days=DAYS)
    assert isinstance(explorer, Explorer)
    assert all(getattr(c, "continuous_update", False) is False for c in explorer.controls.values()
               if hasattr(c, "continuous_update"))
    shares, costs = [], []
    for count in (1, 2, 3, 4):
        explorer.controls["staff_late"].value = count  # a slider release refreshes
        shown, picture = explorer.result
        table = shown.data
        assert_picture(picture, 1100, 800)  # 11 x 8 inches at 100 dots per inch
        shares.append(table.loc["answered_share", "value"])
        costs.append(table.loc["staff_cost", "value"])
    assert shares == sorted(shares) and shares[-1] > shares[0]
    assert costs == sorted(costs)


def test_scenario_explorer_target_changes_nothing_but_the_service_level() -> None:
    explorer = scenario_explorer("luxury", days=DAYS)
    before = explorer.result[0].data["value"]
    explorer.controls["target_minutes"].value = 5
    after = explorer.result[0].data["value"]
    assert after["service_level"] < before["service_level"]
    others = before.index != "service_level"
    assert after[others].equals(before[others])  # same customers, same service


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


def test_side_by_side_explorer_slider() -> None:
    explorer = side_by_side_explorer(days=DAYS)
    explorer.controls["staff_change"].value = 2
    shown, picture = explorer.result
    table = shown.data
    assert isinstance(table, pd.DataFrame)
    assert_picture(picture, 1100, 450)
    assert table.loc["staff_cost", ("high_volume", "change")] > 0
    assert table.loc["answered_share", ("high_volume", "change")] >= 0
    explorer.controls["staff_change"].value = 0
    assert (explorer.result[0].data.xs("change", axis=1, level=1).abs() < 1e-9).all().all()


def test_staffing_plan_erlang_guess_and_best_count() -> None:
    plan = staffing_plan("high_volume", "late", range(1, 6), replications=1, days=DAYS)
    assert list(plan.summary.index) == [1, 2, 3, 4, 5]
    assert plan.best_count == int(plan.summary["profit"].idxmax())
    assert plan.erlang_guess is not None and plan.erlang_guess >= 1
    assert plan.peak_per_hour > 27.4  # the dinner peak is above the weekly average
    assert plan.target_minutes == 15.0


def test_staffing_planner_runs_on_the_button_and_marks_both() -> None:
    planner = staffing_planner("luxury", days=DAYS, counts=(0, 2), replications=1)
    first = planner.result
    planner.controls["counts"].value = (0, 3)
    assert planner.result is first  # controls alone do not run the slow sweep
    planner.button.click()
    table, fig = planner.result
    assert list(table.index) == [0, 1, 2, 3]
    assert planner.plan is not None and planner.plan.best_count in table.index
    assert table.loc[planner.plan.best_count, "best profit"] == "*"
    gids = {artist.get_gid() for ax in fig.axes for artist in ax.get_children()}
    assert ERLANG_GID in gids and BEST_PROFIT_GID in gids
    assert planner.plan.erlang_guess == 1  # 0.5 questions an hour: one person suffices


def test_a_new_target_rescores_the_cached_run_without_simulating_again() -> None:
    tight = explore_scenario("luxury", {"weekday": 1}, target_minutes=30, days=DAYS)
    loose = explore_scenario("luxury", {"weekday": 1}, target_minutes=480, days=DAYS)
    assert loose.result.records is tight.result.records  # one run, scored twice
    assert loose.scenario.service.target_minutes == 480
    replied = tight.result.records["first_response"]
    assert tight.kpis["service_level"] == pytest.approx((replied <= 30).mean())
    assert loose.kpis["service_level"] == pytest.approx((replied <= 480).mean())
    assert loose.kpis["service_level"] > tight.kpis["service_level"]


def test_the_explorer_figure_shows_the_inbox_above_and_reputation_below() -> None:
    fig = explorer_figure(explore_scenario("luxury", {}, days=DAYS).result)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "Waiting" in fig.axes[0].get_ylabel() and "eputation" in fig.axes[1].get_ylabel()


def test_explorer_prefetches_one_step_moves_and_answers_them_from_the_cache() -> None:
    from simlib.dashboards import dashboards

    dashboards.clear_cache()
    explorer = scenario_explorer("luxury", days=DAYS, prefetch=True)
    answers = dashboards._ANSWERS
    expected = dashboards.explorer_next_keys("luxury", {"weekday": 1, "saturday": 1}, "fifo", DAYS, 1)
    assert len(expected) == 4 + 3  # one more or fewer on each of two shifts, three other policies
    dashboards.wait_for_background()
    assert all(key in answers for key in expected)
    computed = answers.computed_here
    explorer.controls["staff_weekday"].value = 2
    assert answers.computed_here == computed  # simulated and drawn by the background process
    shown, picture = explorer.result
    table = shown.data
    assert_picture(picture, 1100, 800)
    dashboards.clear_cache()  # the same run, computed here, gives the same figures
    direct = explore_scenario("luxury", {"weekday": 2, "saturday": 1}, 60, "fifo", DAYS)
    assert table["value"].to_dict() == pytest.approx(direct.kpis, nan_ok=True)


def test_side_by_side_prefetches_every_other_slider_position_nearest_first() -> None:
    from simlib.dashboards.dashboards import side_by_side_next_keys

    keys = side_by_side_next_keys(("luxury", "high_volume"), staff_change=1, days=DAYS, replications=2,
                                  changes=range(-1, 3))
    assert [change for _, _, change, _, _ in keys] == [0, 2, -1]
    assert all(key[1] == ("luxury", "high_volume") and key[3:] == (DAYS, 2) for key in keys)


def test_the_tables_read_as_a_room_reads_them() -> None:
    explorer = scenario_explorer("high_volume", days=DAYS)
    html = explorer.result[0]._repr_html_()
    table = explorer.result[0].data
    assert f"{100 * table.loc['service_level', 'value']:.1f}%" in html
    assert f"{table.loc['profit', 'value']:,.0f} USD" in html
    assert f"{table.loc['median_first_response_minutes', 'value']:.2f} min" in html


def test_the_change_figure_shows_both_businesses_and_who_gains() -> None:
    from simlib.dashboards.dashboards import plot_change

    change = side_by_side_change(1, days=DAYS)
    fig = plot_change(change)
    lost, gain = fig.axes
    profit = [change.deltas.loc["profit", (name, "change")] for name in ("luxury", "high_volume")]
    (bars,) = [c for c in gain.containers if c.patches[0].get_gid() == "bars:profit:change"]
    assert [patch.get_height() for patch in bars] == pytest.approx(profit)
    colours = [patch.get_facecolor() for patch in bars]
    assert (colours[0] == colours[1]) == ((profit[0] >= 0) == (profit[1] >= 0))  # green gains, red losses
    labels = " ".join(text.get_text() for ax in (lost, gain) for text in ax.texts)
    assert "USD" in labels and f"{profit[1]:,.0f} USD" in labels
    values = change.deltas.loc[PER_QUESTION_KPI]
    assert lost.get_yscale() == ("log" if (values.xs("before", level=1) > 0).all()
                                 and (values.xs("after", level=1) > 0).all() else "linear")
