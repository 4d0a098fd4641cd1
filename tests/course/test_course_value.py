"""Notebook 02's helpers: a question's value by hand, one more minute, the comparison, the same staffing change twice.

Each claim the notebook's prose makes is asserted here on the same seeded runs the notebook uses, with the
tolerance of their 95% intervals.
"""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import make_business, make_scenario
from matplotlib.figure import Figure

from simlib.course import value_compared
from simlib.course.value import (
    LABELS,
    business_profile,
    compare_businesses,
    hand_table,
    headline,
    lead_value_after,
    load_businesses,
    minute_by_hand,
    plot_lead_value,
    revenue_by_source,
    value_by_hand,
)
from simlib.course.value_compared import (
    minute_cost,
    minute_table,
    plot_minute_cost,
    plot_staffing_effect,
    staffing_change,
    staffing_effect,
    staffing_explorer,
    staffing_table,
)
from simlib.model.leads import AFTER_SALE, PRE_SALE, expected_value

QUICK = {"days": 7, "replications": {"luxury": 8, "high_volume": 3}}  # seeded, a second or two
JEWELLER, BURGER = LABELS["luxury"], LABELS["high_volume"]


@pytest.fixture(scope="module")
def presets():
    return load_businesses()


def model_value(business, kind, delay):
    """The model's own expected value of one question at the mean ticket: reputation and source factors 1, a good
    reply, a customer who waits however long it takes."""
    one = np.ones(1)
    return float(expected_value(business, np.array([kind]), business.ticket.mean * one, one, np.zeros(1, bool),
                                np.full(1, np.inf), np.array([float(delay)]))[0])


@pytest.mark.parametrize("delay", [0, 1, 5, 15, 60, 240, 1440])
def test_the_hand_calculation_is_the_models_expected_value(presets, delay):
    for scenario in presets.values():
        business = scenario.business
        hand = value_by_hand(scenario, delay)
        assert hand["lead_after"] == pytest.approx(model_value(business, PRE_SALE, delay))
        assert hand["after_sale_after"] == pytest.approx(model_value(business, AFTER_SALE, delay))
        assert hand["lead_at_once"] == pytest.approx(model_value(business, PRE_SALE, 0))
        share = business.pre_sale_share
        at_once = share * model_value(business, PRE_SALE, 0) + (1 - share) * model_value(business, AFTER_SALE, 0)
        after = share * model_value(business, PRE_SALE, delay) + (1 - share) * model_value(business, AFTER_SALE, delay)
        assert hand["lost_per_question"] == pytest.approx(at_once - after)


def test_the_hand_calculation_reads_as_the_notebook_writes_it(presets):
    jeweller = value_by_hand(presets["luxury"], 60)
    engaged = 1 / (1 + 60 / 720)  # the jeweller's power curve, exponent 1
    assert jeweller["engaged"] == pytest.approx(engaged)
    assert jeweller["lead_at_once"] == pytest.approx(0.25 * 3000)
    assert jeweller["lead_after"] == pytest.approx(3000 * (0.25 * engaged + 0.05 * (1 - engaged)))
    assert jeweller["lost_per_after_sale"] == 0  # no premium: an after-sale client answered in time comes back alike
    burger = value_by_hand(presets["high_volume"], 60)
    engaged = 0.985 * 2 ** (-60 / 2.4) + 0.015 * 2 ** (-60 / 900)
    extra = 0.20 * (0.884 * 2 ** (-60 / 13) + 0.116)
    assert burger["lead_after"] == pytest.approx(10 * (1 + extra) * (0.30 * engaged + 0.15 * (1 - engaged)))
    assert burger["lead_at_once"] == pytest.approx(10 * 1.2 * 0.30)
    assert value_by_hand(presets["luxury"], 0)["lost_per_lead"] == 0


def test_a_longer_delay_never_takes_off_less(presets):
    for scenario in presets.values():
        lost = [value_by_hand(scenario, t)["lost_per_question"] for t in (0, 5, 15, 60, 240, 1440)]
        assert lost == sorted(lost)
    table = lead_value_after(presets)
    assert list(table.index) == ["0 min", "15 min", "1 h", "4 h", "24 h"]
    assert (table.diff().iloc[1:] <= 0).all().all()


def test_the_hand_calculation_refuses_what_it_cannot_price(presets):
    with pytest.raises(ValueError, match="delay_minutes = -1"):
        value_by_hand(presets["luxury"], -1)
    with pytest.raises(ValueError, match="no \\[business\\] section"):
        value_by_hand(make_scenario(), 60)


def test_by_hand_the_first_hour_costs_the_jeweller_about_17_times_more(presets):
    """The prose: almost 28 USD per jeweller question, less than 2 USD per burger question, about 17 times."""
    table = hand_table(presets)
    assert list(table.columns) == [JEWELLER, BURGER]
    assert 27 < table.loc["lost_per_question", JEWELLER] < 28
    assert 1.5 < table.loc["lost_per_question", BURGER] < 2
    assert round(table.attrs["ratio"]) == 17


def test_how_fast_each_lead_cools_as_the_prose_says(presets):
    """The prose: the burger lead loses more than half its value within a quarter of an hour and keeps about 43%;
    the jeweller's loses about 6% in the first hour and about half in a day."""
    table = lead_value_after(presets)
    burger, jeweller = table[BURGER] / table[BURGER].iloc[0], table[JEWELLER] / table[JEWELLER].iloc[0]
    assert burger["15 min"] < 0.5 and burger["24 h"] == pytest.approx(0.43, abs=0.01)
    assert 1 - jeweller["1 h"] == pytest.approx(0.06, abs=0.005)
    assert 1 - jeweller["24 h"] == pytest.approx(0.5, abs=0.05)
    figure = plot_lead_value(presets)
    assert isinstance(figure, Figure) and not plt.get_fignums()
    assert [line.get_label() for line in figure.axes[0].get_lines()] == [JEWELLER, BURGER]


def test_one_more_minute_by_hand_as_the_prose_says(presets):
    """The prose: a burger question's first minute costs a quarter of a dollar, almost nothing after a quarter of
    an hour; the jeweller's about half a dollar in the first hours, still about 0.12 after half a day."""
    minute = minute_by_hand(presets)
    assert list(minute.index) == ["0 min", "5 min", "1 h", "12 h"]
    assert minute.loc["0 min", BURGER] == pytest.approx(0.25, abs=0.005)
    assert value_by_hand(presets["high_volume"], 16)["lost_per_question"] - \
        value_by_hand(presets["high_volume"], 15)["lost_per_question"] < 0.025
    assert minute.loc[["0 min", "5 min", "1 h"], JEWELLER].between(0.4, 0.5).all()
    assert minute.loc["12 h", JEWELLER] == pytest.approx(0.12, abs=0.005)
    assert (minute.diff().iloc[1:] <= 0).all().all()


def test_the_profile_comes_from_the_presets(presets):
    profile = business_profile(presets)
    assert profile.loc["mean ticket", JEWELLER] == "3,000 USD"
    assert profile.loc["half the leads have cooled after", BURGER] == "2.5 min"
    assert profile.loc["half the leads have cooled after", JEWELLER] == "12.0 h"
    assert profile.loc["extra spend after a reply at once"].tolist() == ["none", "+20%"]
    assert profile.loc["chance a lead buys with no conversation", BURGER] == "15%"
    assert profile.loc["questions a week", JEWELLER] == "55"  # the prose: about 55 and about 4,600
    assert round(int(profile.loc["questions a week", BURGER].replace(",", "")), -2) == 4600
    assert profile.loc["share asked before buying", JEWELLER].endswith("%")


@functools.lru_cache(maxsize=1)
def notebook_minute_cost():
    return minute_cost()  # the notebook's runs: 200 of the jeweller, 3 of the burger chain, four weeks each


def test_one_more_minute_per_question_and_in_total_as_the_prose_says():
    """The headline: per question a minute costs the jeweller about three times the burger chain's; in total over
    four weeks it costs the burger chain about thirty times the jeweller's, with nearly a hundred times the
    questions. Each 'about' lies inside the (conservative) 95% range of the ratio."""
    cost = notebook_minute_cost()
    attrs = cost.attrs
    assert list(cost.index) == ["luxury", "high_volume"] and attrs["replications"] == {"luxury": 200, "high_volume": 3}
    assert cost.loc["luxury", "per_question_low"] > cost.loc["high_volume", "per_question_high"]  # more, surely
    assert attrs["per_question_ratio_low"] < 3 < attrs["per_question_ratio_high"]
    assert round(attrs["per_question_ratio"]) == 3
    assert cost.loc["high_volume", "total_low"] > 10 * cost.loc["luxury", "total_high"]  # far more, surely
    assert attrs["total_ratio_low"] < 30 < attrs["total_ratio_high"]
    assert round(attrs["total_ratio"], -1) == 30
    assert 80 < cost.loc["high_volume", "questions"] / cost.loc["luxury", "questions"] < 100
    shown = minute_table(cost)
    assert list(shown.columns) == [JEWELLER, BURGER]
    assert shown.loc["per question (USD)", BURGER].startswith("0.16 (")
    figure = plot_minute_cost(cost)
    assert not plt.get_fignums()
    titles = [ax.get_title() for ax in figure.axes]
    assert titles[0].startswith("Per question: the jeweller pays 3 times more")
    assert titles[1].startswith("In total over 4 weeks: the burger chain pays 31 times more")


def test_the_simulated_comparison_as_the_prose_says():
    """The prose: the burger chain's median customer waits about three minutes, the jeweller's about two hours;
    about a thousand public complaints at the burger chain in four weeks, about thirty at the jeweller."""
    table = compare_businesses().table
    waits = table.loc["median_first_response_minutes"]
    assert waits[("high_volume", "ci_high")] < 5 and 60 < waits[("luxury", "mean")] < 180
    complaints = table.loc["complaints"]
    assert complaints[("high_volume", "ci_low")] < 1000 < complaints[("high_volume", "ci_high")]
    assert complaints[("luxury", "ci_low")] < 30 < complaints[("luxury", "ci_high")]


def test_the_comparison_is_cached_and_seeded():
    comparison = compare_businesses(days=7, replications=2)
    assert list(comparison.table.columns.get_level_values(0).unique()) == ["luxury", "high_volume"]
    assert len(comparison.results["luxury"]) == 2 and comparison.first_runs()["luxury"].replication == 0
    again = compare_businesses(days=7, replications=2)  # cached, and the same seeded numbers
    assert again.table.equals(comparison.table)


def test_returning_customers_bring_most_of_the_jewellers_revenue():
    """The prose (the notebook's five runs): returning clients ask almost two questions in three and bring in
    most of the revenue; social media strangers bring very little."""
    table = revenue_by_source(compare_businesses().results["luxury"])
    assert list(table.index) == ["search", "social", "referral", "returning"]
    assert table.sum().to_numpy() == pytest.approx([1, 1])
    assert 0.6 < table.loc["returning", "share of questions"] < 2 / 3
    assert table.loc["returning", "share of revenue"] > 0.5 and table["share of revenue"].idxmax() == "returning"
    assert table.loc["social", "share of revenue"] < 0.05


def test_revenue_by_source_works_on_any_business():
    from simlib import simulate

    table = revenue_by_source([simulate(make_business())])
    assert table["share of questions"].sum() == pytest.approx(1)


def test_a_staffing_change_never_leaves_a_shift_empty():
    fewer = staffing_change("luxury", -1)
    assert fewer["staff.weekday.count"] == 1 and fewer["staff.saturday.count"] == 1
    more = staffing_change("high_volume", 2, evening=True, days=7)
    assert more["staff.early.count"] == 4 and more["staff.late.count"] == 5
    assert more["staff.evening"] == {"count": 1, "start_hour": 19.0, "end_hour": 23.0}
    assert more["run.days"] == 7


def test_no_change_changes_nothing():
    effect = staffing_effect(0, False, **QUICK)
    assert (effect[["revenue_change", "staff_cost_change", "profit_change"]] == 0).all().all()
    assert (effect["shortfall_now"] == effect["shortfall_changed"]).all()


def test_the_shortfall_moves_by_exactly_minus_the_revenue():
    effect = staffing_effect(1, True, **QUICK)
    moved = effect["shortfall_now"] - effect["shortfall_changed"]
    assert moved.to_numpy() == pytest.approx(effect["revenue_change"].to_numpy())


def inside(row, what, value):
    """Whether ``value`` lies inside the 95% interval of a paired change."""
    return abs(row[what] - value) <= row[f"{what}_ci"]


def test_the_jeweller_needs_the_evening_the_burger_chain_needs_people():
    """The prose, on the notebook's runs (two weeks; 20 runs of the jeweller, 3 of the burger chain): one more person
    per shift brings the burger chain about 3,300 USD of revenue a week and about 900 of profit; the jeweller gains
    no clear revenue and loses about 1,500 of profit; an evening shift adds about 18,000 USD of profit a week to the
    jeweller and no clear profit to the burger chain."""
    people, evening = staffing_effect(1, False), staffing_effect(0, True)
    burger, jeweller = people.loc[BURGER], people.loc[JEWELLER]
    assert inside(burger, "revenue_change", 3300) and burger["revenue_change"] > burger["revenue_change_ci"]
    assert inside(burger, "profit_change", 900) and burger["profit_change"] > burger["profit_change_ci"]
    assert inside(jeweller, "revenue_change", 0)
    assert inside(jeweller, "profit_change", -1500) and -jeweller["profit_change"] > jeweller["profit_change_ci"]
    assert inside(evening.loc[JEWELLER], "profit_change", 18000)
    assert evening.loc[JEWELLER, "profit_change"] - evening.loc[JEWELLER, "profit_change_ci"] > 10000
    assert inside(evening.loc[BURGER], "profit_change", 0)
    staff = evening["staff_cost_change"].to_numpy()
    assert staff == pytest.approx([4 * 7 * 35, 4 * 7 * 22], rel=0.05)  # 4 h a day at each hourly cost


def test_the_figure_states_each_finding():
    fig = plot_staffing_effect(staffing_effect(0, True, **QUICK))
    assert isinstance(fig, Figure) and not plt.get_fignums()
    left, right = fig.axes
    assert left.get_title().startswith(f"{JEWELLER}: brings")
    assert "evening shift" in fig.get_suptitle()
    assert "USD per week" in left.get_ylabel() and "shortfall" in left.get_ylabel()
    quiet = plot_staffing_effect(staffing_effect(0, False, **QUICK))
    assert "no clear change" in quiet.axes[0].get_title()


def test_the_table_says_the_change_in_words():
    table = staffing_table(staffing_effect(-1, False, **QUICK))
    assert table.index.name == "change: -1 person on every shift (never below 1)"
    assert table.loc[BURGER, "staff cost (USD/week)"].startswith("-")
    assert table.loc[BURGER, "revenue (USD/week)"].startswith("-")


def test_the_explorer_runs_only_on_the_button(monkeypatch):
    calls = []
    quick = functools.partial(staffing_effect, **QUICK)

    def counted(*args, **kwargs):
        calls.append(args)
        return quick(*args, **kwargs)

    monkeypatch.setattr(value_compared, "staffing_effect", counted)
    explorer = staffing_explorer()
    assert calls == [(0, False)]
    explorer.controls["evening"].value = True
    assert len(calls) == 1
    explorer.button.click()
    assert calls[-1] == (0, True)
    figure, table = explorer.result
    assert "evening" in figure.get_suptitle() and len(table) == 2
    assert not plt.get_fignums()


def test_the_headline_reads_with_labels_units_and_period():
    comparison = compare_businesses(days=7, replications=2)
    shown = headline(comparison.table, days=7)
    assert "profit (USD per week)" in shown.index and "median first reply" in shown.index
    assert shown.columns.name == "mean of 2 runs" and list(shown.columns) == [JEWELLER, BURGER]
    assert not any("_" in label for label in shown.index)


# --- in Spanish -------------------------------------------------------------------


@pytest.fixture
def spanish():
    from simlib.i18n import set_language

    set_language("es")
    yield
    set_language("en")


def test_the_profile_and_the_hand_tables_in_spanish(presets, spanish):
    profile = business_profile(presets)
    assert list(profile.columns) == ["joyería (lujo)", "cadena de hamburgueserías (gran volumen)"]
    assert profile.loc["ticket medio"].tolist() == ["3.000 USD", "10 USD"]
    assert profile.loc["la mitad de los leads se han enfriado al cabo de"].tolist() == ["12,0 h", "2,5 min"]
    assert profile.loc["subida del gasto tras una respuesta inmediata"].tolist() == ["ninguna", "+20\xa0%"]
    assert profile.loc["preguntas a la semana", "joyería (lujo)"] == "55"
    assert list(hand_table(presets).columns) == list(profile.columns)
    assert lead_value_after(presets).index.name == "primera respuesta al cabo de"
    assert list(minute_by_hand(presets).index) == ["0 min", "5 min", "1 h", "12 h"]
    figure = plot_lead_value(presets)
    assert figure.axes[0].get_title().startswith("Un lead de hamburguesas se enfría en minutos")
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()][-1] == "2,0 días"


def test_the_staffing_change_in_spanish(spanish):
    effect = staffing_effect(-1, True, **QUICK)
    assert effect.attrs["change"] == "-1 persona en cada turno (nunca menos de 1) y un turno de tarde-noche, de 19:00 a 23:00"
    table = staffing_table(effect)
    assert table.index.name.startswith("cambio: -1 persona") and "beneficio (USD/semana)" in table.columns
    figure = plot_staffing_effect(effect)
    assert figure.get_suptitle().startswith("El mismo cambio en los dos negocios: -1 persona")
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["como ahora", "con el cambio"]
    assert "Déficit de ingresos" in figure.axes[0].get_ylabel()
    cost = minute_cost(**QUICK)
    shown = minute_table(cost)
    assert "por pregunta (USD)" in shown.index and shown.columns.name.startswith("un minuto más en cada respuesta")
    assert " (de " in shown.loc["por pregunta (USD)", "joyería (lujo)"]
    assert plot_minute_cost(cost).axes[0].get_title().startswith("Por pregunta:\nla joyería paga")
    assert staffing_explorer().button.description == "Simular los dos negocios"


def test_revenue_by_source_names_its_columns_in_spanish_and_keeps_the_sources(spanish):
    from simlib import simulate

    table = revenue_by_source([simulate(make_business())])
    assert list(table.columns) == ["proporción de preguntas", "proporción de ingresos"]
    assert table.index.name == "origen" and list(table.index) == ["search", "social", "referral", "returning"]
