"""A first guess at staffing from the scenario alone: Erlang per shift, no simulation.

Each shift is treated as a steady queue at its busiest hour: the peak
arrival rate in its hours, the share-weighted mean handling time, and the
service-level target of the scenario. It ignores overlapping shifts, the
backlog a shift inherits and reputation feedback on arrivals, so it is a
starting point for :mod:`simlib.experiments.optimise`, not an answer.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from simlib.analysis.queueing import agents_needed
from simlib.errors import ScenarioError
from simlib.model.calendar import weekly_rates
from simlib.model.scenario import DAYS, Scenario


def shift_peak_rate(scenario: Scenario, shift: str) -> float:
    """Highest hourly arrival rate (questions per hour) during one shift's hours on its days.

    The rates are those of an ordinary week (:func:`simlib.model.calendar.weekly_rates`,
    30-minute intervals); an interval counts if it overlaps the shift;
    intervals past midnight are the next day's. Calendar events and
    reputation feedback are ignored.
    """
    if shift not in scenario.staff:
        raise ScenarioError(f"staff.{shift}: no such shift (shifts: {', '.join(scenario.staff)})")
    s = scenario.staff[shift]
    rates = weekly_rates(scenario)
    per_day = len(rates) // 7
    first, last = math.floor(s.start_hour * per_day / 24), math.ceil(s.end_hour * per_day / 24)
    return max(float(rates[(DAYS.index(day) * per_day + np.arange(first, last)) % len(rates)].max())
               for day in s.days)


def mean_handling_minutes(scenario: Scenario) -> float:
    """Mean handling time over all channels, weighted by their shares (minutes)."""
    return float(sum(c.share * c.handling.mean for c in scenario.channels.values()))


def mean_patience_minutes(scenario: Scenario) -> float:
    """Share-weighted mean patience (minutes) when impatient customers leave the queue; else infinity.

    Erlang A needs customers who *leave*: with ``abandonment = "stays"``, or a
    channel whose customers never give up, the work stays in the queue, which
    is Erlang C (infinite patience).
    """
    channels = scenario.channels.values()
    if scenario.service.abandonment != "leaves" or any(c.patience is None for c in channels):
        return math.inf
    return float(sum(c.share * c.patience.mean for c in channels))


def erlang_estimate(scenario: Scenario, service_level: float = 0.8, max_agents: int = 1000) -> pd.DataFrame:
    """Head count per shift for a service level at the shift's peak hour (Erlang A or C).

    Parameters
    ----------
    scenario
        Its shifts, arrivals, channels and ``service.target_minutes``.
    service_level
        Share of replies to start within the target, in [0, 1].
    max_agents
        Largest head count considered per shift.

    Returns
    -------
    pandas.DataFrame
        Index shift; columns ``peak_per_hour`` (questions per hour),
        ``handle_minutes``, ``patience_minutes`` (inf: Erlang C),
        ``target_minutes``, ``model`` ("Erlang A" or "Erlang C") and
        ``agents``, the smallest head count meeting the service level.

    Raises
    ------
    ValueError
        If a shift would need more than ``max_agents``.
    """
    handle, patience = mean_handling_minutes(scenario), mean_patience_minutes(scenario)
    target = scenario.service.target_minutes
    rows = {}
    for shift in scenario.staff:
        peak = shift_peak_rate(scenario, shift)
        try:
            agents = agents_needed(peak, handle, target, service_level, patience, max_agents=max_agents)
        except ValueError:
            raise ValueError(f"staff.{shift}: no head count up to {max_agents} reaches service_level = "
                             f"{service_level:g} within {target:g} min at {peak:.3g} questions per hour") from None
        rows[shift] = {"peak_per_hour": peak, "handle_minutes": handle, "patience_minutes": patience,
                       "target_minutes": target, "model": "Erlang C" if math.isinf(patience) else "Erlang A",
                       "agents": agents}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "shift"
    return table
