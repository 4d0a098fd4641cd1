"""Tests for simlib.figures.style: the labels and axes the figures share."""

from __future__ import annotations

import doctest

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import simlib.figures.style  # noqa: E402
from simlib.figures.style import (  # noqa: E402
    RUN_COLOURS,
    clock_label,
    duration_text,
    figure_and_axes,
    join_with_and,
    run_colours,
    weekday_axis,
    wrap_title,
)


def test_clock_label_names_the_weekday_and_time():
    assert clock_label(540) == "Mon 09:00"
    assert clock_label(6 * 1440 + 23 * 60 + 59.5) == "Sun 23:59"
    assert clock_label(8 * 1440, weeks=True) == "Tue 00:00, week 2"


def test_short_texts():
    assert duration_text(90) == "1.5 h" and duration_text(30, adjective=True) == "30-minute"
    assert join_with_and(["a"]) == "a" and join_with_and(["a", "b", "c"]) == "a, b and c"
    assert wrap_title("first part; second part", 12) == "first part;\nsecond part"
    assert list(run_colours(f"run {k}" for k in range(10)).values()) == [*RUN_COLOURS, RUN_COLOURS[0]]


def test_new_axes_are_closed_in_pyplot_and_given_axes_are_kept():
    plt.close("all")
    fig, ax = figure_and_axes(None, figsize=(4, 3))
    assert tuple(fig.get_size_inches()) == (4, 3) and plt.get_fignums() == []
    other = Figure().subplots()
    assert figure_and_axes(other, figsize=(4, 3)) == (other.figure, other)


def test_weekday_axis_labels_days_or_weeks():
    ax = Figure().subplots()
    weekday_axis(ax, 7.0)
    assert [t.get_text() for t in ax.get_xticklabels(minor=True)] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    long = Figure().subplots()
    weekday_axis(long, 28.0)
    assert [t.get_text() for t in long.get_xticklabels()] == [f"Mon\nwk {w}" for w in range(1, 6)]  # day 28 too


def test_docstring_examples_run():
    assert doctest.testmod(simlib.figures.style).failed == 0
