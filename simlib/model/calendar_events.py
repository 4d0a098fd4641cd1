"""Dated events of a run: holidays, campaign days and one-off surges (``[[calendar.events]]``).

An event names a date (or a ``start`` and ``end`` date, both included) of a
run that has a ``run.start_date``. On its dates it multiplies the arrival
rate by ``arrival_factor`` (within ``start_hour``-``end_hour`` if given) and
sets the head count of named shifts (``staff = { late = 4 }``): a shift
starting on such a date starts with that many community managers, at its
usual hours, even on a day it does not usually work. Around the events the
weekly profile applies. Where events overlap, their arrival factors
multiply; two events may not set the same shift on the same date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Annotated

import numpy as np
from pydantic import Field, field_validator, model_validator

from simlib.i18n import tr
from simlib.model.base import StrictModel, WholeNumber, check_name, shorten
from simlib.model.parts import INTERVALS_PER_DAY, MAX_STAFF, Date, Factor

MAX_EVENTS = 1000
"""Events per scenario."""
HalfHour = Annotated[float, Field(ge=0, le=24, multiple_of=0.5)]


class Event(StrictModel):
    """One holiday, campaign day or surge: its dates, its arrival factor and its staff changes.

    - ``date``, or ``start`` and ``end`` (both included) for several days.
    - ``arrival_factor`` multiplies the weekly profile's rate on those dates
      (1: unchanged; 3.0 triples it; 0.4 on a holiday), between
      ``start_hour`` and ``end_hour`` (hours of the day, on the half hour;
      default the whole day).
    - ``staff``: head counts of named shifts starting on those dates.
    """

    name: Annotated[str, Field(min_length=1, max_length=200)]
    date: Date | None = None
    start: Date | None = None
    end: Date | None = None
    arrival_factor: Factor = 1.0
    start_hour: HalfHour = 0.0
    end_hour: HalfHour = 24.0
    staff: dict[str, Annotated[WholeNumber, Field(ge=0, le=MAX_STAFF)]] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _printable_name(cls, v: str) -> str:
        if not v.isprintable():
            raise ValueError(tr("has a control character (a newline, tab or escape): the name is printed on one line"))
        return v

    @field_validator("staff")
    @classmethod
    def _shift_names(cls, v: dict[str, int]) -> dict[str, int]:
        for name in v:
            check_name("shift", name)
        return v

    @model_validator(mode="after")
    def _dates_and_hours(self) -> Event:
        if (self.date is None) == (self.start is None and self.end is None):
            raise ValueError(tr("event {name}: give either date or start and end, e.g. date = \"2026-11-27\"",
                                name=repr(self.name)))
        if self.date is None and (self.start is None or self.end is None):
            raise ValueError(tr("event {name}: give both start and end (the last day included)", name=repr(self.name)))
        if self.date is None and self.end < self.start:
            raise ValueError(tr("event {name}: end = {end} is before start = {start}", name=repr(self.name),
                                end=self.end, start=self.start))
        if not self.start_hour < self.end_hour:
            raise ValueError(tr("event {name}: end_hour = {end:g} must be after start_hour = {start:g} (hours of one "
                                "day, 0 to 24)", name=repr(self.name), end=self.end_hour, start=self.start_hour))
        return self

    @property
    def first(self) -> datetime.date:
        """The event's first date."""
        return self.date if self.date is not None else self.start

    @property
    def last(self) -> datetime.date:
        """The event's last date (included)."""
        return self.date if self.date is not None else self.end

    def days(self, start_date: datetime.date) -> range:
        """The days of the run the event covers: 0 is ``start_date``."""
        return range((self.first - start_date).days, (self.last - start_date).days + 1)


class Calendar(StrictModel):
    """The run's dated events (``[[calendar.events]]``), in file order."""

    events: Annotated[list[Event], Field(max_length=MAX_EVENTS)] = Field(default_factory=list)

    def check(self, start_date: datetime.date | None, horizon_minutes: float, shifts: Iterable[str]) -> None:
        """Raise ``ValueError`` (one line naming the event) for an event that cannot apply to the run.

        Events need ``start_date``; every date must fall within the run
        (day 0 to the last day the horizon reaches); ``staff`` may only name
        the scenario's shifts, and two events may not set one shift on one day.
        """
        if not self.events:
            return
        shifts = list(shifts)
        if start_date is None:
            name = repr(shorten(self.events[0].name, 60))
            raise ValueError(tr("calendar.events: event {name} needs run.start_date, the date of time 0, e.g. "
                                "start_date = \"2026-11-23\" in [run]", name=name))
        last_day = int(np.ceil(horizon_minutes / 1440)) - 1
        run_end = start_date + datetime.timedelta(days=last_day)
        set_by: dict[tuple[str, int], str] = {}
        for event in self.events:
            name = shorten(event.name, 60)
            days = event.days(start_date)
            if days.start < 0 or days.stop - 1 > last_day:
                raise ValueError(tr("calendar.events: event {name} ({first} to {last}) falls outside the run, {start} to "
                                    "{end} (run.start_date and run.days)", name=repr(name), first=event.first,
                                    last=event.last, start=start_date, end=run_end))
            for shift in event.staff:
                if shift not in shifts:
                    names = shorten(", ".join(shifts) or tr("none"), 200)
                    raise ValueError(tr("calendar.events: event {name} sets staff.{shift}: no such shift (shifts: "
                                        "{names})", name=repr(name), shift=shorten(shift, 60), names=names))
                for day in days:
                    other = set_by.setdefault((shift, day), name)
                    if other != name:
                        when = start_date + datetime.timedelta(days=day)
                        raise ValueError(tr("calendar.events: events {other} and {name} both set staff.{shift} on "
                                            "{day}; give one head count a day", other=repr(other), name=repr(name),
                                            shift=shift, day=when))

    def arrival_factors(self, start_date: datetime.date | None, intervals: int) -> np.ndarray:
        """The events' arrival multiplier in each 30-minute interval from time 0, shape ``(intervals,)`` (1: none)."""
        factors = np.ones(intervals)
        for event in self.events:
            if start_date is None or event.arrival_factor == 1.0:
                continue
            first, last = int(event.start_hour * 2), int(event.end_hour * 2)
            for day in event.days(start_date):
                lo, hi = max(day * INTERVALS_PER_DAY + first, 0), min(day * INTERVALS_PER_DAY + last, intervals)
                factors[lo:hi] *= event.arrival_factor
        return factors

    def staff_changes(self, start_date: datetime.date | None) -> dict[str, dict[int, int]]:
        """Head counts set by the events: ``{shift: {day of the run: count}}`` (day 0 is ``start_date``)."""
        changes: dict[str, dict[int, int]] = {}
        if start_date is None:
            return changes
        for event in self.events:
            for shift, count in event.staff.items():
                changes.setdefault(shift, {}).update(dict.fromkeys(event.days(start_date), count))
        return changes

    def extra_duty_periods(self) -> int:
        """At most how many on-duty periods the events' staff changes add (head counts x days)."""
        return sum(sum(event.staff.values()) * len(range((event.last - event.first).days + 1))
                   for event in self.events)
