"""Notebook 05 helpers: the experience checker, after-sale outcomes, and fast replies against good ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import make_business

from simlib import simulate
from simlib.course import experience as ex
from simlib.model.presets import find_scenario


def test_opposites_are_symmetric():
    for word, others in ex.OPPOSITES.items():
        for other in others:
            assert word in ex.OPPOSITES[other]


def test_checker_rules_fit_clash_and_neutral():
    plan = pd.DataFrame({
        "action": ["a", "b", "c", "d"],
        "leg": ["branding", "purchase", "use", "use"],
        "conveys": ["Expert, calm", "automated, fast", "colourful", "personal, mass"],
    })
    checked = ex.check_actions(plan, ["expert", "calm", "personal"])
    assert checked["verdict"].tolist() == ["fits", "rethink", "neutral", "rethink"]
    assert checked["score"].tolist() == [2, -2, 0, 1 - 2]
    assert checked.loc[1, "clashes with"] == "personal"
    assert checked.loc[0, "fits with"] == "expert, calm"  # case and spaces do not matter


def test_checker_rejects_an_unknown_leg():
    plan = pd.DataFrame({"action": ["x"], "leg": ["marketing"], "conveys": ["calm"]})
    with pytest.raises(ValueError, match="leg = \\['marketing'\\]"):
        ex.check_actions(plan, ["calm"])


def test_worked_example_finds_the_incoherent_actions_and_covers_every_leg():
    checked = ex.check_actions(ex.example_plan(), ["personal", "exclusive", "expert", "calm"])
    rethink = set(checked.loc[checked["verdict"] == "rethink", "action"])
    assert any("flash sale" in a for a in rethink) and any("chatbot" in a for a in rethink)
    legs = ex.legs_covered(checked)
    assert list(legs.index) == list(ex.EXPERIENCE_LEGS)
    assert legs["actions"].sum() == len(checked)
    assert (legs["fit"] >= 1).all()


def test_after_sale_value_is_the_extra_repeat_chance_times_the_ticket():
    business = make_business().business
    assert ex.after_sale_value(business) == pytest.approx((0.8 - 0.31) * business.ticket.mean)


def test_answered_customers_come_back_as_often_as_the_scenario_says():
    result = simulate(make_business(**{"staff.always.count": 2, "run.days": 3, "business.pre_sale_share": 0.2}))
    table = ex.after_sale_outcomes(result)
    well, ignored = table.loc["answered well"], table.loc["ignored (gave up)"]
    for share, p, n in ((well["came back"], 0.8, well["questions"]), (ignored["came back"], 0.31, ignored["questions"])):
        assert n > 100
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / n)
    after = result.records[result.records["kind"] == "after_sale"]
    assert table["revenue"].sum() <= after["revenue"].sum() + 1e-9


def test_scale_handling_changes_only_the_mean():
    scenario = make_business()
    half = ex.scale_handling(scenario, 0.5)
    assert half.channels["dm"].handling.mean == pytest.approx(scenario.channels["dm"].handling.mean / 2)
    assert half.business.quality.thorough_minutes == scenario.business.quality.thorough_minutes
    with pytest.raises(ValueError, match="factor = 0"):
        ex.scale_handling(scenario, 0)


def test_rushing_helps_a_busy_team_and_hurts_a_roomy_one():
    # one day of the conftest queue (3 hours of replies an hour): 3 people are busy, 8 have room
    scenarios = {"busy": make_business(**{"staff.always.count": 3, "run.days": 1}),
                 "roomy": make_business(**{"staff.always.count": 8, "run.days": 1})}
    sweep = ex.handling_sweep(scenarios, [0.5, 1.0], replications=3)
    mean = sweep.groupby(["business", "factor"]).mean(numeric_only=True)
    for name in scenarios:  # shorter replies are rushed and disappoint more often
        assert mean.loc[(name, 0.5), "disappointed"] > mean.loc[(name, 1.0), "disappointed"]
    busy_gain = mean.loc[("busy", 0.5), "service_level"] - mean.loc[("busy", 1.0), "service_level"]
    roomy_gain = mean.loc[("roomy", 0.5), "service_level"] - mean.loc[("roomy", 1.0), "service_level"]
    assert busy_gain > 0.1 > roomy_gain
    assert mean.loc[("busy", 0.5), "complaints"] < mean.loc[("busy", 1.0), "complaints"]
    assert mean.loc[("roomy", 0.5), "complaints"] > mean.loc[("roomy", 1.0), "complaints"]
    fig = ex.plot_fast_vs_good(sweep)
    assert len(fig.axes) == 3 and "50% of the usual time" in fig._suptitle.get_text()


def test_explorer_compares_the_team_with_your_setting_on_a_click():
    explorer = ex.fast_vs_good_explorer(find_scenario("high_volume"), ex.BURGER_TEAMS, days=1, replications=2)
    table = explorer.result
    assert list(table.columns) == ["as it is", "your setting"]
    assert (table["as it is"] == table["your setting"]).all()  # same setting, same customers
    explorer.controls["handling"].value = 0.5
    explorer.button.click()
    rushed = explorer.result.loc["rushed replies (share)"]
    assert rushed["your setting"] > rushed["as it is"]
