"""Tests for simlib.figures.comparison: what the staff-sweep and side-by-side figures show, not how they look."""
# ruff: noqa: F811  (the runs are fixtures imported from figure_runs)

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from figure_runs import (  # noqa: E402, F401
    CURVES,
    always,
    calm_run,
    crisis_run,
    lines_by_gid,
    sweep,
    text_sizes,
    weekdays,
)
from matplotlib.figure import Figure  # noqa: E402

from simlib import kpis  # noqa: E402
from simlib.analysis.kpis import inbox_length, sample_every  # noqa: E402
from simlib.experiments.replications import summarise  # noqa: E402
from simlib.experiments.staff_summary import staff_sweep_summary  # noqa: E402
from simlib.figures import (  # noqa: E402
    BEST_PROFIT_GID,
    CRISIS_MARKER_GID,
    plot_comparison,
    plot_conversion_curves,
    plot_engagement_mix,
    plot_reputation,
    plot_revenue_lost_vs_staff,
)


def test_sweep_plot_draws_means_with_intervals_and_marks_the_best_profit(sweep):
    fig = plot_revenue_lost_vs_staff(sweep, "always", currency="EUR")
    assert isinstance(fig, Figure)
    summary = staff_sweep_summary(sweep)
    ax, twin = fig.axes
    for kpi, axes in (("revenue_lost", ax), ("staff_cost", ax), ("profit", twin)):
        (line,) = lines_by_gid(axes, f"sweep:{kpi}")
        np.testing.assert_array_equal(line.get_xdata(), [2, 3, 5])
        np.testing.assert_allclose(line.get_ydata(), summary[(kpi, "mean")])
        (bars,) = [c for c in axes.collections if c.get_gid() == f"sweep-ci:{kpi}"]
        ends = np.array([[seg[:, 1].min(), seg[:, 1].max()] for seg in bars.get_segments()])
        np.testing.assert_allclose(ends, summary[[(kpi, "ci_low"), (kpi, "ci_high")]].to_numpy())
    mean_profit = sweep.groupby("count")["profit"].mean()
    (best,) = lines_by_gid(twin, BEST_PROFIT_GID)
    assert best.get_xdata()[0] == mean_profit.idxmax()
    assert best.get_ydata()[0] == pytest.approx(mean_profit.max())
    assert f"with {mean_profit.idxmax()} people on the 'always' shift" in ax.get_title()
    assert "EUR" in ax.get_ylabel() and "head count" in ax.get_xlabel()
    assert min(text_sizes(fig)) >= 11


def test_best_profit_marker_is_at_the_argmax_of_the_mean_not_of_one_run():
    # count 3 has the best single run (900), count 2 the best mean (500 vs 450).
    sweep = pd.DataFrame({
        "count": [1, 1, 2, 2, 3, 3],
        "replication": [0, 1] * 3,
        "revenue_lost": [300.0, 320, 200, 210, 100, 90],
        "staff_cost": [50.0, 50, 100, 100, 150, 150],
        "profit": [300.0, 310, 480, 520, 900, 0],
    })
    fig = plot_revenue_lost_vs_staff(sweep, "day")
    (best,) = lines_by_gid(fig.axes[1], BEST_PROFIT_GID)
    assert (best.get_xdata()[0], best.get_ydata()[0]) == (2, 500)
    title = fig.axes[0].get_title()
    assert "with 2 people on the 'day' shift" in title and "try" not in title
    assert "currency units" in fig.axes[0].get_ylabel()
    edge = plot_revenue_lost_vs_staff(sweep[sweep["count"] < 3], "day")
    assert "try more" in edge.axes[0].get_title()


# --- plot_comparison --------------------------------------------------------------------------


def test_comparison_has_four_panels_with_the_runs_and_the_table(crisis_run, calm_run):
    results = {"one person": crisis_run, "six people": calm_run}
    table = pd.concat({name: summarise(pd.DataFrame([kpis(run), kpis(run) | {
        "delay_cost_per_question_minute": kpis(run)["delay_cost_per_question_minute"] * 1.1}]))[
        ["mean", "ci_low", "ci_high"]] for name, run in results.items()}, axis=1)
    fig = plot_comparison(results, table)
    assert isinstance(fig, Figure)
    assert tuple(fig.get_size_inches()) == (12, 8)  # 1200 x 800 at 100 dpi
    (rep_ax, bar_ax), (inbox_ax, curve_ax) = np.reshape(fig.axes, (2, 2))
    kpi = "delay_cost_per_question_minute"
    (ci,) = [c for c in bar_ax.collections if c.get_gid() == "bar-ci"]
    segments = ci.get_segments()
    for k, (name, run) in enumerate(results.items()):
        (line,) = lines_by_gid(rep_ax, f"reputation:{name}")
        np.testing.assert_array_equal(line.get_ydata(), run.outcomes.reputation.to_numpy())
        (bar,) = [p for p in bar_ax.patches if p.get_gid() == f"bar:{name}"]
        assert bar.get_height() == pytest.approx(table.loc[kpi, (name, "mean")])
        low, high = sorted(segments[k][:, 1])
        assert (low, high) == pytest.approx((table.loc[kpi, (name, "ci_low")], table.loc[kpi, (name, "ci_high")]))
        (inbox,) = lines_by_gid(inbox_ax, f"inbox:{name}")
        expected = sample_every(inbox_length(run), 60, run.horizon_minutes)
        np.testing.assert_array_equal(inbox.get_ydata(), expected.to_numpy())
        (curve,) = lines_by_gid(curve_ax, f"conversion:{name}")
        np.testing.assert_allclose(curve.get_ydata(),
                                   run.scenario.business.conversion.probability(np.asarray(curve.get_xdata()) * 60))
    assert len(lines_by_gid(rep_ax, CRISIS_MARKER_GID)) == 1
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:2] == ["one person", "six people"]
    assert min(text_sizes(fig)) >= 11


def test_the_delay_cost_panel_says_per_question_and_in_total_when_they_disagree(crisis_run, calm_run):
    """A dear question and a business with many questions: the title and the bar labels give both orders."""
    results = {"jeweller": crisis_run, "burger chain": calm_run}
    figures = {"jeweller": (0.75, 161.0), "burger chain": (0.16, 3150.0)}  # per question, in total
    table = pd.concat({name: pd.DataFrame(
        {"mean": [per, total], "ci_low": [per * 0.9, total * 0.9], "ci_high": [per * 1.1, total * 1.1]},
        index=["delay_cost_per_question_minute", "delay_cost_per_minute"]) for name, (per, total) in figures.items()},
        axis=1)
    bar_ax = plot_comparison(results, table).axes[1]
    title = bar_ax.get_title().replace("\n", " ")
    assert "costs jeweller 4.7× as much per question" in title and "in total, burger chain 20× as much" in title
    labels = [t.get_text() for t in bar_ax.texts]
    currency = crisis_run.scenario.business.currency
    assert f"0.75 {currency} per question\n161 {currency} in total" in labels
    assert f"0.16 {currency} per question\n3,150 {currency} in total" in labels


def test_business_figures_leave_no_pyplot_figures_open(crisis_run, calm_run, sweep):
    plt.close("all")
    results = {"a": crisis_run, "b": calm_run}
    table = pd.concat({n: summarise(pd.DataFrame([kpis(r)] * 2))[["mean", "ci_low", "ci_high"]]
                       for n, r in results.items()}, axis=1)
    plot_conversion_curves(CURVES)
    plot_reputation(results)
    plot_engagement_mix(crisis_run)
    plot_revenue_lost_vs_staff(sweep, "always")
    plot_comparison(results, table)
    assert plt.get_fignums() == []
    fig = Figure()
    left, right = fig.subplots(1, 2)
    assert plot_reputation(results, ax=left) is fig
    assert plot_conversion_curves(CURVES, ax=right) is fig
    assert plt.get_fignums() == []


def test_comparison_of_inbox_only_scenarios_shows_service_bars(weekdays, always):
    results = {"weekdays": weekdays, "always": always}
    table = pd.concat({n: summarise(pd.DataFrame([kpis(r)] * 2))[["mean", "ci_low", "ci_high"]]
                       for n, r in results.items()}, axis=1)
    fig = plot_comparison(results, table)
    (level_ax, wait_ax), (inbox_ax, abandon_ax) = np.reshape(fig.axes, (2, 2))
    for ax, kpi in ((level_ax, "service_level"), (wait_ax, "mean_wait_minutes"), (abandon_ax, "p_abandon")):
        heights = {p.get_gid(): p.get_height() for p in ax.patches if p.get_gid()}
        assert heights == pytest.approx({f"bar:{n}": table.loc[kpi, (n, "mean")] for n in results})
    assert {line.get_gid() for line in inbox_ax.get_lines()} == {"inbox:weekdays", "inbox:always"}
    assert plt.get_fignums() == []
