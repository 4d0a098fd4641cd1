"""Headless tests of the three dashboards: build each, set widget values, click, read the screen it shows."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import io  # noqa: E402
import re  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from simlib.dashboards import scenario_explorer, side_by_side_explorer, staffing_planner  # noqa: E402
from simlib.dashboards.projector import Dashboard  # noqa: E402
from simlib.dashboards.screens import Screen  # noqa: E402
from simlib.dashboards.views import FIGURE_DPI, HEIGHT, WIDTH  # noqa: E402

DAYS = 7  # short runs keep the file fast


def assert_picture(screen: Screen) -> None:
    """A PNG of the projector size (full width, one screen)."""
    from PIL import Image as Pillow

    assert Pillow.open(io.BytesIO(screen.picture)).size == (round(WIDTH * FIGURE_DPI), round(HEIGHT * FIGURE_DPI))


def test_scenario_explorer_more_staff_never_lowers_answered_share() -> None:
    explorer = scenario_explorer("high_volume", days=DAYS)
    assert isinstance(explorer, Dashboard)
    assert all(getattr(c, "continuous_update", False) is False for c in explorer.controls.values()
               if hasattr(c, "continuous_update"))
    shares, costs = [], []
    for count in (1, 2, 3, 4):
        explorer.controls["staff_late"].value = count  # a slider release refreshes
        assert_picture(explorer.result)
        table = explorer.result.data
        shares.append(table.loc["answered_share", "value"])
        costs.append(table.loc["staff_cost", "value"])
    assert shares == sorted(shares) and shares[-1] > shares[0]
    assert costs == sorted(costs)


def test_scenario_explorer_target_changes_nothing_but_the_service_level() -> None:
    explorer = scenario_explorer("luxury", days=DAYS)
    before = explorer.result.data["value"]
    explorer.controls["target_minutes"].value = 5
    after = explorer.result.data["value"]
    assert after["service_level"] < before["service_level"]
    others = before.index != "service_level"
    assert after[others].equals(before[others])  # same customers, same service
    assert "service level (within 5 min)" in explorer.headline.value


def test_reset_puts_every_control_back_with_one_answer() -> None:
    explorer = scenario_explorer("high_volume", days=DAYS)
    first = explorer.result.data
    explorer.controls["staff_late"].value = 5
    explorer.controls["discipline"].value = "value"
    answers = []
    explorer.observe(lambda _: None)
    draw = explorer.draw
    explorer.draw = lambda **values: answers.append(values) or draw(**values)
    explorer.reset_button.click()
    assert len(answers) == 1 and explorer.values() == explorer.first_values
    pd.testing.assert_frame_equal(explorer.result.data, first)


def test_side_by_side_explorer_slider() -> None:
    explorer = side_by_side_explorer(days=DAYS)
    explorer.controls["staff_change"].value = 2
    table = explorer.result.data
    assert isinstance(table, pd.DataFrame)
    assert_picture(explorer.result)
    assert table.loc["staff_cost", ("high_volume", "change")] > 0
    assert table.loc["answered_share", ("high_volume", "change")] >= 0
    explorer.controls["staff_change"].value = 0
    assert (explorer.result.data.xs("change", axis=1, level=1).abs() < 1e-9).all().all()


def test_side_by_side_says_when_a_change_closes_a_business() -> None:
    explorer = side_by_side_explorer(days=DAYS)
    explorer.controls["staff_change"].value = -1  # the jeweller has one person per shift
    screen = explorer.result
    (note,) = [n for n in screen.notes if n.startswith("Jeweller")]
    assert "leaves nobody on duty at all, so no question is answered" in note
    lost = screen.data.loc["revenue_lost", ("luxury", "change")]
    if lost < 0:  # falls only because fewer customers write: said, never shown as a gain
        assert "only because fewer customers write" in note
    assert note in explorer.headline.value.replace("&#x27;", "'")
    jeweller = [n for n in screen.numbers if n.label == "Jeweller: profit"][0]
    assert jeweller.tone == "bad" and jeweller.text.startswith("−")


def test_staffing_planner_runs_on_the_button_and_marks_both() -> None:
    planner = staffing_planner("luxury", days=DAYS, counts=(0, 2), replications=1)
    first = planner.result
    planner.controls["counts"].value = (0, 3)
    assert planner.result is first  # controls alone do not run the slow sweep
    planner.button.click()
    screen = planner.result
    assert list(screen.table.columns) == ["0 people", "1 person", "2 people", "3 people"]
    assert planner.plan is not None and planner.plan.best_count in (0, 1, 2, 3)
    best = planner.plan.best_count
    assert screen.numbers[0].text == ("1 person" if best == 1 else f"{best} people")
    assert planner.plan.erlang_guess == 1  # 0.5 questions an hour: one person suffices
    assert screen.numbers[1].text == "1 person"


@pytest.mark.parametrize("bad", [1.9, -0.5, -1, "2"])
def test_a_head_count_that_is_not_a_whole_number_is_refused_in_one_line(bad: object) -> None:
    explorer = scenario_explorer("high_volume", days=DAYS)
    explorer.controls["staff_early"].value = 1  # a valid move first
    shown = explorer.result
    draw = explorer.draw
    explorer.draw = lambda **values: draw(**{**values, "staff_early": bad})
    explorer.refresh()
    assert "a head count is a whole number of people" in explorer.status.value
    assert f"staff.early.count = {bad!r}" in explorer.status.value.replace("&#x27;", "'")
    assert explorer.result is shown  # the last good answer stays on screen


def test_the_tables_read_as_a_room_reads_them() -> None:
    explorer = scenario_explorer("high_volume", days=DAYS)
    html = explorer.details.value
    table = explorer.result.data
    assert f"{100 * table.loc['service_level', 'value']:.1f}%" in html
    assert f"{table.loc['profit', 'value']:,.0f} USD" in html
    assert "answered_share" not in html and "median first reply" in html
    assert not re.search(r"\d\.\d{3,}", html), "no raw floats"
    planner = staffing_planner("high_volume", shift="late", counts=(1, 2), replications=1, days=DAYS)
    assert not re.search(r"\d\.\d{3,}", planner.details.value)
    assert "profit (USD)" in planner.details.value


def test_the_static_copy_shows_the_default_view() -> None:
    explorer = scenario_explorer("high_volume", days=DAYS)
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'src="data:image/png;base64,' in bundle["text/html"]
    assert "median first reply" in bundle["text/html"]
