"""Key figures of a run, computed from its question records.

Figures cover the questions that arrive after the warm-up (``run.warmup_days``);
times are in minutes. With no questions, shares and times are NaN. What each
figure means, its unit, label and format: :mod:`simlib.analysis.registry`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from simlib.model.records import SimulationResult


def measured(result: SimulationResult) -> pd.DataFrame:
    """The records of the questions that arrived after the warm-up."""
    records = result.records
    after = records["arrival"].to_numpy() >= result.warmup_minutes
    return records if after.all() else records[after]  # no copy without a warm-up


def kpis(result: SimulationResult) -> dict[str, float]:
    """Key figures of one run, in the registry's order (:data:`simlib.analysis.registry.KPIS`).

    With a ``[business]`` section the outcome figures of
    :data:`simlib.analysis.registry.OUTCOME_KPI_DESCRIPTIONS` follow.
    """
    figures = queue_kpis(result)
    if result.outcomes is not None:
        figures.update(outcome_kpis(result))
    return figures


def queue_kpis(result: SimulationResult) -> dict[str, float]:
    """How the inbox was served: the registry's ``queue`` KPIs, in order."""
    records = measured(result)
    replied = records["reply_start"].notna()
    response = records["first_response"]
    target = result.scenario.service.target_minutes
    start, end = result.warmup_minutes, result.horizon_minutes
    busy, paid = busy_and_paid_minutes(result)
    length = inbox_length(result)
    return {
        "questions": float(len(records)),
        "answered_share": _share(replied),
        "p_abandon": _share(records["abandoned"]),
        "open_share": _share(~replied & ~records["abandoned"]),
        "p_wait": _share(records["reply_start"] != records["arrival"]),
        "mean_wait_minutes": float(records["wait"].mean()),
        "mean_first_response_minutes": float(response.mean()),
        "median_first_response_minutes": float(response.median()),
        "p90_first_response_minutes": float(response.quantile(0.9)),
        "service_level": _share(response <= target),
        "utilisation": busy / paid if paid > 0 else float("nan"),
        "mean_inbox_length": time_average(length, start, end),
        "max_inbox_length": float(in_window(length, start, end).max()),
    }


def _share(flags: pd.Series) -> float:
    return float(flags.mean()) if len(flags) else float("nan")


def outcome_kpis(result: SimulationResult) -> dict[str, float]:
    """What the service was worth: the registry's ``outcome`` KPIs, in order."""
    assert result.outcomes is not None and result.scenario.business is not None
    business, outcomes = result.scenario.business, result.outcomes
    records = measured(result)
    leads = records["kind"] == "pre_sale"
    lost = records["revenue_lost"].sum()
    waited_hours = records["wait"].sum() / 60
    start = result.warmup_minutes
    reputation = in_window(outcomes.reputation, start, result.horizon_minutes)
    below = reputation[reputation < business.reputation.crisis_below]
    staff_cost = busy_and_paid_minutes(result)[1] / 60 * business.staff_cost_per_hour
    revenue = records["revenue"].sum()
    complaints = records["complaint"].sum() + outcomes.critic_complaints
    delay_cost = records["delay_cost_per_minute"]
    return {
        "leads": float(leads.sum()),
        "conversion": _share(records.loc[leads, "bought"]),
        "revenue": float(revenue),
        "revenue_lost": float(lost),
        "revenue_lost_per_question": float(lost / len(records)) if len(records) else float("nan"),
        "revenue_lost_per_question_hour": float(lost / waited_hours) if waited_hours > 0 else float("nan"),
        "complaints": float(complaints),
        "complaint_audience": float(complaints * business.reputation.complaint_reach),
        "final_reputation": float(reputation.iloc[-1]),
        "lowest_reputation": float(reputation.min()),
        "crisis": float(len(below) > 0),
        "crisis_day": crisis_start(outcomes.reputation, business.reputation.crisis_below, start) / 1440,
        "critics": float(outcomes.audience["critic"].iloc[-1]),
        "creators": float(outcomes.audience["influence"].iloc[-1]),
        "staff_cost": float(staff_cost),
        "profit": float(revenue - staff_cost),
        "revenue_shortfall": float(outcomes.benchmark_revenue - revenue),
        "delay_cost_per_minute": float(delay_cost.sum()),
        "delay_cost_per_question_minute": float(delay_cost.mean()) if len(delay_cost) else float("nan"),
    }


def in_window(steps: pd.Series, start: float, end: float) -> pd.Series:
    """The values a step function takes on ``[start, end]``: the one in force at ``start``, then each step.

    The one helper for every windowed maximum, minimum or last value of a
    step function (the inbox length, the reputation score): the value in
    force when the window opens counts even if it was set before (a warm-up
    that ends between two steps, an inbox that does not change all weekend).
    The result is indexed by when each value starts to hold within the window
    (the first at ``start``); before its first step the function is 0.

    >>> in_window(pd.Series([0, 27, 3], index=[0.0, 100.0, 900.0]), 200.0, 800.0).tolist()
    [27]
    """
    times = steps.index.to_numpy(dtype=float)
    first = int(np.searchsorted(times, start, side="right"))  # steps after start
    last = int(np.searchsorted(times, end, side="right"))  # steps up to and including end
    at_start = steps.iloc[first - 1] if first > 0 else 0
    values = np.concatenate([[at_start], steps.to_numpy()[first:last]])
    index = pd.Index(np.concatenate([[start], times[first:last]]), name=steps.index.name)
    return pd.Series(values, index=index, name=steps.name)


def crisis_start(reputation: pd.Series, line: float, start: float) -> float:
    """When the first crisis seen after ``start`` began, in minutes from the start of the run (NaN: none).

    A crisis is a stretch of reputation below ``line``. If the score is
    already below it when the measured window opens, the crisis began
    earlier: its minute is when the score fell below the line, not ``start``.
    """
    times, scores = reputation.index.to_numpy(dtype=float), reputation.to_numpy(dtype=float)
    below = scores < line
    k = int(np.searchsorted(times, start, side="right")) - 1  # the step in force at start
    if k >= 0 and below[k]:
        while k > 0 and below[k - 1]:
            k -= 1
        return float(times[k])
    later = np.flatnonzero(below[k + 1:])
    return float(times[k + 1 + later[0]]) if later.size else math.nan


def busy_and_paid_minutes(result: SimulationResult) -> tuple[float, float]:
    """Community-manager minutes spent replying, and minutes paid, after the warm-up.

    Paid time is time on duty plus overtime (finishing replies after the
    shift has ended, until the last one ends), so busy time never exceeds
    paid time. With channel ``concurrency`` k a conversation takes a k-th of
    a manager, so one minute of it counts as 1/k busy minute: busy time is
    slot-minutes in use divided by the slots a manager has (for one channel,
    busy slot-time / k), and ``utilisation`` (busy / paid) is the share of the
    team's paid attention in use, between 0 and 1 whatever the concurrency.
    """
    start, end = result.warmup_minutes, result.horizon_minutes
    records = result.records
    began = records["reply_start"].to_numpy()
    done = ~np.isnan(began)
    began = began[done]
    reply_from = np.maximum(began, start)
    reply_to = np.minimum(records["reply_end"].to_numpy()[done], end)
    busy = np.clip(reply_to - reply_from, 0, None)
    concurrency = np.array([c.concurrency for c in result.scenario.channels.values()])
    juggling = bool((concurrency > 1).any())
    if juggling:
        busy = busy / concurrency[records["channel"].cat.codes.to_numpy()[done]]
    handler = records["handler"].cat.codes.to_numpy()[done]
    busy_on_duty = overtime = 0.0
    for _, members, periods in result.staffing.periods:
        mine = (handler >= members.start) & (handler < members.stop)
        if not periods or not mine.any():
            continue
        bounds = np.array(periods)
        period = np.searchsorted(bounds[:, 0], began[mine], side="right") - 1  # replies start on duty
        shift_end = np.minimum(bounds[period, 1], end)
        if not juggling:  # one reply at a time: its time past the shift's end is overtime
            busy_on_duty += np.clip(np.minimum(reply_to[mine], shift_end) - reply_from[mine], 0, None).sum()
            continue
        # several at once: the manager stays until the last conversation of the period ends
        after = np.clip(reply_to[mine] - np.maximum(shift_end, reply_from[mine]), 0, None)
        stint, which = np.unique(handler[mine] * len(bounds) + period, return_inverse=True)
        last = np.zeros(len(stint))
        np.maximum.at(last, which, after)
        overtime += last.sum()
    if not juggling:
        overtime = busy.sum() - busy_on_duty
    paid = result.staffing.on_duty_minutes(start, end) + overtime
    return float(busy.sum()), float(paid)


def inbox_length(result: SimulationResult) -> pd.Series:
    """Questions waiting for a first reply, as a step function of time.

    The value at index ``t`` holds from minute ``t`` until the next index. A
    question waits from its arrival until its reply starts; with the
    ``leaves`` policy it also leaves when its customer gives up; unanswered
    questions wait until the end of the run.
    """
    records = result.records
    horizon = result.horizon_minutes
    gave_up = records["arrival"] + records["patience"]
    leaves = result.scenario.service.abandonment == "leaves"
    exit_time = records["reply_start"].fillna(gave_up if leaves else horizon).clip(upper=horizon)
    times = np.concatenate([[0.0], records["arrival"].to_numpy(), exit_time.to_numpy()])
    steps = np.concatenate([[0], np.ones(len(records), dtype=np.int64), -np.ones(len(records), dtype=np.int64)])
    minutes, at = np.unique(times, return_inverse=True)
    changes = np.bincount(at, weights=steps, minlength=len(minutes)).astype(np.int64)
    return pd.Series(np.cumsum(changes), index=pd.Index(minutes, name="minute"), name="inbox_length")


def step_integral(steps: pd.Series, at: np.ndarray | Sequence[float]) -> np.ndarray:
    """Area under a step function (as from :func:`inbox_length`) from its first step to each time in ``at``.

    The function is 0 before its first step; the area is in value x minutes.
    """
    times, values = steps.index.to_numpy(dtype=float), steps.to_numpy(dtype=float)
    at = np.asarray(at, dtype=float)
    area = np.concatenate([[0.0], np.cumsum(values[:-1] * np.diff(times))])
    last = np.searchsorted(times, at, side="right") - 1
    k = np.maximum(last, 0)
    return np.where(last >= 0, area[k] + values[k] * (at - times[k]), 0.0)


def time_average(steps: pd.Series, start: float, end: float) -> float:
    """Time-average of a step function (as from :func:`inbox_length`) over [start, end)."""
    if end <= start or steps.empty:
        return float("nan")
    before, after = step_integral(steps, [start, end])
    return float((after - before) / (end - start))


def sample_every(steps: pd.Series, every_minutes: float, end: float) -> pd.Series:
    """A step function read at regular times 0, every, 2*every, ... < end (for plots)."""
    grid = np.arange(0.0, end, every_minutes)
    positions = np.searchsorted(steps.index.to_numpy(), grid, side="right") - 1
    values = np.where(positions >= 0, steps.to_numpy()[np.maximum(positions, 0)], 0)
    return pd.Series(values, index=pd.Index(grid, name="minute"), name=steps.name)
