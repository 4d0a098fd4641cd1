"""Tests for simlib.figures.conversion: what the conversion figure shows, not how it looks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # headless: no window, as in CI

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from figure_runs import CURVES, lines_by_gid, text_sizes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from simlib.analysis.curves import conversion_half_life  # noqa: E402
from simlib.figures import plot_conversion_curves  # noqa: E402
from simlib.model.business import StepCurve  # noqa: E402


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
    assert ax.get_title() == "shop: more than half the leads are still engaged after 2 h"
    both = plot_conversion_curves({"fast": CURVES["exponential"], "shop": step}, max_minutes=120)
    assert both.axes[0].get_title() == "Half the leads have cooled after 15 min (fast); shop: not within 2 h"
    with pytest.raises(ValueError, match="max_minutes"):
        plot_conversion_curves({"shop": step}, max_minutes=0)
