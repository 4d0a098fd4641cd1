"""Notebook 01's helpers: the weekday-only shop and what its weekend customers live through."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from simlib import simulate
from simlib.course import doors
from simlib.course.doors import (
    COVER_DAYS,
    SHIFT_HOURS,
    door_report,
    door_table,
    doors_explorer,
    draw_doors,
    plot_wait_by_day,
    shop_scenario,
    wait_by_day,
    weekend_questions,
)


@pytest.fixture(scope="module")
def closed():
    """The preset: nobody on duty at the weekend."""
    return simulate(shop_scenario())


@pytest.fixture(scope="module")
def open_weekend():
    return simulate(shop_scenario("Saturday and Sunday"))


def test_the_scenario_adds_a_weekend_shift_only_when_asked():
    assert list(shop_scenario().staff) == ["weekday"]
    scenario = shop_scenario("Saturday", weekend_people=3, weekday_people=1, hours=(13.0, 21.0), days=7)
    assert scenario.staff["weekend"].days == ["sat"] and scenario.staff["weekend"].count == 3
    assert scenario.staff["weekday"].count == 1 and scenario.staff["weekday"].start_hour == 13.0
    assert scenario.run.days == 7
    with pytest.raises(ValueError, match="cover = 'Sunday'"):
        shop_scenario("Sunday")


def test_every_cover_meets_the_same_customers(closed, open_weekend):
    assert np.array_equal(closed.records["arrival"], open_weekend.records["arrival"])
    assert np.array_equal(closed.records["channel"], open_weekend.records["channel"])


def test_weekend_questions_are_saturday_and_sunday_ones(closed):
    weekend = weekend_questions(closed)
    assert set(weekend["day"]) == {"Sat", "Sun"}
    day = (weekend["arrival"] // 1440).astype(int) % 7
    assert ((day == 5) == (weekend["day"] == "Sat")).all()
    assert (weekend["monday"] % (7 * 1440) == 540).all() and (weekend["monday"] > weekend["arrival"]).all()
    assert not weekend.loc[weekend["channel"] == "reviews", "can_give_up"].any()  # reviewers do not wait


def test_with_nobody_on_duty_every_weekend_question_waits_until_monday(closed):
    report = door_report(closed)
    assert report["no_reply_by_monday"] == 1.0  # by construction: nobody works before Monday 09:00
    assert report["saturday_median_wait_hours"] > 24  # Saturday to Monday morning at least
    assert report["weekend_gave_up_share"] > 0.9  # patience is hours, the wait is days
    assert report["weekend_gave_up"] <= report["weekend_patient"] < report["weekend_questions"]


def test_weekend_cover_shortens_the_weekend_silence(closed, open_weekend):
    shut, served = door_report(closed), door_report(open_weekend)
    assert served["no_reply_by_monday"] < 0.5
    assert served["saturday_median_wait_hours"] < 0.5 * shut["saturday_median_wait_hours"]
    assert served["weekend_gave_up"] < shut["weekend_gave_up"]
    saturday_only = door_report(simulate(shop_scenario("Saturday")))
    assert served["no_reply_by_monday"] < saturday_only["no_reply_by_monday"] < shut["no_reply_by_monday"]


def test_a_weekend_whose_monday_is_after_the_run_is_not_counted():
    result = simulate(shop_scenario(days=14))  # ends on Sunday night: week 2's Monday is unseen
    weekend = weekend_questions(result)
    second = weekend["arrival"] >= 7 * 1440
    assert weekend.loc[second, "no_reply_by_monday"].isna().all()
    assert weekend.loc[~second, "no_reply_by_monday"].notna().all()
    assert door_report(result)["no_reply_by_monday"] == 1.0


def test_wait_by_day_counts_never_answered_as_longest(closed):
    median = wait_by_day(closed)
    assert list(median.index) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert median["Sat"] > median["Tue"] and median["Fri"] > median["Tue"]  # Friday evening waits till Monday
    nobody = simulate(shop_scenario(weekday_people=0, days=7))
    assert np.isinf(wait_by_day(nobody)).all()


def test_the_wait_figure_marks_the_days_nobody_works(closed):
    fig = plot_wait_by_day(closed)
    assert isinstance(fig, Figure) and not plt.get_fignums()
    ax = fig.axes[0]
    red = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx((0.839, 0.153, 0.157), abs=0.01)]
    assert len(red) == 2  # Saturday and Sunday
    longest = wait_by_day(closed).idxmax()
    assert ax.get_title().startswith(f"A question sent on {doors._long_day(longest)} waits")
    assert "hours" in ax.get_ylabel()


def test_the_table_reads_well(closed):
    table = door_table(door_report(closed))
    assert table.loc["…with no reply by Monday 09:00", "value"] == "100%"
    assert table.loc["median wait of a Saturday question", "value"].endswith("hours")
    never = door_table({**door_report(closed), "saturday_median_wait_hours": math.inf})
    assert never.loc["median wait of a Saturday question", "value"] == "never answered"


def test_the_explorer_redraws_on_a_new_cover():
    explorer = doors_explorer()
    figure, table = explorer.result
    assert isinstance(figure, Figure) and figure.axes[0].get_ylim()[1] >= doors.EXPLORER_Y_MAX
    assert table.iloc[1, 0] == "100%"
    explorer.controls["cover"].value = "Saturday and Sunday"
    assert explorer.result[1].iloc[1, 0] != "100%"
    explorer.controls["hours"].value = list(SHIFT_HOURS)[1]
    assert {value for _label, value in explorer.controls["cover"].options} == set(COVER_DAYS)
    assert not plt.get_fignums()


def test_draw_doors_uses_one_scale_for_every_choice():
    small, _ = draw_doors("Saturday and Sunday", 3, list(SHIFT_HOURS)[1])
    assert small.axes[0].get_ylim()[1] == doors.EXPLORER_Y_MAX
