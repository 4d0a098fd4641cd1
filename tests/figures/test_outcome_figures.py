"""Tests for simlib.figures.outcomes: what the reputation and engagement figures show, not how they look."""
# ruff: noqa: F811  (the runs are fixtures imported from figure_runs)

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from figure_runs import DAY, calm_run, crisis_run, lines_by_gid, text_sizes, weekdays  # noqa: E402, F401
from matplotlib.figure import Figure  # noqa: E402

from simlib.figures import CRISIS_MARKER_GID, PHASE_LABELS, plot_engagement_mix, plot_reputation  # noqa: E402


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
