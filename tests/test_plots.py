"""Tests for simlib.figures.plots and simlib.figures.readme: what the figures show, not how they look."""

from __future__ import annotations

import doctest

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import simlib.figures.plots  # noqa: E402
from simlib import SimulationResult, kpis, simulate, validate_scenario  # noqa: E402
from simlib.analysis.kpis import inbox_length, sample_every  # noqa: E402
from simlib.figures.plots import (  # noqa: E402
    INBOX_LINE_GID,
    OFF_DUTY_GID,
    off_duty_periods,
    on_duty_periods,
    plot_first_response,
    plot_inbox_length,
)
from simlib.figures.readme import main as readme_main  # noqa: E402
from simlib.figures.readme import make_figure  # noqa: E402

DAY = 1440.0  # minutes
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def shop(**staff_and_run) -> SimulationResult:
    """A one-week, one-channel shop: ~12 questions an hour, one person on the given shifts."""
    data = {
        "name": "tiny shop",
        "arrivals": {"per_hour": 12.0},
        "channels": {
            "dm": {"share": 1.0, "handling": {"dist": "lognormal", "mean": 3.0, "cv": 0.8},
                   "patience": {"dist": "exponential", "mean": 120.0}},
        },
        "staff": staff_and_run.pop("staff"),
        "service": {"abandonment": "stays", "target_minutes": 60.0},
        "run": {"days": 7.0, "seed": 3, **staff_and_run},
    }
    return simulate(validate_scenario(data))


@pytest.fixture(scope="module")
def weekdays() -> SimulationResult:
    """Nobody on duty outside 9:00-17:00, Monday to Friday."""
    return shop(staff={"day": {"count": 1, "start_hour": 9, "end_hour": 17,
                               "days": ["mon", "tue", "wed", "thu", "fri"]}})


@pytest.fixture(scope="module")
def always() -> SimulationResult:
    """Someone on duty all week: a day shift and a night shift crossing midnight."""
    return shop(staff={"day": {"count": 2, "start_hour": 6, "end_hour": 22},
                       "night": {"count": 1, "start_hour": 22, "end_hour": 30}},
                days=2.0)


def inbox_line(fig: Figure) -> matplotlib.lines.Line2D:
    (line,) = [l for l in fig.axes[0].get_lines() if l.get_gid() == INBOX_LINE_GID]
    return line


def shaded_spans(fig: Figure) -> list[tuple[float, float]]:
    """(start, end) in days of every off-duty band, each drawn full height."""
    spans = []
    for artist in fig.axes[0].get_children():
        if artist.get_gid() == OFF_DUTY_GID:
            assert artist.get_transform() == fig.axes[0].get_xaxis_transform()  # x in days, y the whole axes
            for path in artist.get_paths():
                assert set(path.vertices[:, 1]) == {0, 1}
                spans.append((float(path.vertices[:, 0].min()), float(path.vertices[:, 0].max())))
    return sorted(spans)


def all_text_sizes(fig: Figure) -> list[float]:
    fig.canvas.draw()  # tick labels exist once drawn
    ax = fig.axes[0]
    texts = [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
    texts += ax.get_xticklabels() + ax.get_xticklabels(minor=True) + ax.get_yticklabels()
    texts += ax.get_legend().get_texts()
    return [t.get_fontsize() for t in texts if t.get_text()]


# --- plot_inbox_length ------------------------------------------------------------------------


def test_inbox_plot_returns_a_figure_with_axes_labelled_with_units(weekdays):
    fig = plot_inbox_length(weekdays)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert "days" in ax.get_xlabel()
    assert "questions" in ax.get_ylabel()
    assert min(all_text_sizes(fig)) >= 11  # readable on a projector


def test_inbox_plot_line_is_the_sampled_inbox_length(weekdays):
    for every in (15, 60):
        fig = plot_inbox_length(weekdays, every_minutes=every)
        expected = sample_every(inbox_length(weekdays), every, weekdays.horizon_minutes)
        line = inbox_line(fig)
        np.testing.assert_allclose(np.asarray(line.get_xdata()) * DAY, expected.index.to_numpy())
        np.testing.assert_array_equal(line.get_ydata(), expected.to_numpy())
        assert len(expected) == int(7 * DAY / every)


def test_weekday_only_staff_shades_nights_and_the_weekend(weekdays):
    fig = plot_inbox_length(weekdays)
    spans = shaded_spans(fig)
    expected = [(a / DAY, b / DAY) for a, b in off_duty_periods(weekdays)]
    np.testing.assert_allclose(spans, expected)
    # Monday 00:00-09:00, four weekday nights, then Friday 17:00 to the end of Sunday.
    assert len(spans) == 6
    np.testing.assert_allclose(spans[0], (0, 9 / 24))
    np.testing.assert_allclose(spans[-1], (4 + 17 / 24, 7))


def test_round_the_clock_staff_has_no_shading(always):
    assert on_duty_periods(always) == [(0.0, 2 * DAY)]  # day and night shifts merge
    assert off_duty_periods(always) == []
    assert shaded_spans(plot_inbox_length(always)) == []


def test_inbox_plot_title_states_the_finding_with_the_kpi_peak(weekdays):
    fig = plot_inbox_length(weekdays)
    peak = kpis(weekdays)["max_inbox_length"]
    title = fig.axes[0].get_title()
    assert "pile up while nobody is on duty" in title
    assert f"peak {peak:.0f} waiting" in title


def test_nobody_on_duty_means_one_band_and_a_title_that_says_so():
    result = shop(staff={}, days=1.0)
    fig = plot_inbox_length(result)
    assert shaded_spans(fig) == [(0.0, 1.0)]
    assert fig.axes[0].get_title().startswith("Nobody is ever on duty")


def test_a_shift_of_nobody_is_not_on_duty():
    result = shop(staff={"ghost": {"count": 0}}, days=1.0)
    assert on_duty_periods(result) == []
    assert off_duty_periods(result) == [(0.0, DAY)]


def test_inbox_plot_refuses_a_non_positive_step(weekdays):
    with pytest.raises(ValueError, match="every_minutes"):
        plot_inbox_length(weekdays, every_minutes=0)


# --- plot_first_response ----------------------------------------------------------------------


def test_first_response_plot_has_units_target_and_service_level(weekdays):
    fig = plot_first_response(weekdays)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert "hours" in ax.get_xlabel()
    assert "%" in ax.get_ylabel()
    assert min(all_text_sizes(fig)) >= 11
    level = kpis(weekdays)["service_level"]
    assert f"{level:.0%}" in ax.get_title()
    assert any(f"service level {level:.0%}" == t.get_text() for t in ax.texts)
    target_lines = [l for l in ax.get_lines() if l.get_label().startswith("target")]
    assert [tuple(l.get_xdata()) for l in target_lines] == [(1.0, 1.0)]  # 60 minutes, in hours


def test_first_response_curve_is_the_share_of_all_questions_answered_within_x(weekdays):
    fig = plot_first_response(weekdays)
    (curve,) = [l for l in fig.axes[0].get_lines() if l.get_label() == "answered within x hours"]
    x, y = np.asarray(curve.get_xdata()), np.asarray(curve.get_ydata())
    figures = kpis(weekdays)
    # A step curve (steps-post): its height at the target is the last y with x <= target.
    assert y[np.searchsorted(x, 1.0, side="right") - 1] == pytest.approx(figures["service_level"])
    assert y[-1] == pytest.approx(figures["answered_share"])
    assert np.all(np.diff(x) >= 0) and np.all(np.diff(y) >= 0)


def test_plots_draw_into_given_axes_and_leave_no_pyplot_figures_open(weekdays):
    plt.close("all")
    plot_inbox_length(weekdays)
    plot_first_response(weekdays)
    assert plt.get_fignums() == []  # returned, never shown or left open
    fig = Figure()
    left, right = fig.subplots(1, 2)
    assert plot_inbox_length(weekdays, ax=left) is fig
    assert plot_first_response(weekdays, ax=right) is fig
    assert plt.get_fignums() == []


def test_docstring_examples_run():
    assert doctest.testmod(simlib.figures.plots).failed == 0


# --- readme_figure ----------------------------------------------------------------------------


def test_readme_figure_writes_a_small_png_creating_folders(tmp_path):
    out = make_figure(tmp_path / "img" / "inbox.png", overrides={"run.days": 7})
    data = out.read_bytes()
    assert data[:8] == PNG_MAGIC
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (900, 400)
    assert len(data) < 80_000


def test_readme_figure_command_draws_the_shop_scenario(tmp_path, capsys):
    out = tmp_path / "inbox-week.png"
    assert readme_main([str(out)]) == 0
    assert out.read_bytes()[:8] == PNG_MAGIC
    assert str(out) in capsys.readouterr().out


def test_readme_figure_reports_a_bad_scenario_in_one_line(tmp_path, capsys):
    assert readme_main([str(tmp_path / "x.png"), "--scenario", str(tmp_path / "none.toml")]) == 2
    assert "no such file or preset" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


# --- business figures -------------------------------------------------------------------------
# Small runs of conftest's make_business (a week, ~30 questions an hour): fast and seeded.

import math  # noqa: E402

import pandas as pd  # noqa: E402
from conftest import make_business  # noqa: E402
from scipy.stats import t as student_t  # noqa: E402

from simlib.experiments.replications import summarise  # noqa: E402
from simlib.figures.plots import (  # noqa: E402
    BEST_PROFIT_GID,
    CRISIS_MARKER_GID,
    PHASE_LABELS,
    conversion_half_life,
    plot_comparison,
    plot_conversion_curves,
    plot_engagement_mix,
    plot_reputation,
    plot_revenue_lost_vs_staff,
    staff_sweep_summary,
)
from simlib.model.business import ExponentialCurve, LogisticCurve, PowerCurve, StepCurve  # noqa: E402

CURVES = {
    "exponential": ExponentialCurve(curve="exponential", at_once=0.3, half_life_minutes=15.0),
    "power": PowerCurve(curve="power", at_once=0.25, scale_minutes=60.0, exponent=1.0),
    "logistic": LogisticCurve(curve="logistic", at_once=0.5, midpoint_minutes=120.0, steepness_minutes=30.0),
}


@pytest.fixture(scope="module")
def crisis_run() -> SimulationResult:
    """One person for 30 questions an hour, no feedback: reputation collapses on Monday."""
    return simulate(make_business(**{"staff.always.count": 1, "business.reputation.feedback": False}))


@pytest.fixture(scope="module")
def calm_run() -> SimulationResult:
    """Six people: reputation never nears the crisis line."""
    return simulate(make_business(**{"staff.always.count": 6}))


@pytest.fixture(scope="module")
def sweep() -> pd.DataFrame:
    """A staff sweep of the always shift: 2, 3 and 5 people, 2 replications each."""
    rows = []
    for count in (2, 3, 5):
        scenario = make_business(**{"staff.always.count": count})
        for replication in range(2):
            rows.append({"count": count, "replication": replication,
                         **kpis(simulate(scenario, replication=replication))})
    return pd.DataFrame(rows)


def lines_by_gid(ax, gid: str) -> list:
    return [line for line in ax.get_lines() if line.get_gid() == gid]


def text_sizes(fig: Figure) -> list[float]:
    """Every non-empty text of every axes and of the figure (titles, labels, ticks, legends)."""
    fig.canvas.draw()
    texts = list(fig.texts) + ([fig._suptitle] if fig._suptitle is not None else [])
    for legend in fig.legends:
        texts += legend.get_texts()
    for ax in fig.axes:
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        texts += ax.get_xticklabels() + ax.get_xticklabels(minor=True) + ax.get_yticklabels()
        if ax.get_legend() is not None:
            texts += ax.get_legend().get_texts()
    return [t.get_fontsize() for t in texts if t.get_text() and t.get_visible()]


# --- plot_conversion_curves -------------------------------------------------------------------


def test_half_life_is_found_numerically_for_every_curve_shape():
    assert conversion_half_life(CURVES["exponential"]) == pytest.approx(15.0)
    assert conversion_half_life(CURVES["power"]) == pytest.approx(60.0)  # (1 + t/60)^-1 = 1/2
    logistic = CURVES["logistic"]
    half = conversion_half_life(logistic)
    assert logistic.probability(half) == pytest.approx(logistic.at_once / 2, rel=1e-6)
    step = StepCurve(curve="step", at_once=0.4, within_minutes=30.0, after=0.1)
    assert conversion_half_life(step) == pytest.approx(30.0)
    assert conversion_half_life(StepCurve(curve="step", at_once=0.4, within_minutes=30.0, after=0.3)) == math.inf
    assert math.isnan(conversion_half_life(StepCurve(curve="step", at_once=0.0, within_minutes=5.0, after=0.0)))


def test_conversion_lines_are_the_curves_in_hours_with_half_lives_marked():
    fig = plot_conversion_curves(CURVES)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    for name, curve in CURVES.items():
        (line,) = lines_by_gid(ax, f"conversion:{name}")
        hours, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
        assert hours[0] == 0 and hours[-1] == pytest.approx(24.0)
        np.testing.assert_allclose(y, curve.probability(hours * 60))
        (marker,) = lines_by_gid(ax, f"half-life:{name}")
        half = conversion_half_life(curve)
        np.testing.assert_allclose([marker.get_xdata()[0], marker.get_ydata()[0]], [half / 60, curve.at_once / 2])
    assert lines_by_gid(ax, "conversion:exponential")[0].get_ydata()[0] == pytest.approx(0.3)
    assert "15 min (exponential)" in ax.get_title() and "1 h (power)" in ax.get_title()
    assert "%" in ax.get_ylabel()
    assert "15 min" in [t.get_text() for t in ax.get_xticklabels()]
    assert min(text_sizes(fig)) >= 11


def test_a_curve_that_never_halves_has_no_marker_and_the_title_says_so():
    step = StepCurve(curve="step", at_once=0.4, within_minutes=30.0, after=0.3)
    fig = plot_conversion_curves({"shop": step}, max_minutes=120)
    ax = fig.axes[0]
    assert lines_by_gid(ax, "half-life:shop") == []
    (line,) = lines_by_gid(ax, "conversion:shop")
    hours, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    assert y[hours <= 0.5].min() == pytest.approx(0.4) and y[hours > 0.5].max() == pytest.approx(0.3)
    assert ax.get_title() == "shop: a lead's chance of buying stays above half for 2 h"
    both = plot_conversion_curves({"fast": CURVES["exponential"], "shop": step}, max_minutes=120)
    assert both.axes[0].get_title() == "A lead's chance of buying halves after 15 min (fast); shop: not within 2 h"
    with pytest.raises(ValueError, match="max_minutes"):
        plot_conversion_curves({"shop": step}, max_minutes=0)


# --- plot_reputation --------------------------------------------------------------------------


def test_reputation_lines_are_the_outcome_scores_in_days(crisis_run, calm_run):
    fig = plot_reputation({"one person": crisis_run, "six people": calm_run})
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    for name, run in (("one person", crisis_run), ("six people", calm_run)):
        (line,) = lines_by_gid(ax, f"reputation:{name}")
        score = run.outcomes.reputation
        np.testing.assert_allclose(np.asarray(line.get_xdata()) * DAY, score.index.to_numpy())
        np.testing.assert_array_equal(line.get_ydata(), score.to_numpy())
    rules = crisis_run.scenario.business.reputation
    levels = {line.get_label(): line.get_ydata()[0] for line in ax.get_lines()}
    assert levels[f"baseline ({rules.baseline:g})"] == rules.baseline
    assert levels[f"crisis line ({rules.crisis_below:g})"] == rules.crisis_below
    assert "days" in ax.get_xlabel() and "points" in ax.get_ylabel()
    assert min(text_sizes(fig)) >= 11


def test_crisis_marker_iff_the_run_crossed_the_line(crisis_run, calm_run):
    minute = crisis_run.outcomes.crisis_minute
    assert not math.isnan(minute) and math.isnan(calm_run.outcomes.crisis_minute)
    fig = plot_reputation({"one person": crisis_run, "six people": calm_run})
    (marker,) = lines_by_gid(fig.axes[0], CRISIS_MARKER_GID)  # one crisis, one marker
    assert marker.get_xdata()[0] * DAY == pytest.approx(minute)
    score = marker.get_ydata()[0]
    assert score == crisis_run.outcomes.reputation.loc[minute]
    assert score < crisis_run.scenario.business.reputation.crisis_below
    title = fig.axes[0].get_title().replace("\u00a0", " ").replace("\n", " ")
    day = int(minute // DAY) + 1
    assert f"one person crosses the crisis line on day {day}" in title
    assert "six people stays above" in title

    calm = plot_reputation(calm_run)  # one result: drawn under its scenario's name
    assert lines_by_gid(calm.axes[0], CRISIS_MARKER_GID) == []
    assert calm.axes[0].get_title().startswith("Reputation stays above the crisis line")


def test_reputation_needs_a_business_section(weekdays):
    with pytest.raises(ValueError, match="no \\[business\\] section"):
        plot_reputation({"shop": weekdays})


# --- plot_engagement_mix ----------------------------------------------------------------------


def test_engagement_mix_shows_phase_shares_that_add_up_to_everyone(crisis_run):
    fig = plot_engagement_mix(crisis_run)
    assert isinstance(fig, Figure)
    main, side = fig.axes
    audience = crisis_run.outcomes.audience
    shares = audience.div(audience.sum(axis=1), axis=0)
    days = audience.index.to_numpy() / DAY
    (connection,) = lines_by_gid(side, "phase:connection")
    np.testing.assert_allclose(connection.get_xdata(), days)
    np.testing.assert_allclose(connection.get_ydata(), shares["connection"])
    stacked = np.zeros(len(audience))
    for phase in ("interaction", "participation", "influence", "critic"):
        stacked += shares[phase].to_numpy()
        (top,) = lines_by_gid(main, f"engaged-top:{phase}")
        np.testing.assert_allclose(top.get_ydata(), stacked)
    np.testing.assert_allclose(stacked + shares["connection"], 1.0)  # everyone is in one phase
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [PHASE_LABELS[p] for p in ("connection", "interaction", "participation", "influence", "critic")]
    assert legend[0] == "connection (inactive)" and legend[-1] == "critics"
    critics = audience["critic"]
    assert f"critics {critics.iloc[0]:,.0f} → {critics.iloc[-1]:,.0f}" in fig._suptitle.get_text()
    assert all("%" in ax.get_ylabel() and "days" in ax.get_xlabel() for ax in fig.axes)
    assert min(text_sizes(fig)) >= 11


def test_engagement_mix_in_given_axes_names_the_inactive_share(crisis_run):
    fig = Figure()
    ax = fig.subplots()
    assert plot_engagement_mix(crisis_run, ax=ax) is fig
    assert len(fig.axes) == 1
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0].startswith("connection (inactive): 90% →")


# --- plot_revenue_lost_vs_staff ---------------------------------------------------------------


def test_sweep_summary_is_the_student_t_interval_per_head_count(sweep):
    summary = staff_sweep_summary(sweep)
    assert list(summary.index) == [2, 3, 5]
    for count, group in sweep.groupby("count"):
        values = group["revenue_lost"].to_numpy()
        half = student_t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
        row = summary.loc[count]
        assert row[("revenue_lost", "mean")] == pytest.approx(values.mean())
        assert row[("revenue_lost", "ci_low")] == pytest.approx(values.mean() - half)
        assert row[("revenue_lost", "ci_high")] == pytest.approx(values.mean() + half)
    with pytest.raises(ValueError, match="profit"):
        staff_sweep_summary(sweep.drop(columns="profit"))


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
        "revenue_lost_per_question_hour": kpis(run)["revenue_lost_per_question_hour"] * 1.1}]))[
        ["mean", "ci_low", "ci_high"]] for name, run in results.items()}, axis=1)
    fig = plot_comparison(results, table)
    assert isinstance(fig, Figure)
    assert tuple(fig.get_size_inches()) == (12, 8)  # 1200 x 800 at 100 dpi
    (rep_ax, bar_ax), (inbox_ax, curve_ax) = np.reshape(fig.axes, (2, 2))
    kpi = "revenue_lost_per_question_hour"
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
