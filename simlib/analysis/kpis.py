"""Key figures of a run, computed from its question records.

Figures cover the questions that arrive after the warm-up (``run.warmup_days``);
times are in minutes. With no questions, shares and times are NaN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from simlib.model.records import SimulationResult

KPI_DESCRIPTIONS = {
    "questions": "questions that arrived",
    "answered_share": "share that got a reply before the end of the run",
    "p_abandon": "share whose customer gave up before the reply started",
    "open_share": "share still waiting, customer still there, at the end",
    "p_wait": "share not answered the moment they arrived",
    "mean_wait_minutes": "mean time a customer waited (until reply or giving up)",
    "mean_first_response_minutes": "mean time to first reply (answered questions)",
    "median_first_response_minutes": "median time to first reply (answered questions)",
    "p90_first_response_minutes": "90th percentile of time to first reply (answered)",
    "service_level": "share whose reply started within the target",
    "utilisation": "share of paid time (on duty + overtime) spent replying",
    "mean_inbox_length": "mean number of questions waiting for a first reply",
    "max_inbox_length": "largest number of questions waiting at once",
}
"""Every KPI name, in display order, with what it means."""

OUTCOME_KPI_DESCRIPTIONS = {
    "leads": "pre-sale questions (people asking before buying)",
    "conversion": "share of leads who bought",
    "revenue": "sales plus repeat purchases (currency)",
    "revenue_lost": "revenue the same questions would have brought if answered at once",
    "revenue_lost_per_question_hour": "revenue lost per question per hour of waiting",
    "complaints": "public complaints (from questions, and critics posting)",
    "complaint_audience": "people who heard of a complaint (word of mouth)",
    "final_reputation": "reputation score at the end (0-100)",
    "lowest_reputation": "lowest reputation score during the run",
    "crisis": "1 if reputation fell below the crisis line (over runs: share of runs)",
    "crisis_day": "days from the start until reputation first fell below the crisis line",
    "critics": "critics in the audience at the end",
    "creators": "creators (influence phase) in the audience at the end",
    "staff_cost": "paid community-manager hours times the hourly cost",
    "profit": "revenue minus staff cost",
}
"""Extra KPIs of scenarios with a ``[business]`` section."""

SHARE_KPIS = frozenset(
    {"answered_share", "p_abandon", "open_share", "p_wait", "service_level", "utilisation", "conversion", "crisis"}
)
"""KPIs that are shares (between 0 and 1)."""

KPI_BOUNDS = {
    name: (0.0, 1.0) if name in SHARE_KPIS else (0.0, 100.0) if "reputation" in name else (0.0, math.inf)
    for name in [*KPI_DESCRIPTIONS, *OUTCOME_KPI_DESCRIPTIONS] if name != "profit"
}
"""The range each KPI can take (profit alone can be negative); confidence intervals stay inside."""


def measured(result: SimulationResult) -> pd.DataFrame:
    """The records of the questions that arrived after the warm-up."""
    records = result.records
    return records[records["arrival"] >= result.warmup_minutes]


def kpis(result: SimulationResult) -> dict[str, float]:
    """Key figures of one run, in the order of :data:`KPI_DESCRIPTIONS`.

    With a ``[business]`` section the outcome figures of
    :data:`OUTCOME_KPI_DESCRIPTIONS` follow.
    """
    figures = queue_kpis(result)
    if result.outcomes is not None:
        figures.update(outcome_kpis(result))
    return figures


def queue_kpis(result: SimulationResult) -> dict[str, float]:
    """How the inbox was served, in the order of :data:`KPI_DESCRIPTIONS`."""
    records = measured(result)
    replied = records["reply_start"].notna()
    response = records["first_response"]
    target = result.scenario.service.target_minutes
    start, end = result.warmup_minutes, result.horizon_minutes
    busy, paid = busy_and_paid_minutes(result)
    length = inbox_length(result)
    in_window = length[(length.index >= start) & (length.index < end)]
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
        "max_inbox_length": float(max(in_window.max(), length[length.index <= start].iloc[-1])),
    }


def _share(flags: pd.Series) -> float:
    return float(flags.mean()) if len(flags) else float("nan")


def outcome_kpis(result: SimulationResult) -> dict[str, float]:
    """What the service was worth, in the order of :data:`OUTCOME_KPI_DESCRIPTIONS`."""
    assert result.outcomes is not None and result.scenario.business is not None
    business, outcomes = result.scenario.business, result.outcomes
    records = measured(result)
    leads = records["kind"] == "pre_sale"
    lost = records["revenue_lost"].sum()
    waited_hours = records["wait"].sum() / 60
    start = result.warmup_minutes
    reputation = outcomes.reputation[outcomes.reputation.index >= start]
    below = reputation[reputation < business.reputation.crisis_below]
    staff_cost = busy_and_paid_minutes(result)[1] / 60 * business.staff_cost_per_hour
    revenue = records["revenue"].sum()
    complaints = records["complaint"].sum() + outcomes.critic_complaints
    return {
        "leads": float(leads.sum()),
        "conversion": _share(records.loc[leads, "bought"]),
        "revenue": float(revenue),
        "revenue_lost": float(lost),
        "revenue_lost_per_question_hour": float(lost / waited_hours) if waited_hours > 0 else float("nan"),
        "complaints": float(complaints),
        "complaint_audience": float(complaints * business.reputation.complaint_reach),
        "final_reputation": float(reputation.iloc[-1]),
        "lowest_reputation": float(reputation.min()),
        "crisis": float(len(below) > 0),
        "crisis_day": below.index[0] / 1440 if len(below) else math.nan,
        "critics": float(outcomes.audience["critic"].iloc[-1]),
        "creators": float(outcomes.audience["influence"].iloc[-1]),
        "staff_cost": float(staff_cost),
        "profit": float(revenue - staff_cost),
    }


def busy_and_paid_minutes(result: SimulationResult) -> tuple[float, float]:
    """Community-manager minutes spent replying, and minutes paid, after the warm-up.

    Paid time is time on duty plus overtime (finishing a reply after the
    shift has ended), so busy time never exceeds paid time.
    """
    start, end = result.warmup_minutes, result.horizon_minutes
    done = result.records[result.records["reply_start"].notna()]
    began = done["reply_start"].to_numpy()
    reply_from = np.maximum(began, start)
    reply_to = np.minimum(done["reply_end"].to_numpy(), end)
    busy = np.clip(reply_to - reply_from, 0, None)
    handler = done["handler"].cat.codes.to_numpy()
    busy_on_duty = 0.0
    for _, members, periods in result.staffing.periods:
        mine = (handler >= members.start) & (handler < members.stop)
        if not periods or not mine.any():
            continue
        bounds = np.array(periods)
        period = np.searchsorted(bounds[:, 0], began[mine], side="right") - 1  # replies start on duty
        shift_end = np.minimum(bounds[period, 1], end)
        busy_on_duty += np.clip(np.minimum(reply_to[mine], shift_end) - reply_from[mine], 0, None).sum()
    paid = result.staffing.on_duty_minutes(start, end) + (busy.sum() - busy_on_duty)
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
    steps = np.concatenate([[0], np.ones(len(records)), -np.ones(len(records))])
    changes = pd.Series(steps, index=times).groupby(level=0).sum()
    length = changes.cumsum().astype(int)
    length.index.name = "minute"
    length.name = "inbox_length"
    return length


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
