"""Every sentence of the report against the numbers it prints (report_sentence_checks reads them back)."""

from __future__ import annotations

import dataclasses

import pytest
import report_cases as cases
from report_cases import fake_facts
from report_sentence_checks import check_findings, check_sentence

from simlib.analysis.formatting import format_kpi
from simlib.report import (
    brief,
    caveats,
    cheapest_findings,
    estimate_findings,
    head_count_findings,
    profit_findings,
    recommend,
    recommendation_findings,
    today_findings,
)

SECTIONS = (brief, today_findings, estimate_findings, head_count_findings, cheapest_findings, profit_findings,
            recommendation_findings, caveats)


def sentences(report) -> list[str]:
    return [sentence for section in SECTIONS for sentence in section(report)]


@pytest.mark.parametrize("case", ["business", "plain", "today_enough", "today_generous", "every_interval",
                                  "unreachable"])
def test_every_comparison_of_a_simulated_report_agrees_with_its_numbers(case):
    report = getattr(cases, case)()
    assert check_findings(sentences(report)) >= 2


def test_the_checks_catch_a_sentence_that_contradicts_its_numbers():
    for wrong in ["It costs 7,200 USD (2,880 USD less than today's 4,320 USD).",
                  "A cheaper plan: it costs 7,200 USD (2,880 USD more than today's 4,320 USD).",
                  "Its profit differs by +1,765 USD [-5,492, +9,021], higher.",
                  "The service level is 79.9% against 80.0%, met.",
                  "It makes more than today's plan.",
                  "The extra cost pays for itself: it costs 8,640 USD (1,440 USD more than the cheapest plan's "
                  "7,200 USD); its profit differs by +1,765 USD [-5,492, +9,021], no clear difference."]:
        with pytest.raises(AssertionError):
            check_sentence(wrong)


def test_today_meeting_the_targets_says_so_and_keeps_it():
    report = cases.today_enough()
    lines = list(today_findings(report))
    assert lines[0] == "Today's plan, 5 on always: 5 people, 7,200 USD over 3 days, meets the target."
    assert lines[1].startswith("Target 80.0% within 5 min on the run's mean: ")
    assert ", met (worst interval " in lines[1]
    recommendation = recommendation_findings(report)
    assert recommendation[0] == ("Recommendation: keep today's plan (5 on always). It meets every target and is the "
                                 "cheapest plan found that does: no plan with one person fewer, or one person moved, "
                                 "meets them all.")
    assert "It is not needed to meet the targets." in recommendation[1]
    cheaper = recommendation_findings(cases.today_generous())[0]
    assert cheaper.startswith("Recommendation: 5 on always, the cheapest plan found that meets every target. "
                              "Today's plan meets them too, but this plan has 5 people (1 fewer than today's 6 "
                              "people) and costs 7,200 USD (1,440 USD less than today's 8,640 USD)")


def test_the_sentences_quote_the_numbers_computed():
    report = cases.business()
    today = report.today
    assert f"{format_kpi('service_level', today.summary.loc['service_level', 'mean'])} [" in str(today_findings(report))
    assert "5 on always (today 3)" in str(estimate_findings(report))
    assert format_kpi("profit", report.profit_facts.summary.loc["profit", "mean"], "USD") in str(profit_findings(report))
    difference = 100 * report.comparison.loc["service_level", "difference"]
    assert f"service level +{difference:.1f} points [" in str(recommendation_findings(report))
    at = {n: report.head_counts.query("`head count` == @n and kpi == 'service_level'").iloc[0]["mean"] for n in (3, 4)}
    assert (f"Always: from 3 to 4, the service level goes from {format_kpi('service_level', at[3])} to "
            f"{format_kpi('service_level', at[4])}") in str(head_count_findings(report))
    assert "Planned at a fixed forecast of 2,160 questions a run" in str(brief(report))
    assert str(caveats(report)).startswith("A target on the run's mean is judged on all questions of 2 runs")


def test_feedback_left_on_is_said_loudly_with_how_far_the_volume_moved():
    report = cases.every_interval()
    moved = report.volume_moved()
    warning = [s for s in brief(report) if s.startswith("WARNING: reputation feedback is on")]
    assert len(warning) == 1 and f"{moved['today']:+.0%} with today's plan" in warning[0]


def _variant(today, cheapest, profit):
    """The business report with made-up plans, and its recommendation by the rules."""
    report = cases.business()
    return dataclasses.replace(report, today=today, cheapest_facts=cheapest, profit_facts=profit,
                               no_cheapest=None if cheapest is not None else "ceiling",
                               recommendation=recommend(today, cheapest, profit))


@pytest.mark.parametrize("today, cheapest, profit, expected", [
    # the extra cost of the most profitable plan pays for itself
    (fake_facts(3, 4_320, -0.1, 40_000), fake_facts(5, 7_200, 0.01, 50_000), fake_facts(6, 8_640, 0.05, 60_000),
     "the extra cost pays for itself in sales"),
    # no plan meets the targets; the most profitable serves better and makes more: recommended
    (fake_facts(3, 4_320, -0.1, 40_000), None, fake_facts(4, 5_760, -0.05, 50_000),
     "Recommendation: the most profitable plan, 4 on always. It has 4 people (1 more than today's 3 people) and "
     "costs 5,760 USD (1,440 USD more than today's 4,320 USD), and it serves better on the targets: its smallest "
     "margin over a target is -5.0 points (5.0 points more than today's -10.0 points)."),
    # no plan meets the targets; the most profitable is dearer and serves worse: not recommended
    (fake_facts(3, 4_320, -0.1, 40_000), None, fake_facts(6, 8_640, -0.2, 90_000),
     "it serves worse on the targets: its smallest margin over a target is -20.0 points (10.0 points less than "
     "today's -10.0 points)"),
    # today meets; the plan found costs the same as printed: no cheaper, kept
    (fake_facts(6, 8_640, 0.02, 60_000), fake_facts(7, 8_640.3, 0.03, 60_000), None,
     "is no cheaper: it has 7 people (1 more than today's 6 people) and costs 8,640 USD (the same as today's "
     "8,640 USD)"),
    # the most profitable plan costs less than the cheapest plan meeting the targets but misses them
    (fake_facts(3, 4_320, -0.1, 40_000), fake_facts(5, 7_200, 0.01, 50_000), fake_facts(4, 5_760, -0.05, 55_000),
     "Against the cheapest plan meeting the targets it has 4 people (1 fewer than the cheapest plan's 5 people) "
     "and costs 5,760 USD (1,440 USD less than the cheapest plan's 7,200 USD)"),
])
def test_every_branch_of_the_plan_sentences_agrees_with_its_numbers(today, cheapest, profit, expected):
    report = _variant(today, cheapest, profit)
    text = sentences(report)
    check_findings(text)
    assert any(expected in sentence for sentence in text), "\n".join(text)
