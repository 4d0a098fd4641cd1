"""Notebook 04 helpers: the lead funnel, lead groups, and value-first service against first come, first served."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import make_business

from simlib import crm, simulate
from simlib.course import social_crm as sc
from simlib.model.presets import find_scenario, load_preset


@pytest.fixture(scope="module")
def busy_result():
    # 3 hours of replies arrive each hour for 2 community managers: a queue that always holds several questions
    # a third of those who give up unanswered go to a competitor, as in the presets
    return simulate(make_business(**{"staff.always.count": 2, "run.days": 2, "business.switch_if_ignored": 0.33}))


def test_status_funnel_counts_every_contact_once(busy_result):
    people = crm.contacts(busy_result)
    funnel = sc.status_funnel(people)
    assert list(funnel.index) == list(crm.STATUSES)
    assert funnel["contacts"].sum() == len(people)
    assert funnel["share"].sum() == pytest.approx(1)
    # lost: the contact's last question ended with them going to a competitor (critics show in the phase)
    assert funnel.loc["lost", "contacts"] == people["switched"].sum() > 0


def test_lead_groups_follow_the_lead_score(busy_result):
    groups = sc.lead_groups(busy_result)
    assert groups["lead score"].is_monotonic_decreasing
    assert groups["questions"].sum() == len(busy_result.records)
    business = busy_result.scenario.business
    mean_ticket = business.ticket.mean
    # an after-sale answer is worth the extra chance of coming back, times the mean ticket
    assert groups.loc["after-sale customer", "lead score"] == pytest.approx(
        (business.after_sale.repeat_if_answered - business.after_sale.repeat_if_ignored) * mean_ticket)
    # a returning lead buys 1.5 times as readily as one from search (conftest's business)
    assert groups.loc["lead from returning", "lead score"] == pytest.approx(
        1.5 * groups.loc["lead from search", "lead score"])


def test_top_value_waits_names_the_highest_scored_group(busy_result):
    waits = sc.top_value_waits(busy_result)
    groups = sc.lead_groups(busy_result)
    assert waits["top group"] == groups.index[0]
    assert waits["top share"] == pytest.approx(groups["share"].iloc[0])
    assert 0 <= waits["top"] and waits["others"] <= waits["others_p90"]


def test_paired_difference_is_exact_for_a_constant_shift():
    runs = pd.DataFrame({"discipline": ["fifo"] * 3 + ["value"] * 3, "replication": [0, 1, 2] * 2,
                         "revenue": [10.0, 20.0, 30.0, 15.0, 25.0, 35.0]})
    diff = sc.paired_difference(runs, "revenue")
    assert diff["mean"] == diff["ci_low"] == diff["ci_high"] == 5.0
    with pytest.raises(ValueError, match="at least 2"):
        sc.paired_difference(runs[runs["replication"] == 0], "revenue")


def test_value_first_serves_the_valuable_sooner_and_sells_more():
    # two days of the conftest queue with 3 people: always a queue to reorder
    scenario = make_business(**{"staff.always.count": 3, "run.days": 2})
    runs = sc.discipline_runs(scenario, replications=4)
    assert set(runs["discipline"]) == {"fifo", "value"} and len(runs) == 8
    top = sc.paired_difference(runs, "top_wait")
    assert top["ci_high"] < 0  # the most valuable questions wait less, on the same customers
    revenue = sc.paired_difference(runs, "revenue")
    assert revenue["ci_low"] > 0
    fig = sc.plot_value_first(runs, "EUR")
    assert "Most valuable first" in fig._suptitle.get_text()
    assert len(fig.axes) == 2


def test_fifo_and_value_agree_when_nobody_waits():
    # a huge team: every question is answered at once, so the order of work cannot matter
    scenario = make_business(**{"staff.always.count": 60, "run.days": 0.5})
    runs = sc.discipline_runs(scenario, replications=2)
    wide = runs.pivot(index="replication", columns="discipline", values="revenue")
    np.testing.assert_allclose(wide["fifo"], wide["value"])


def test_the_explorer_runs_on_the_button_only():
    explorer = sc.discipline_explorer(find_scenario("luxury"), shift="weekday", days=3, replications=2)
    first = explorer.result
    assert "most valuable first" in first[1]
    explorer.controls["discipline"].value = "fifo"
    assert explorer.result is first  # nothing ran yet
    explorer.button.click()
    assert explorer.result[1].startswith("first come, first served, 1 on the weekday shift")


def test_the_jewellers_crm_reads_as_notebook_04_says():
    result = simulate(load_preset("luxury"))
    people, talks = crm.contacts(result), crm.interactions(result)
    # "direct messages lose the most"
    lost = talks.groupby("channel", observed=True)["revenue_lost"].sum()
    assert lost.idxmax() == "dm"
    # "customers are the biggest group: three questions in five come from people who bought before"
    funnel = sc.status_funnel(people)
    assert funnel["contacts"].idxmax() == "customer"
    returning = (talks["kind"] == "after_sale") | (talks["source"] == "returning")
    assert 0.55 <= returning.mean() <= 0.65
    # "one contact in five is a prospect ... about one in twelve went to a competitor ... no advocate at all"
    assert 0.15 <= funnel.loc["prospect", "share"] <= 0.25
    assert 1 / 14 <= funnel.loc["lost", "share"] <= 1 / 10
    assert funnel.loc["advocate", "contacts"] == 0
    # "a returning customer who asks is worth twice a lead from search ... someone from a social feed is worth least"
    groups = sc.lead_groups(result)["lead score"]
    assert groups["lead from returning"] == pytest.approx(2 * groups["lead from search"])
    assert groups.idxmin() == "lead from social"
    # "in a month, almost everyone writes only once"; "four critics in five were ignored exactly once, none twice"
    assert (people["questions"] == 1).mean() > 0.95
    critics = people[people["phase"] == "critic"]
    assert (critics["ignored"] == 1).mean() >= 0.75 and (critics["ignored"] >= 2).sum() == 0


def test_leads_cool_as_notebook_04_says():
    # "a burger chain's leads cool within minutes, the jeweller's clients over half a day"
    burger, jeweller = (load_preset(name).business.conversion for name in ("high_volume", "luxury"))
    assert burger.engaged(10) < 0.5 and burger.engaged(1) > 0.5
    assert jeweller.engaged(60) > 0.9 and jeweller.engaged(12 * 60) == pytest.approx(0.5)
