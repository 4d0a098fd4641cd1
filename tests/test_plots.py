"""Tests for simlib.plots and simlib.readme_figure: what the figures show, not how they look."""

from __future__ import annotations

import doctest

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import simlib.plots  # noqa: E402
from simlib import SimulationResult, kpis, simulate, validate_scenario  # noqa: E402
from simlib.kpis import inbox_length, sample_every  # noqa: E402
from simlib.plots import (  # noqa: E402
    INBOX_LINE_GID,
    OFF_DUTY_GID,
    off_duty_periods,
    on_duty_periods,
    plot_first_response,
    plot_inbox_length,
)
from simlib.readme_figure import main as readme_main  # noqa: E402
from simlib.readme_figure import make_figure  # noqa: E402

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
    """(start, end) in days of every off-duty band, whatever patch type axvspan made."""
    spans = []
    for patch in fig.axes[0].patches:
        if patch.get_gid() == OFF_DUTY_GID:
            x = patch.get_patch_transform().transform(patch.get_path().vertices)[:, 0]
            spans.append((float(x.min()), float(x.max())))
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
    assert doctest.testmod(simlib.plots).failed == 0


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
    assert "not found" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
