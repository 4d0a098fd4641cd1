"""Business outcomes: conversion curves, revenue lost to delay, reputation, audience, the CRM."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import make_business, make_scenario
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from scipy import stats

from simlib import ScenarioError, crm, kpis, simulate
from simlib.model.business import ConversionCurve

curve = TypeAdapter(ConversionCurve).validate_python
probability = st.floats(0, 1)
minutes = st.floats(0.01, 10_000)
CURVES = st.one_of(
    st.builds(lambda p, h: {"curve": "exponential", "at_once": p, "half_life_minutes": h}, probability, minutes),
    st.builds(lambda p, s, e: {"curve": "power", "at_once": p, "scale_minutes": s, "exponent": e},
              probability, minutes, st.floats(0.01, 10)),
    st.builds(lambda p, m, s: {"curve": "logistic", "at_once": p, "midpoint_minutes": m, "steepness_minutes": s},
              probability, st.floats(0, 10_000), minutes),
    st.builds(lambda p, w, f: {"curve": "step", "at_once": p, "within_minutes": w, "after": p * f},
              probability, st.floats(0, 10_000), st.floats(0, 1)),
)


# --- conversion curves ---------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(CURVES)
def test_conversion_is_a_probability_that_never_rises_with_delay(spec):
    delays = np.concatenate([[0.0], np.geomspace(1e-3, 1e6, 400)])
    p = curve(spec).probability(delays)
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(np.diff(p) <= 1e-12)
    assert p[0] == pytest.approx(spec["at_once"])


def test_named_curves_have_their_documented_shapes():
    assert curve({"curve": "exponential", "at_once": 0.4, "half_life_minutes": 30}).probability(60) == pytest.approx(0.1)
    power = curve({"curve": "power", "at_once": 0.5, "scale_minutes": 10, "exponent": 2})
    assert power.probability(10) == pytest.approx(0.5 / 4)
    step = curve({"curve": "step", "at_once": 0.3, "within_minutes": 15, "after": 0.1})
    np.testing.assert_allclose(step.probability([15, 15.01]), [0.3, 0.1])
    logistic = curve({"curve": "logistic", "at_once": 0.2, "midpoint_minutes": 120, "steepness_minutes": 10})
    assert logistic.probability(0) == pytest.approx(0.2)
    assert logistic.probability(120) == pytest.approx(0.2 * (1 + math.exp(-12)) / 2)


# --- the engine with a business ------------------------------------------------

def test_without_feedback_outcomes_do_not_change_arrivals():
    columns = ["arrival", "channel", "handling", "patience"]
    plain = simulate(make_scenario(**{"service.abandonment": "stays",
                                      "channels.dm.patience": {"dist": "exponential", "mean": 120.0},
                                      "run.days": 7.0})).records
    business = simulate(make_business(**{"business.reputation.feedback": False})).records
    pd.testing.assert_frame_equal(business[columns], plain[columns])
    pd.testing.assert_frame_equal(business[plain.columns], plain)


def test_revenue_lost_is_zero_when_everyone_is_answered_at_once():
    result = simulate(make_business(**{"staff.always.count": 500}))
    records = result.records
    assert (records["first_response"] == 0).all()
    assert (records["revenue_lost"] == 0).all()
    assert records["revenue"].sum() > 0


def test_revenue_lost_is_never_negative_and_sums_to_the_kpi():
    result = simulate(make_business(**{"staff.always.count": 2}))
    assert (result.records["revenue_lost"] >= 0).all()
    assert kpis(result)["revenue_lost"] == pytest.approx(result.records["revenue_lost"].sum())


def test_an_ignored_lead_never_buys_even_if_answered_late():
    records = simulate(make_business(**{"staff.always.count": 2})).records
    late = records[records["abandoned"]]
    assert len(late) > 0 and late["reply_start"].notna().any()
    assert not late["bought"].any()
    assert not late.loc[late["kind"] == "pre_sale", "revenue"].any()


def test_faster_service_turns_lost_sales_into_sales_on_the_same_dice():
    slow = simulate(make_business(**{"staff.always.count": 2, "business.reputation.feedback": False})).records
    fast = simulate(make_business(**{"staff.always.count": 6, "business.reputation.feedback": False})).records
    assert len(slow) == len(fast)
    pd.testing.assert_series_equal(slow["revenue_at_once"], fast["revenue_at_once"])
    assert fast["revenue"].sum() > slow["revenue"].sum()


def paired_difference(make, change, kpi, replications=8):
    """Mean and 95% Student-t half-width of the paired difference change - base (common random numbers)."""
    base = np.array([kpis(simulate(make(), replication=k))[kpi] for k in range(replications)])
    changed = np.array([kpis(simulate(make(**change), replication=k))[kpi] for k in range(replications)])
    diff = changed - base
    half = stats.t.ppf(0.975, replications - 1) * diff.std(ddof=1) / math.sqrt(replications)
    return diff.mean(), half


@pytest.mark.parametrize("count, busy", [(2, True), (3, True), (4, False)])
def test_more_staff_never_lowers_the_expected_answered_share(count, busy):
    def make(**changes):
        return make_business(**{"staff.always.count": count, "business.reputation.feedback": False, **changes})

    mean, half = paired_difference(make, {"staff.always.count": count + 1}, "answered_share")
    assert mean + half >= 0  # not significantly lower
    if busy:  # and, while the team is the bottleneck, significantly higher
        assert mean - half > 0


def test_reputation_is_the_positive_share_of_what_the_public_remembers():
    """With no fading and no critics' posts: 100 x (baseline + praise points) / (100 + all points)."""
    scenario = make_business(**{
        "business.reputation.recovery_days": 1e9, "business.reputation.critic_complaints_per_day": 0.0,
        "business.reputation.points_per_complaint": 0.01, "business.reputation.points_per_praise": 0.004,
        "business.reputation.visibility": {"dm": 2.0}, "business.reputation.feedback": False,
    })
    result = simulate(scenario)
    records = result.records
    praise, complaints = 2.0 * 0.004 * records["praise"].sum(), 2.0 * 0.01 * records["complaint"].sum()
    expected = 100 * (80 + praise) / (100 + praise + complaints)
    assert result.outcomes.reputation.iloc[-1] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("complaints, praise", [(10_000, 0), (0, 10_000)])
def test_no_amount_of_praise_or_complaints_pushes_the_score_past_its_bounds(complaints, praise):
    rules = make_business().business.reputation
    score = rules.score(praise * rules.points_per_praise, complaints * rules.points_per_complaint)
    assert 0 < score < 100
    assert rules.score(0.0, 0.0) == rules.baseline


def test_complaints_and_praise_follow_their_rules():
    records = simulate(make_business(**{"staff.always.count": 2})).records
    answered = records["answered_in_time"]
    assert not records.loc[records["praise"], "first_response"].gt(60).any()
    assert records.loc[records["praise"], "answered_in_time"].all()
    assert not records.loc[records["complaint"] & answered, "disappointed"].eq(False).any()
    rushed = records[answered & records["rushed"]]
    thorough = records[answered & ~records["rushed"]]
    assert rushed["disappointed"].mean() > thorough["disappointed"].mean()
    assert (records.loc[answered, "rushed"] == (records.loc[answered, "handling"] < 2.0)).all()


@pytest.mark.parametrize("followers", [20_000, 500, 0])
def test_audience_counts_stay_whole_and_ignored_customers_become_critics(followers):
    result = simulate(make_business(**{"staff.always.count": 1, "business.audience.followers": followers}))
    audience = result.outcomes.audience
    assert (audience >= 0).all().all()
    newcomers = max(0, len(result.outcomes.contacts) - 0.90 * followers)  # askers beyond the inactive followers
    np.testing.assert_allclose(audience.sum(axis=1).iloc[-1], followers + newcomers)
    assert audience["critic"].iloc[0] == 0 and audience["critic"].iloc[-1] > 0
    assert audience["critic"].iloc[-1] == (result.outcomes.contacts["phase"] == "critic").sum()


def test_no_staff_means_no_sales_falling_reputation_and_a_crisis():
    result = simulate(make_business(staff={}, **{"business.reputation.feedback": False}))
    figures = kpis(result)
    assert figures["conversion"] == 0 and not result.records["bought"].any()
    # only ignored after-sale customers who come back anyway (repeat_if_ignored) still buy
    assert figures["revenue"] == pytest.approx(result.records.loc[result.records["repeat_purchase"], "ticket"].sum())
    assert figures["crisis"] == 1 and figures["lowest_reputation"] < 50
    assert figures["staff_cost"] == 0


def test_value_first_answers_valuable_leads_sooner_than_fifo():
    def make(discipline):
        return make_business(**{"staff.always.count": 2, "service.discipline": discipline,
                                "business.reputation.feedback": False})

    fifo, value = simulate(make("fifo")).records, simulate(make("value")).records
    valuable = fifo["lead_score"] >= fifo["lead_score"].quantile(0.75)
    assert value.loc[valuable, "wait"].mean() < 0.5 * fifo.loc[valuable, "wait"].mean()


def test_value_discipline_needs_a_business_section():
    with pytest.raises(ScenarioError, match="service.discipline = 'value' ranks leads by value"):
        make_scenario(**{"service.discipline": "value"})


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("business.conversion.at_once", 1.5, r"business\.conversion\.at_once = 1\.5: .*less than or equal to 1"),
        ("business.conversion", {"curve": "sigmoid", "at_once": 0.2},
         r"business\.conversion: .*'sigmoid'.*'exponential', 'power', 'logistic', 'step'"),
        ("business.conversion", {"curve": "step", "at_once": 0.2, "within_minutes": 5, "after": 0.5},
         r"business\.conversion: after = 0\.5 must be <= at_once = 0\.2"),
        ("business.sources.share", {"search": 0.5}, r"business\.sources\.share: shares must sum to 1, got 0\.5"),
        ("business.sources.share", {"ads": 1.0}, r"business\.sources\.share\.ads.*'search', 'social', 'referral'"),
        ("business.reputation.visibility", {"tiktok": 2.0}, r"visibility names unknown channel 'tiktok' \(channels: dm\)"),
        ("business.reputation.crisis_below", 90.0, r"business\.reputation: crisis_below = 90\.0 must be below baseline"),
        ("business.audience.followers", -5, r"business\.audience\.followers = -5"),
        ("business.staff_cost_per_hour", float("nan"), r"business\.staff_cost_per_hour = nan: .*finite"),
        ("business.ticket", {"dist": "lognormal", "mean": 50}, r"business\.ticket\.cv: missing"),
    ],
)
def test_bad_business_field_is_named(field, value, expected):
    with pytest.raises(ScenarioError, match=expected):
        make_business(**{field: value})


# --- the CRM -------------------------------------------------------------------

def test_crm_tables_agree_with_the_records():
    result = simulate(make_business(**{"staff.always.count": 2, "business.switch_if_ignored": 0.33}))
    talks, people = crm.interactions(result), crm.contacts(result)
    assert len(talks) == len(result.records)
    assert people["questions"].sum() == len(talks)
    assert people["revenue"].sum() == pytest.approx(result.records["revenue"].sum())
    assert set(people.index) == set(talks["contact"])
    assert (people.loc[people["status"] == "lost", "switched"]).all()
    assert (people.loc[people["status"] == "repeat_customer", "purchases"] >= 2).all()
    assert people["questions"].max() > 1  # returning customers ask again
    counts = talks["outcome"].value_counts()
    assert counts["sale"] == result.records["bought"].sum()
    assert counts["ignored"] == result.records["abandoned"].sum()
    assert (people["status"] == "lost").any()


def test_crm_needs_a_business_section(scenario):
    with pytest.raises(ValueError, match="no \\[business\\] section"):
        crm.contacts(simulate(scenario))


def test_business_runs_are_reproducible():
    scenario = make_business()
    first, second = simulate(scenario), simulate(scenario)
    pd.testing.assert_frame_equal(first.records, second.records)
    pd.testing.assert_series_equal(first.outcomes.reputation, second.outcomes.reputation)


def test_a_late_public_reply_wins_back_some_complainers_and_their_complaint_stops_counting():
    def run(repairs):
        return simulate(make_business(**{
            "staff.always.count": 2, "business.reputation.late_reply_repairs": repairs,
            "business.reputation.points_per_complaint": 0.01, "business.reputation.points_per_praise": 0.004,
            "business.reputation.recovery_days": 1e9, "business.reputation.critic_complaints_per_day": 0.0,
            "business.reputation.feedback": False,
        }))

    none, some = run(0.0), run(0.69)
    records = some.records
    won = records["won_back"]
    answered_late = records["complaint"] & ~records["answered_in_time"] & records["reply_start"].notna()
    assert not none.records["won_back"].any() and won.sum() > 0
    assert answered_late[won].all() and not records.loc[won, "bought"].any()
    share = won.sum() / answered_late.sum()
    assert abs(share - 0.69) < 3.29 * math.sqrt(0.69 * 0.31 / answered_late.sum())
    praise, complaints = 0.004 * records["praise"].sum(), 0.01 * (records["complaint"] & ~won).sum()
    assert some.outcomes.reputation.iloc[-1] == pytest.approx(100 * (80 + praise) / (100 + praise + complaints))


def test_ignored_customers_switch_or_still_buy_but_never_both():
    records = simulate(make_business(**{
        "staff.always.count": 2, "business.switch_if_ignored": 0.33, "business.buy_without_reply": 0.1,
        "business.reputation.feedback": False})).records
    ignored = records[records["abandoned"]]
    assert not records.loc[~records["abandoned"], "switched"].any()
    assert not (ignored["switched"] & (ignored["bought"] | ignored["repeat_purchase"])).any()
    n = len(ignored)
    assert abs(ignored["switched"].mean() - 0.33) < 3.29 * math.sqrt(0.33 * 0.67 / n)
    assert ignored.loc[ignored["kind"] == "pre_sale", "bought"].any()


def test_only_leads_answered_in_time_are_engaged_and_engagement_fades_with_delay():
    records = simulate(make_business(**{"staff.always.count": 2, "business.reputation.feedback": False})).records
    assert not records.loc[~records["answered_in_time"] | (records["kind"] != "pre_sale"), "engaged"].any()
    answered = records[records["answered_in_time"] & (records["kind"] == "pre_sale")]
    fast = answered["first_response"] <= answered["first_response"].median()
    assert answered.loc[fast, "engaged"].mean() > answered.loc[~fast, "engaged"].mean()
    assert answered.loc[answered["first_response"] == 0, "engaged"].all()


def test_a_good_reply_in_time_adds_the_premium_and_nothing_else_does():
    premium = {"curve": "exponential", "at_once": 0.2, "half_life_minutes": 10.0}
    records = simulate(make_business(**{"staff.always.count": 2, "business.reply_premium": premium,
                                        "business.reputation.feedback": False})).records
    bought = records[records["bought"] | records["repeat_purchase"]]
    good = bought["answered_in_time"] & ~bought["disappointed"]
    lift = bought["revenue"] / bought["ticket"] - 1
    np.testing.assert_allclose(lift[good], 0.2 * 2 ** (-bought.loc[good, "first_response"] / 10.0), atol=1e-12)
    assert (lift[~good] == 0).all()


def test_a_staffing_change_leaves_the_benchmark_alone():
    slow = simulate(make_business(**{"staff.always.count": 2}))
    fast = simulate(make_business(**{"staff.always.count": 5}))
    assert slow.outcomes.benchmark_revenue == fast.outcomes.benchmark_revenue > 0


def test_one_more_minute_never_earns_more():
    records = simulate(make_business(**{"staff.always.count": 2})).records
    assert (records["delay_cost_per_minute"] >= 0).all() and records["delay_cost_per_minute"].sum() > 0
    assert (records.loc[records["reply_start"].isna(), "delay_cost_per_minute"] == 0).all()


def test_critics_anger_fades_and_without_fading_critics_stay():
    def critics(days):
        result = simulate(make_business(**{"staff.always.count": 1, "run.days": 21.0,
                                           "business.audience.critic_days": days}))
        return result.outcomes.audience["critic"].iloc[-1], (result.records["became_critic"]).sum()

    fading, made = critics(5.0)
    staying, _ = critics(1e9)  # as good as never
    assert fading < staying <= made


def test_returning_questions_spread_over_past_customers():
    """The first contact is no special customer: nobody asks more than a handful of times in four weeks."""
    from simlib.model.presets import load_preset

    people = crm.contacts(simulate(load_preset("luxury")))
    assert people["questions"].max() <= 4
    assert people["questions"].iloc[0] <= 4


def test_complaint_audience_is_complaints_times_reach():
    figures = kpis(simulate(make_business(**{"staff.always.count": 2, "business.reputation.complaint_reach": 16})))
    assert figures["complaint_audience"] == 16 * figures["complaints"] > 0
