"""When a run has somebody on duty, and when nobody is.

Periods are ``(start, end)`` pairs in minutes from Monday 00:00, within the
run's horizon, read from the run's staffing (``result.staffing.periods``).
"""

from __future__ import annotations

from simlib.model.records import SimulationResult

__all__ = ["off_duty_periods", "on_duty_periods"]


def on_duty_periods(result: SimulationResult) -> list[tuple[float, float]]:
    """When at least one community manager is on duty.

    Parameters
    ----------
    result
        A simulated run.

    Returns
    -------
    list of (start, end)
        Sorted, non-overlapping periods in minutes from Monday 00:00, within
        the horizon; overlapping or back-to-back shifts are merged. Shifts
        with ``count = 0`` put nobody on duty and are left out.
    """
    spans = sorted(
        period
        for _, members, periods in result.staffing.periods
        if len(members) > 0
        for period in periods
    )
    merged: list[tuple[float, float]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def off_duty_periods(result: SimulationResult) -> list[tuple[float, float]]:
    """When nobody is on duty: the gaps between :func:`on_duty_periods`.

    Parameters
    ----------
    result
        A simulated run.

    Returns
    -------
    list of (start, end)
        Sorted periods in minutes from Monday 00:00, covering the rest of
        ``[0, horizon]``; empty when someone is always on duty.
    """
    gaps: list[tuple[float, float]] = []
    now = 0.0
    for start, end in on_duty_periods(result):
        if start > now:
            gaps.append((now, start))
        now = max(now, end)
    if now < result.horizon_minutes:
        gaps.append((now, result.horizon_minutes))
    return gaps
