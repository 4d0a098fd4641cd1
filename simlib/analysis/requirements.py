"""Staff needed per interval of the week, from Erlang A or C, before any shift is drawn.

Workforce planning in contact centres works in this order: forecast the
questions per interval, turn each interval into the people needed on duty
(a steady queue at that interval's rate), add the time that paid people are
not answering (shrinkage), and only then choose shifts that cover the
requirements (:mod:`simlib.analysis.shift_plan`).

For each interval of the week the arrival rate is ``per_hour`` times the
weekly profile (:meth:`simlib.model.parts.Arrivals.profile`: hour and day
factors, or 30-minute interval factors), reputation feedback and calendar
events left out: a plan is made for a fixed, ordinary week. The queue is the
whole inbox: the share-weighted mean handling
time over all channels and, when impatient customers leave (``abandonment =
"leaves"`` and every channel has a patience), Erlang A with the share-weighted
mean patience; otherwise Erlang C (:mod:`simlib.analysis.queueing`). In
first-come-first-served order every channel waits the same, so a channel's
target (80% of direct messages within 60 minutes) is a target on the shared
wait; with the ``priority`` or ``value`` disciplines this is only a guide.

With channel ``concurrency`` (a manager holds up to k conversations at once,
:mod:`simlib.model.engine`) the servers of the queue are conversation slots:
the targets give the slots needed, and the people needed are the slots
divided by the work-weighted concurrency
(:func:`simlib.analysis.estimate.mean_concurrency`), rounded up. With one
concurrency ``k`` on every channel, ``n`` managers are exactly ``n k``
Erlang servers; with channels of different concurrency it is an
approximation that the simulation checks (a conversation that needs a
whole person then waits longer than one that shares a person, even in
first-come-first-served order). The offered load and the occupancy cap
count people (busy slots / concurrency).

The people needed in an interval are the most of:

- for each service-level target, the smallest head count reaching its share
  within its reply time (Erlang A or C at that interval's rate);
- for each answered-share target with impatient customers, the smallest head
  count whose abandonment stays at most ``1 - at_least``;
- with an occupancy cap, ``ceil(offered load / max_occupancy)`` (the load in
  people), so nobody
  is planned to be busy more than ``max_occupancy`` of the time (contact
  centres often cap it at 85-90%).

A target on the run's mean is planned for as if it held in every interval,
which errs on the safe side; the simulation then judges the mean
(:mod:`simlib.experiments.optimise`). Shrinkage ``s`` is the share of paid
time lost to breaks, absence and training: ``paid = on duty / (1 - s)``.
"""

from __future__ import annotations

import datetime
import math

import numpy as np
import pandas as pd

from simlib.analysis.estimate import (
    mean_concurrency,
    mean_handling_minutes,
    mean_patience_minutes,
    people_for_slots,
)
from simlib.analysis.intervals import WEEK_MINUTES, Targets, dated_label, interval_label
from simlib.analysis.queueing import agents_needed
from simlib.errors import ScenarioError
from simlib.model.calendar import dated_rates, week_offset_minutes, weekly_rates
from simlib.model.scenario import Scenario

__all__ = ["interval_arrivals", "run_intervals", "staff_requirements"]


def interval_arrivals(scenario: Scenario, interval_minutes: int) -> np.ndarray:
    """Forecast questions per hour in each interval of the week (interval 0: Monday from 00:00).

    ``interval_minutes`` divides an hour. An interval within one 30-minute
    interval of the profile has its rate; a 60-minute interval the mean of
    its two halves. Shape ``(10080 // interval_minutes,)``.
    """
    return weekly_rates(scenario, interval_minutes)


def run_intervals(scenario: Scenario, interval_minutes: int) -> np.ndarray:
    """Which intervals of the week (from Monday 00:00) the run covers after its warm-up (bool per interval)."""
    covered = np.zeros(WEEK_MINUTES // interval_minutes, dtype=bool)
    offset = week_offset_minutes(scenario)  # a run that starts on a Thursday covers Thursday first
    first = math.floor((scenario.warmup_minutes + offset) / interval_minutes)
    last = math.ceil((scenario.horizon_minutes + offset) / interval_minutes)
    covered[np.arange(first, last) % len(covered)] = True
    return covered


def staff_requirements(
    scenario: Scenario,
    targets: Targets,
    *,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
    max_agents: int = 10_000,
    by_date: bool = False,
) -> pd.DataFrame:
    """People needed on duty, and paid, in each interval of the week the run covers (or of the run, by date).

    Parameters
    ----------
    scenario
        Arrivals, channels (handling and patience), ``service.abandonment``
        and ``service.target_minutes`` (the default reply-time target).
    targets
        Service-level and answered-share targets (:class:`simlib.analysis.intervals.Targets`);
        their ``interval_minutes`` sets the intervals.
    max_occupancy
        Highest planned share of on-duty time spent replying, in (0, 1]; None: no cap.
    shrinkage
        Share of paid time lost to breaks, absence and training, in [0, 1).
    max_agents
        Largest head count considered in an interval.
    by_date
        False: the intervals of an ordinary week, calendar events left out.
        True: every interval of the run after the warm-up, with the events'
        arrival factors (a Black Friday's own requirements); needs ``run.start_date``.

    Returns
    -------
    pandas.DataFrame
        Index ``interval`` (of the week, from Monday 00:00; by date, of the
        run from time 0); columns ``date`` (by date only), ``label`` ("Tue
        10:00-10:30"; by date "Fri 2026-11-27 10:00-10:30"), ``arrivals_per_hour``,
        ``offered_load`` (Erlangs: people busy on average; with channel
        concurrency, conversation slots busy / :func:`mean_concurrency`), ``agents``
        (people needed on duty, an integer), ``binding`` (what sets it:
        a target's words or "occupancy") and ``paid`` (``agents / (1 -
        shrinkage)``, fractional: shifts together cover it). Intervals the
        run does not cover are left out. ``attrs`` holds ``model`` ("Erlang A"
        or "Erlang C"), ``interval_minutes``, ``shrinkage``, ``max_occupancy``
        and ``concurrency`` (conversation slots per person, 1.0 without).

    Raises
    ------
    ValueError
        For a bad ``max_occupancy`` or ``shrinkage``, or a target that
        ``max_agents`` people cannot reach in some interval.
    ScenarioError
        ``by_date`` for a scenario without ``run.start_date``.
    """
    if max_occupancy is not None and not 0 < max_occupancy <= 1:
        raise ValueError(f"max_occupancy = {max_occupancy!r}: must be a share in (0, 1], e.g. 0.85")
    if not 0 <= shrinkage < 1:
        raise ValueError(f"shrinkage = {shrinkage!r}: must be a share in [0, 1), e.g. 0.3")
    targets = targets.resolved(scenario)
    handle, patience = mean_handling_minutes(scenario), mean_patience_minutes(scenario)
    concurrency = mean_concurrency(scenario)  # conversation slots per person
    most_slots = math.floor(max_agents * concurrency + 1e-9)
    start_date = scenario.run.start_date
    if by_date and start_date is None:
        raise ScenarioError("staff requirements by date need run.start_date (the date of time 0), "
                            "e.g. start_date = \"2026-11-23\" in [run]")
    step = targets.interval_minutes
    rates = dated_rates(scenario, step) if by_date else interval_arrivals(scenario, step)
    needed: dict[float, tuple[int, str]] = {}  # many intervals share a rate

    def people(rate: float) -> tuple[int, str]:
        load = rate / 60 * handle / concurrency  # people busy on average
        best = (0, "") if max_occupancy is None else (math.ceil(load / max_occupancy - 1e-9), "occupancy")
        for target in targets.targets:
            if target.kpi == "answered_share" and math.isinf(patience):
                continue  # nobody leaves: every question is answered once the queue is stable
            try:
                if target.kpi == "service_level":
                    slots = agents_needed(rate, handle, target.within_minutes, target.at_least, patience,
                                          max_agents=most_slots)
                else:
                    slots = agents_needed(rate, handle, 0.0, 0.0, patience, max_abandon=1 - target.at_least,
                                          max_agents=most_slots)
            except ValueError:
                raise ValueError(f"{target.describe()}: not reachable with {max_agents} people at "
                                 f"{rate:.3g} questions per hour") from None
            best = max(best, (people_for_slots(slots, concurrency), target.describe()), key=lambda pair: pair[0])
        return best

    if by_date:
        covered = np.arange(math.floor(scenario.warmup_minutes / step), len(rates))
    else:
        covered = np.flatnonzero(run_intervals(scenario, step))
    rows = []
    for slot in covered:
        rate = float(rates[slot])
        if rate not in needed:
            needed[rate] = people(rate) if rate > 0 else (0, "no questions")
        agents, binding = needed[rate]
        when = {"date": start_date + datetime.timedelta(days=int(slot * step // 1440)),
                "label": dated_label(int(slot), step, start_date)} if by_date else \
            {"label": interval_label(int(slot), step)}
        rows.append({**when, "arrivals_per_hour": rate,
                     "offered_load": rate / 60 * handle / concurrency, "agents": agents, "binding": binding,
                     "paid": agents / (1 - shrinkage)})
    table = pd.DataFrame(rows, index=pd.Index(covered, name="interval"))
    table.attrs.update(model="Erlang C" if math.isinf(patience) else "Erlang A",
                       interval_minutes=targets.interval_minutes, shrinkage=shrinkage, max_occupancy=max_occupancy,
                       concurrency=concurrency)
    return table
