"""The staffing report's plans in sentences: the cheapest plan, the most profitable plan, the recommendation.

Every comparison (cheaper, dearer, more or fewer people, more or less
profit, pays for itself, serves better or worse) is written by
:mod:`simlib.report.wording` from the numbers printed beside it: costs,
head counts and margins as ``"VALUE (D less than today's OTHER)"``, paired
differences as ``"+D [LOW, HIGH], higher"``. The words that sum them up
(``cheaper``, ``pays for itself``, ``worse``) are chosen from those same
printed numbers, and ``tests/report`` checks every sentence against them.
"""

from __future__ import annotations

from simlib.analysis.registry import label
from simlib.report.findings import StaffingReport, off_duty_share, with_plan
from simlib.report.plans import PlanFacts, shown_points
from simlib.report.sentences import Findings, check_findings
from simlib.report.wording import (
    interval_words,
    money_words,
    paired_verdict,
    paired_words,
    people_words,
    plan_words,
    span_words,
    value_words,
    versus_words,
)

__all__ = ["cheapest_findings", "profit_findings", "recommendation_findings"]

TODAY, CHEAPEST = "today's", "the cheapest plan's"
"""Whose numbers a plan is compared with, as the sentences name them."""


def _people_and_cost(report: StaffingReport, facts: PlanFacts, other: PlanFacts, whose: str) -> str:
    """``"5 people (2 fewer than today's 7) and costs 1,234 USD (150 USD less than today's 1,384 USD)"``."""
    return (f"{versus_words(report, 'people', facts.people, other.people, whose)} and costs "
            f"{versus_words(report, 'money', facts.cost, other.cost, whose)}")


def _margin(report: StaffingReport, facts: PlanFacts, other: PlanFacts, whose: str) -> str:
    """``"better on the targets: its smallest margin over a target is +1.0 points (3.0 points more than ...)"``."""
    a, b = shown_points(facts.slack), shown_points(other.slack)
    word = "better" if a > b else "worse" if a < b else "as well"
    return (f"it serves {word} on the targets: its smallest margin over a target is "
            f"{versus_words(report, 'points', facts.slack, other.slack, whose)}")


def cheapest_findings(report: StaffingReport) -> Findings:
    """The cheapest plan meeting every target, from today's plan; or why there is none.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        Whether today's plan already meets the targets and the plan found
        against it (people and cost), the plan's standing on each target,
        and a warning when a run-mean interval reaches below its target; or
        why no plan meets the targets.
    """
    today, facts = report.today, report.cheapest_facts
    if facts is None:
        return _no_cheapest(report)
    span = span_words(report.scenario)
    if facts.plan == today.plan:
        lines = ["The cheapest plan found that meets every target is today's plan: no plan with one person "
                 "fewer, or one person moved, meets them all."]
    elif today.meets and facts.cheaper_than(today):
        lines = [f"Today's plan already meets every target, and a cheaper plan meets them too: "
                 f"{plan_words(facts.plan)} has {_people_and_cost(report, facts, today, TODAY)} over {span}."]
    elif today.meets:
        lines = [f"Today's plan already meets every target; the search's plan, {plan_words(facts.plan)}, is no "
                 f"cheaper: it has {_people_and_cost(report, facts, today, TODAY)} over {span}."]
    else:
        lines = [f"Today's plan misses a target. The cheapest plan found that meets every target is "
                 f"{plan_words(facts.plan)}: it has {_people_and_cost(report, facts, today, TODAY)} over "
                 f"{span}."]
    lines.extend(check_findings(report, facts))
    search = report.cheapest
    lines.append(f"The search started from today's plan and the integer program's plan "
                 f"({plan_words(search.starts['integer program'])}) and simulated {len(search.evaluated)} plans.")
    share = report.kpi_floors.get("service_level")
    low = facts.summary.loc["service_level", "ci_low"]
    if share is not None and low < share:
        lines.append(f"The service level's 95% interval reaches down to {value_words(report, 'service_level', low)}, "
                     f"below the target of {value_words(report, 'service_level', share)}: ask for a little more, "
                     "or run more replications, to be surer.")
    return Findings(lines)


def _no_cheapest(report: StaffingReport) -> Findings:
    """Why no plan meets the targets: even the ceiling misses one, or the search found none."""
    if report.no_cheapest != "ceiling":
        return Findings([f"The search found no plan meeting every target: {report.no_cheapest}."])
    ceiling = report.ceiling
    lines = [f"No plan meets every target, however many people work today's hours: even "
             f"{plan_words(ceiling.plan)} ({people_words(ceiling.people)}, {money_words(report, ceiling.cost)} over "
             f"{span_words(report.scenario)}) misses one."]
    lines.extend(check_findings(report, ceiling))
    off = off_duty_share(with_plan(report.scenario, ceiling.plan))
    if off >= 0.005:
        remedies = "Longer shift hours, another shift or a longer target time"
        if any(t.every_interval for t in report.targets.targets):
            remedies += ", or a target on the run's mean,"
        lines.append(f"About {off:.0%} of the questions arrive while nobody is on duty and wait for the next "
                     f"shift. {remedies} would help; a bigger team on the same hours will not.")
    return Findings(lines)


def profit_findings(report: StaffingReport) -> Findings:
    """The most profitable plan against today's and the cheapest plan; or why there is no profit section.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        Its profit; against today's plan its people, cost and paired profit
        difference; its standing on the targets; against the cheapest plan
        the same, and whether the extra cost pays for itself; or one
        sentence without a ``[business]`` section.
    """
    if report.profit_facts is None:
        return Findings(["This scenario has no [business] section, so there is no revenue to weigh against the "
                         "staff cost: the report stops at the cheapest plan meeting the targets. Add a "
                         "[business] section (docs/outcomes.md) to see the most profitable plan."])
    facts, today, cheapest = report.profit_facts, report.today, report.cheapest_facts
    profit = interval_words(report, "profit", facts.summary.loc["profit"])
    span = span_words(report.scenario)
    if facts.plan == today.plan:
        lines = [f"Today's plan, {plan_words(facts.plan)}, is the most profitable plan found: {profit} over {span}."]
    else:
        lines = [f"The most profitable plan found is {plan_words(facts.plan)}: a profit of {profit} over {span}.",
                 f"Against today's plan it has {_people_and_cost(report, facts, today, TODAY)}; on the same "
                 f"customers its profit differs by {paired_words(report, 'profit', facts.minus(today).loc['profit'])}."]
    lines.append("It meets every target." if facts.meets else "It misses a target.")
    lines.extend(check_findings(report, facts))
    if cheapest is not None and cheapest.plan == facts.plan:
        lines.append("It is also the cheapest plan meeting the targets: service and profit agree.")
    elif cheapest is not None:
        difference = facts.minus(cheapest).loc["profit"]
        text = (f"Against the cheapest plan meeting the targets it has "
                f"{_people_and_cost(report, facts, cheapest, CHEAPEST)}; on the same customers its "
                f"profit differs by {paired_words(report, 'profit', difference)}")
        if facts.dearer_than(cheapest) and paired_verdict(report, "profit", difference) == "higher":
            text += ": the extra cost pays for itself in sales"
        lines.append(text + ".")
    lines.append("The search moves one person at a time and stops when no plan one person away makes more, so "
                 "this is a local best.")
    return Findings(lines)


def recommendation_findings(report: StaffingReport) -> Findings:
    """What the report recommends, from today's plan, and what changes on the same customers.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    Findings
        The recommendation and why (:func:`simlib.report.plans.recommend`),
        with its people and cost against today's; the paired differences of
        its service level, profit and staff cost with their 95% intervals;
        and what pairing saves.
    """
    rec, today = report.recommendation, report.today
    facts = rec.plan
    plan = plan_words(facts.plan)
    against = _people_and_cost(report, facts, today, TODAY)
    if rec.kind == "keep":
        found = report.cheapest_facts
        if found is None:
            lines = [f"Recommendation: keep today's plan ({plan}). It meets every target."]
        elif found.plan == today.plan:
            lines = [f"Recommendation: keep today's plan ({plan}). It meets every target and is the cheapest plan "
                     "found that does: no plan with one person fewer, or one person moved, meets them all."]
        else:
            lines = [f"Recommendation: keep today's plan ({plan}). It meets every target, and the cheapest plan "
                     f"found that meets them, {plan_words(found.plan)}, is no cheaper: it costs "
                     f"{versus_words(report, 'money', found.cost, today.cost, TODAY)}."]
        profit = report.profit_facts
        if profit is not None and profit.plan != today.plan and profit.dearer_than(today):
            lines.append(f"The most profitable plan found, {plan_words(profit.plan)}, has "
                         f"{_people_and_cost(report, profit, today, TODAY)}; on the same customers its profit "
                         f"differs by {paired_words(report, 'profit', profit.minus(today).loc['profit'])}. It is "
                         "not needed to meet the targets.")
        return Findings(lines)
    if rec.kind == "none":
        return Findings(_nothing_recommended(report))
    if rec.kind == "cheaper":
        lines = [f"Recommendation: {plan}, the cheapest plan found that meets every target. Today's plan meets "
                 f"them too, but this plan has {against}."]
    elif rec.kind == "meets":
        lines = [f"Recommendation: {plan}. It meets every target, which today's plan does not; it has {against}."]
    else:
        lines = [f"No plan found meets every target. Recommendation: the most profitable plan, {plan}. It has "
                 f"{against}, and {_margin(report, facts, today, TODAY)}."]
    return Findings([*lines, *_changes(report)])


def _nothing_recommended(report: StaffingReport) -> list[str]:
    """No plan meets the targets and none is recommended over today's: what the most profitable plan would do."""
    today, profit = report.today, report.profit_facts
    lines = [f"No plan found meets every target, and no plan is recommended over today's ({plan_words(today.plan)})."]
    if profit is not None and profit.plan != today.plan:
        lines.append(f"The most profitable plan found, {plan_words(profit.plan)}, has "
                     f"{_people_and_cost(report, profit, today, TODAY)}; on the same customers its profit "
                     f"differs by {paired_words(report, 'profit', profit.minus(today).loc['profit'])}, and "
                     f"{_margin(report, profit, today, TODAY)}.")
    return lines


def _changes(report: StaffingReport) -> list[str]:
    """The paired differences of the recommendation against today's plan, and what pairing saves."""
    table = report.comparison
    shown = ["service_level", "profit", "staff_cost"] + ["lowest_reputation"] * (report.reputation_floor is not None)
    changes = [f"{label(kpi)} {paired_words(report, kpi, table.loc[kpi])}" for kpi in shown if kpi in table.index]
    lines = ["On the same customers, moving from today's plan to the recommendation changes: "
             + "; ".join(changes) + "."]
    row = table.loc["service_level"]
    paired, unpaired = 100 * row["half_width"], 100 * row["unpaired_half_width"]
    if paired < unpaired:
        lines.append(f"Pairing makes this precise: the service level's interval is ±{paired:.1f} points, against "
                     f"±{unpaired:.1f} if the two plans had met different customers.")
    elif report.replications < 5:
        lines.append(f"With {report.replications} runs per plan the intervals are wide; more replications "
                     "narrow them.")
    return lines
