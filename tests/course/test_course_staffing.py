"""Notebook 07 helpers: cover by day, service-level conventions, Erlang first guesses, plans."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import make_scenario
from matplotlib.figure import Figure

from simlib import simulate
from simlib.analysis.queueing import agents_needed
from simlib.course import staffing


def test_on_duty_by_hour_reads_the_roster_and_night_shifts():
    burger = staffing.load_plan("high_volume")
    saturday = staffing.on_duty_by_hour(burger, 5)
    assert list(saturday) == [0] * 8 + [2] * 8 + [3] * 8
    night = make_scenario(**{"staff.always": {"count": 2, "start_hour": 22, "end_hour": 30, "days": ["sun"]}})
    monday = staffing.on_duty_by_hour(night, 0)  # the Sunday night shift runs into Monday
    assert list(monday[:6]) == [2] * 6 and monday[6:].sum() == 0
    assert staffing.paid_hours_per_week(burger) == 7 * (2 * 8 + 3 * 8)
    with pytest.raises(ValueError, match="day = 7"):
        staffing.on_duty_by_hour(burger, 7)


def test_hourly_load_is_rate_times_handling():
    burger = staffing.load_plan("high_volume")
    table = staffing.hourly_load(burger, 5)
    a = burger.arrivals
    assert table.loc[19, "arrivals_per_hour"] == pytest.approx(a.per_hour * a.hour_factor[19] * a.day_factor[5])
    assert staffing.mean_handle_minutes(burger) == pytest.approx(0.55 * 1.5 + 0.35 * 4 + 0.10 * 3)
    assert table["offered_load"].to_numpy() == pytest.approx(
        table["arrivals_per_hour"].to_numpy() / 60 * staffing.mean_handle_minutes(burger))


def test_erlang_first_guess_for_the_burger_chain_evening_peak():
    burger = staffing.load_plan("high_volume")
    guess = staffing.erlang_first_guess(burger, 5, service_level=0.9)
    peak = guess.loc[19]
    assert guess["offered_load"].idxmax() == 19
    assert 2.7 < peak.offered_load < 2.8
    assert peak.erlang_agents == 4 == agents_needed(peak.arrivals_per_hour, staffing.mean_handle_minutes(burger),
                                                    15, 0.9)
    assert (guess["erlang_agents"] > guess["offered_load"]).all()  # whole people above the load
    fig = staffing.plot_erlang_first_guess(guess)
    assert isinstance(fig, Figure) and "needs 4 people, 3 on duty" in fig.axes[0].get_title()


def test_staffing_ladder_starts_above_the_load_and_explains_rounding_up():
    ladder = staffing.staffing_ladder(65.76, 2.525, 15, 0.9)
    assert ladder.index[0] == 3  # 2.77 Erlangs: 3 people is the first stable head count
    assert not ladder.loc[3, "meets"] and ladder.loc[4, "meets"]
    assert ladder["occupancy"].is_monotonic_decreasing
    assert ladder.loc[3, "occupancy"] == pytest.approx(65.76 / 60 * 2.525 / 3)


def test_stricter_conventions_need_at_least_as_many_people():
    table = staffing.head_count_by_convention(65.76, 2.525).set_index("target")
    assert table.loc["95/10", "agents"] >= table.loc["80/20", "agents"] >= table.loc["80/30", "agents"]
    assert table.loc["80/20", "agents"] >= table.loc["90% in 15 min", "agents"]
    sources = staffing.service_level_conventions()["source"]
    assert sources.str.len().gt(0).all() and not sources.str.contains("§|domain-facts").any()  # original sources


def test_weekend_cover_shortens_the_wait_of_weekend_questions():
    weekdays = staffing.load_plan("shop_weekdays", days=7)
    seven = staffing.load_plan("shop_weekdays", {"staff.weekend": {"count": 1, "start_hour": 9, "end_hour": 17,
                                                                  "days": ["sat", "sun"]}}, days=7)
    table = staffing.wait_by_arrival_day({"weekdays": simulate(weekdays), "7 days": simulate(seven)})
    assert list(table.index) == list(staffing.WEEKDAYS)
    assert table.loc["Sat", "7 days"] < table.loc["Sat", "weekdays"] / 2
    assert table.loc["Tue", "7 days"] == pytest.approx(table.loc["Tue", "weekdays"])  # same customers, same cover
    fig = staffing.plot_wait_by_arrival_day(table)
    assert fig.axes[0].get_title().startswith("Sent on Fri") or "Sent on Sat" in fig.axes[0].get_title()


def test_plans_share_customers_and_paired_differences_are_fair():
    tables = {
        "today": staffing.run_plans("luxury", {"x": {}}, 3, 7)["x"],
        "again": staffing.run_plans("luxury", {"x": {}}, 3, 7)["x"],
        "evening": staffing.run_plans("luxury", {"x": {"staff.evening": {"count": 1, "start_hour": 19,
                                                                          "end_hour": 23}}}, 3, 7)["x"],
    }
    # with reputation feedback off, both plans see exactly the same questions (common random numbers)
    off = {"business.reputation.feedback": False}
    evening = {**off, "staff.evening": {"count": 1, "start_hour": 19, "end_hour": 23}}
    still = staffing.run_plans("luxury", {"today": off, "evening": evening}, 2, 7)
    np.testing.assert_array_equal(still["today"]["questions"], still["evening"]["questions"])
    diff = staffing.paired_difference(tables, "today", "service_level")
    assert diff.loc["again"].tolist() == [0.0, 0.0, 0.0]
    assert diff.loc["evening", "ci_low"] > 0  # evening cover answers more within the hour
    table = staffing.plan_table(tables, ("service_level", "staff_cost"))
    assert list(table.columns) == ["service level", "staff cost (USD per week)"]
    assert "±" in table.loc["evening", "staff cost (USD per week)"]


def test_staffing_explorer_runs_on_the_button_only():
    explorer = staffing.staffing_explorer("luxury", replications=2, days=7)
    assert list(explorer.controls) == ["weekday", "saturday"]
    first = explorer.result[0]
    explorer.controls["weekday"].value = 0
    assert explorer.result[0] is first  # nothing ran yet
    explorer.button.click()
    assert explorer.result[0].index[0] == "0 weekday + 1 saturday"
    assert "53 paid hours" in explorer.result[1] or "8 paid hours" in explorer.result[1]
    before = float(first["service level"].iloc[0].split("%")[0])
    after = float(explorer.result[0]["service level"].iloc[0].split("%")[0])
    assert after < before


def test_notebooks_01_and_07_measure_the_shops_waits_the_same_way():
    """07 runs the shop of 01 over the same 15 days and reads its waits with the same measure: the same numbers."""
    from simlib.course.doors import shop_scenario, wait_by_day

    in_07 = staffing.wait_by_arrival_day({"shop": simulate(staffing.load_plan("shop_weekdays", days=15))})["shop"]
    in_01 = wait_by_day(simulate(shop_scenario()))
    assert in_07.loc["Fri"] == pytest.approx(in_01.loc["Fri"]) and in_07.to_numpy() == pytest.approx(
        in_01.reindex(list(staffing.WEEKDAYS)).to_numpy())


def test_shifts_are_described_from_the_preset_itself():
    assert staffing.describe_staff(staffing.load_plan("luxury")) == (
        "weekday: 1 person, Mon-Fri, 10:00-19:00\nsaturday: 1 person, Sat, 10:00-18:00")
    assert "afternoon: 1 person, Tue-Sun, 12:00-18:00" in staffing.describe_staff(staffing.load_plan("restaurant"))


def test_notebook_07_late_shift_prose_holds_on_its_seeded_sweep():
    """The claims of notebook 07's late-shift section, on the same sweep it runs (3 replications of a week)."""
    from simlib.experiments.compare import staff_sweep
    from simlib.experiments.staff_summary import staff_sweep_summary

    sweep = staff_sweep(staffing.load_plan("high_volume", days=7), "late", [1, 2, 3, 4, 5], replications=3)
    means = staff_sweep_summary(sweep, ("profit", "staff_cost", "service_level", "final_reputation")
                                ).xs("mean", axis=1, level=1)
    assert round(means.loc[2, "service_level"] * 5) == 2  # "two questions in five"
    assert round(means.loc[3, "staff_cost"] - means.loc[2, "staff_cost"], -2) == 1200
    assert round(means.loc[3, "profit"] - means.loc[2, "profit"], -2) == 3800
    assert int(means["profit"].idxmax()) == 3  # "on money, the best head count for the late shift is three"
    assert 0.01 < means.loc[4, "service_level"] - means.loc[3, "service_level"] < 0.06  # "a few points"
    assert abs(means.loc[4, "final_reputation"] - means.loc[3, "final_reputation"]) < 0.5  # "almost no reputation"
    assert (means["service_level"] < 0.8).all()  # "well below 90%"
    by_count = {n: runs.reset_index(drop=True) for n, runs in sweep.groupby("count")}
    fourth = staffing.paired_difference(by_count, 3, "profit").loc[4]
    assert fourth.ci_high < 0 and -1000 < fourth.difference < -100  # "costs a few hundred dollars a week"


@pytest.fixture
def spanish():
    from simlib.i18n import set_language

    set_language("es")
    yield
    set_language("en")


def test_notebook_07_figures_and_tables_in_spanish(spanish):
    """The words notebook 07 shows come in the reader's language; the data keep their English keys."""
    from simlib.course.fitting import ROWS, fit_shop, fitted_vs_export
    from simlib.figures.comparison import plot_revenue_lost_vs_staff
    from simlib.figures.fit import plot_patience_fits
    from simlib.i18n.tables import label, localised

    burger = staffing.load_plan("high_volume")
    guess = staffing.erlang_first_guess(burger, 5, service_level=0.9)
    title = staffing.plot_erlang_first_guess(guess).axes[0].get_title()
    assert title.startswith("sáb 19:00, el pico: 2,77 Erlangs") and "necesita 4 personas, hay 3 de guardia" in title
    shop = {"shop": simulate(staffing.load_plan("shop_weekdays", days=15))}
    table = staffing.wait_by_arrival_day(shop)
    assert table.loc["Fri", "shop"] > 24  # the data keep English day names
    axes = staffing.plot_wait_by_arrival_day(table).axes[0]
    assert [t.get_text() for t in axes.get_xticklabels()][4] == "vie" and axes.get_title().startswith("Enviada el vie")
    conventions = localised(staffing.service_level_conventions())
    assert list(conventions.columns[[0, 3]]) == ["objetivo", "used_for"] and "90 % en 15 min" in set(conventions["objetivo"])
    assert label("meets 90% within 15 min") == "cumple el 90 % en menos de 15 min"
    assert staffing.describe_staff(staffing.load_plan("luxury")).startswith("weekday: 1 persona, lun-vie, 10:00-19:00")
    assert set(ROWS) <= set(fitted_vs_export(fit_shop(), replications=2).index)
    assert "Paciencia: datos censurados" in plot_patience_fits(fit_shop().patience).axes[0].get_title()
    sweep = pd.DataFrame({"count": [1, 1, 2, 2], "replication": [0, 1, 0, 1], "revenue_lost": [900.0, 1000, 300, 350],
                          "staff_cost": [1000.0, 1000, 2000, 2000], "profit": [21_000.0, 20_900, 22_100, 22_050]})
    figure = plot_revenue_lost_vs_staff(sweep, "late", currency="USD")
    assert figure.axes[0].get_title().startswith("El beneficio medio es máximo con 2 personas en el turno 'late' (22.075 USD")


def test_the_staffing_explorer_line_in_spanish(spanish):
    explorer = staffing.staffing_explorer("luxury", replications=2, days=7)
    assert explorer.button.description == "Simular"
    assert "horas pagadas a la semana; 2 réplicas de 7 días" in explorer.result[1]


def test_the_fitted_shop_warns_in_the_readers_language_and_fits_the_same_scenario(spanish):
    from simlib.course.fitting import fit_shop
    from simlib.i18n import set_language

    spanish_fit = fit_shop()
    assert spanish_fit.warnings[0].startswith("la exportación solo cubre 42 días (6,0 semanas)")
    assert spanish_fit.provenance["channels.dm.patience"].startswith("datos censurados: 555 abandonaron (eventos)")
    set_language("en")
    english_fit = fit_shop()
    assert english_fit.warnings[0].startswith("the export covers only 42 days (6.0 weeks)")
    assert english_fit.scenario == spanish_fit.scenario  # the words change, never the fitted numbers
