"""Side by side: simlib compare, staff sweeps, and intervals that respect each KPI's range."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import make_business

from simlib import ScenarioError, kpis, simulate, staff_sweep, summarise
from simlib.cli import main
from simlib.cli.common import HEADLINE
from simlib.experiments.compare import side_by_side
from simlib.model.presets import load_preset


def test_compare_prints_headline_kpis_with_intervals_and_saves_a_figure(capsys, tmp_path):
    figure = tmp_path / "cmp.png"
    assert main(["compare", "luxury", "high_volume", "--days", "3", "--replications", "2",
                 "--figure", str(figure)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "luxury vs high_volume: 2 replications each, mean and 95% CI, same random numbers for both"
    rows = [line.split()[0] for line in out[2:-1]]
    assert rows == [kpi for kpi in HEADLINE]
    assert {"delay_cost_per_question_minute", "delay_cost_per_minute"} <= set(rows)  # per question and in total
    assert "USD" in out[[r for r in rows].index("revenue_lost") + 2]
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_compare_json_matches_the_library(capsys, tmp_path):
    assert main(["compare", "luxury", "restaurant", "--days", "2", "--replications", "2", "--json",
                 "--figure", str(tmp_path / "c.png")]) == 0
    out = json.loads(capsys.readouterr().out)

    luxury = load_preset("luxury", {"run.days": 2.0})
    expected = np.mean([kpis(simulate(luxury, replication=k))["revenue_lost"] for k in range(2)])
    assert out["scenarios"]["luxury"]["revenue_lost"]["mean"] == pytest.approx(expected)
    assert set(out["scenarios"]) == {"luxury", "restaurant"}


@pytest.mark.parametrize("args, message", [
    (["compare", "luxury"], "compare needs at least two different scenarios"),
    (["compare", "luxury", "nowhere"], "scenario 'nowhere': no such file or preset"),
    (["compare", "luxury", "high_volume", "--replications", "1"], "--replications = 1: must be >= 2"),
])
def test_compare_refuses_bad_requests_in_one_line(capsys, args, message):
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_staff_sweep_is_tidy_and_shares_customers_across_head_counts():
    sweep = staff_sweep(make_business(**{"run.days": 2.0}), "always", [1, 3], replications=2)
    assert list(sweep[["count", "replication"]].itertuples(index=False, name=None)) == [(1, 0), (1, 1), (3, 0), (3, 1)]
    assert "profit" in sweep.columns
    leads = sweep.pivot(index="replication", columns="count", values="questions")
    assert (leads[1] > 0).all()
    with pytest.raises(ScenarioError, match="staff.night: no such shift"):
        staff_sweep(make_business(), "night", [1])


def test_intervals_stay_inside_each_kpis_range():
    table = pd.DataFrame({"service_level": [0.99, 1.0, 0.97], "revenue_lost": [0.0, 0.0, 900.0],
                          "final_reputation": [99.0, 100.0, 92.0], "profit": [-50.0, 10.0, 30.0]})
    summary = summarise(table)
    assert summary.loc["service_level", "ci_high"] == 1.0
    assert summary.loc["revenue_lost", "ci_low"] == 0.0
    assert summary.loc["final_reputation", "ci_high"] == 100.0
    assert summary.loc["profit", "ci_low"] < -50  # profit can be negative: not clipped


def test_side_by_side_has_one_column_group_per_scenario():
    tables = {"a": pd.DataFrame({"x": [1.0, 2.0]}), "b": pd.DataFrame({"x": [3.0, 5.0], "y": [1.0, 1.0]})}
    table = side_by_side(tables)
    assert table.loc["x", ("b", "mean")] == 4.0
    assert np.isnan(table.loc["y", ("a", "mean")])
