"""The dashboards' answer cache: what it prepares next, and answers served from it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import io  # noqa: E402

import pytest  # noqa: E402
from PIL import Image as Pillow  # noqa: E402

from simlib.dashboards import cache, explore_scenario, scenario_explorer  # noqa: E402

DAYS = 7  # short runs keep the file fast


def test_explorer_prefetches_one_step_moves_and_answers_them_from_the_cache() -> None:
    cache.clear_cache()
    explorer = scenario_explorer("luxury", days=DAYS, prefetch=True)
    answers = cache.ANSWERS
    expected = cache.explorer_next_keys("luxury", {"weekday": 1, "saturday": 1}, "fifo", DAYS, 1)
    assert len(expected) == 4 + 3  # one more or fewer on each of two shifts, three other policies
    cache.wait_for_background()
    assert all(key in answers for key in expected)
    computed = answers.computed_here
    explorer.controls["staff_weekday"].value = 2
    assert answers.computed_here == computed  # simulated and drawn by the background process
    screen = explorer.result
    table = screen.data
    assert Pillow.open(io.BytesIO(screen.picture)).size == (1280, 400)
    cache.clear_cache()  # the same run, computed here, gives the same figures
    direct = explore_scenario("luxury", {"weekday": 2, "saturday": 1}, 60, "fifo", DAYS)
    assert table["value"].to_dict() == pytest.approx(direct.kpis, nan_ok=True)


def test_side_by_side_prefetches_every_other_slider_position_nearest_first() -> None:
    keys = cache.side_by_side_next_keys(("luxury", "high_volume"), staff_change=1, days=DAYS, replications=2,
                                        changes=range(-1, 3))
    assert [change for _, _, change, _, _, _ in keys] == [0, 2, -1]
    assert all(key[1] == ("luxury", "high_volume") and key[3:] == (DAYS, 2, "en") for key in keys)


def test_the_explorer_answer_is_the_table_of_explore_scenario_and_a_picture() -> None:
    screen = cache.explorer_answer("high_volume", {"early": 2, "late": 4}, 15, "fifo", DAYS, 1)
    view = explore_scenario("high_volume", {"early": 2, "late": 4}, 15, "fifo", DAYS)
    assert screen.data["value"].to_dict() == pytest.approx(view.kpis, nan_ok=True)
    assert screen.picture.startswith(b"\x89PNG")
