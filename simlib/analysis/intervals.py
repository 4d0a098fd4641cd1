"""Service per interval of the week: service level, answered share and first response, per channel.

A run's mean hides its worst hours: a team can answer 85% of the week's
questions within target and only 45% of those sent at lunchtime. Here the
questions are grouped by the interval of the week they arrive in (30 or 60
minutes; Monday 00:00-00:30 is interval 0) and by channel, and the counts of
every week of the run and of every replication are added up before the shares
are taken (so a share is over all questions of that interval, not a mean of
means).

Which questions count: those that arrive after the warm-up and at least
``settle`` minutes before the end of the run, ``settle`` being the longest
``within_minutes`` of the targets. Whether a later question is answered in
time is not known when the run stops, so counting it would bias the last
intervals down.

With ``run.start_date`` the week's intervals start on the weekday of time 0,
and :func:`interval_counts` can also count by date (``by_date=True``): one
row per interval of the run instead of per interval of the week, so a
campaign day or a holiday shows on its own rather than averaged with the
other weeks' same weekday.

Targets (:class:`Target`, gathered in :class:`Targets`) are per channel or for
all channels, and of two kinds: *every interval* at least X (the worst
interval decides) or *the run's mean* at least X. :func:`assess` gives, per
target, the run's mean, the worst interval and the slack left.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from simlib.errors import ScenarioError
from simlib.model.calendar import week_offset_minutes
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario

__all__ = ["ALL_CHANNELS", "Target", "Targets", "add_counts", "assess", "dated_label", "interval_counts",
           "interval_kpis", "interval_label"]

WEEK_MINUTES = 7 * 1440
DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
INTERVALS = (5, 10, 15, 20, 30, 60)
"""Interval lengths allowed, in minutes: divisors of an hour, so an interval never straddles two arrival rates."""
ALL_CHANNELS = "all"
"""The channel label of figures over every channel together."""


@dataclass(frozen=True)
class Target:
    """One service target.

    Attributes
    ----------
    at_least
        The lowest acceptable share, in [0, 1].
    kpi
        ``"service_level"`` (share whose first reply started within
        ``within_minutes``) or ``"answered_share"`` (share replied to before
        the end of the run).
    within_minutes
        The reply-time target of a service level, in minutes; None takes the
        scenario's ``service.target_minutes``. Ignored for ``answered_share``.
    channel
        A channel of the scenario, or None for all channels together.
    every_interval
        True: every interval must reach ``at_least`` (the worst decides);
        False: the run's mean must.

    Examples
    --------
    Public replies within 15 minutes and direct messages within 60, in every interval:
    ``Target(0.8, within_minutes=15, channel="comments")``,
    ``Target(0.8, within_minutes=60, channel="dm")``.
    """

    at_least: float
    kpi: Literal["service_level", "answered_share"] = "service_level"
    within_minutes: float | None = None
    channel: str | None = None
    every_interval: bool = True

    def __post_init__(self) -> None:
        if not (isinstance(self.at_least, (int, float)) and 0 <= self.at_least <= 1):
            raise ValueError(f"target at_least = {self.at_least!r}: must be a share between 0 and 1, e.g. 0.8")
        if self.kpi not in ("service_level", "answered_share"):
            raise ValueError(f"target kpi = {self.kpi!r}: must be 'service_level' or 'answered_share'")
        if self.within_minutes is not None and not (0 <= self.within_minutes < math.inf):
            raise ValueError(f"target within_minutes = {self.within_minutes!r}: must be a number of minutes >= 0")

    @classmethod
    def parse(cls, text: str, every_interval: bool = True) -> "Target":
        """A service-level target written ``[CHANNEL:]SHARE[@MINUTES]``: ``"dm:0.8@60"``, ``"0.8"``.

        No channel means all channels together; no minutes, the scenario's
        ``service.target_minutes``. Raises ``ValueError`` naming the text and
        the expected form.
        """
        channel, _, rest = str(text).rpartition(":")
        share, _, minutes = rest.partition("@")
        try:
            return cls(float(share), within_minutes=float(minutes) if minutes else None, channel=channel or None,
                       every_interval=every_interval)
        except ValueError as error:
            raise ValueError(f"target {str(text)!r}: expected [CHANNEL:]SHARE[@MINUTES], e.g. dm:0.8@60 ({error})") \
                from None

    @property
    def column(self) -> str:
        """The column of :func:`interval_kpis` this target reads (needs ``within_minutes`` set)."""
        return "answered_share" if self.kpi == "answered_share" else f"service_level_{self.within_minutes:g}min"

    def describe(self) -> str:
        """The target in words: ``"dm: 80.0% within 60 min in every interval"``."""
        within = "the target time" if self.within_minutes is None else f"{self.within_minutes:g} min"
        what = f"{self.at_least:.1%} " + ("answered" if self.kpi == "answered_share" else f"within {within}")
        who = f"{self.channel}: " if self.channel else ""
        return f"{who}{what} " + ("in every interval" if self.every_interval else "on the run's mean")


@dataclass(frozen=True)
class Targets:
    """Service targets judged per interval of the week.

    Attributes
    ----------
    targets
        One or more :class:`Target`.
    interval_minutes
        Interval length: 30 (default) or 60 minutes (or 5, 10, 15, 20).
    min_questions
        An interval is judged by an every-interval target when it holds at
        least this many questions (added over weeks and replications); the
        default 1 judges every interval that had a question. A share from a
        handful of questions is noisy: the worst interval is printed with
        its question count so you can see it.
    """

    targets: tuple[Target, ...]
    interval_minutes: int = 30
    min_questions: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "targets", tuple(self.targets))
        if not self.targets or not all(isinstance(t, Target) for t in self.targets):
            raise ValueError("targets: give at least one Target")
        if self.interval_minutes not in INTERVALS:
            raise ValueError(f"interval_minutes = {self.interval_minutes!r}: must be one of "
                             f"{', '.join(map(str, INTERVALS))} (minutes)")
        if not (isinstance(self.min_questions, int) and self.min_questions >= 1):
            raise ValueError(f"min_questions = {self.min_questions!r}: must be an integer >= 1")

    @classmethod
    def service_level(cls, at_least: float, within_minutes: float | None = None, *, every_interval: bool = True,
                      interval_minutes: int = 30) -> Targets:
        """One service-level target over all channels (``within_minutes`` None: the scenario's target)."""
        return cls((Target(at_least, within_minutes=within_minutes, every_interval=every_interval),),
                   interval_minutes)

    def resolved(self, scenario: Scenario) -> Targets:
        """The targets with ``within_minutes`` filled in from the scenario, channels checked.

        Raises :class:`ScenarioError` for a channel the scenario does not have.
        """
        fixed = []
        for target in self.targets:
            if target.channel is not None and target.channel not in scenario.channels:
                raise ScenarioError(f"target channel {target.channel!r}: no such channel "
                                    f"(channels: {', '.join(scenario.channels)})")
            within = scenario.service.target_minutes if target.within_minutes is None else target.within_minutes
            fixed.append(replace(target, within_minutes=float(within)))
        return replace(self, targets=tuple(fixed))

    @property
    def thresholds(self) -> tuple[float, ...]:
        """The distinct reply-time targets of the service-level targets, minutes, ascending."""
        return tuple(sorted({t.within_minutes for t in self.targets
                             if t.kpi == "service_level" and t.within_minutes is not None}))

    @property
    def settle_minutes(self) -> float:
        """Questions arriving this close to the end of the run are left out (the longest threshold)."""
        return max(self.thresholds, default=0.0)

    @property
    def slots(self) -> int:
        """Intervals in a week."""
        return WEEK_MINUTES // self.interval_minutes


def interval_label(slot: int, interval_minutes: int) -> str:
    """``"Tue 10:00-10:30"``: interval ``slot`` of the week (from Monday 00:00)."""
    start = slot * interval_minutes
    day, minute = divmod(start, 1440)
    end = minute + interval_minutes
    return (f"{DAY_LABELS[day]} {minute // 60:02d}:{minute % 60:02d}-"
            f"{end // 60 % 24:02d}:{end % 60:02d}")


def dated_label(slot: int, interval_minutes: int, start_date: datetime.date) -> str:
    """``"Fri 2026-11-27 10:00-10:30"``: interval ``slot`` of a run whose time 0 is 00:00 of ``start_date``."""
    day, minute = divmod(slot * interval_minutes, 1440)
    date = start_date + datetime.timedelta(days=int(day))
    end = minute + interval_minutes
    return (f"{DAY_LABELS[date.weekday()]} {date.isoformat()} {minute // 60:02d}:{minute % 60:02d}-"
            f"{end // 60 % 24:02d}:{end % 60:02d}")


def interval_counts(result: SimulationResult, targets: Targets, *, by_date: bool = False) -> pd.DataFrame:
    """Counts per channel and interval of the week (or of the run, by date) of one run, to be added over runs.

    Parameters
    ----------
    result
        One simulated run.
    targets
        Give the interval length and the reply-time thresholds to count.
    by_date
        False: intervals of the week, from Monday 00:00 (a run with a
        ``start_date`` on another weekday is placed on its weekdays). True:
        intervals of the run from time 0, needs ``run.start_date``.

    Returns
    -------
    pandas.DataFrame
        Index ``(channel, interval)`` with every channel and every interval of
        the week (or of the run); columns ``questions``, ``answered`` (reply
        started before the end), ``first_response_minutes`` (sum over answered
        questions, minutes) and ``within_<m>min`` per threshold (reply started
        within m minutes). By date, ``attrs["start_date"]`` is the date of
        interval 0. Add tables of several runs with :func:`add_counts`.

    Raises
    ------
    ScenarioError
        ``by_date`` for a run without ``run.start_date``; a target's channel
        the scenario does not have.
    """
    start_date = result.scenario.run.start_date
    if by_date and start_date is None:
        raise ScenarioError("per-interval KPIs by date need run.start_date (the date of time 0), "
                            "e.g. start_date = \"2026-11-23\" in [run]")
    targets = targets.resolved(result.scenario)
    records = result.records
    arrival = records["arrival"].to_numpy()
    response = records["first_response"].to_numpy()
    kept = (arrival >= result.warmup_minutes) & (arrival + targets.settle_minutes <= result.horizon_minutes)
    channels = list(result.scenario.channels)
    if by_date:
        slots = math.ceil(result.horizon_minutes / targets.interval_minutes)
        slot = arrival // targets.interval_minutes
    else:
        slots = targets.slots
        slot = np.mod(arrival + week_offset_minutes(result.scenario), WEEK_MINUTES) // targets.interval_minutes
    key = records["channel"].cat.codes.to_numpy().astype(np.int64) * slots + slot.astype(np.int64)
    key, response = key[kept], response[kept]
    answered = ~np.isnan(response)
    size = len(channels) * slots

    def count(weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(key, weights, minlength=size).astype(float)

    columns = {"questions": count(), "answered": count(answered.astype(float)),
               "first_response_minutes": count(np.where(answered, response, 0.0))}
    for minutes in targets.thresholds:
        columns[f"within_{minutes:g}min"] = count((response <= minutes).astype(float))  # NaN compares False
    index = pd.MultiIndex.from_product([channels, range(slots)], names=["channel", "interval"])
    table = pd.DataFrame(columns, index=index)
    if by_date:
        table.attrs["start_date"] = start_date
    return table


def add_counts(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The sum of several runs' :func:`interval_counts` (same scenario channels and targets)."""
    tables = list(tables)
    if not tables:
        raise ValueError("add_counts: no tables to add")
    total = tables[0].copy()
    for table in tables[1:]:
        total += table
    return total


def interval_kpis(counts: pd.DataFrame, targets: Targets) -> pd.DataFrame:
    """Shares and first response per channel and interval, plus every channel together.

    Parameters
    ----------
    counts
        From :func:`interval_counts`, one run or added over runs.
    targets
        The targets the counts were made for (interval length and thresholds).

    Returns
    -------
    pandas.DataFrame
        Index ``(channel, interval)``, channels first then ``"all"``
        (:data:`ALL_CHANNELS`); columns ``date`` (counts by date only: a
        ``datetime.date``), ``day`` (Mon..Sun), ``start`` ("10:00"),
        ``label`` ("Tue 10:00-10:30"; by date "Fri 2026-11-27 10:00-10:30"), ``questions``,
        ``answered_share``, ``service_level_<m>min`` per threshold (shares
        in [0, 1]) and ``mean_first_response_minutes`` (answered questions).
        An interval without questions has NaN shares.
    """
    together = counts.groupby(level="interval").sum()
    together.index = pd.MultiIndex.from_product([[ALL_CHANNELS], together.index], names=counts.index.names)
    table = pd.concat([counts, together])
    questions = table["questions"].where(table["questions"] > 0)
    out = pd.DataFrame(index=table.index)
    slots = table.index.get_level_values("interval").to_numpy()
    start_date = counts.attrs.get("start_date")
    if start_date is None:
        labels = [interval_label(s, targets.interval_minutes) for s in range(targets.slots)]
        out["day"] = [DAY_LABELS[s * targets.interval_minutes // 1440] for s in slots]
    else:
        dates = [start_date + datetime.timedelta(days=int(s * targets.interval_minutes // 1440)) for s in slots]
        labels = {s: dated_label(s, targets.interval_minutes, start_date) for s in np.unique(slots)}
        out["date"] = dates
        out["day"] = [DAY_LABELS[d.weekday()] for d in dates]
    out["start"] = [labels[s][-11:-6] for s in slots]
    out["label"] = [labels[s] for s in slots]
    out["questions"] = table["questions"]
    out["answered_share"] = table["answered"] / questions
    for column in (c for c in table.columns if c.startswith("within_")):
        out["service_level_" + column.removeprefix("within_")] = table[column] / questions
    out["mean_first_response_minutes"] = table["first_response_minutes"] / table["answered"].where(table["answered"] > 0)
    return out


def assess(counts: pd.DataFrame, targets: Targets) -> pd.DataFrame:
    """How each target fares: the run's mean, the worst interval, and the slack left.

    Parameters
    ----------
    counts
        From :func:`interval_counts`, usually added over the replications.
    targets
        Resolved targets (:meth:`Targets.resolved`), those the counts were made for.

    Returns
    -------
    pandas.DataFrame
        One row per target, in order: ``target`` (in words), ``at_least``,
        ``mean`` (over the whole run), ``worst`` (the worst judged interval),
        ``worst_interval`` (its label), ``worst_questions`` (its question
        count), ``judged`` (intervals judged), ``value`` (``worst`` for an
        every-interval target, ``mean`` otherwise), ``slack`` (``value -
        at_least``; negative: the target is missed by that much) and ``met``.
        A target with no question to judge has NaN values and is not met.
    """
    table = interval_kpis(counts, targets)
    rows = []
    for target in targets.targets:
        part = table.loc[target.channel or ALL_CHANNELS]
        numerator = (part[target.column] * part["questions"]).sum()
        total = part["questions"].sum()
        mean = numerator / total if total > 0 else math.nan
        judged = part[part["questions"] >= targets.min_questions]
        if judged.empty:
            worst, where, asked = math.nan, "", 0.0
        else:
            slot = judged[target.column].idxmin()
            worst, where, asked = judged.loc[slot, target.column], judged.loc[slot, "label"], judged.loc[slot, "questions"]
        value = worst if target.every_interval else mean
        slack = value - target.at_least
        rows.append({"target": target.describe(), "at_least": target.at_least, "mean": mean, "worst": worst,
                     "worst_interval": where, "worst_questions": asked, "judged": len(judged), "value": value,
                     "slack": slack, "met": bool(slack >= 0)})
    return pd.DataFrame(rows)

