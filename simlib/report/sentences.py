"""The staffing report in sentences: the scenario, today's plan, Erlang's guess, head counts, caveats.

One function per section of the report notebook, each returning
:class:`Findings`; the sentences about the plans found and the
recommendation are in :mod:`simlib.report.plan_sentences`. The numbers come
from :mod:`simlib.report.findings`; they are written with
:mod:`simlib.report.wording`, whose comparison words are computed from the
numbers they print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from simlib.analysis.forecast import forecast_questions
from simlib.analysis.intervals import ALL_CHANNELS, Target, interval_label
from simlib.model.calendar import INTERVAL_MINUTES, weekly_rates
from simlib.model.scenario import Scenario
from simlib.report.findings import (
    StaffingReport,
    marginal_gains,
    off_duty_share,
    on_duty_minutes,
    sweep_value,
    with_plan,
)
from simlib.report.plans import PlanFacts
from simlib.report.wording import (
    change_words,
    check_words,
    clock_words,
    days_words,
    interval_words,
    money_words,
    people_words,
    plan_words,
    span_words,
    target_words,
    targets_words,
    value_words,
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_$<>])")
"""Characters that markdown would read as formatting (or math), escaped in :class:`Findings`."""


class Findings(tuple):
    """Sentences about a report's numbers; Jupyter shows them as a bulleted list.

    A tuple of str: ``str()`` gives one sentence a line, Jupyter a markdown
    list (with markdown's special characters escaped).
    """

    def __new__(cls, sentences: Iterable[str] = ()) -> Findings:
        return super().__new__(cls, tuple(sentences))

    def _repr_markdown_(self) -> str:
        return "\n".join("- " + _MARKDOWN_SPECIAL.sub(r"\\\1", sentence) for sentence in self)

    def __str__(self) -> str:
        return "\n".join(self)

    def __repr__(self) -> str:
        return "\n".join(f"- {s}" for s in self)


def brief(report: StaffingReport) -> Findings:
    """The scenario in a few sentences: the business, its questions, the forecast, the targets, today's shifts.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        The business, its weekly questions and reply time, whether the plan
        is made for a fixed forecast (or how far the volume moved), the
        targets, today's shifts, the share arriving off duty (if any) and
        how the numbers were made.
    """
    s = report.scenario
    weekly = weekly_rates(s).sum() * INTERVAL_MINUTES / 60  # questions per hour x hours per interval
    lines = [f"{s.name}: {s.description}" if s.description else s.name,
             f"About {weekly:,.0f} questions a week arrive (the forecast); a reply takes "
             f"{_mean_handling(s):.1f} min on average."]
    lines.extend(forecast_findings(report))
    lines.append(f"The targets: {targets_words(report)}.")
    shifts = "; ".join(f"{name}: {people_words(shift.count)}, "
                       f"{clock_words(shift.start_hour)}-{clock_words(shift.end_hour)}, "
                       f"{days_words(shift.days)}" for name, shift in s.staff.items())
    lines.append(f"Today's shifts: {shifts}.")
    off = off_duty_share(s)
    if off >= 0.005:
        lines.append(f"About {off:.0%} of the questions arrive while nobody is on duty; they wait for the next "
                     "shift.")
    lines.append(f"Every figure here is the mean of {report.replications} simulated runs of {span_words(s)} "
                 f"(seed {s.run.seed}), every plan on the same customers, with its 95% confidence interval in "
                 "brackets.")
    return Findings(lines)


def forecast_findings(report: StaffingReport) -> Findings:
    """Whether every plan faces the same forecast, or, with reputation feedback on, how far the volume moved.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        One sentence: the fixed forecast, or a warning naming the change in
        questions of each plan against the forecast.
    """
    forecast = forecast_questions(report.scenario)
    if not report.feedback:
        return Findings([f"Planned at a fixed forecast of {forecast:,.0f} questions a run: reputation feedback is "
                         "off, so every plan faces the same questions."])
    moved = report.volume_moved()
    names = {"today": "today's plan", "cheapest": "the cheapest plan", "profit": "the most profitable plan"}
    parts = ", ".join(f"{value:+.0%} with {names[name]}" for name, value in moved.items())
    return Findings([f"WARNING: reputation feedback is on, so the volume follows the plan: the questions moved "
                     f"{parts} from the forecast of {forecast:,.0f} a run. Plans are judged on volumes nobody "
                     "forecast; leave feedback off to plan for the forecast."])


def _mean_handling(scenario: Scenario) -> float:
    """Mean reply time in minutes, over the channels weighted by their share of questions."""
    return float(sum(c.share * c.handling.mean for c in scenario.channels.values()))


def _plan_facts_words(report: StaffingReport, facts: PlanFacts) -> str:
    """``"2 on early and 3 on late: 5 people, 3,360 hours over 14 days"``: a plan, its head count and cost."""
    return (f"{plan_words(facts.plan)}: {people_words(facts.people)}, {money_words(report, facts.cost)} over "
            f"{span_words(report.scenario)}")


def check_findings(report: StaffingReport, facts: PlanFacts) -> list[str]:
    """One sentence per target: how ``facts`` fares (:func:`simlib.report.wording.check_words`).

    A worst interval while nobody is on duty says so, and names the worst
    interval while someone is.
    """
    lines = []
    staffed = _staffed_intervals(report, facts)
    for k, row in facts.checks.iterrows():
        text = check_words(row)
        label = row["worst_interval"]
        if label and label not in staffed:
            text += f"; nobody is on duty in {label}"
            worst = _worst_staffed(report, facts, report.targets.targets[k], staffed)
            if worst is not None:
                text += (f", and the worst interval with someone on duty is "
                         f"{value_words(report, 'service_level', worst['value'])} in {worst['label']}")
        lines.append(f"Target {text}.")
    return lines


def _staffed_intervals(report: StaffingReport, facts: PlanFacts) -> set[str]:
    """The labels of the intervals of the week in which someone of the plan is on duty at some time."""
    minutes = report.targets.interval_minutes
    on_duty = on_duty_minutes(with_plan(report.scenario, facts.plan))
    return {interval_label(k, minutes) for k in range(report.targets.slots)
            if on_duty[k * minutes:(k + 1) * minutes].any()}


def _worst_staffed(report: StaffingReport, facts: PlanFacts, target: Target, staffed: set[str]) -> dict | None:
    """The worst interval of a target among those with someone on duty: ``value`` and ``label``; None if none."""
    if facts.intervals is None:
        return None
    part = facts.intervals.loc[target.channel or ALL_CHANNELS]
    part = part[(part["questions"] >= report.targets.min_questions) & part["label"].isin(staffed)]
    if part[target.column].isna().all():
        return None
    worst = part.loc[part[target.column].idxmin()]
    return {"value": float(worst[target.column]), "label": worst["label"]}


def today_findings(report: StaffingReport) -> Findings:
    """Today's plan against the targets: whether it meets every one, target by target.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        Today's plan, people and cost and whether it meets every target; one
        sentence per target (the value judged against the target, with the
        worst interval or the run's mean); its service level and profit.
    """
    today = report.today
    missed, targets = int((~today.checks["met"].astype(bool)).sum()), len(today.checks)
    if today.meets:
        verdict = "meets every target" if targets > 1 else "meets the target"
    else:
        verdict = "misses the target" if targets == 1 else "misses every target" if missed == targets else \
            f"misses {missed} of the {targets} targets"
    lines = [f"Today's plan, {_plan_facts_words(report, today)}, {verdict}."]
    lines.extend(check_findings(report, today))
    summary = today.summary
    text = (f"Run by run, it answers {interval_words(report, 'service_level', summary.loc['service_level'])} of "
            f"questions within {target_words(report)} (the mean of the runs and its 95% interval)")
    if "profit" in summary.index:
        text += f" and makes a profit of {interval_words(report, 'profit', summary.loc['profit'])}"
    lines.append(text + ".")
    return Findings(lines)


def estimate_findings(report: StaffingReport) -> Findings:
    """What Erlang suggests, shift by shift, against today.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        Erlang's head count per searched shift against today's, and what the formula ignores.
    """
    parts = []
    for shift in report.shifts:
        guess, now = int(report.estimate.loc[shift, "agents"]), report.today.plan[shift]
        compare = "as today" if guess == now else f"today {now}"
        parts.append(f"{guess} on {shift} ({compare})")
    model = " and ".join(dict.fromkeys(report.estimate["model"]))
    return Findings([
        f"Erlang's first guess for {report.guide_share:.0%} within {target_words(report)}: {', '.join(parts)}.",
        f"It treats each shift as a steady queue at its busiest hour ({model}). It ignores the backlog a shift "
        "inherits, overlapping shifts and reputation, so the simulation below checks it.",
    ])


def head_count_findings(report: StaffingReport) -> Findings:
    """What one more person on each shift does, and where a service-level target is reached.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        One sentence per searched shift, then the shift where one more person helps most.
    """
    lines = []
    business = report.scenario.business is not None
    share = report.kpi_floors.get("service_level")
    for shift in report.shifts:
        now = report.today.plan[shift]
        here, more = (sweep_value(report, shift, now + k, "service_level") for k in (0, 1))
        before, after = (value_words(report, "service_level", row["mean"]) for row in (here, more))
        text = f"{shift.capitalize()}: from {now} to {now + 1}, the service level " + \
            (f"stays at {before}" if before == after else f"goes from {before} to {after}")
        if business:
            profit_now, profit_more = (sweep_value(report, shift, now + k, "profit") for k in (0, 1))
            text += (f" and profit from {value_words(report, 'profit', profit_now['mean'])} to "
                     f"{value_words(report, 'profit', profit_more['mean'])}")
        if share is not None:
            text += _reached(report, shift, share)
        lines.append(text + ".")
    gains = marginal_gains(report)
    if len(gains) > 1 and gains.max() > 0.005:
        lines.append(f"One more person helps most on {gains.idxmax()}: "
                     f"{change_words(report, 'service_level', gains.max())} of service level.")
    return Findings(lines)


def _reached(report: StaffingReport, shift: str, share: float) -> str:
    """Where the service level of the sweep on ``shift`` first reaches ``share`` on its mean, in words."""
    part = report.head_counts[(report.head_counts["shift"] == shift) & (report.head_counts["kpi"] == "service_level")]
    reached = part[part["mean"] >= share]
    if reached.empty:
        return (f". No head count tried on {shift} alone brings the run's mean to {share:.0%} while the other "
                "shifts stay as today")
    return f"; {shift} alone brings the run's mean to {share:.0%} at {int(reached['head count'].min())}"


def caveats(report: StaffingReport) -> Findings:
    """What to keep in mind about this particular report's numbers.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        How the targets are judged, the forecast, and where the business numbers come from.
    """
    every = any(t.every_interval for t in report.targets.targets)
    mean = any(not t.every_interval for t in report.targets.targets)
    runs = f"{report.replications} runs of {span_words(report.scenario)}"
    lines = []
    if mean:
        lines.append(f"A target on the run's mean is judged on all questions of {runs} together; a plan that "
                     "just clears it can miss it in an unlucky week or at its busiest hours: the worst "
                     "interval beside it says where.")
    if every:
        lines.append(f"A target in every interval is judged on each {report.targets.interval_minutes}-minute "
                     f"interval of the week, its questions added over {runs}. A worst interval of few questions "
                     "is noisy: its question count is printed beside it.")
    if not report.feedback:
        lines.append("Reputation feedback is off: a well-run team may earn questions beyond the forecast.")
    if report.scenario.business is not None:
        lines.append("Revenue, complaints and reputation come from the [business] section of the scenario file: "
                     "its comments say which numbers are published and which are assumptions.")
    return Findings(lines)

