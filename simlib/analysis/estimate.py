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


def mean_concurrency(scenario: Scenario) -> float:
    """Conversations a community manager holds at once, averaged over the work (1.0 without concurrency).

    ``sum_c p_c h_c / sum_c (p_c h_c / k_c)`` over the channels, with ``p_c``
    the channel's share, ``h_c`` its mean handling time (minutes) and ``k_c``
    its ``concurrency``: the harmonic mean of the concurrencies weighted by
    each channel's work, so that the people busy on average are the
    conversation slots busy (arrival rate x mean handling time) divided by
    it (:mod:`simlib.model.engine`: a conversation takes a k-th of a manager).
    Exactly ``k`` when every channel with questions has concurrency ``k``.
    """
    working = [c for c in scenario.channels.values() if c.share > 0]
    k = [c.concurrency for c in working]
    if len(set(k)) == 1:
        return float(k[0])
    slots = sum(c.share * c.handling.mean for c in working)
    return float(slots / sum(c.share * c.handling.mean / kc for c, kc in zip(working, k)))


def people_for_slots(slots: int, concurrency: float) -> int:
    """Community managers who offer at least ``slots`` conversation slots, holding ``concurrency`` each.

    ``ceil(slots / concurrency)`` (``slots`` itself at concurrency 1). With
    one concurrency ``k`` on every channel, ``n`` managers are ``n k``
    servers of an Erlang queue, so this is exact; with channels of different
    concurrency it is the approximation of :func:`mean_concurrency`.
    """
    return slots if concurrency == 1 else math.ceil(slots / concurrency - 1e-9)


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
        ``agents``, the smallest head count meeting the service level
        (with channel concurrency: the smallest number of conversation
        slots, divided by :func:`mean_concurrency` and rounded up).

    Raises
    ------
    ValueError
        If a shift would need more than ``max_agents``.
    """
    handle, patience = mean_handling_minutes(scenario), mean_patience_minutes(scenario)
    target, concurrency = scenario.service.target_minutes, mean_concurrency(scenario)
    rows = {}
    for shift in scenario.staff:
        peak = shift_peak_rate(scenario, shift)
        try:
            slots = agents_needed(peak, handle, target, service_level, patience,
                                  max_agents=math.floor(max_agents * concurrency + 1e-9))
        except ValueError:
            raise ValueError(f"staff.{shift}: no head count up to {max_agents} reaches service_level = "
                             f"{service_level:g} within {target:g} min at {peak:.3g} questions per hour") from None
        rows[shift] = {"peak_per_hour": peak, "handle_minutes": handle, "patience_minutes": patience,
                       "target_minutes": target, "model": "Erlang C" if math.isinf(patience) else "Erlang A",
                       "agents": people_for_slots(slots, concurrency)}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "shift"
    return table
