"""The dashboards' figures: one run as the explorer shows it, and a staffing change side by side."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from simlib.dashboards import PER_QUESTION_KPI, explore_scenario, side_by_side_change  # noqa: E402
from simlib.dashboards.views import explorer_figure, plot_change  # noqa: E402

DAYS = 7  # short runs keep the file fast


def test_the_explorer_figure_shows_the_inbox_above_and_reputation_below() -> None:
    fig = explorer_figure(explore_scenario("luxury", {}, days=DAYS).result)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "Waiting" in fig.axes[0].get_ylabel() and "eputation" in fig.axes[1].get_ylabel()


def test_the_change_figure_shows_both_businesses_and_who_gains() -> None:
    change = side_by_side_change(1, days=DAYS)
    fig = plot_change(change)
    lost, gain = fig.axes
    profit = [change.deltas.loc["profit", (name, "change")] for name in ("luxury", "high_volume")]
    (bars,) = [c for c in gain.containers if c.patches[0].get_gid() == "bars:profit:change"]
    assert [patch.get_height() for patch in bars] == pytest.approx(profit)
    colours = [patch.get_facecolor() for patch in bars]
    assert (colours[0] == colours[1]) == ((profit[0] >= 0) == (profit[1] >= 0))  # green gains, red losses
    labels = " ".join(text.get_text() for ax in (lost, gain) for text in ax.texts)
    assert "USD" in labels and f"{profit[1]:,.0f} USD" in labels
    values = change.deltas.loc[PER_QUESTION_KPI]
    assert lost.get_yscale() == ("log" if (values.xs("before", level=1) > 0).all()
                                 and (values.xs("after", level=1) > 0).all() else "linear")
