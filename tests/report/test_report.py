"""The staffing report's numbers, tables and figures, and its parameters."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
import report_cases as cases
from conftest import make_business, make_scenario

from simlib.analysis.forecast import feedback_on
from simlib.analysis.formatting import format_kpi
from simlib.analysis.intervals import Target, Targets
from simlib.experiments.sweeps import compare_paired
from simlib.report import (
    Findings,
    check_report_parameters,
    comparison_table,
    estimate_table,
    head_count_table,
    load_report_scenario,
    paired_sweep,
    plans_table,
    plot_cheapest,
    plot_head_counts,
    plot_intervals,
    plot_profit,
    report_replications,
    report_targets,
    staffing_report,
    with_plan,
)


def test_the_report_starts_from_today_and_judges_every_plan_on_the_same_customers():
    report = cases.business()
    today, cheapest = report.today, report.cheapest_facts
    assert today.plan == {"always": 3} and not today.meets  # 3 people: too few for 80% within 5 min
    assert report.cheapest.starts["today"] == today.plan
    assert cheapest.meets and cheapest.plan == report.cheapest.plan
    assert report.recommendation.kind == "meets" and report.recommendation.plan is cheapest
    # today's runs are the sweep's point at today's count and the search's start: the same customers
    sweep_runs = report.head_count_runs["always"]
    at_today = sweep_runs[sweep_runs["head count"] == 3].set_index("replication")["service_level"]
    pd.testing.assert_series_equal(at_today, today.runs["service_level"], check_names=False)
    search = report.cheapest.runs
    start = report.cheapest.evaluated.query("start.str.contains('today')")["plan"].iloc[0]
    pd.testing.assert_series_equal(search[search["plan"] == start].set_index("replication")["service_level"],
                                   today.runs["service_level"], check_names=False)
    # the costs are the optimiser's planned costs
    chosen = report.cheapest.evaluated.query("chosen").iloc[0]
    assert cheapest.cost == pytest.approx(chosen["planned_cost"])


def test_the_paired_comparison_is_compare_paired_without_running_again():
    report = cases.business()
    scenario = report.scenario
    again = compare_paired(scenario, with_plan(scenario, report.recommendation.plan.plan), report.replications,
                           workers=1, progress=False)
    mine = report.comparison.loc[again.index]
    for column in ("mean_a", "mean_b", "difference", "ci_low", "ci_high", "unpaired_half_width"):
        pd.testing.assert_series_equal(mine[column], again[column], check_names=False, atol=1e-9)
    assert (mine["significant"] == again["significant"]).all()


def test_the_head_count_sweep_brackets_erlang_and_today_and_pairs_against_a_base():
    report = cases.business()
    guess, today = int(report.estimate.loc["always", "agents"]), report.today.plan["always"]
    assert set(report.head_counts["head count"]) == {*range(guess - 2, guess + 3), today - 1, today, today + 1}
    table = head_count_table(report, "always")
    assert list(table.index) == sorted(set(report.head_counts["head count"]))
    assert table.loc[today, "service level vs 3"] == "0.0 points [0.0, 0.0]"
    runs = report.head_count_runs["always"]
    paired = paired_sweep(runs, int(runs.loc[runs["head count"] == 5, "point"].iloc[0]), ["service_level"])
    at_four = paired[paired["point"] == int(runs.loc[runs["head count"] == 4, "point"].iloc[0])].iloc[0]
    by_run = runs.pivot(index="replication", columns="head count", values="service_level")
    assert at_four["difference"] == pytest.approx((by_run[4] - by_run[5]).mean())
    assert head_count_table(report, "always", base=5).columns[1] == "service level vs 5"
    with pytest.raises(ValueError, match=r"base = 99: head counts tried on always are 2, 3, 4, 5, 6, 7$"):
        head_count_table(report, "always", base=99)


def test_today_meeting_the_targets_is_kept_even_when_a_dearer_plan_makes_more():
    report = cases.today_enough()
    assert report.today.meets and report.recommendation.kind == "keep" and not report.recommendation.changes
    profit = report.profit_facts
    assert profit.dearer_than(report.today) and profit.profit > report.today.profit  # the temptation
    assert report.comparison is None and comparison_table(report) is None


def test_today_meeting_the_targets_with_room_to_spare_gets_a_cheaper_plan():
    report = cases.today_generous()
    rec = report.recommendation
    assert report.today.meets and rec.kind == "cheaper" and rec.plan.meets and rec.plan.cheaper_than(report.today)


def test_targets_per_channel_in_every_interval_with_the_worst_interval_and_the_volume_moved():
    report = cases.every_interval()
    assert report.feedback and feedback_on(report.scenario)
    checks = report.cheapest_facts.checks.set_index("target")
    row = checks.loc["dm: 60.0% within 10 min in every interval"]
    assert row["value"] == row["worst"] >= 0.6 and row["worst_interval"] and row["mean"] >= row["worst"]
    assert checks.loc["lowest_reputation", "value"] >= 60
    moved = report.volume_moved()
    assert set(moved.index) == {"today", "cheapest", "profit"}
    assert moved["today"] == pytest.approx(report.today.runs["questions"].mean() / 1440 - 1, rel=1e-3)


def test_only_targets_on_the_run_s_mean_are_drawn_on_the_mean_s_figure():
    report = cases.business()
    assert report.kpi_floors == {"service_level": 0.8}
    every = dataclasses.replace(report, targets=report_targets(0.8, judge="interval").resolved(report.scenario))
    assert every.kpi_floors == {}  # a worst interval of 80% is not a mean of 80%
    assert cases.every_interval().kpi_floors == {"lowest_reputation": 60.0}


def test_planning_is_at_a_fixed_forecast_by_default():
    report = cases.business()
    assert not report.feedback and report.scenario.business.reputation.feedback is False
    assert report.volume_moved().empty


def test_a_target_no_head_count_can_reach_is_explained_not_searched():
    report = cases.unreachable()
    assert report.no_cheapest == "ceiling" and report.cheapest is None and not report.ceiling.meets
    assert report.recommendation.kind == "none" and plot_cheapest(report) is None
    assert comparison_table(report) is None


def test_tables_show_each_plan_against_each_target():
    report = cases.business()
    table = plans_table(report)
    assert list(table.columns) == ["today", "cheapest", "profit"]
    assert table.loc["people", "today"] == "3" and table.loc["planned cost", "today"] == "4,320 USD"
    assert table.loc["80.0% within 5 min on the run's mean", "today"].startswith(
        f"{100 * report.today.checks['value'].iloc[0]:.1f}% against 80.0%, missed")
    assert list(plans_table(cases.today_generous()).columns) == ["today and profit", "cheapest"]
    comparison = comparison_table(report)
    assert comparison.loc["service level", "today"] == format_kpi("service_level",
                                                                  report.today.summary.loc["service_level", "mean"])
    guess = int(report.estimate.loc["always", "agents"])
    assert estimate_table(report).loc["always", "Erlang's guess"] == str(guess)


def test_the_figures_mark_targets_today_and_the_worst_interval():
    report = cases.business()
    heads = plot_head_counts(report)
    gids = {artist.get_gid() for ax in heads.axes for artist in ax.get_children()}
    assert {"target:service_level", "today:service_level", "today:profit"} <= gids
    assert heads.axes[1].get_ylabel() == "profit (USD)"
    assert "The cheapest plan meeting the targets" in plot_cheapest(report).get_suptitle()
    assert plot_profit(report).axes[0].get_ylabel() == "profit (USD)"
    intervals = plot_intervals(report)
    assert "the recommended plan (5 on always)" in intervals.get_suptitle()
    assert any(str(a.get_gid()).startswith("worst:") for a in intervals.axes[0].get_children())
    plain = cases.plain()
    assert plain.profit is None and plot_profit(plain) is None
    assert plot_head_counts(plain).axes[1].get_ylabel() == "median first response (min)"
    assert "(hours on duty)" in plot_cheapest(plain).axes[-1].get_ylabel()


@pytest.mark.parametrize("changes, message", [
    ({"replications": 1}, "replications = 1: must be a whole number >= 2"),
    ({"service_level": 0}, "service_level = 0: must be a share between 0 and 1"),
    ({"service_level": 1.0}, "service_level = 1.0: must be a share between 0 and 1"),
    ({"service_level": Targets((Target(1.0),))}, "service_level = 1.0: must be a share between 0 and 1"),
    ({"service_level": report_targets(targets=["chat:0.8"])}, "target channel 'chat': no such channel"),
    ({"reputation_floor": 70}, "reputation_floor = 70: needs a [business] section"),
    ({"shifts": ["night"]}, "staff.night: no such shift (shifts: always)"),
    ({"workers": 0}, "workers = 0: must be >= 1"),
])
def test_bad_parameters_are_refused_in_one_line(changes, message):
    arguments = {"replications": 2, "service_level": 0.8} | changes
    with pytest.raises(ValueError) as error:
        staffing_report(make_scenario(), progress=False, **arguments)
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


def test_targets_read_as_the_optimiser_writes_them():
    targets = report_targets(0.9, ["comments:0.8@15", "dm:0.7"], "interval", 60)
    assert targets.interval_minutes == 60 and all(t.every_interval for t in targets.targets)
    assert [(t.channel, t.at_least, t.within_minutes) for t in targets.targets] == \
        [("comments", 0.8, 15.0), ("dm", 0.7, None)]
    assert report_targets(0.9).targets == (Target(0.9, every_interval=False),)
    with pytest.raises(ValueError, match=r"^target 'dm:lots': expected \[CHANNEL:\]SHARE\[@MINUTES\]"):
        report_targets(targets=["dm:lots"])
    with pytest.raises(ValueError, match=r"^judge = 'worst': must be 'mean'"):
        report_targets(judge="worst")
    names, resolved = check_report_parameters(make_scenario(), 2, report_targets(0.8, ["dm:0.5"]))
    assert names == ["always"] and resolved.targets[0].within_minutes == 5.0


def test_replications_default_to_the_file_and_fall_back_when_it_asks_for_one():
    assert report_replications(make_scenario(**{"run.replications": 3})) == (3, None)
    assert report_replications(make_scenario(**{"run.replications": 3}), 4) == (4, None)
    replications, note = report_replications(make_scenario())
    assert replications == 10 and note.startswith("run.replications = 1 in the scenario is too few")


def test_a_reputation_floor_must_be_a_score():
    with pytest.raises(ValueError, match=r"^reputation_floor = 120: must be a score between 0 and 100$"):
        staffing_report(make_business(), 2, 0.8, 120, progress=False)


def test_progress_names_each_step_and_counts_runs(capsys):
    staffing_report(make_scenario(**{"run.days": 0.5}), 2, 0.8, workers=1, progress=True)
    err = capsys.readouterr().err
    steps = [line for line in err.replace("\r", "\n").splitlines() if line.startswith("report step")]
    assert steps == ["report step 1 of 3: head counts, one shift at a time (5 points x 2 runs)",
                     "report step 2 of 3: today's plan and the ceiling (2 plans x 2 runs)",
                     "report step 3 of 3: the cheapest plan meeting the targets, from today's plan (a search: "
                     "each of its steps counts its runs)"]
    assert "10/10" in err and "left" in err  # runs done of the step's total, runs left
    closed = make_scenario(**{"run.days": 0.5, "staff.always.start_hour": 9, "staff.always.end_hour": 17})
    staffing_report(closed, 2, 0.8, workers=1, progress=True)
    assert "report step 3 of 3: the cheapest plan meeting the targets: skipped, the ceiling misses a target" in \
        capsys.readouterr().err


def test_findings_escape_markdown():
    assert Findings(["late_shift *now* costs $5"])._repr_markdown_() == r"- late\_shift \*now\* costs \$5"
    assert load_report_scenario("luxury", days=2, seed=3).run.days == 2
