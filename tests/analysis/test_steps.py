"""Tests for simlib.analysis.steps: the peak of a step function, and its average over periods."""

from __future__ import annotations

import doctest
import math

import pandas as pd
import pytest

import simlib.analysis.steps
from simlib.analysis.kpis import time_average
from simlib.analysis.steps import step_peak, time_average_over

# 0 until minute 10, then 4, 2 from minute 20, 5 from minute 30 (to the end).
STEPS = pd.Series([0, 4, 2, 5], index=[0.0, 10.0, 20.0, 30.0])


def test_peak_is_the_largest_value_in_the_window_and_when_it_is_first_reached():
    assert step_peak(STEPS, 0.0, 40.0) == (5.0, 30.0)
    assert step_peak(STEPS, 0.0, 30.0) == (4.0, 10.0)  # the window ends before the 5
    assert step_peak(STEPS, 15.0, 30.0) == (4.0, 15.0)  # the value holding at the start counts


def test_peak_before_the_first_step_is_zero():
    assert step_peak(pd.Series([3], index=[50.0]), 0.0, 40.0) == (0.0, 0.0)


def test_average_over_periods_weighs_each_minute_once():
    assert time_average_over(STEPS, [(0.0, 10.0), (20.0, 30.0)]) == pytest.approx((0 * 10 + 2 * 10) / 20)
    assert time_average_over(STEPS, [(5.0, 35.0)]) == pytest.approx(time_average(STEPS, 5.0, 35.0))


def test_average_over_nothing_is_nan():
    assert math.isnan(time_average_over(STEPS, []))
    assert math.isnan(time_average_over(pd.Series([], dtype=float), [(0.0, 10.0)]))


def test_docstring_examples_run():
    assert doctest.testmod(simlib.analysis.steps).failed == 0
