"""The course's claims, checked on the presets with replications and 95% confidence intervals.

Each test runs both sides on the same seeds (common random numbers) for two
weeks, and states its claim as an inequality between interval bounds, so it
only passes when the difference is clear, not by luck.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simlib import kpis, simulate
from simlib.model.presets import load_preset

pytestmark = pytest.mark.statistical
REPLICATIONS = 5
DAYS = 14.0


def kpi_table(preset: str, replications: int = REPLICATIONS, **overrides) -> pd.DataFrame:
    scenario = load_preset(preset, {"run.days": DAYS, **overrides})
    return pd.DataFrame([kpis(simulate(scenario, replication=k)) for k in range(replications)])


def interval(values: pd.Series) -> tuple[float, float]:
    half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values))
    return values.mean() - half, values.mean() + half


def test_an_hour_of_delay_costs_a_luxury_business_far_more_per_question():
    # a few large tickets make the jeweller's loss lumpy: more (cheap) replications for a clear interval
    luxury = interval(kpi_table("luxury", replications=20)["revenue_lost_per_question_hour"])
    burgers = interval(kpi_table("high_volume")["revenue_lost_per_question_hour"])
    assert luxury[0] > 10 * burgers[1], (luxury, burgers)


CUT = {"staff.early.count": 1, "staff.late.count": 2}  # one person fewer on each shift


def test_cutting_staff_on_the_high_volume_business_degrades_reputation():
    base, cut = kpi_table("high_volume"), kpi_table("high_volume", **CUT)
    for kpi in ("lowest_reputation", "final_reputation", "profit"):
        low, high = interval(cut[kpi] - base[kpi])  # paired: same customers in both
        assert high < 0, (kpi, low, high)


def test_a_long_backlog_triggers_the_crisis_flag():
    assert (kpi_table("high_volume")["crisis"] == 0).all()
    starved = kpi_table("high_volume", **{"staff.early.count": 0, "staff.late.count": 1})
    assert (starved["crisis"] == 1).all()
    assert np.all(starved["crisis_day"] < DAYS)
