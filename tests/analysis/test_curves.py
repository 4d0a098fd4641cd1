"""Tests for simlib.analysis.curves: the delay at which a lead's chance of buying has halved."""

from __future__ import annotations

import doctest
import math

import pytest

import simlib.analysis.curves
from simlib.analysis.curves import conversion_half_life
from simlib.model.business import ExponentialCurve, LogisticCurve, PowerCurve, StepCurve

CURVES = {
    "exponential": ExponentialCurve(curve="exponential", at_once=0.3, half_life_minutes=15.0),
    "power": PowerCurve(curve="power", at_once=0.25, scale_minutes=60.0, exponent=1.0),
    "logistic": LogisticCurve(curve="logistic", at_once=0.5, midpoint_minutes=120.0, steepness_minutes=30.0),
}


def test_half_life_is_found_numerically_for_every_curve_shape():
    assert conversion_half_life(CURVES["exponential"]) == pytest.approx(15.0)
    assert conversion_half_life(CURVES["power"]) == pytest.approx(60.0)  # (1 + t/60)^-1 = 1/2
    logistic = CURVES["logistic"]
    half = conversion_half_life(logistic)
    assert logistic.probability(half) == pytest.approx(logistic.at_once / 2, rel=1e-6)
    step = StepCurve(curve="step", at_once=0.4, within_minutes=30.0, after=0.1)
    assert conversion_half_life(step) == pytest.approx(30.0)
    assert conversion_half_life(StepCurve(curve="step", at_once=0.4, within_minutes=30.0, after=0.3)) == math.inf
    assert math.isnan(conversion_half_life(StepCurve(curve="step", at_once=0.0, within_minutes=5.0, after=0.0)))


def test_docstring_examples_run():
    assert doctest.testmod(simlib.analysis.curves).failed == 0
