"""Small staffing reports shared by the report tests, each computed once per test session."""

from __future__ import annotations

from functools import cache

import pandas as pd
from conftest import make_business, make_scenario

from simlib.report import PlanFacts, report_targets, staffing_report


@cache
def business():
    """The M/M/3 test queue with a business, 3 days, 2 replications: today's 3 people miss 80% within 5 min."""
    return staffing_report(make_business(**{"run.days": 3.0}), 2, 0.8, workers=1, progress=False)


@cache
def plain():
    """The same queue without a business, 1 day."""
    return staffing_report(make_scenario(**{"run.days": 1.0}), 2, 0.8, workers=1, progress=False)


@cache
def today_enough():
    """Today's 5 people already meet the target; one more person would make more profit (a dearer plan)."""
    return staffing_report(make_business(**{"run.days": 3.0, "staff.always.count": 5}), 2, 0.8, workers=1,
                           progress=False)


@cache
def today_generous():
    """Today's 6 people meet the target with room to spare: a cheaper plan meets it too."""
    return staffing_report(make_business(**{"run.days": 3.0, "staff.always.count": 6}), 2, 0.8, workers=1,
                           progress=False)


@cache
def every_interval():
    """Hourly targets in every interval on the dm channel, and a reputation floor; feedback left on."""
    targets = report_targets(targets=["dm:0.6@10"], judge="interval", interval_minutes=60)
    return staffing_report(make_business(**{"run.days": 2.0}), 2, targets, 60, feedback=True, workers=1,
                           progress=False)


@cache
def unreachable():
    """Nobody on duty outside 9-17: no head count meets 80% on the run's mean."""
    scenario = make_scenario(**{"run.days": 2.0, "staff.always.start_hour": 9, "staff.always.end_hour": 17})
    return staffing_report(scenario, 2, 0.8, workers=1, progress=False)


def every_case():
    """Every report above."""
    return [business(), plain(), today_enough(), today_generous(), every_interval(), unreachable()]


def fake_facts(people: int, cost: float, slack: float, profit: float = 0.0, spread: float = 1.0) -> PlanFacts:
    """A plan on one shift ``always`` with made-up numbers: two runs, one target on the run's mean at 80%.

    ``slack`` is its margin over the target (negative: missed); the runs
    straddle ``profit`` and ``0.8 + slack`` by ``spread`` (money) and ``spread / 100`` (share).
    """
    value = 0.8 + slack
    runs = pd.DataFrame({"service_level": [value - spread / 100, value + spread / 100],
                         "profit": [profit - spread, profit + spread], "staff_cost": [cost, cost],
                         "questions": [1000.0, 1000.0], "lowest_reputation": [70.0, 70.0]},
                        index=pd.Index([0, 1], name="replication"))
    checks = pd.DataFrame([{"target": "80.0% within 5 min on the run's mean", "at_least": 0.8, "mean": value,
                            "worst": value - 0.3, "worst_interval": "Tue 12:00-12:30", "worst_questions": 40.0,
                            "judged": 336, "value": value, "slack": slack, "met": slack >= 0}])
    return PlanFacts({"always": people}, cost, runs, checks)
