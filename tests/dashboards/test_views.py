"""The dashboards' figures: one wide picture each, text as large as the page's, updated rather than redrawn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import io  # noqa: E402

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from simlib.dashboards import explore_scenario, side_by_side_change, staffing_plan  # noqa: E402
from simlib.dashboards.views import (  # noqa: E402
    ERLANG_GID,
    FIGURE_DPI,
    HEIGHT,
    SMALL,
    WIDTH,
    explorer_figure,
    explorer_png,
    plot_change,
    plot_staffing_plan,
)

DAYS = 7  # short runs keep the file fast


def test_the_explorer_figure_shows_questions_waiting_and_reputation_side_by_side() -> None:
    fig = explorer_figure(explore_scenario("luxury", {}, days=DAYS).result)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "waiting" in fig.axes[0].get_ylabel() and "reputation" in fig.axes[1].get_ylabel()
    texts = [t for ax in fig.axes for t in (*ax.get_xticklabels(), *ax.get_yticklabels(), ax.xaxis.label)]
    assert min(t.get_fontsize() for t in texts) >= SMALL


def test_the_explorer_picture_is_updated_in_place_and_matches_a_fresh_figure() -> None:
    one = explore_scenario("high_volume", {"early": 1, "late": 2}, days=DAYS).result
    two = explore_scenario("high_volume", {}, days=DAYS).result
    explorer_png(one)
    again = explorer_png(two)  # the same artists, new data
    fresh = io.BytesIO()
    explorer_figure(two).savefig(fresh, format="png", dpi=FIGURE_DPI)
    a, b = Image.open(io.BytesIO(again)).convert("RGB"), Image.open(fresh).convert("RGB")
    assert a.size == b.size == (WIDTH * FIGURE_DPI, HEIGHT * FIGURE_DPI)
    assert a.tobytes() == b.tobytes()


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
