"""What a run leaves behind: one flat record per question, and who was on duty."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simlib.model.calendar import merge_periods, shift_teams
from simlib.model.draws import Questions
from simlib.model.outcomes import Outcomes
from simlib.model.scenario import Scenario


@dataclass(frozen=True)
class Staffing:
    """The community managers of a scenario, numbered from 0 in shift order.

    Attributes
    ----------
    labels
        One name per community manager, ``"<shift>-<n>"`` (n from 1).
    periods
        Per shift: its name, the range of member numbers, and its on-duty
        (start, end) minutes within the horizon.
    """

    labels: tuple[str, ...]
    periods: tuple[tuple[str, range, tuple[tuple[float, float], ...]], ...]

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> "Staffing":
        """Who is on duty when, from the shifts, the run's start weekday and the calendar's staff changes.

        A shift whose head count changes on some dates has as many members as
        its largest count, in groups (:func:`simlib.model.calendar.shift_teams`):
        the first ``count`` work every usual start, the extra ones only on
        the dates that need them; a date with fewer people sends the last ones home.
        """
        labels: list[str] = []
        periods = []
        changes = scenario.calendar.staff_changes(scenario.run.start_date)
        for name, shift in scenario.staff.items():
            first = len(labels)
            for size, on_duty in shift_teams(shift, scenario.horizon_minutes, scenario.run.start_weekday,
                                             changes.get(name)):
                members = range(len(labels), len(labels) + size)
                labels += [f"{name}-{k - first + 1}" for k in members]
                periods.append((name, members, tuple(on_duty)))
        return cls(tuple(labels), tuple(periods))

    def with_absence(self, shift: str, count: int, start: float, end: float) -> "Staffing":
        """The same team with ``count`` members of ``shift`` off duty from minute ``start`` to ``end``.

        For a sustained cut and its end within one run, once per shift: at
        every moment of the window the shift has ``count`` fewer people on
        duty (the last of those on duty stay home; with calendar staff
        changes, so does the same number on a busier date). Labels are unchanged.
        """
        if count == 0:
            return self
        groups = [(members, on_duty) for name, members, on_duty in self.periods if name == shift]
        periods = []
        for name, members, on_duty in self.periods:
            if name != shift:
                periods.append((name, members, on_duty))
                continue
            # Groups are nested (a later group works a subset of an earlier one's periods): at a moment
            # when groups up to k work, the members from groups[k].stop - count on are away. So member m
            # is away in the window whenever no group ending after m + count works.
            by_level: dict[int, list[int]] = {}
            for m in members:
                level = max((i for i, (g, _) in enumerate(groups) if g.stop <= m + count), default=-1)
                by_level.setdefault(level, []).append(m)
            for level, ms in by_level.items():
                higher = groups[level + 1][1] if level + 1 < len(groups) else ()
                outside = [(a, b) for a0, b0 in on_duty for a, b in ((a0, min(b0, start)), (max(a0, end), b0)) if b > a]
                inside = [(max(a, start), min(b, end)) for a, b in higher if min(b, end) > max(a, start)]
                periods.append((name, range(ms[0], ms[-1] + 1), tuple(merge_periods(outside + inside))))
        return Staffing(self.labels, tuple(periods))

    def teams(self) -> Iterator[tuple[range, list[tuple[float, float]]]]:
        """Each shift's members and on-duty periods."""
        for _, members, periods in self.periods:
            yield members, list(periods)

    def on_duty_minutes(self, start: float, end: float) -> float:
        """Community-manager minutes on duty between ``start`` and ``end``."""
        total = 0.0
        for _, members, periods in self.periods:
            covered = sum(max(0.0, min(b, end) - max(a, start)) for a, b in periods)
            total += covered * len(members)
        return total


@dataclass(frozen=True)
class SimulationResult:
    """One replication: the question records and the context to read them.

    ``records`` has one row per question with columns (minutes throughout):

    ``id``, ``channel``, ``arrival``, ``reply_start`` (NaN: no reply before
    the end of the run), ``reply_end``, ``first_response`` (reply_start -
    arrival), ``wait`` (how long the customer waited: until the reply
    started, they gave up, or the run ended), ``abandoned`` (the customer
    gave up before the reply started; with the ``stays`` policy the question
    may still be answered later), ``handler`` (who replied), ``handling``
    and ``patience``.
    """

    scenario: Scenario
    seed: int
    replication: int
    records: pd.DataFrame
    staffing: Staffing
    outcomes: Outcomes | None = None

    @classmethod
    def from_run(
        cls,
        scenario: Scenario,
        seed: int,
        replication: int,
        questions: Questions,
        staffing: Staffing,
        arrival: np.ndarray,
        reply_start: np.ndarray,
        handler: np.ndarray,
        kept: np.ndarray | slice,
        outcomes: Outcomes | None = None,
    ) -> "SimulationResult":
        """Build the records of the ``kept`` (accepted) questions from the engine's arrays."""
        horizon = scenario.horizon_minutes
        arrival, reply_start, handler = arrival[kept], reply_start[kept], handler[kept]
        channel, handling, patience = questions.channel[kept], questions.handling[kept], questions.patience[kept]
        deadline = arrival + patience
        replied = ~np.isnan(reply_start)
        abandoned = np.where(replied, reply_start > deadline, deadline <= horizon)
        stopped_waiting = np.fmin(np.fmin(reply_start, deadline), horizon)
        channel_names = list(scenario.channels)
        records = pd.DataFrame(
            {
                "id": np.arange(len(arrival), dtype=np.int64),
                "channel": pd.Categorical.from_codes(channel, channel_names),
                "arrival": arrival,
                "reply_start": reply_start,
                "reply_end": reply_start + handling,
                "first_response": reply_start - arrival,
                "wait": stopped_waiting - arrival,
                "abandoned": abandoned,
                "handler": pd.Categorical.from_codes(handler, staffing.labels),
                "handling": handling,
                "patience": patience,
            }
        )
        if outcomes is not None:
            records = pd.concat([records, outcomes.per_question], axis=1)
        return cls(scenario, seed, replication, records, staffing, outcomes)

    @property
    def horizon_minutes(self) -> float:
        return self.scenario.horizon_minutes

    @property
    def warmup_minutes(self) -> float:
        return self.scenario.warmup_minutes
