"""The parts of a scenario: arrivals, channels, shifts, service rules and the run.

Times are in minutes unless a field name says hours or days. Without
``run.start_date`` the week starts on Monday at 00:00 (simulation time 0);
with it, time 0 is 00:00 of that date. :mod:`simlib.model.scenario` puts the
parts together (and re-exports them); ``docs/scenario-files.md`` is the
field-by-field reference.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BeforeValidator, Field, field_validator, model_validator

from simlib.i18n import tr
from simlib.model.base import StrictModel, WholeNumber, show
from simlib.model.distributions import Distribution

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
NonNegative = Annotated[float, Field(ge=0)]
LONGEST_MINUTES = 1e7
"""The longest target or time in minutes a field takes (19 years): longer than any run (3,660 days)."""
Minutes = Annotated[float, Field(ge=0, le=LONGEST_MINUTES)]
Factor = Annotated[float, Field(ge=0, le=1e6)]

MAX_CHANNELS = 1000
"""Channels per scenario (a question's channel is stored in 16 bits, which hold 32,767)."""
MAX_SHIFTS = 1000
"""Shifts per scenario."""
MAX_STAFF = 100_000
"""Community managers in all shifts together."""
MAX_CONCURRENCY = 20
"""Conversations of one channel a community manager may hold at once (a sanity bound, a teaching assumption:
far above the few chats a person can follow; the engine's units of attention, lcm(1..20), fit in 32 bits)."""


INTERVALS_PER_DAY = 48
"""30-minute intervals in a day: the grain of the weekly arrival profile."""


class Arrivals(StrictModel):
    """When questions arrive: a Poisson process with a weekly rhythm.

    Either by hour and day: the rate at hour ``h`` of day ``d`` (0 = Monday)
    is ``per_hour * hour_factor[h] * day_factor[d]`` questions per hour; or
    by 30-minute interval: the rate in interval ``i`` (0 = 00:00-00:30) of
    day ``d`` is ``per_hour * interval_factor[d][i]`` (7 lists of 48, as
    ``simlib fit`` writes from a message export). Not both: with
    ``interval_factor``, ``hour_factor`` and ``day_factor`` stay at 1.
    :meth:`profile` gives the factors in one form either way.
    """

    per_hour: Annotated[float, Field(ge=0, le=1e6)]
    hour_factor: list[Factor] = Field(default_factory=lambda: [1.0] * 24)
    day_factor: list[Factor] = Field(default_factory=lambda: [1.0] * 7)
    interval_factor: list[list[Factor]] | None = None

    @field_validator("hour_factor")
    @classmethod
    def _24_hours(cls, v: list[float]) -> list[float]:
        if len(v) != 24:
            raise ValueError(tr("needs 24 numbers (one per hour from 00:00), got {count}", count=len(v)))
        return v

    @field_validator("day_factor")
    @classmethod
    def _7_days(cls, v: list[float]) -> list[float]:
        if len(v) != 7:
            raise ValueError(tr("needs 7 numbers (Monday to Sunday), got {count}", count=len(v)))
        return v

    @field_validator("interval_factor")
    @classmethod
    def _7_days_of_48(cls, v: list[list[float]] | None) -> list[list[float]] | None:
        if v is None:
            return v
        if len(v) != 7:
            raise ValueError(tr("needs 7 lists (Monday to Sunday) of 48 numbers, got {count} lists", count=len(v)))
        for day, numbers in zip(DAYS, v):
            if len(numbers) != INTERVALS_PER_DAY:
                raise ValueError(tr("the {day} list has {count} numbers; each day needs 48 (one per 30 minutes "
                                    "from 00:00)", day=day, count=len(numbers)))
        return v

    @model_validator(mode="after")
    def _one_form(self) -> "Arrivals":
        if self.interval_factor is not None:
            for name in ("hour_factor", "day_factor"):
                if any(f != 1.0 for f in getattr(self, name)):
                    raise ValueError(tr("give either interval_factor or hour_factor and day_factor, not both "
                                        "({name} is set too)", name=name))
        return self

    def profile(self) -> np.ndarray:
        """The weekly factors, shape (7, 48): day (Monday first) by 30-minute interval from 00:00.

        The rate in an interval is ``per_hour`` times its factor (questions
        per hour); with hour and day factors, each hour's factor fills both
        of its intervals.
        """
        if self.interval_factor is not None:
            return np.asarray(self.interval_factor, dtype=float)
        hours = np.repeat(np.asarray(self.hour_factor, dtype=float), 2)
        return np.asarray(self.day_factor, dtype=float)[:, None] * hours[None, :]


class Channel(StrictModel):
    """A door into the inbox: public comment, direct message, review...

    ``patience`` is how long the customer waits for a first reply; leave it
    out for customers who never give up.
    ``priority`` matters only with the ``priority`` discipline: lower first.
    ``concurrency`` is how many conversations of this channel a community
    manager can hold at once (direct messages: several; a public reply: 1,
    the default); each takes a k-th of the manager and its own handling time
    (:mod:`simlib.model.engine`).
    """

    share: Annotated[float, Field(ge=0, le=1)]
    handling: Distribution
    patience: Distribution | None = None
    priority: Annotated[WholeNumber, Field(ge=-1_000_000, le=1_000_000)] = 0
    concurrency: Annotated[WholeNumber, Field(ge=1, le=MAX_CONCURRENCY)] = 1

    @field_validator("handling")
    @classmethod
    def _handling_takes_time(cls, v: Any) -> Any:
        if v.mean <= 0:
            raise ValueError(tr("a reply must take some time: mean must be > 0"))
        return v


class Shift(StrictModel):
    """``count`` community managers on duty from ``start_hour`` to ``end_hour``.

    The shift starts on each listed day. A shift that crosses midnight ends
    after 24, e.g. ``start_hour = 22, end_hour = 30`` (22:00 to 06:00).
    A reply in progress at the end of a shift is finished (overtime).
    """

    count: Annotated[WholeNumber, Field(ge=0, le=MAX_STAFF)]
    start_hour: Annotated[float, Field(ge=0, lt=24)] = 0.0
    end_hour: Annotated[float, Field(gt=0, le=48)] = 24.0
    days: list[Day] = Field(default_factory=lambda: list(DAYS))

    @field_validator("days")
    @classmethod
    def _some_days(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError(tr("a shift needs at least one day to start on, e.g. [\"mon\", \"tue\"] "
                                "(set count = 0 for a shift nobody works)"))
        twice = sorted({d for d in v if v.count(d) > 1})
        if twice:
            raise ValueError(tr("{day} is listed twice", day=repr(twice[0])))
        return v

    @model_validator(mode="after")
    def _ends_after_start(self) -> "Shift":
        # hours such as 23.99 + 24 = 47.989999999999995 < 47.99: compare the length, with a tolerance
        if not (self.start_hour < self.end_hour and self.end_hour - self.start_hour <= 24 + 1e-9):
            raise ValueError(tr(
                "end_hour = {end} must be after start_hour = {start} and at most 24 hours later (a night shift "
                "22:00-06:00 is 22 to 30)", end=self.end_hour, start=self.start_hour)
            )
        return self


class Service(StrictModel):
    """How the team works through the inbox.

    - ``discipline``: ``fifo`` (oldest first), ``lifo`` (newest first),
      ``priority`` (by channel priority, then oldest first) or ``value``
      (the most valuable lead first, by its CRM lead score; needs ``[business]``).
    - ``abandonment``: when patience runs out the question ``leaves`` the
      inbox (call-centre style, Erlang A) or ``stays`` and is answered late
      (social-media style: the post is still there, the customer has gone).
    - ``target_minutes``: the reply-time target of the service level.
    """

    discipline: Literal["fifo", "lifo", "priority", "value"] = "fifo"
    abandonment: Literal["leaves", "stays"] = "stays"
    target_minutes: Minutes = 60.0


def _iso_date(value: Any) -> Any:
    """A date written as text (``"2026-11-23"``) as a date; a TOML date passes; the rest reaches strict checking."""
    if isinstance(value, datetime.datetime):
        raise ValueError("must be a date without a time of day, e.g. \"2026-11-23\"")
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"not a date: write it YYYY-MM-DD, e.g. \"2026-11-23\" (got {show(value, 40)})") \
                from None
    return value


Date = Annotated[datetime.date, BeforeValidator(_iso_date)]
"""A calendar date: ``"2026-11-23"`` or a TOML date ``2026-11-23``."""


class Run(StrictModel):
    """How long to simulate, from when, and which random numbers to use.

    ``start_date`` (optional) puts the run on the calendar: time 0 is 00:00
    of that date, and its weekday is where the weekly profile and the shift
    days start (a run may start on any day). It is needed for
    ``[[calendar.events]]``.
    """

    days: Annotated[float, Field(gt=0, le=3660)] = 7.0
    warmup_days: NonNegative = 0.0
    seed: Annotated[WholeNumber, Field(ge=0, le=2**63 - 1)] = 1
    replications: Annotated[WholeNumber, Field(ge=1, le=100_000)] = 1
    start_date: Date | None = None

    @field_validator("start_date")
    @classmethod
    def _plausible_year(cls, v: datetime.date | None) -> datetime.date | None:
        if v is not None and not 1900 <= v.year <= 2200:
            raise ValueError("must be a date between 1900 and 2200")
        return v

    @model_validator(mode="after")
    def _warmup_shorter_than_run(self) -> "Run":
        if self.warmup_days >= self.days:
            raise ValueError(tr("warmup_days = {warmup} must be less than days = {days}", warmup=self.warmup_days,
                                days=self.days))
        return self

    @property
    def start_weekday(self) -> int:
        """The weekday of time 0: 0 = Monday (also without a start date) to 6 = Sunday."""
        return 0 if self.start_date is None else self.start_date.weekday()
