"""The dashboards' figures: one wide picture each, text as large as the page's, updated rather than redrawn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import io  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from simlib.dashboards import explore_scenario, side_by_side_change, staffing_plan  # noqa: E402
from simlib.dashboards.layers import Layers, png_of  # noqa: E402
from simlib.dashboards.views import (  # noqa: E402
    ERLANG_GID,
    FIGURE_DPI,
    HEIGHT,
    SMALL,
    WIDTH,
    ChangeCanvas,
    ExplorerCanvas,
    change_png,
    explorer_figure,
    explorer_png,
    plot_change,
    plot_staffing_plan,
    shown_names,
)

DAYS = 7  # short runs keep the file fast


def test_the_explorer_figure_shows_questions_waiting_and_reputation_side_by_side() -> None:
    fig = explorer_figure(explore_scenario("luxury", {}, days=DAYS).result)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "waiting" in fig.axes[0].get_ylabel() and "reputation" in fig.axes[1].get_ylabel()
    texts = [t for ax in fig.axes for t in (*ax.get_xticklabels(), *ax.get_yticklabels(), ax.xaxis.label)]
    assert min(t.get_fontsize() for t in texts) >= SMALL


def assert_same_picture(png: bytes, fig: Figure) -> None:
    """``png`` shows exactly what a full drawing of ``fig`` shows, pixel for pixel."""
    fresh = io.BytesIO()
    fig.savefig(fresh, format="png", dpi=FIGURE_DPI)
    a, b = Image.open(io.BytesIO(png)).convert("RGB"), Image.open(fresh).convert("RGB")
    assert a.size == b.size == (WIDTH * FIGURE_DPI, HEIGHT * FIGURE_DPI)
    assert a.tobytes() == b.tobytes()


def test_the_explorer_picture_is_updated_in_place_and_matches_a_fresh_figure() -> None:
    one = explore_scenario("high_volume", {"early": 1, "late": 2}, days=DAYS).result
    two = explore_scenario("high_volume", {}, days=DAYS).result
    closed = explore_scenario("high_volume", {"early": 0}, days=DAYS).result  # other hours nobody is on duty
    explorer_png(one)
    assert_same_picture(explorer_png(two), explorer_figure(two))  # the same artists, new data
    assert_same_picture(explorer_png(closed), explorer_figure(closed))
    assert_same_picture(explorer_png(two), explorer_figure(two))


def test_the_explorer_draws_its_axes_once_per_run_length_and_staffing_pattern() -> None:
    runs = [explore_scenario("high_volume", staff, days=DAYS).result for staff in ({}, {"late": 5}, {"early": 4})]
    canvas = ExplorerCanvas()
    pictures = [canvas.draw(run) for run in runs]
    assert canvas.layers.rendered == 1  # the same days and hours on duty: one background for all three
    assert len(set(pictures)) == 3
    canvas.draw(explore_scenario("high_volume", {}, days=DAYS - 1).result)
    assert canvas.layers.rendered == 2
    assert canvas.draw(runs[1]) == pictures[1]
    assert not any(artist.get_animated() for ax in explorer_figure(runs[0]).axes for artist in ax.get_children())


def test_the_change_picture_is_updated_in_place_and_matches_a_fresh_figure() -> None:
    changes = [side_by_side_change(change, days=DAYS) for change in (1, -1, 0, 2)]
    canvas = ChangeCanvas(shown_names(changes[0]))
    for change in changes:
        picture = canvas.draw(change)
        assert_same_picture(picture, plot_change(change))
        assert picture == change_png(change)
    assert canvas.layers.rendered == 1
    gain = canvas.gain
    assert len(gain.containers) == 1 and len(gain.texts) == 2  # the last change's bars and labels only
    canvas.update(changes[2])  # no change at all: an axis of whole units either side of zero
    assert gain.get_ylim() == (-1, 1)
    with pytest.raises(ValueError, match="Jeweller"):
        ChangeCanvas(["Restaurant", "Jeweller"]).update(changes[0])


def test_layers_draw_the_changing_artists_in_matplotlibs_order() -> None:
    fig = Figure()
    ax = fig.subplots()
    line, = ax.plot([0, 1], [0, 1])
    text = ax.text(0.5, 0.5, "x")
    order = Layers(fig).drawing_order({text, ax.yaxis, line, ax.spines["left"]})
    assert order == [ax.yaxis, line, ax.spines["left"], text]  # axis 1.5, line 2, spine 2.5, text 3


def test_png_of_is_a_valid_png_of_exactly_the_canvas_pixels() -> None:
    fig = Figure(figsize=(3.1, 1.7), dpi=50)  # odd sizes: rows and columns not multiples of anything
    ax = fig.subplots()
    ax.plot([0, 1, 2], [2, 0, 1], color="C1")
    ax.set_title("Reputación 80 → 74")
    canvas = Layers(fig).canvas
    canvas.draw()
    picture = Image.open(io.BytesIO(png_of(canvas)))
    picture.load()  # decodes every chunk: a wrong length or CRC raises here
    rgba = np.asarray(canvas.buffer_rgba())
    assert picture.mode == "RGB" and picture.size == (rgba.shape[1], rgba.shape[0])
    assert np.array_equal(np.asarray(picture), rgba[:, :, :3])


def test_the_change_figure_shows_both_businesses_and_who_gains() -> None:
    change = side_by_side_change(1, days=DAYS)
    fig = plot_change(change)
    gain, answered = fig.axes
    profit = [change.deltas.loc["profit", (name, "change")] for name in ("luxury", "high_volume")]
    (bars,) = [c for c in gain.containers if c.patches[0].get_gid() == "bars:profit:change"]
    assert [patch.get_height() for patch in bars] == pytest.approx(profit)
    colours = [patch.get_facecolor() for patch in bars]
    assert (colours[0] == colours[1]) == ((profit[0] >= 0) == (profit[1] >= 0))  # green gains, red losses
    labels = " ".join(text.get_text() for ax in (gain, answered) for text in ax.texts)
    assert "USD" in labels and f"{abs(profit[1]):,.0f} USD" in labels
    (after,) = [c for c in answered.containers if c.patches[0].get_gid() == "bars:answered:after"]
    assert [p.get_height() for p in after] == pytest.approx(
        [change.deltas.loc["answered_share", (n, "after")] for n in ("luxury", "high_volume")])


def test_the_planner_legend_never_hides_the_erlang_label() -> None:
    fig = plot_staffing_plan(staffing_plan("high_volume", "late", range(1, 4), replications=1, days=2))
    ax = fig.axes[0]
    renderer = fig._get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    erlang = [t for t in ax.texts if "Erlang" in t.get_text()][0].get_window_extent(renderer)
    assert not legend.overlaps(erlang)
    assert legend.y0 >= ax.get_window_extent(renderer).y1  # above the axes
    assert any(line.get_gid() == ERLANG_GID for line in ax.get_lines())
