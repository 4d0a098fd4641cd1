"""Money figures that add up: the shortfall moves by minus the revenue, and a minute of delay has a price."""

from __future__ import annotations

import numpy as np
import pytest

from simlib.experiments.delay_cost import money_table, paired_change

JEWELLER_PLUS_ONE = {"staff.weekday.count": 2, "staff.saturday.count": 2}
JEWELLER_MINUS_ONE = {"staff.weekday.count": 0, "staff.saturday.count": 0}


@pytest.mark.parametrize("changes", [JEWELLER_PLUS_ONE, JEWELLER_MINUS_ONE], ids=["plus_one", "minus_one"])
def test_a_staffing_change_moves_the_shortfall_by_exactly_minus_the_revenue_change(changes):
    base, changed = money_table("luxury", 8), money_table("luxury", 8, changes)
    np.testing.assert_allclose(changed["benchmark"], base["benchmark"])  # the benchmark ignores staffing
    np.testing.assert_allclose(changed["shortfall"] - base["shortfall"], -(changed["revenue"] - base["revenue"]))


def test_removing_the_jewellers_team_loses_revenue_and_adding_one_does_not():
    minus = paired_change("luxury", JEWELLER_MINUS_ONE, 8)
    plus = paired_change("luxury", JEWELLER_PLUS_ONE, 8)
    assert minus.loc["revenue", "ci_high"] < 0 < minus.loc["shortfall", "ci_low"]
    assert plus.loc["shortfall", "mean"] == pytest.approx(-plus.loc["revenue", "mean"])


def test_one_more_minute_costs_more_per_question_at_the_jeweller_and_more_in_total_at_the_burger_chain():
    luxury, burger = money_table("luxury", 12), money_table("high_volume", 3)
    assert (luxury["delay_cost_per_minute"] >= 0).all() and (burger["delay_cost_per_minute"] > 0).all()
    assert luxury["delay_cost_per_question_minute"].mean() > 2 * burger["delay_cost_per_question_minute"].mean()
    assert burger["delay_cost_per_minute"].mean() > 5 * luxury["delay_cost_per_minute"].mean()
