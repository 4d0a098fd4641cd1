"""The cheapest mix of shifts that covers the staff needed in every interval: an integer program.

Given the people to pay in each interval of the week
(:func:`simlib.analysis.requirements.staff_requirements`) and a set of shift
options (start, length, days, cost per head, least and most heads), choose
how many people work each option so that every interval is covered at the
lowest cost::

    minimise    sum_j cost_j x_j
    subject to  sum_j a_tj x_j >= paid_t       for every interval t
                x_j = 0 or min_j <= x_j <= max_j, x_j integer

where ``a_tj`` is 1 when option ``j`` is on duty for the whole of interval
``t``. ``paid_t`` counts people: with channel concurrency the requirements
have already turned conversation slots into people (slots / concurrency,
rounded up), so a person here holds several conversations. This is the
classic shift-scheduling set-covering model (Dantzig 1954,
"A comment on Edie's traffic delays at toll booths"), solved exactly by HiGHS
through :func:`scipy.optimize.milp`; an option with ``min_heads`` is a
semi-integer variable (zero, or between its least and most heads).

Costs (:class:`PayRates`) are per person over the run after its warm-up, in
the business's currency per paid hour (or in hours with a rate of 1): hours on
duty, plus a night premium on the hours in the night window, times a
part-time rate for options shorter than a full-time day.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from simlib.analysis.intervals import WEEK_MINUTES, interval_label
from simlib.model.calendar import shift_intervals
from simlib.model.scenario import DAYS, Scenario, Shift

__all__ = ["PayRates", "ShiftMix", "ShiftOption", "cheapest_shift_mix", "cost_per_head", "coverage",
           "shift_options"]


@dataclass(frozen=True)
class ShiftOption:
    """A shift the integer program may staff.

    Attributes
    ----------
    name
        Its name in the scenario's ``[staff]`` (no dots).
    start_hour, end_hour
        As in a scenario's shift: ``end_hour`` past 24 crosses midnight (22 to 30).
    days
        The days it starts on.
    min_heads
        If staffed at all, at least this many people (e.g. 2: nobody works alone).
    max_heads
        At most this many people (None: as many as needed).
    """

    name: str
    start_hour: float
    end_hour: float
    days: tuple[str, ...] = DAYS
    min_heads: int = 0
    max_heads: int | None = None

    def __post_init__(self) -> None:
        Shift(count=0, start_hour=self.start_hour, end_hour=self.end_hour, days=list(self.days))  # same checks
        if "." in self.name:
            raise ValueError(f"shift option {self.name!r}: a name cannot contain '.'")
        if self.min_heads < 0 or (self.max_heads is not None and self.max_heads < max(self.min_heads, 0)):
            raise ValueError(f"shift option {self.name}: needs 0 <= min_heads <= max_heads, "
                             f"got {self.min_heads} and {self.max_heads}")

    @property
    def hours(self) -> float:
        """Length of one day's shift, hours."""
        return self.end_hour - self.start_hour

    def table(self, count: int) -> dict:
        """The scenario's ``[staff.NAME]`` table for ``count`` people."""
        return {"count": int(count), "start_hour": self.start_hour, "end_hour": self.end_hour,
                "days": list(self.days)}

    @classmethod
    def from_shift(cls, name: str, shift: Shift, min_heads: int = 0, max_heads: int | None = None) -> ShiftOption:
        """A scenario's shift as an option (its hours and days; the head count is what is chosen)."""
        return cls(name, shift.start_hour, shift.end_hour, tuple(shift.days), min_heads, max_heads)


def shift_options(starts: Sequence[float], lengths: Sequence[float], days: Sequence[str] = DAYS,
                  min_heads: int = 0, max_heads: int | None = None) -> list[ShiftOption]:
    """Every start hour with every length, named by their clock times (``"22:00-06:00"``).

    Parameters
    ----------
    starts
        Start hours, 0 to 24 (e.g. ``range(0, 24, 2)``); 6.5 is 06:30.
    lengths
        Shift lengths, hours (e.g. ``[4, 8]``: part-time and full-time).
    days
        The days every option starts on (default every day).
    min_heads, max_heads
        As in :class:`ShiftOption`, for every option.
    """
    def clock(hour: float) -> str:
        minutes = round(hour * 60) % 1440
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    suffix = "" if tuple(days) == DAYS else " " + "+".join(days)
    return [ShiftOption(f"{clock(start)}-{clock(start + length)}{suffix}", float(start), float(start + length),
                        tuple(days), min_heads, max_heads)
            for start in starts for length in lengths]


@dataclass(frozen=True)
class PayRates:
    """What a paid hour costs.

    Attributes
    ----------
    per_hour
        Currency per paid hour (``business.staff_cost_per_hour``); 1 counts hours.
    night_premium
        Extra share paid for hours in the night window (0.25: +25%).
    night_start_hour, night_end_hour
        The night window, clock hours (default 22:00 to 06:00).
    part_time_factor
        Multiplies the hourly rate of options shorter than ``full_time_hours``
        (1.1: part-timers cost 10% more an hour).
    full_time_hours
        Length of a full-time day, hours.
    """

    per_hour: float = 1.0
    night_premium: float = 0.0
    night_start_hour: float = 22.0
    night_end_hour: float = 6.0
    part_time_factor: float = 1.0
    full_time_hours: float = 8.0

    def __post_init__(self) -> None:
        for name in ("per_hour", "night_premium", "part_time_factor", "full_time_hours"):
            value = getattr(self, name)
            if not (0 <= value < math.inf):
                raise ValueError(f"{name} = {value!r}: must be a finite number >= 0")
        for name in ("night_start_hour", "night_end_hour"):
            if not 0 <= getattr(self, name) <= 24:
                raise ValueError(f"{name} = {getattr(self, name)!r}: must be a clock hour, 0 to 24")

    def night_minutes(self, start: float, end: float) -> float:
        """Minutes of ``[start, end)`` (minutes from Monday 00:00) inside the night window."""
        begin, finish = self.night_start_hour * 60, self.night_end_hour * 60
        if finish <= begin:
            finish += 1440
        total = 0.0
        for day in range(math.floor(start / 1440) - 1, math.ceil(end / 1440) + 1):
            total += max(0.0, min(end, day * 1440 + finish) - max(start, day * 1440 + begin))
        return total


def cost_per_head(option: ShiftOption, scenario: Scenario, rates: PayRates) -> float:
    """What one person on ``option`` costs over the run after the warm-up (currency, or hours at rate 1).

    ``rate x (hours on duty + night_premium x night hours)``, the rate times
    ``part_time_factor`` when the option is shorter than a full-time day.
    """
    shift = Shift(count=0, start_hour=option.start_hour, end_hour=option.end_hour, days=list(option.days))
    start, end = scenario.warmup_minutes, scenario.horizon_minutes
    minutes = night = 0.0
    for a, b in shift_intervals(shift, end):
        a, b = max(a, start), min(b, end)
        if b > a:
            minutes += b - a
            night += rates.night_minutes(a, b)
    rate = rates.per_hour * (rates.part_time_factor if option.hours < rates.full_time_hours else 1.0)
    return rate * (minutes + rates.night_premium * night) / 60


def coverage(options: Sequence[ShiftOption], interval_minutes: int) -> np.ndarray:
    """``a[t, j] = 1`` when option ``j`` is on duty for the whole interval ``t`` of the week.

    An interval only partly covered counts as not covered (start shifts on
    the interval grid to avoid that).
    """
    slots = WEEK_MINUTES // interval_minutes
    table = np.zeros((slots, len(options)))
    for j, option in enumerate(options):
        for day in option.days:
            start = DAYS.index(day) * 1440 + option.start_hour * 60
            end = DAYS.index(day) * 1440 + option.end_hour * 60
            first, last = math.ceil(start / interval_minutes - 1e-9), math.floor(end / interval_minutes + 1e-9)
            table[np.arange(first, last) % slots, j] = 1.0
    return table


@dataclass(frozen=True)
class ShiftMix:
    """The cheapest shift mix found by the integer program.

    Attributes
    ----------
    options
        The options it chose from, in order.
    counts
        People per option (0: not used), in the order of ``options``.
    cost
        Its cost (sum of heads times :func:`cost_per_head`).
    lower_bound
        HiGHS's proven lower bound on the cost of any mix that covers the
        requirements (equal to ``cost`` when solved to optimality).
    cover
        Per interval of the week: ``label``, ``required`` (paid people),
        ``staffed`` (people on duty in the mix) and ``surplus``.
    """

    options: tuple[ShiftOption, ...]
    counts: tuple[int, ...]
    cost: float
    lower_bound: float
    cover: pd.DataFrame

    def staffed(self) -> dict[str, int]:
        """Option name -> people, for the options used."""
        return {o.name: n for o, n in zip(self.options, self.counts) if n > 0}


def cheapest_shift_mix(required: pd.Series, options: Sequence[ShiftOption], costs: Sequence[float],
                       interval_minutes: int, time_limit: float = 60.0) -> ShiftMix:
    """Solve the shift-covering integer program with HiGHS (:func:`scipy.optimize.milp`).

    Parameters
    ----------
    required
        People to pay per interval of the week (index: interval number, as
        the ``paid`` column of :func:`~simlib.analysis.requirements.staff_requirements`);
        fractional values are covered by whole people.
    options
        The shifts to choose from.
    costs
        Cost of one person on each option (:func:`cost_per_head`).
    interval_minutes
        Length of the intervals of ``required``.
    time_limit
        Seconds HiGHS may spend; the best mix found by then is returned.

    Raises
    ------
    ValueError
        When no mix covers the requirements: the message names the first
        interval short of people even with every option at its most heads.
    """
    if len(options) != len(costs) or not options:
        raise ValueError("cheapest_shift_mix: give one cost per option, and at least one option")
    slots = WEEK_MINUTES // interval_minutes
    need = np.zeros(slots)
    need[required.index.to_numpy(dtype=int)] = required.to_numpy(dtype=float)
    need = np.ceil(need - 1e-9)  # whole people cover a fractional requirement
    cover = coverage(options, interval_minutes)
    peak = float(need.max(initial=0.0))
    most = np.array([peak if o.max_heads is None else o.max_heads for o in options], dtype=float)
    least = np.array([o.min_heads for o in options], dtype=float)
    most = np.maximum(most, least)
    short = np.flatnonzero(cover @ most < need)
    if short.size:
        slot = int(short[0])
        raise ValueError(f"no shift mix covers {interval_label(slot, interval_minutes)}: it needs {need[slot]:g} "
                         f"people and the options on duty then allow at most {cover[slot] @ most:g}")
    rows = need > 0
    result = milp(np.asarray(costs, dtype=float),
                  constraints=LinearConstraint(cover[rows], lb=need[rows], ub=np.inf),
                  integrality=np.where(least > 0, 3, 1), bounds=Bounds(least, most),
                  options={"time_limit": time_limit})
    if result.x is None:
        raise ValueError(f"the shift integer program found no mix: {result.message}")
    counts = tuple(round(x) for x in result.x)
    staffed = cover @ np.array(counts, dtype=float)
    table = pd.DataFrame({"label": [interval_label(s, interval_minutes) for s in range(slots)],
                          "required": need, "staffed": staffed, "surplus": staffed - need},
                         index=pd.Index(range(slots), name="interval")).loc[required.index]
    bound = getattr(result, "mip_dual_bound", None)
    return ShiftMix(tuple(options), counts, float(np.dot(counts, costs)),
                    float(result.fun if bound is None or not np.isfinite(bound) else bound), table)
