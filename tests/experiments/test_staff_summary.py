"""Tests for simlib.experiments.staff_summary: a staff sweep's means and intervals per head count."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import t as student_t

from simlib.experiments.staff_summary import staff_sweep_summary

# Two replications at each of three head counts (money per run).
SWEEP = pd.DataFrame({
    "count": [3, 3, 1, 1, 2, 2],
    "replication": [0, 1] * 3,
    "revenue_lost": [100.0, 90, 300, 320, 200, 210],
    "staff_cost": [150.0, 150, 50, 50, 100, 100],
    "profit": [900.0, 0, 300, 310, 480, 520],
})


def test_sweep_summary_is_the_student_t_interval_per_head_count():
    summary = staff_sweep_summary(SWEEP)
    assert list(summary.index) == [1, 2, 3]  # sorted by head count
    for count, group in SWEEP.groupby("count"):
        values = group["revenue_lost"].to_numpy()
        half = student_t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
        row = summary.loc[count]
        assert row[("revenue_lost", "mean")] == pytest.approx(values.mean())
        assert row[("revenue_lost", "ci_low")] == pytest.approx(values.mean() - half)
        assert row[("revenue_lost", "ci_high")] == pytest.approx(values.mean() + half)
        assert row[("revenue_lost", "replications")] == 2
    assert list(summary.columns.get_level_values(0).unique()) == ["revenue_lost", "staff_cost", "profit"]


def test_one_replication_has_no_interval():
    summary = staff_sweep_summary(SWEEP[SWEEP["replication"] == 0], columns=("profit",))
    assert summary[("profit", "mean")].tolist() == [300.0, 480.0, 900.0]
    assert all(math.isnan(v) for v in summary[("profit", "ci_low")])


def test_a_missing_column_or_an_empty_sweep_is_refused():
    with pytest.raises(ValueError, match="profit"):
        staff_sweep_summary(SWEEP.drop(columns="profit"))
    with pytest.raises(ValueError, match="empty"):
        staff_sweep_summary(SWEEP.iloc[:0])
