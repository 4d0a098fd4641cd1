"""The staffing report in sentences: one part of a :class:`StaffingReport` each, as :class:`Findings`.

One function per section of the report notebook (the scenario in brief,
Erlang's first guess, head counts, the cheapest plan, the most profitable
plan, today against the recommendation, caveats). The numbers come from
:mod:`simlib.report.findings`; numbers are written with
:mod:`simlib.report.wording`, money in the scenario's ``business.currency``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from simlib.analysis.registry import label
from simlib.model.scenario import Scenario
from simlib.report.findings import (
    StaffingReport,
    marginal_gains,
    off_duty_share,
    paired_plan_difference,
    planned_cost,
    sweep_value,
    with_plan,
)
from simlib.report.wording import (
    change_words,
    clock_words,
    days_words,
    difference_words,
    interval_words,
    people_words,
    plan_words,
    span_words,
    target_words,
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
    """The scenario in a few sentences: the business, its questions, today's shifts and how today's plan does.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        The business, its weekly questions and reply time, today's shifts, the share arriving off duty
        (if any), today's service level (and profit) and how the numbers were made.
    """
    s = report.scenario
    weekly = s.arrivals.per_hour * sum(s.arrivals.hour_factor) * sum(s.arrivals.day_factor)
    lines = [f"{s.name}: {s.description}" if s.description else s.name,
             f"About {weekly:,.0f} questions a week arrive (before any reputation effect); a reply takes "
             f"{_mean_handling(s):.1f} min on average. The target is a first reply within {target_words(report)}."]
    shifts = "; ".join(f"{name}: {people_words(shift.count)}, "
                       f"{clock_words(shift.start_hour)}-{clock_words(shift.end_hour)}, "
                       f"{days_words(shift.days)}" for name, shift in s.staff.items())
    lines.append(f"Today's shifts: {shifts}.")
    off = off_duty_share(s)
    if off >= 0.005:
        lines.append(f"About {off:.0%} of the questions arrive while nobody is on duty; they wait for the next "
                     "shift.")
    today = report.today_summary
    lines.append(f"With today's plan, {interval_words(report, 'service_level', today.loc['service_level'])} of "
                 f"questions get a first reply within {target_words(report)}"
                 + (f", and it makes a profit of {interval_words(report, 'profit', today.loc['profit'])} "
                    f"in {span_words(s)}."
                    if "profit" in today.index else "."))
    lines.append(f"Every figure here is the mean of {report.replications} simulated runs of {span_words(s)} "
                 f"(seed {s.run.seed}) with its 95% confidence interval in brackets.")
    return Findings(lines)


def _mean_handling(scenario: Scenario) -> float:
    """Mean reply time in minutes, over the channels weighted by their share of questions."""
    return float(sum(c.share * c.handling.mean for c in scenario.channels.values()))


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
        guess, now = int(report.estimate.loc[shift, "agents"]), report.today[shift]
        compare = "as today" if guess == now else f"today {now}"
        parts.append(f"{guess} on {shift} ({compare})")
    model = " and ".join(dict.fromkeys(report.estimate["model"]))
    return Findings([
        f"Erlang's first guess for {report.service_level:.0%} within {target_words(report)}: {', '.join(parts)}.",
        f"It treats each shift as a steady queue at its busiest hour ({model}). It ignores the backlog a shift "
        "inherits, overlapping shifts and reputation, so the simulation below checks it.",
    ])


def head_count_findings(report: StaffingReport) -> Findings:
    """What one more person on each shift does, and where the service-level target is reached.

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
    for shift in report.shifts:
        now = report.today[shift]
        here, more = (sweep_value(report, shift, now + k, "service_level") for k in (0, 1))
        before, after = (value_words(report, "service_level", row["mean"]) for row in (here, more))
        text = f"{shift.capitalize()}: from {now} to {now + 1}, the service level " + \
            (f"stays at {before}" if before == after else f"goes from {before} to {after}")
        if business:
            profit_now, profit_more = (sweep_value(report, shift, now + k, "profit") for k in (0, 1))
            text += (f" and profit from {value_words(report, 'profit', profit_now['mean'])} to "
                     f"{value_words(report, 'profit', profit_more['mean'])}")
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
                     f"{change_words(report, 'service_level', gains.max())} of service level.")
    return Findings(lines)


def cheapest_findings(report: StaffingReport) -> Findings:
    """The cheapest plan meeting the targets, its cost and its margin; or why there is none.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        The plan's service level (and reputation) against today's, its planned cost against today's,
        and a warning when the interval reaches below the target; or why no head count meets it.
    """
    today = report.today_summary
    target = f"{report.service_level:.0%} within {target_words(report)}"
    if report.cheapest is None:
        best = report.ceiling.loc["service_level"]
        lines = [f"No plan reaches {target}" + (f" with a lowest reputation of at least {report.reputation_floor:g}"
                                                 if report.reputation_floor is not None else "")
                 + f", however many people work today's hours: even with {plan_words(report.ceiling_plan)}, "
                 f"the service level is {interval_words(report, 'service_level', best)}"
                 + (" and the lowest reputation "
                    f"{interval_words(report, 'lowest_reputation', report.ceiling.loc['lowest_reputation'])}"
                    if report.reputation_floor is not None else "") + "."]
        off = off_duty_share(with_plan(report.scenario, report.ceiling_plan))
        if off >= 0.005:
            lines.append(f"About {off:.0%} of the questions arrive while nobody is on duty and wait for the next "
                         "shift. Longer shift hours, another shift, or a longer target time would help; "
                         "a bigger team on the same hours will not.")
        return Findings(lines)
    search = report.cheapest
    summary = search.summary
    lines = [f"With {plan_words(search.plan)}, "
             f"{interval_words(report, 'service_level', summary.loc['service_level'])} "
             f"of questions get a first reply within {target_words(report)}; today's plan reaches "
             f"{value_words(report, 'service_level', today.loc['service_level', 'mean'])}."]
    if report.reputation_floor is not None:
        lines.append("Its lowest reputation is "
                     f"{interval_words(report, 'lowest_reputation', summary.loc['lowest_reputation'])} "
                     f"(floor {report.reputation_floor:g}).")
    unit = report.currency or "hours on duty"
    cost, cost_today = planned_cost(report.scenario, search.plan), planned_cost(report.scenario, report.today)
    lines.append(f"It costs {cost:,.0f} {unit} over {span_words(report.scenario)} "
                 f"(today: {cost_today:,.0f} {unit}).")
    if search.plan == report.today:
        lines.append("That is today's plan: it already meets the targets, and one fewer person anywhere would not.")
    else:
        lines.append("One fewer person on any shift would miss a target.")
    low = summary.loc["service_level", "ci_low"]
    if low < report.service_level:
        lines.append(f"The target is met on the mean, but the interval reaches down to "
                     f"{value_words(report, 'service_level', low)}: ask for a little more, or run more replications, "
                     "to be surer.")
    return Findings(lines)


def profit_findings(report: StaffingReport) -> Findings:
    """The most profitable plan against today and the cheapest plan; or why there is no profit section.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        Its profit against today's, its service level and reputation, and its profit against the
        cheapest plan on the same customers; or one sentence without a ``[business]`` section.
    """
    if report.profit is None:
        return Findings(["This scenario has no [business] section, so there is no revenue to weigh against the "
                         "staff cost: the report stops at the cheapest plan meeting the service level. Add a "
                         "[business] section (docs/outcomes.md) to see the most profitable plan."])
    search = report.profit
    summary, today = search.summary, report.today_summary
    profit = interval_words(report, "profit", summary.loc["profit"])
    if search.plan == report.today:
        lines = [f"Today's plan, {plan_words(search.plan)}, is the most profitable: {profit} over "
                 f"{span_words(report.scenario)}. One person more or fewer on any shift earns less."]
    else:
        lines = [f"The most profitable plan is {plan_words(search.plan)}: a profit of {profit} over "
                 f"{span_words(report.scenario)}, against "
                 f"{value_words(report, 'profit', today.loc['profit', 'mean'])} today."]
    lines.append(f"It answers {value_words(report, 'service_level', summary.loc['service_level', 'mean'])} "
                 f"of questions within {target_words(report)}, and its lowest reputation is "
                 f"{value_words(report, 'lowest_reputation', summary.loc['lowest_reputation', 'mean'])}.")
    if report.cheapest is not None:
        if report.cheapest.plan == search.plan:
            lines.append("It is also the cheapest plan meeting your targets: service and profit agree.")
        else:
            difference = paired_plan_difference(report.cheapest, search, "profit")
            text = ("Against the cheapest plan meeting the targets it makes "
                    f"{difference_words(report, 'profit', difference)} of profit")
            if difference["ci_low"] > 0:
                text += ": the extra staff pay for themselves in sales."
            elif difference["ci_high"] < 0:
                text += "."
            else:
                text += ", not clearly different: the cheaper plan is as good a bet."
            lines.append(text)
    lines.append("The search stops when no plan one person away does better, so this is a local best.")
    return Findings(lines)


def comparison_findings(report: StaffingReport) -> Findings:
    """Today's plan against the recommendation, on the same customers, with paired 95% intervals.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        The changes in service level, profit, staff cost (and reputation) and what pairing saves;
        or why there is nothing to compare.
    """
    if report.recommended is None:
        return Findings(["There is no plan to recommend (no plan meets the targets and there is no [business] "
                         "section to find the most profitable one), so there is nothing to compare."])
    which = ("the cheapest plan meeting the targets" if report.recommended_by == "cheapest"
             else "the most profitable plan")
    if report.comparison is None:
        return Findings([f"Today's plan ({plan_words(report.today)}) is already {which}: nothing to change."])
    table = report.comparison
    changes = []
    shown = ["service_level", "profit", "staff_cost"] + ["lowest_reputation"] * (report.reputation_floor is not None)
    for kpi in shown:
        if kpi in table.index:
            row = table.loc[kpi]
            text = f"{label(kpi)} {difference_words(report, kpi, row)}"
            changes.append(text if row["significant"] else text + " (not distinguishable from no change)")
    lines = [f"Moving from today's plan ({plan_words(report.today)}) to {which} ({plan_words(report.recommended)}) "
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


def caveats(report: StaffingReport) -> Findings:
    """What to keep in mind about this particular report's numbers.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        How targets are judged and where the business numbers come from.
    """
    lines = [f"Targets are judged on the mean of {report.replications} runs of {span_words(report.scenario)}. "
             "A plan whose mean just clears a target can miss it in an unlucky stretch; the intervals say by how "
             "much."]
    if report.scenario.business is not None:
        lines.append("Revenue, complaints and reputation come from the [business] section of the scenario file: "
                     "its comments say which numbers are published and which are assumptions.")
    return Findings(lines)
