"""Headless tests of the three dashboards: build each, set widget values, click, read the result."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import io  # noqa: E402

import pandas as pd  # noqa: E402
from IPython.display import Image  # noqa: E402

from simlib.dashboards import (  # noqa: E402
    ERLANG_GID,
    scenario_explorer,
    side_by_side_explorer,
    staffing_planner,
)
from simlib.dashboards.explorer import Explorer  # noqa: E402
from simlib.figures import BEST_PROFIT_GID  # noqa: E402

DAYS = 7  # short runs keep the file fast


def assert_picture(picture: Image, width: int, height: int) -> None:
    """A PNG of the given size in pixels (as the explorer shows it)."""
    from PIL import Image as Pillow

    assert isinstance(picture, Image) and picture.format == "png"
    assert Pillow.open(io.BytesIO(picture.data)).size == (width, height)


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


def test_the_tables_read_as_a_room_reads_them() -> None:
    explorer = scenario_explorer("high_volume", days=DAYS)
    html = explorer.result[0]._repr_html_()
    table = explorer.result[0].data
    assert f"{100 * table.loc['service_level', 'value']:.1f}%" in html
    assert f"{table.loc['profit', 'value']:,.0f} USD" in html
    assert f"{table.loc['median_first_response_minutes', 'value']:.2f} min" in html
