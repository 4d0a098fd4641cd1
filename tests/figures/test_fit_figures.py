"""Figures of a fit: the weekly profile against the export's weeks, and the patience curves with their bands."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from simlib.figures.fit import plot_fitted_arrivals, plot_patience_fits
from simlib.fit import fit_export
from simlib.fit.example import example_path


@pytest.fixture(scope="module")
def fitted():
    return fit_export(example_path())


def test_the_arrivals_figure_draws_each_week_and_the_fit_with_its_band(fitted):
    fig = plot_fitted_arrivals(fitted.profile)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["one week of the export", "95% interval of the fit", "fitted profile (mean of the weeks)"]
    assert len(ax.lines) == len(fitted.profile.weekly) + 1  # 6 weeks and the fit
    fit_line = ax.lines[-1].get_ydata()
    expected = fitted.profile.table["factor"].to_numpy() * fitted.profile.per_hour * 0.5
    assert np.allclose(fit_line[:-1], expected)
    assert ax.get_xlim() == (0, 7)


def test_the_patience_figure_has_kaplan_meier_and_fit_per_channel_with_give_ups(fitted):
    fig = plot_patience_fits(fitted.patience)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert [label.split(":")[0] for label in labels] == ["comments", "comments", "dm", "dm", "reviews"]
    assert "Kaplan-Meier" in labels[0] and "fit, mean" in labels[1]
    assert len(fig.axes[0].collections) == 3  # one band per channel
    longest_give_up = max(fitted.patience[c].curve["minutes"].max() for c in ("comments", "dm"))
    assert fig.axes[0].get_xlim()[1] == pytest.approx(longest_give_up)
