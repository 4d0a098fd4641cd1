"""Arithmetic on conversion curves: how fast a lead's chance of buying falls with the reply delay.

Delays are in minutes, as in the scenario's ``[business.conversion]`` section.
"""

from __future__ import annotations

import math

import numpy as np

from simlib.model.business import ConversionCurve

__all__ = ["conversion_half_life"]


def conversion_half_life(curve: ConversionCurve, max_minutes: float = 1e7) -> float:
    """Reply delay at which a lead's chance of buying has fallen to half of ``at_once``.

    Found numerically (bisection on the curve's own ``probability``), so it
    works for every curve shape: the smallest delay whose probability is at
    most ``at_once / 2``.

    Parameters
    ----------
    curve
        A conversion curve (``scenario.business.conversion``).
    max_minutes
        Longest delay searched (minutes).

    Returns
    -------
    float
        Minutes; ``inf`` if the curve stays above half within ``max_minutes``
        (a step that falls less than half), NaN if ``at_once`` is 0.

    Examples
    --------
    >>> from simlib.model.business import ExponentialCurve, PowerCurve
    >>> round(conversion_half_life(ExponentialCurve(curve="exponential", at_once=0.3, half_life_minutes=15)), 6)
    15.0
    >>> round(conversion_half_life(PowerCurve(curve="power", at_once=0.4, scale_minutes=10, exponent=1)), 6)
    10.0
    """
    if not curve.at_once > 0:
        return math.nan
    half = curve.at_once / 2

    def probability(t: float) -> float:
        return float(np.asarray(curve.probability(np.array([t])))[0])

    if probability(0.0) <= half:
        return 0.0
    if probability(max_minutes) > half:
        return math.inf
    low, high = 0.0, float(max_minutes)
    for _ in range(200):  # the interval halves each time: 200 steps reach machine precision
        middle = 0.5 * (low + high)
        if probability(middle) <= half:
            high = middle
        else:
            low = middle
        if high - low <= 1e-12 * max(1.0, high):
            break
    return high
