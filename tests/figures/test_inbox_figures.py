"""Tests for simlib.figures.inbox: what the inbox figures show, not how they look."""
# ruff: noqa: F811  (the runs are fixtures imported from figure_runs)

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from figure_runs import DAY, always, shop, weekdays  # noqa: E402, F401
from matplotlib.figure import Figure  # noqa: E402

from simlib import kpis  # noqa: E402
from simlib.analysis.duty import off_duty_periods, on_duty_periods  # noqa: E402
from simlib.analysis.kpis import inbox_length, sample_every  # noqa: E402
from simlib.figures import (  # noqa: E402
    INBOX_LINE_GID,
    OFF_DUTY_GID,
    plot_first_response,
    plot_inbox_length,
)


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
