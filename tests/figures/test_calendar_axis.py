"""Time axes of runs that start on a date: weekday names from the start date's weekday."""

from __future__ import annotations

from conftest import make_scenario
from matplotlib.figure import Figure

from simlib import simulate
from simlib.figures.inbox import plot_inbox_length
from simlib.figures.style import common_weekday, weekday_axis


def test_weekday_axis_starts_on_the_first_weekday():
    ax = Figure().subplots()
    weekday_axis(ax, 3.0, first_weekday=3)
    assert [t.get_text() for t in ax.get_xticklabels(minor=True)] == ["Thu", "Fri", "Sat"]
    long = Figure().subplots()
    weekday_axis(long, 28.0, first_weekday=3)  # Thursday first: the Mondays are days 4, 11, 18, 25
    assert [t.get_position()[0] for t in long.get_xticklabels()] == [4, 11, 18, 25]


def test_the_inbox_figure_names_the_days_of_a_run_that_starts_on_a_thursday():
    thursday = simulate(make_scenario(**{"run.days": 2.0, "run.start_date": "2026-11-26"}))
    ax = plot_inbox_length(thursday).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels(minor=True)] == ["Thu", "Fri"]
    monday = simulate(make_scenario(**{"run.days": 2.0}))
    assert common_weekday([thursday, thursday]) == 3 and common_weekday([thursday, monday]) == 0


def test_clock_labels_count_weekdays_from_the_first_weekday():
    from simlib.figures.style import clock_label

    assert clock_label(540, first_weekday=3) == "Thu 09:00"
    assert clock_label(7 * 1440 + 514, weeks=True, first_weekday=4) == "Fri 08:34, week 2"
