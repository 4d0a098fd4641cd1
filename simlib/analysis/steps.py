"""Step functions of time, such as :func:`simlib.analysis.kpis.inbox_length`: their peak,
and their time-average over a set of periods (e.g. the hours nobody is on duty).

A step function is a :class:`pandas.Series` whose value at index ``t``
(minutes) holds until the next index; it is 0 before its first step.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from simlib.analysis.kpis import step_integral

__all__ = ["step_peak", "time_average_over"]


def step_peak(steps: pd.Series, start: float, end: float) -> tuple[float, float]:
    """Largest value of a step function on ``[start, end)`` and the first minute it is reached.

    Parameters
    ----------
    steps
        A step function of time (index in minutes).
    start, end
        The window, in minutes; the value holding at ``start`` counts.

    Returns
    -------
    (float, float)
        The largest value, and the first minute in the window with that value
        (``start`` itself when the value holding at ``start`` is the largest).

    Examples
    --------
    >>> step_peak(pd.Series([0, 3, 1, 3], index=[0.0, 10.0, 20.0, 30.0]), 15.0, 40.0)
    (3.0, 15.0)
    """
    before = steps[steps.index <= start]
    inside = steps[(steps.index > start) & (steps.index < end)]
    times = np.concatenate([[start], inside.index.to_numpy()])
    values = np.concatenate([[before.iloc[-1] if len(before) else 0], inside.to_numpy()])
    k = int(np.argmax(values))
    return float(values[k]), float(times[k])


def time_average_over(steps: pd.Series, periods: list[tuple[float, float]]) -> float:
    """Time-average of a step function over a set of periods.

    Parameters
    ----------
    steps
        A step function of time (index in minutes).
    periods
        Non-overlapping ``(start, end)`` periods in minutes.

    Returns
    -------
    float
        The area under the function within the periods divided by their
        total length (value per minute); NaN if the periods have no length
        or the function has no steps.

    Examples
    --------
    >>> time_average_over(pd.Series([0, 2], index=[0.0, 10.0]), [(0.0, 10.0), (10.0, 30.0)])
    1.3333333333333333
    """
    total = sum(b - a for a, b in periods)
    if total <= 0 or steps.empty:
        return math.nan
    area = step_integral(steps, np.ravel(periods)).reshape(-1, 2)
    return float((area[:, 1] - area[:, 0]).sum() / total)
