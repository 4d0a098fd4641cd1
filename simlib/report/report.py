"""A staffing report: from a scenario file to a plan you can defend, with plots and plain sentences.

:func:`staffing_report` runs everything the report needs (the Erlang first
guess, each shift's head count swept around it, the cheapest plan meeting the
targets, the most profitable plan, and today's plan against the
recommendation on the same customers) and returns a :class:`StaffingReport`.
The other functions turn that into short sentences (:class:`Findings`),
tables and figures, so the notebook ``reports/staffing_report.ipynb`` stays a
few lines per cell. :func:`run_report_notebook` executes that notebook with
papermill (``simlib report`` on the command line) and can write an HTML copy
that needs no network.

Times are in minutes unless a name says otherwise; money is in the
scenario's ``business.currency``; without a ``[business]`` section, plans
cost hours on duty. Guide: ``docs/experiments.md`` ("A staffing report").
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from simlib.analysis.estimate import erlang_estimate
from simlib.analysis.formatting import format_kpi
from simlib.analysis.kpis import SHARE_KPIS
from simlib.errors import ScenarioError
from simlib.experiments.executors import check_workers, open_executor
from simlib.experiments.optimise import (
    PlanSearch,
    _hours_on_duty,
    best_profit_plan,
    cheapest_plan,
)
from simlib.experiments.replications import summarise
from simlib.experiments.sweeps import (
    compare_paired,
    replicate_summary,
    summarise_sweep,
    sweep,
)
from simlib.model.calendar import shift_intervals
from simlib.model.presets import load_preset
from simlib.model.scenario import DAYS, Scenario, set_field, validate_scenario

if TYPE_CHECKING:
    from matplotlib.figure import Figure

REPORT_NOTEBOOK = Path(str(resources.files("simlib.report") / "staffing_report.ipynb"))
"""The parameterised notebook that :func:`run_report_notebook` executes."""

COMPARED_KPIS = ("service_level", "answered_share", "median_first_response_minutes", "p90_first_response_minutes",
                 "conversion", "revenue", "complaints", "lowest_reputation", "staff_cost", "profit")
"""KPIs of today's plan against the recommendation (those the scenario has)."""

LABELS = {
    "service_level": "answered within the target",
    "answered_share": "answered by the end",
    "median_first_response_minutes": "median first reply",
    "p90_first_response_minutes": "90th percentile of first reply",
    "conversion": "leads who bought",
    "revenue": "revenue",
    "complaints": "public complaints",
    "lowest_reputation": "lowest reputation (0-100)",
    "staff_cost": "staff cost (with overtime)",
    "profit": "profit",
}
"""Plain names of the compared KPIs."""

SWEEP_MARGIN = 2
"""The head-count sweep tries the Erlang estimate +- this, and today's count +- 1."""


@dataclass(frozen=True)
class StaffingReport:
    """Everything a staffing report shows, computed once by :func:`staffing_report`.

    Attributes
    ----------
    scenario
        The business as today (run length and seed included).
    replications
        Runs per plan (replications 0..R-1: every plan sees the same customers).
    service_level
        Target: lowest acceptable mean share of questions whose first reply
        starts within ``scenario.service.target_minutes``.
    reputation_floor
        Target: lowest acceptable mean of ``lowest_reputation`` (0-100), or None.
    shifts
        The shifts staffed by the report; the others keep today's head count.
    today
        Today's head count per searched shift.
    today_summary
        Today's KPIs: index KPI; ``mean``, ``ci_low``, ``ci_high``, ``half_width``, ``replications``.
    estimate
        :func:`simlib.analysis.estimate.erlang_estimate` for ``service_level``, one row per shift.
    head_counts
        The sweep, one shift at a time (the others as today), summarised:
        ``shift``, ``head count``, ``kpi``, ``mean``, ``ci_low``, ``ci_high``,
        ``half_width``, ``replications`` (one row per shift, count and KPI).
    ceiling
        KPIs with every searched shift at the most people the search tries
        (``ceiling_plan``): what head count alone can reach on these hours.
    ceiling_plan
        That plan (3 x the Erlang estimate + 5 per shift, as the optimiser).
    cheapest
        :func:`simlib.experiments.optimise.cheapest_plan`, or None when no plan meets the targets.
    profit
        :func:`simlib.experiments.optimise.best_profit_plan`, or None without a ``[business]`` section.
    recommended
        The plan compared with today: the cheapest meeting the targets, else
        the most profitable, else None.
    comparison
        :func:`simlib.experiments.sweeps.compare_paired` (recommended minus today),
        or None when there is no recommendation or it is today's plan.
    """

    scenario: Scenario
    replications: int
    service_level: float
    reputation_floor: float | None
    shifts: list[str]
    today: dict[str, int]
    today_summary: pd.DataFrame
    estimate: pd.DataFrame
    head_counts: pd.DataFrame
    ceiling: pd.DataFrame
    ceiling_plan: dict[str, int]
    cheapest: PlanSearch | None
    profit: PlanSearch | None
    recommended: dict[str, int] | None
    comparison: pd.DataFrame | None

    @property
    def currency(self) -> str:
        """The business's currency, or ``""`` without a ``[business]`` section."""
        return self.scenario.business.currency if self.scenario.business is not None else ""

    @property
    def targets(self) -> dict[str, float]:
        """KPI -> the lowest acceptable mean."""
        targets = {"service_level": self.service_level}
        if self.reputation_floor is not None:
            targets["lowest_reputation"] = self.reputation_floor
        return targets

    @property
    def recommended_by(self) -> str | None:
        """``"cheapest"``, ``"profit"`` or None: which search the recommendation comes from."""
        if self.recommended is None:
            return None
        return "cheapest" if self.cheapest is not None else "profit"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_$<>])")
"""Characters that markdown would read as formatting (or math), escaped in :class:`Findings`."""


class Findings(tuple):
    """Sentences about a report's numbers; Jupyter shows them as a bulleted list."""

    def __new__(cls, sentences: Iterable[str] = ()) -> Findings:
        return super().__new__(cls, tuple(sentences))

    def _repr_markdown_(self) -> str:
        return "\n".join("- " + _MARKDOWN_SPECIAL.sub(r"\\\1", sentence) for sentence in self)

    def __str__(self) -> str:
        return "\n".join(self)

    def __repr__(self) -> str:
        return "\n".join(f"- {s}" for s in self)


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------

def load_report_scenario(scenario: str | Path | Scenario, days: float | None = None,
                         seed: int | None = None) -> Scenario:
    """The report's scenario: a preset name (``"luxury"``), a file or a Scenario, with run length and seed.

    Parameters
    ----------
    scenario
        Preset name, path of a ``.toml`` file, or a :class:`Scenario`.
    days
        Simulated days per run (``run.days``); None keeps the scenario's.
    seed
        Random seed (``run.seed``); None keeps the scenario's.

    Raises
    ------
    ScenarioError
        An unknown preset or file, or a bad ``days``/``seed`` (naming ``run.days``/``run.seed``).
    """
    overrides = {field: value for field, value in (("run.days", days), ("run.seed", seed)) if value is not None}
    if isinstance(scenario, Scenario):
        data = scenario.model_dump()
        for field, value in overrides.items():
            set_field(data, field, value)
        return validate_scenario(data)
    return load_preset(str(scenario), overrides)


def check_report_parameters(scenario: Scenario, replications: int, service_level: float,
                            reputation_floor: float | None = None, shifts: Sequence[str] | None = None,
                            workers: int | None = None) -> list[str]:
    """Refuse bad report parameters with a one-line message naming the parameter and its allowed range.

    Returns the shifts to staff (``shifts``, or every shift of the scenario).

    Raises
    ------
    ValueError, ScenarioError
        ``replications`` below 2, ``service_level`` outside (0, 1), a
        ``reputation_floor`` outside 0-100 or without a ``[business]``
        section, an unknown shift, or ``workers`` below 1.
    """
    if isinstance(replications, bool) or not isinstance(replications, (int, np.integer)) or replications < 2:
        raise ValueError(f"replications = {replications!r}: must be a whole number >= 2 "
                         "(a confidence interval needs at least two runs)")
    if isinstance(service_level, bool) or not isinstance(service_level, (int, float)) or not 0 < service_level < 1:
        raise ValueError(f"service_level = {service_level!r}: must be a share between 0 and 1, e.g. 0.8 "
                         "(1 would need every single reply in time, which no head count guarantees)")
    if reputation_floor is not None:
        if scenario.business is None:
            raise ScenarioError(f"reputation_floor = {reputation_floor!r}: needs a [business] section "
                                "(it is a floor on lowest_reputation)")
        if isinstance(reputation_floor, bool) or not isinstance(reputation_floor, (int, float)) \
                or not 0 <= reputation_floor <= 100:
            raise ValueError(f"reputation_floor = {reputation_floor!r}: must be a score between 0 and 100")
    if not scenario.staff:
        raise ScenarioError("the scenario has no shifts to staff: add a [staff.NAME] section")
    names = list(scenario.staff) if shifts is None else list(shifts)
    if not names:
        raise ScenarioError("shifts: give at least one shift (shifts: " + ", ".join(scenario.staff) + ")")
    for shift in names:
        if shift not in scenario.staff:
            raise ScenarioError(f"staff.{shift}: no such shift (shifts: {', '.join(scenario.staff)})")
    check_workers(workers)
    return names


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------

def staffing_report(
    scenario: Scenario,
    replications: int = 10,
    service_level: float = 0.8,
    reputation_floor: float | None = None,
    *,
    shifts: Sequence[str] | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> StaffingReport:
    """Simulate what a staffing report needs, all on the same customers (common random numbers).

    1. The Erlang first guess per shift (:func:`simlib.analysis.estimate.erlang_estimate`).
    2. Each searched shift's head count swept from its estimate - 2 to + 2
       (and today's count +- 1), the other shifts as today.
    3. A ceiling: every searched shift at the most people the search tries.
       If even that misses a target, no head count can meet it (the hours
       are the limit) and the cheapest-plan search is skipped.
    4. :func:`simlib.experiments.optimise.cheapest_plan` and, with a ``[business]``
       section, :func:`simlib.experiments.optimise.best_profit_plan`.
    5. :func:`simlib.experiments.sweeps.compare_paired`: the recommendation minus today.

    Parameters
    ----------
    scenario
        The business as today (``run.days`` and ``run.seed`` as wanted).
    replications
        Runs per plan, at least 2.
    service_level
        Lowest acceptable mean share of questions answered within
        ``service.target_minutes``, in (0, 1).
    reputation_floor
        Lowest acceptable mean ``lowest_reputation`` (0-100; needs a ``[business]`` section), or None.
    shifts
        Shifts to staff; default all. The others keep today's head count.
    workers
        Local processes (default all cores; 1: in this process).
    progress
        Progress bars (on standard error, or widgets in Jupyter).
    """
    names = check_report_parameters(scenario, replications, service_level, reputation_floor, shifts, workers)
    today = {s: scenario.staff[s].count for s in names}
    estimate = erlang_estimate(scenario, service_level)
    targets = {"service_level": float(service_level)}
    if reputation_floor is not None:
        targets["lowest_reputation"] = float(reputation_floor)
    ceiling_plan = {s: 3 * int(estimate.loc[s, "agents"]) + 5 for s in names}  # the optimiser's max_count
    options = dict(progress=progress, workers=workers)
    with open_executor(None, workers) as pool:
        options["executor"] = pool
        summaries, today_runs = [], None
        for shift in names:
            guess = int(estimate.loc[shift, "agents"])
            counts = sorted({c for c in (*range(guess - SWEEP_MARGIN, guess + SWEEP_MARGIN + 1),
                                         today[shift] - 1, today[shift], today[shift] + 1) if c >= 0})
            table = sweep(scenario, {f"staff.{shift}.count": counts}, replications, **options)
            summary = summarise_sweep(table).rename(columns={f"staff.{shift}.count": "head count"})
            summaries.append(summary.assign(shift=shift))
            if today_runs is None:  # today's plan is a point of every shift's sweep: take it from the first
                today_runs = table[table[f"staff.{shift}.count"] == today[shift]].drop(columns=f"staff.{shift}.count")
        head_counts = pd.concat(summaries, ignore_index=True)
        head_counts = head_counts[["shift", "head count", "kpi", "mean", "ci_low", "ci_high", "half_width",
                                   "replications"]]
        today_summary = summarise_sweep(today_runs).drop(columns="point").set_index("kpi")
        ceiling = replicate_summary(with_plan(scenario, ceiling_plan), replications, **options)
        cheapest = None
        if all(ceiling.loc[kpi, "mean"] >= target for kpi, target in targets.items()):
            cheapest = cheapest_plan(scenario, service_level, reputation_floor, replications, shifts=names, **options)
        profit = best_profit_plan(scenario, replications, shifts=names, **options) \
            if scenario.business is not None else None
        chosen = cheapest or profit
        recommended = dict(chosen.plan) if chosen is not None else None
        comparison = None
        if recommended is not None and recommended != today:
            comparison = compare_paired(scenario, with_plan(scenario, recommended), replications, **options)
    return StaffingReport(scenario, replications, float(service_level), reputation_floor, names, today,
                          today_summary, estimate, head_counts, ceiling, ceiling_plan, cheapest, profit,
                          recommended, comparison)


def with_plan(scenario: Scenario, plan: Mapping[str, int]) -> Scenario:
    """The scenario with these head counts (shift -> people on duty together)."""
    data = scenario.model_dump()
    for shift, count in plan.items():
        set_field(data, f"staff.{shift}.count", int(count))
    return validate_scenario(data)


def planned_cost(scenario: Scenario, plan: Mapping[str, int]) -> float:
    """Hours on duty after the warm-up times ``business.staff_cost_per_hour`` (hours without a business).

    The same cost the optimiser minimises; only the shifts in ``plan`` count.
    """
    rate = scenario.business.staff_cost_per_hour if scenario.business is not None else 1.0
    return sum(count * rate * _hours_on_duty(scenario, shift) for shift, count in plan.items())


def off_duty_share(scenario: Scenario) -> float:
    """Share of the week's questions that arrive while nobody is on duty (0-1).

    From the weekly arrival profile (``hour_factor`` x ``day_factor``),
    without reputation feedback; a shift with ``count = 0`` is off duty.
    """
    week = 7 * 24 * 60
    on_duty = np.zeros(week, dtype=bool)
    for shift in scenario.staff.values():
        if shift.count > 0:
            for start, end in shift_intervals(shift, 2 * week):  # week 2 includes week 1's overnight spill
                lo, hi = max(start, week), min(end, 2 * week)
                if hi > lo:
                    on_duty[int(lo) - week:int(math.ceil(hi)) - week] = True
    minutes = np.arange(week)
    hour_factor = np.asarray(scenario.arrivals.hour_factor)[(minutes // 60) % 24]
    day_factor = np.asarray(scenario.arrivals.day_factor)[minutes // (24 * 60)]
    rate = hour_factor * day_factor
    total = rate.sum()
    return float(rate[~on_duty].sum() / total) if total > 0 else 0.0


# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------

def _value(report: StaffingReport, kpi: str, value: float) -> str:
    return format_kpi(kpi, value, report.currency)


def _interval(report: StaffingReport, kpi: str, row: pd.Series) -> str:
    """``"82.1% [79.7%, 84.4%]"``: a mean and its 95% interval."""
    text = _value(report, kpi, row["mean"])
    if not (pd.isna(row["ci_low"]) or pd.isna(row["ci_high"])):
        text += f" [{_value(report, kpi, row['ci_low'])}, {_value(report, kpi, row['ci_high'])}]"
    return text


def _change(report: StaffingReport, kpi: str, value: float, unit: bool = True) -> str:
    """A difference with its sign: ``"+18.1 points"``, ``"-2,464 USD"``, ``"+0.12"``; without the unit: ``"+18.1"``."""
    if pd.isna(value):
        return "n/a"
    if kpi in SHARE_KPIS:
        text = f"{abs(round(100 * value, 1)):.1f}" + " points" * unit
    else:
        text = _value(report, kpi, abs(value))
        if not unit:
            text = text.removesuffix(f" {report.currency}").removesuffix(" min")
    if not any(c in "123456789" for c in text.split(" ")[0]):
        return text  # rounds to zero: no sign
    return ("+" if value > 0 else "-") + text


def _difference(report: StaffingReport, kpi: str, row: pd.Series) -> str:
    """``"+18.1 points [+16.0, +20.2]"``: a paired difference and its 95% interval."""
    return (f"{_change(report, kpi, row['difference'])} "
            f"[{_change(report, kpi, row['ci_low'], False)}, {_change(report, kpi, row['ci_high'], False)}]")


def _plan_words(plan: Mapping[str, int]) -> str:
    """``"3 on early and 4 on late"``."""
    parts = [f"{n} on {shift}" if n else f"nobody on {shift}" for shift, n in plan.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _span(scenario: Scenario) -> str:
    """``"14 days"``, ``"1 day"``: the length of one run."""
    days = scenario.run.days
    return f"{days:g} day" + "s" * (days != 1)


def _people(n: int) -> str:
    return f"{n} person" if n == 1 else f"{n} people"


def _clock(hour: float) -> str:
    day, rest = divmod(hour, 24)
    text = f"{int(rest):02d}:{round((rest % 1) * 60):02d}"
    return "24:00" if hour == 24 else text + (" the next day" if day >= 1 else "")


def _days(days: Sequence[str]) -> str:
    order = [d for d in DAYS if d in days]
    if len(order) == 7:
        return "every day"
    index = [DAYS.index(d) for d in order]
    if len(order) > 2 and index == list(range(index[0], index[-1] + 1)):
        return f"{order[0].capitalize()}-{order[-1].capitalize()}"
    return ", ".join(d.capitalize() for d in order)


def _target(report: StaffingReport) -> str:
    return f"{report.scenario.service.target_minutes:g} min"


def brief(report: StaffingReport) -> Findings:
    """The scenario in a few sentences: the business, its questions, today's shifts and how today's plan does."""
    s = report.scenario
    weekly = s.arrivals.per_hour * sum(s.arrivals.hour_factor) * sum(s.arrivals.day_factor)
    lines = [f"{s.name}: {s.description}" if s.description else s.name,
             f"About {weekly:,.0f} questions a week arrive (before any reputation effect); a reply takes "
             f"{_mean_handling(s):.1f} min on average. The target is a first reply within {_target(report)}."]
    shifts = "; ".join(f"{name}: {_people(shift.count)}, {_clock(shift.start_hour)}-{_clock(shift.end_hour)}, "
                       f"{_days(shift.days)}" for name, shift in s.staff.items())
    lines.append(f"Today's shifts: {shifts}.")
    off = off_duty_share(s)
    if off >= 0.005:
        lines.append(f"About {off:.0%} of the questions arrive while nobody is on duty; they wait for the next "
                     "shift.")
    today = report.today_summary
    lines.append(f"With today's plan, {_interval(report, 'service_level', today.loc['service_level'])} of "
                 f"questions get a first reply within {_target(report)}"
                 + (f", and it makes a profit of {_interval(report, 'profit', today.loc['profit'])} "
                    f"in {_span(s)}."
                    if "profit" in today.index else "."))
    lines.append(f"Every figure here is the mean of {report.replications} simulated runs of {_span(s)} "
                 f"(seed {s.run.seed}) with its 95% confidence interval in brackets.")
    return Findings(lines)


def _mean_handling(scenario: Scenario) -> float:
    return float(sum(c.share * c.handling.mean for c in scenario.channels.values()))


def estimate_table(report: StaffingReport) -> pd.DataFrame:
    """Erlang's first guess next to today's head count, one row per shift (text cells, ready to show)."""
    rows = {shift: {"today": str(report.scenario.staff[shift].count),
                    "Erlang's guess": str(int(row.agents)),
                    "busiest hour (questions/hour)": f"{row.peak_per_hour:.1f}",
                    "mean reply (min)": f"{row.handle_minutes:.1f}",
                    "target (min)": f"{row.target_minutes:g}",
                    "model": row.model}
            for shift, row in report.estimate.iterrows() if shift in report.shifts}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("shift")


def estimate_findings(report: StaffingReport) -> Findings:
    """What Erlang suggests, shift by shift, against today."""
    parts = []
    for shift in report.shifts:
        guess, now = int(report.estimate.loc[shift, "agents"]), report.today[shift]
        compare = "as today" if guess == now else f"today {now}"
        parts.append(f"{guess} on {shift} ({compare})")
    model = " and ".join(dict.fromkeys(report.estimate["model"]))
    return Findings([
        f"Erlang's first guess for {report.service_level:.0%} within {_target(report)}: {', '.join(parts)}.",
        f"It treats each shift as a steady queue at its busiest hour ({model}). It ignores the backlog a shift "
        "inherits, overlapping shifts and reputation, so the simulation below checks it.",
    ])


def _sweep_value(report: StaffingReport, shift: str, count: int, kpi: str) -> pd.Series | None:
    rows = report.head_counts
    row = rows[(rows["shift"] == shift) & (rows["head count"] == count) & (rows["kpi"] == kpi)]
    return None if row.empty else row.iloc[0]


def marginal_gains(report: StaffingReport, kpi: str = "service_level") -> pd.Series:
    """Per shift: the mean change in ``kpi`` from one more person than today (the others as today)."""
    gains = {}
    for shift in report.shifts:
        now, more = (_sweep_value(report, shift, report.today[shift] + k, kpi) for k in (0, 1))
        gains[shift] = more["mean"] - now["mean"]
    return pd.Series(gains, name=kpi)


def head_count_findings(report: StaffingReport) -> Findings:
    """What one more person on each shift does, and where the service-level target is reached."""
    lines = []
    business = report.scenario.business is not None
    for shift in report.shifts:
        now = report.today[shift]
        here, more = (_sweep_value(report, shift, now + k, "service_level") for k in (0, 1))
        before, after = (_value(report, "service_level", row["mean"]) for row in (here, more))
        text = f"{shift.capitalize()}: from {now} to {now + 1}, the service level " + \
            (f"stays at {before}" if before == after else f"goes from {before} to {after}")
        if business:
            profit_now, profit_more = (_sweep_value(report, shift, now + k, "profit") for k in (0, 1))
            text += (f" and profit from {_value(report, 'profit', profit_now['mean'])} to "
                     f"{_value(report, 'profit', profit_more['mean'])}")
        part = report.head_counts[(report.head_counts["shift"] == shift)
                                  & (report.head_counts["kpi"] == "service_level")]
        reached = part[part["mean"] >= report.service_level]
        if reached.empty:
            text += (f". No head count tried on {shift} alone reaches {report.service_level:.0%} "
                     "while the other shifts stay as today.")
        else:
            text += f"; {shift} alone reaches {report.service_level:.0%} at {int(reached['head count'].min())}."
        lines.append(text)
    gains = marginal_gains(report)
    if len(gains) > 1 and gains.max() > 0.005:
        lines.append(f"One more person helps most on {gains.idxmax()}: "
                     f"{_change(report, 'service_level', gains.max())} of service level.")
    return Findings(lines)


def cheapest_findings(report: StaffingReport) -> Findings:
    """The cheapest plan meeting the targets, its cost and its margin; or why there is none."""
    today = report.today_summary
    target = f"{report.service_level:.0%} within {_target(report)}"
    if report.cheapest is None:
        best = report.ceiling.loc["service_level"]
        lines = [f"No plan reaches {target}" + (f" with a lowest reputation of at least {report.reputation_floor:g}"
                                                 if report.reputation_floor is not None else "")
                 + f", however many people work today's hours: even with {_plan_words(report.ceiling_plan)}, "
                 f"the service level is {_interval(report, 'service_level', best)}"
                 + (f" and the lowest reputation {_interval(report, 'lowest_reputation', report.ceiling.loc['lowest_reputation'])}"
                    if report.reputation_floor is not None else "") + "."]
        off = off_duty_share(with_plan(report.scenario, report.ceiling_plan))
        if off >= 0.005:
            lines.append(f"About {off:.0%} of the questions arrive while nobody is on duty and wait for the next "
                         "shift. Longer shift hours, another shift, or a longer target time would help; "
                         "a bigger team on the same hours will not.")
        return Findings(lines)
    search = report.cheapest
    summary = search.summary
    lines = [f"With {_plan_words(search.plan)}, {_interval(report, 'service_level', summary.loc['service_level'])} "
             f"of questions get a first reply within {_target(report)}; today's plan reaches "
             f"{_value(report, 'service_level', today.loc['service_level', 'mean'])}."]
    if report.reputation_floor is not None:
        lines.append(f"Its lowest reputation is {_interval(report, 'lowest_reputation', summary.loc['lowest_reputation'])} "
                     f"(floor {report.reputation_floor:g}).")
    unit = report.currency or "hours on duty"
    cost, cost_today = planned_cost(report.scenario, search.plan), planned_cost(report.scenario, report.today)
    lines.append(f"It costs {cost:,.0f} {unit} over {_span(report.scenario)} "
                 f"(today: {cost_today:,.0f} {unit}).")
    if search.plan == report.today:
        lines.append("That is today's plan: it already meets the targets, and one fewer person anywhere would not.")
    else:
        lines.append("One fewer person on any shift would miss a target.")
    low = summary.loc["service_level", "ci_low"]
    if low < report.service_level:
        lines.append(f"The target is met on the mean, but the interval reaches down to "
                     f"{_value(report, 'service_level', low)}: ask for a little more, or run more replications, "
                     "to be surer.")
    return Findings(lines)


def profit_findings(report: StaffingReport) -> Findings:
    """The most profitable plan against today and the cheapest plan; or why there is no profit section."""
    if report.profit is None:
        return Findings(["This scenario has no [business] section, so there is no revenue to weigh against the "
                         "staff cost: the report stops at the cheapest plan meeting the service level. Add a "
                         "[business] section (docs/outcomes.md) to see the most profitable plan."])
    search = report.profit
    summary, today = search.summary, report.today_summary
    profit = _interval(report, "profit", summary.loc["profit"])
    if search.plan == report.today:
        lines = [f"Today's plan, {_plan_words(search.plan)}, is the most profitable: {profit} over "
                 f"{_span(report.scenario)}. One person more or fewer on any shift earns less."]
    else:
        lines = [f"The most profitable plan is {_plan_words(search.plan)}: a profit of {profit} over "
                 f"{_span(report.scenario)}, against {_value(report, 'profit', today.loc['profit', 'mean'])} "
                 "today."]
    lines.append(f"It answers {_value(report, 'service_level', summary.loc['service_level', 'mean'])} of questions "
                 f"within {_target(report)}, and its lowest reputation is "
                 f"{_value(report, 'lowest_reputation', summary.loc['lowest_reputation', 'mean'])}.")
    if report.cheapest is not None:
        if report.cheapest.plan == search.plan:
            lines.append("It is also the cheapest plan meeting your targets: service and profit agree.")
        else:
            difference = paired_plan_difference(report.cheapest, search, "profit")
            text = (f"Against the cheapest plan meeting the targets it makes {_difference(report, 'profit', difference)} "
                    "of profit")
            if difference["ci_low"] > 0:
                text += ": the extra staff pay for themselves in sales."
            elif difference["ci_high"] < 0:
                text += "."
            else:
                text += ", not clearly different: the cheaper plan is as good a bet."
            lines.append(text)
    lines.append("The search stops when no plan one person away does better, so this is a local best.")
    return Findings(lines)


def _chosen_runs(search: PlanSearch) -> pd.DataFrame:
    """The chosen plan's runs, one row per replication."""
    number = search.evaluated.loc[search.evaluated["chosen"], "plan"].iloc[0]
    return search.runs[search.runs["plan"] == number].set_index("replication").drop(columns=["plan", "seed"])


def paired_plan_difference(a: PlanSearch, b: PlanSearch, kpi: str, confidence: float = 0.95) -> pd.Series:
    """B's chosen plan minus A's on one KPI, paired by replication (both searches use the same customers).

    Returns ``difference`` (mean), ``ci_low``, ``ci_high``, ``half_width``, ``replications``.
    """
    runs_a, runs_b = _chosen_runs(a), _chosen_runs(b)
    summary = summarise((runs_b[kpi] - runs_a[kpi]).dropna().to_frame(kpi), confidence, bounds={})
    return summary.loc[kpi].rename({"mean": "difference"})


def comparison_findings(report: StaffingReport) -> Findings:
    """Today's plan against the recommendation, on the same customers, with paired 95% intervals."""
    if report.recommended is None:
        return Findings(["There is no plan to recommend (no plan meets the targets and there is no [business] "
                         "section to find the most profitable one), so there is nothing to compare."])
    which = ("the cheapest plan meeting the targets" if report.recommended_by == "cheapest"
             else "the most profitable plan")
    if report.comparison is None:
        return Findings([f"Today's plan ({_plan_words(report.today)}) is already {which}: nothing to change."])
    table = report.comparison
    changes = []
    shown = ["service_level", "profit", "staff_cost"] + ["lowest_reputation"] * (report.reputation_floor is not None)
    for kpi in shown:
        if kpi in table.index:
            row = table.loc[kpi]
            text = f"{LABELS[kpi]} {_difference(report, kpi, row)}"
            changes.append(text if row["significant"] else text + " (not distinguishable from no change)")
    lines = [f"Moving from today's plan ({_plan_words(report.today)}) to {which} ({_plan_words(report.recommended)}) "
             f"changes, on the same customers: " + "; ".join(changes) + "."]
    sl = table.loc["service_level"]
    paired, unpaired = 100 * sl["half_width"], 100 * sl["unpaired_half_width"]
    if paired < unpaired:
        lines.append(f"Pairing makes this precise: the service level's interval is ±{paired:.1f} points, against "
                     f"±{unpaired:.1f} if the two plans had met different customers.")
    elif report.replications < 5:
        lines.append(f"With {report.replications} runs per plan the intervals are wide; more replications "
                     "narrow them.")
    return Findings(lines)


def comparison_table(report: StaffingReport) -> pd.DataFrame | None:
    """Today, the recommendation, and the paired difference with its 95% interval (text cells); None without one."""
    if report.comparison is None:
        return None
    rows = {}
    for kpi in (k for k in COMPARED_KPIS if k in report.comparison.index):
        row = report.comparison.loc[kpi]
        rows[LABELS[kpi]] = {
            "today": _value(report, kpi, row["mean_a"]),
            "recommended": _value(report, kpi, row["mean_b"]),
            "difference [95% CI]": _difference(report, kpi, row),
            "unpaired CI ±": _change(report, kpi, row["unpaired_half_width"]).lstrip("+"),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(
        f"{report.replications} paired runs of {_span(report.scenario)}")


def caveats(report: StaffingReport) -> Findings:
    """What to keep in mind about this particular report's numbers."""
    lines = [f"Targets are judged on the mean of {report.replications} runs of {_span(report.scenario)}. "
             "A plan whose mean just clears a target can miss it in an unlucky stretch; the intervals say by how "
             "much."]
    if report.scenario.business is not None:
        lines.append("Revenue, complaints and reputation come from the [business] section of the scenario file: "
                     "its comments say which numbers are published and which are assumptions.")
    return Findings(lines)


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------

def plot_head_counts(report: StaffingReport) -> Figure:
    """Each KPI against one shift's head count (the other shifts as today), mean and 95% CI.

    One line per shift; a dashed line at each target and a ring at today's
    head count. Built with :func:`simlib.figures.experiments.plot_sweep`.
    """
    from matplotlib.ticker import FuncFormatter

    from simlib.figures.experiments import plot_sweep

    kpis = ["service_level"]
    if report.reputation_floor is not None:
        kpis.append("lowest_reputation")
    kpis.append("profit" if report.scenario.business is not None else "median_first_response_minutes")
    summary = report.head_counts.assign(point=range(len(report.head_counts)))
    fig = plot_sweep(summary, kpis, x="head count")
    for ax, kpi in zip(fig.axes, kpis):
        if kpi in report.targets:
            target = report.targets[kpi]
            ax.axhline(target, color="C3", ls="--", lw=1, gid=f"target:{kpi}",
                       label=f"target {target:.0%}" if kpi in SHARE_KPIS else f"floor {target:g}")
        today = [_sweep_value(report, s, report.today[s], kpi) for s in report.shifts]
        ax.plot([report.today[s] for s in report.shifts], [row["mean"] for row in today], "o", ms=13,
                mfc="none", mec="black", mew=1.3, label="today's count", gid=f"today:{kpi}")
        for line in ax.containers:  # plot_sweep labels each line "shift=NAME"
            line.set_label(str(line.get_label()).removeprefix("shift="))
        ax.legend(fontsize=8)
        if kpi == "profit":
            ax.set_ylabel(f"profit ({report.currency})")
            ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        elif kpi == "service_level":
            ax.set_ylabel(f"answered within {_target(report)}")
        elif kpi.endswith("_minutes"):
            ax.set_ylabel(kpi.replace("_minutes", "").replace("_", " ") + " (min)")
        else:
            ax.set_ylabel(kpi.replace("_", " "))
    fig.axes[-1].set_xlabel("people on the shift (the other shifts as today)")
    gains = marginal_gains(report)
    if gains.max() > 0.005:
        most = "" if len(gains) == 1 else " most"
        title = (f"One more person on {gains.idxmax()} lifts the service level{most}: "
                 f"{_change(report, 'service_level', gains.max())}")
    else:
        title = "One more person on any shift barely moves the service level"
    fig.suptitle(f"{title}\nmean and 95% CI of {report.replications} runs, the same customers at every point",
                 fontsize=10)
    return fig


def plot_cheapest(report: StaffingReport) -> Figure | None:
    """Every plan the cheapest-plan search tried, cheapest first; None if no plan met the targets.

    :func:`simlib.figures.experiments.plot_plan_search` with the report's units and a title that names the plan.
    """
    if report.cheapest is None:
        return None
    return _plan_figure(report, report.cheapest, f"The cheapest plan meeting the targets: "
                                                 f"{_plan_words(report.cheapest.plan)}")


def plot_profit(report: StaffingReport) -> Figure | None:
    """Every plan the profit search tried, cheapest first; None without a ``[business]`` section.

    :func:`simlib.figures.experiments.plot_plan_search` with the report's units and a title that names the plan.
    """
    if report.profit is None:
        return None
    profit = _value(report, "profit", report.profit.summary.loc["profit", "mean"])
    return _plan_figure(report, report.profit, f"The most profitable plan: {_plan_words(report.profit.plan)} "
                                               f"({profit} in {_span(report.scenario)})")


def _plan_figure(report: StaffingReport, search: PlanSearch, title: str) -> Figure:
    from matplotlib.ticker import FuncFormatter

    from simlib.figures.experiments import plot_plan_search

    fig = plot_plan_search(search, report.currency)
    thousands = FuncFormatter(lambda value, _: f"{value:,.0f}")
    labels = {"service_level": f"answered within {_target(report)}", "lowest_reputation": "lowest reputation",
              "profit": f"profit ({report.currency})"}
    for ax in fig.axes[:-1]:
        kpi = ax.get_ylabel()
        ax.set_ylabel(labels.get(kpi, kpi))
        if kpi == "profit":
            ax.yaxis.set_major_formatter(thousands)
    fig.axes[-1].set_ylabel(f"planned cost ({report.currency or 'hours on duty'})")
    fig.axes[-1].yaxis.set_major_formatter(thousands)
    fig.suptitle(f"{title}\n{len(search.evaluated)} plans tried, cheapest first; mean and 95% CI of "
                 f"{report.replications} runs each", fontsize=10)
    return fig


# ---------------------------------------------------------------------------
# Running the notebook
# ---------------------------------------------------------------------------

NEEDS_PAPERMILL = "simlib report needs papermill: pip install -e '.[course]'"
"""The message when papermill or nbconvert is missing."""


class ReportFailed(RuntimeError):
    """A cell of the report notebook raised an error (the message names it and where the notebook is)."""


_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
"""
"""JupyterLab's HTML template without the scripts it loads from a CDN (require.js, MathJax, Mermaid,
widgets): the report's figures are PNG and its text is rendered when converting, so nothing needs them."""


def notebook_to_html(notebook: str | Path, html: str | Path) -> Path:
    """Write an executed notebook as one self-contained HTML file: outputs and text, no code, no network.

    Images are embedded; no script is loaded from another machine.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file="simlib_offline.html.j2",
                            extra_loaders=[jinja2.DictLoader({"simlib_offline.html.j2": _OFFLINE_TEMPLATE})],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(str(notebook), as_version=4))
    html = Path(html)
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(body, encoding="utf-8")
    return html


def check_report_tools(html: bool = False) -> None:
    """Raise ImportError (:data:`NEEDS_PAPERMILL`) if papermill, or nbconvert for ``html``, is missing."""
    try:
        import papermill  # noqa: F401
        if html:
            import nbconvert  # noqa: F401
    except ImportError:
        raise ImportError(NEEDS_PAPERMILL) from None


def report_kernel() -> str | None:
    """``"python3"`` if that Jupyter kernel exists (else None: the notebook's own kernelspec).

    A kernelspec whose command is ``python`` runs this very interpreter
    (jupyter_client substitutes ``sys.executable``). If it names another
    interpreter, a note on standard error says so.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return None
    command = spec.argv[0] if spec.argv else ""
    bare = {"python", f"python{sys.version_info[0]}", "python%d.%d" % sys.version_info[:2]}
    if command not in bare and not _same_file(command, sys.executable):
        print(f"note: the Jupyter kernel python3 runs {command}, not this Python ({sys.executable}); "
              "it needs simlib installed", file=sys.stderr)
    return "python3"


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve().samefile(Path(b).resolve())
    except OSError:
        return False


def run_report_notebook(out: str | Path, parameters: Mapping[str, Any], *, html: str | Path | None = None,
                        progress: bool = False, cwd: str | Path | None = None) -> list[Path]:
    """Execute :data:`REPORT_NOTEBOOK` with papermill; write the executed notebook and optionally HTML.

    Parameters
    ----------
    out
        The executed notebook (``.ipynb``); its folder is created.
    parameters
        Values for the notebook's ``parameters`` cell (``scenario``, ``days``,
        ``replications``, ``service_level``, ``reputation_floor``, ``workers``, ``seed``).
    html
        Where to write an HTML copy (:func:`notebook_to_html`), or None.
    progress
        Papermill's cell-by-cell progress bar on standard error.
    cwd
        The kernel's working directory (default: this process's).

    Returns
    -------
    list of Path
        The files written: the notebook, then the HTML copy.

    Raises
    ------
    ImportError
        If papermill (or nbconvert, for ``html``) is missing: :data:`NEEDS_PAPERMILL`.
    ReportFailed
        If a cell of the notebook fails (naming the error; the partly run
        notebook is still written to ``out``).
    """
    check_report_tools(html is not None)
    import papermill

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(str(REPORT_NOTEBOOK), str(out), parameters=dict(parameters),
                                   kernel_name=report_kernel(), progress_bar=progress,
                                   cwd=str(cwd) if cwd is not None else None,
                                   extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except papermill.PapermillExecutionError as error:
        raise ReportFailed(f"the report notebook failed in cell {error.exec_count}: {error.ename}: {error.evalue} "
                         f"(the partly run notebook is in {out})") from None
    written = [out]
    if html is not None:
        written.append(notebook_to_html(out, html))
    return written
