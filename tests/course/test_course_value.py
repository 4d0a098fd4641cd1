"""Notebook 02's helpers: a question's value by hand, the comparison, the same staffing change twice."""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import pytest
from conftest import make_business, make_scenario
from matplotlib.figure import Figure

from simlib.course import value
from simlib.course.value import (
    LABELS,
    business_profile,
    compare_businesses,
    hand_table,
    headline,
    lead_value_after,
    load_businesses,
    lost_per_question_hour,
    plot_businesses,
    plot_staffing_effect,
    revenue_by_source,
    staffing_change,
    staffing_effect,
    staffing_explorer,
    staffing_table,
    value_by_hand,
)

QUICK = {"days": 7, "replications": {"luxury": 8, "high_volume": 3}}  # seeded, a second or two


@pytest.fixture(scope="module")
def presets():
    return load_businesses()


def test_the_hand_calculation_is_chance_times_ticket(presets):
    jeweller = value_by_hand(presets["luxury"], 60)
    assert jeweller["lead_at_once"] == pytest.approx(0.25 * 3000)
    assert jeweller["lead_after"] == pytest.approx(0.25 * 3000 * (1 + 60 / 60) ** -1.3)  # power curve
    assert jeweller["lost_per_question"] == pytest.approx(0.60 * (jeweller["lead_at_once"] - jeweller["lead_after"]))
    burger = value_by_hand(presets["high_volume"], 60)
    assert burger["lead_after"] == pytest.approx(0.30 * 10 * 2 ** -4)  # halves every 15 min: 4 times
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


def test_an_hour_costs_the_jeweller_hundreds_of_times_more_by_hand(presets):
    table = hand_table(presets)
    assert list(table.columns) == [LABELS["luxury"], LABELS["high_volume"]]
    assert table.attrs["ratio"] > 100


def test_the_profile_comes_from_the_presets(presets):
    profile = business_profile(presets)
    assert profile.loc["mean ticket", LABELS["luxury"]] == "3,000 USD"
    assert profile.loc["chance halves after", LABELS["high_volume"]] == "15 min"
    assert 4000 < int(profile.loc["questions a week", LABELS["high_volume"]].replace(",", "")) < 5000
    assert profile.loc["share asked before buying", LABELS["luxury"]].endswith("%")


def test_per_question_hour_the_jeweller_loses_far_more_in_the_simulation():
    comparison = compare_businesses(days=7, replications=2)
    lost = lost_per_question_hour(comparison.table)
    assert list(lost.index) == ["luxury", "high_volume"]
    assert lost["luxury"] > 10 * lost["high_volume"] > 0 and lost.attrs["ratio"] > 10
    assert len(comparison.results["luxury"]) == 2 and comparison.first_runs()["luxury"].replication == 0
    again = compare_businesses(days=7, replications=2)  # cached, and the same seeded numbers
    assert again.table.equals(comparison.table)


def test_returning_customers_bring_most_of_the_jewellers_revenue():
    runs = compare_businesses(days=7, replications=2).results["luxury"]
    table = revenue_by_source(runs)
    assert list(table.index) == ["search", "social", "referral", "returning"]
    assert table.sum().to_numpy() == pytest.approx([1, 1])
    assert table["share of revenue"].idxmax() == "returning"


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
    assert (effect[["saved", "staff_cost_change", "profit_change"]] == 0).all().all()
    assert (effect["lost_now"] == effect["lost_changed"]).all()


def test_the_jeweller_needs_the_evening_the_burger_chain_needs_people():
    evening = staffing_effect(0, True, **QUICK)
    people = staffing_effect(1, False, **QUICK)
    jeweller, burger = LABELS["luxury"], LABELS["high_volume"]
    assert evening.loc[jeweller, "saved"] > evening.loc[jeweller, "saved_ci"] > 0
    assert evening.loc[jeweller, "profit_change"] > 10 * evening.loc[burger, "profit_change"]
    assert people.loc[burger, "saved"] > people.loc[burger, "saved_ci"] > 0
    assert people.loc[burger, "profit_change"] > 0
    assert abs(people.loc[jeweller, "saved"]) < evening.loc[jeweller, "saved"] / 5
    staff = evening["staff_cost_change"].to_numpy()
    assert staff == pytest.approx([4 * 7 * 35, 4 * 7 * 22], rel=0.05)  # 4 h a day at each hourly cost


def test_the_figure_states_each_finding():
    fig = plot_staffing_effect(staffing_effect(0, True, **QUICK))
    assert isinstance(fig, Figure) and not plt.get_fignums()
    left, right = fig.axes
    assert left.get_title().startswith(f"{LABELS['luxury']}: saves")
    assert "evening shift" in fig.get_suptitle()
    assert "USD per week" in left.get_ylabel()
    quiet = plot_staffing_effect(staffing_effect(0, False, **QUICK))
    assert "no clear change" in quiet.axes[0].get_title()


def test_the_table_says_the_change_in_words():
    table = staffing_table(staffing_effect(-1, False, **QUICK))
    assert table.index.name == "change: -1 person on every shift (never below 1)"
    assert table.loc[LABELS["high_volume"], "staff cost (USD/week)"].startswith("-")


def test_the_explorer_runs_only_on_the_button(monkeypatch):
    calls = []
    quick = functools.partial(staffing_effect, **QUICK)

    def counted(*args, **kwargs):
        calls.append(args)
        return quick(*args, **kwargs)

    monkeypatch.setattr(value, "staffing_effect", counted)
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
    assert "revenue lost (USD per week)" in shown.index and "median first reply" in shown.index
    assert shown.columns.name == "mean of 2 runs" and list(shown.columns) == [LABELS["luxury"], LABELS["high_volume"]]
    assert not any("_" in label for label in shown.index)


def test_the_comparison_figure_names_the_businesses_as_the_course_does():
    figure = plot_businesses(compare_businesses(days=2, replications=2))
    texts = [t.get_text() for ax in figure.axes for t in ax.get_legend().get_texts()] if any(
        ax.get_legend() for ax in figure.axes) else []
    labels = " ".join(texts + [t.get_text() for ax in figure.axes for t in ax.get_xticklabels()])
    assert "jeweller" in labels and "luxury" not in labels.replace("jeweller (luxury)", "")
