"""Which plan the report recommends, from today's plan: never a dearer plan that serves worse."""

from __future__ import annotations

import itertools

import pytest
from report_cases import fake_facts

from simlib.report import recommend


def test_a_dearer_worse_plan_is_never_recommended_over_today_even_when_it_makes_far_more():
    today = fake_facts(30, 60_000, slack=0.01, profit=100_000)  # meets 80% at 81%
    tempting = fake_facts(50, 92_633, slack=-0.19, profit=200_000)  # the plan: dearer, 20 points worse
    rec = recommend(today, None, tempting)
    assert rec.kind == "keep" and rec.plan is today and not rec.changes
    # a search that went wrong the same way would not be followed either
    assert recommend(today, fake_facts(50, 92_633, slack=0.005), tempting).plan is today


def test_when_today_meets_the_targets_only_a_cheaper_plan_meeting_them_is_recommended():
    today = fake_facts(30, 60_000, slack=0.01, profit=100_000)
    cheaper = fake_facts(28, 56_000, slack=0.002, profit=99_000)
    assert recommend(today, cheaper, None).plan is cheaper
    assert recommend(today, cheaper, fake_facts(35, 70_000, 0.05, profit=150_000)).kind == "cheaper"
    same_cost = fake_facts(30, 60_000.4, slack=0.02)  # prints as the same cost: not cheaper
    assert recommend(today, same_cost, None).kind == "keep"
    assert recommend(today, fake_facts(27, 54_000, slack=-0.01), None).kind == "keep"  # cheaper but misses


def test_when_today_misses_the_cheapest_plan_meeting_the_targets_is_recommended():
    today = fake_facts(20, 40_000, slack=-0.1, profit=80_000)
    found = fake_facts(24, 48_000, slack=0.001, profit=79_000)
    rec = recommend(today, found, fake_facts(30, 60_000, slack=0.05, profit=120_000))
    assert rec.kind == "meets" and rec.plan is found


@pytest.mark.parametrize("profit, kind", [
    (fake_facts(25, 50_000, slack=-0.05, profit=90_000), "profit"),   # dearer, serves better, makes more
    (fake_facts(18, 36_000, slack=-0.1, profit=90_000), "profit"),    # cheaper, serves as well, makes more
    (fake_facts(25, 50_000, slack=-0.2, profit=150_000), "none"),     # dearer and worse: never
    (fake_facts(18, 36_000, slack=-0.2, profit=150_000), "none"),     # cheaper but serves worse
    (fake_facts(25, 50_000, slack=-0.1, profit=150_000), "none"),     # dearer and no better
    (fake_facts(25, 50_000, slack=-0.05, profit=70_000), "none"),     # better but makes less
])
def test_when_no_plan_meets_the_targets_the_profit_plan_must_serve_at_least_as_well(profit, kind):
    today = fake_facts(20, 40_000, slack=-0.1, profit=80_000)
    assert recommend(today, None, profit).kind == kind


def test_no_combination_recommends_a_dearer_plan_that_serves_worse():
    costs, slacks, profits = (39_000, 41_000), (-0.1, -0.001, 0.0, 0.02), (70_000, 90_000)
    plans = [fake_facts(20 + k, c, s, p) for k, (c, s, p) in enumerate(itertools.product(costs, slacks, profits))]
    kinds = set()
    for today in plans:
        for cheapest in [None, *(p for p in plans if p.meets)]:
            for profit in [None, *plans]:
                rec = recommend(today, cheapest, profit)
                kinds.add(rec.kind)
                assert not (rec.plan.dearer_than(today) and rec.plan.worse_than(today))
                if today.meets:
                    assert rec.plan is today or (rec.plan.meets and rec.plan.cheaper_than(today))
    assert kinds == {"keep", "cheaper", "meets", "profit", "none"}
