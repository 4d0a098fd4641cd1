"""The weekly arrival profile of an export: a rate per day and 30-minute interval, with its uncertainty.

Each of the week's 7 x 48 intervals (Monday 00:00-00:30 first) occurs once
per week of the export. Its rate is the messages that arrived in it divided
by the hours it was watched (occurrences x 0.5 h); ``per_hour`` is the mean
rate over the export's whole days and each interval's factor is its rate
over ``per_hour``, so the factors average 1 and ``per_hour x factor`` gives
the interval's rate back. Counts are Poisson: the 95% interval of a factor
is the exact (Garwood) interval of its count, scaled the same way
(``per_hour`` is taken as known; it rests on all the messages, so its own
error is small beside one interval's).

Source: F. Garwood (1936), "Fiducial limits for the Poisson distribution",
*Biometrika* 28, 437-442 (the exact interval from chi-square quantiles).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from simlib.errors import ScenarioError
from simlib.fit.export import Messages

INTERVAL_MINUTES = 30
INTERVALS_PER_DAY = 48
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FEW_MESSAGES = 5
"""An interval that saw fewer messages than this (per occurrence, summed) has a rough factor."""


@dataclass(frozen=True)
class Profile:
    """The fitted weekly profile.

    ``table`` has one row per interval of the week (7 x 48 = 336, Monday
    00:00 first) with ``day`` (mon..sun), ``interval`` (0..47), ``start``
    (``"09:30"``), ``messages`` (count in the export), ``occurrences`` (how
    many times the export covers it), ``rate`` (messages per hour),
    ``factor`` and its 95% interval ``factor_low``, ``factor_high``.
    ``weekly`` has the messages per interval in each week of the export
    (rows: weeks from the first Monday, columns: the 336 intervals), for
    the report's observed-vs-fitted figure. ``per_hour`` with its 95%
    interval ``per_hour_ci``; ``messages`` and ``days`` of the export.
    """

    table: pd.DataFrame
    weekly: pd.DataFrame
    per_hour: float
    per_hour_ci: tuple[float, float]
    messages: int
    days: int

    def factors(self) -> list[list[float]]:
        """The 7 lists of 48 factors, Monday first (the scenario's ``interval_factor``)."""
        return self.table["factor"].to_numpy().reshape(7, INTERVALS_PER_DAY).tolist()

    @property
    def median_half_width(self) -> float:
        """The median over intervals of the 95% interval's half-width relative to the factor (0.4: +-40%)."""
        table = self.table[self.table["factor"] > 0]
        if table.empty:
            return float("nan")
        return float(((table["factor_high"] - table["factor_low"]) / 2 / table["factor"]).median())


def poisson_interval(count: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) ``level`` interval of a Poisson mean for each observed ``count`` (arrays of counts)."""
    count = np.asarray(count, dtype=float)
    alpha = 1 - level
    low = np.where(count > 0, stats.chi2.ppf(alpha / 2, 2 * count) / 2, 0.0)
    high = stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return low, high


def weekly_profile(messages: Messages) -> Profile:
    """Fit the weekly profile of an export (see the module's docstring).

    Raises :class:`ScenarioError` when the export covers less than one week
    (7 whole days: each weekday at least once).
    """
    days = messages.days
    if days < 7:
        raise ScenarioError(f"{messages.source}: covers {days} day{'s' * (days != 1)} "
                            f"({messages.start:%Y-%m-%d} to {messages.end:%Y-%m-%d}); the weekly profile needs "
                            "at least 7 (each weekday once), better several weeks")
    arrived = messages.frame["arrived"]
    slot = arrived.dt.dayofweek.to_numpy() * INTERVALS_PER_DAY + \
        (arrived.dt.hour.to_numpy() * 60 + arrived.dt.minute.to_numpy()) // INTERVAL_MINUTES
    counts = np.bincount(slot, minlength=7 * INTERVALS_PER_DAY)
    dates = pd.date_range(messages.start, periods=days, freq="D")
    occurrences = np.repeat(np.bincount(dates.dayofweek, minlength=7), INTERVALS_PER_DAY)
    hours = occurrences * INTERVAL_MINUTES / 60
    total = int(counts.sum())
    per_hour = total / (days * 24)
    if per_hour <= 0:
        raise ScenarioError(f"{messages.source}: no messages")
    low, high = poisson_interval(counts)
    scale = hours * per_hour
    total_low, total_high = poisson_interval(np.array([total]))
    table = pd.DataFrame({
        "day": np.repeat(DAY_NAMES, INTERVALS_PER_DAY),
        "interval": np.tile(np.arange(INTERVALS_PER_DAY), 7),
        "start": [f"{m // 60:02d}:{m % 60:02d}" for m in np.tile(np.arange(INTERVALS_PER_DAY) * INTERVAL_MINUTES, 7)],
        "messages": counts,
        "occurrences": occurrences,
        "rate": counts / hours,
        "factor": counts / scale,
        "factor_low": low / scale,
        "factor_high": high / scale,
    })
    first_monday = messages.start - pd.Timedelta(days=messages.start.dayofweek)
    week = ((arrived - first_monday) // pd.Timedelta(days=7)).to_numpy()
    weeks = int((messages.end - pd.Timedelta(minutes=1) - first_monday) // pd.Timedelta(days=7)) + 1
    weekly = np.zeros((weeks, 7 * INTERVALS_PER_DAY), dtype=np.int64)
    np.add.at(weekly, (week, slot), 1)
    per_hour_ci = (float(total_low[0] / (days * 24)), float(total_high[0] / (days * 24)))
    return Profile(table, pd.DataFrame(weekly), per_hour, per_hour_ci, total, days)
