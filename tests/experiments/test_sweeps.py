"""Experiments: grids, sweeps on any number of workers or a dask cluster, summaries, paired comparisons."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import make_business, make_scenario
from pandas.testing import assert_frame_equal

import simlib.experiments.sweeps
from simlib import ScenarioError, kpis, replicate, simulate, summarise
from simlib.analysis.registry import KPI_DESCRIPTIONS
from simlib.cli import main
from simlib.experiments.grids import grid_points, parse_vary, resolve_grid
from simlib.experiments.results_file import read_results
from simlib.experiments.sweeps import (
    SweepInterrupted,
    compare_paired,
    replicate_summary,
    summarise_sweep,
    sweep,
)
from simlib.figures.experiments import plot_sweep

GRID = {"staff.always": [2, 3], "service.discipline": ["fifo", "lifo"]}


@pytest.fixture(scope="module")
def small():
    """The M/M/3+M test queue over one day (about 720 questions a run)."""
    return make_scenario(**{"run.days": 1.0})


@pytest.fixture(scope="module")
def reference(small) -> pd.DataFrame:
    """The 2 x 2 grid, 3 replications, run here (workers=1)."""
    return sweep(small, GRID, 3, workers=1, progress=False)


@pytest.mark.parametrize("text, field, values", [
    ("staff.day=1:6", "staff.day", [1, 2, 3, 4, 5, 6]),
    ("staff.day.count=0:10:5", "staff.day.count", [0, 5, 10]),
    ("service.target_minutes=0.5:1.5:0.5", "service.target_minutes", [0.5, 1.0, 1.5]),
    ("service.discipline=fifo,priority", "service.discipline", ["fifo", "priority"]),
    ("service.discipline=fifo", "service.discipline", ["fifo"]),
    ("run.days=1,2.5", "run.days", [1, 2.5]),
    ('service.discipline="fifo","lifo"', "service.discipline", ["fifo", "lifo"]),
    ("staff.day={count=2, start_hour=8},{count=1}", "staff.day", [{"count": 2, "start_hour": 8}, {"count": 1}]),
])
def test_parse_vary_reads_ranges_lists_and_tables(text, field, values):
    assert parse_vary(text) == (field, values)


@pytest.mark.parametrize("text, message", [
    ("staff.day", "expected FIELD=START:STOP[:STEP] or FIELD=V1,V2,..."),
    ("=1:3", "expected FIELD=START:STOP[:STEP]"),
    ("staff.day=6:1", "--vary staff.day=6:1: expected START:STOP[:STEP] with numbers, START <= STOP and STEP > 0"),
    ("staff.day=1:6:0", "STEP > 0"),
    ("staff.day=a:b", "with numbers"),
    ("staff.day=1:2:3:4", "expected START:STOP[:STEP]"),
])
def test_parse_vary_refuses_bad_specs_in_one_line(text, message):
    with pytest.raises(ScenarioError) as error:
        parse_vary(text)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_resolve_grid_spells_out_head_counts_and_names_unknown_fields(small):
    assert resolve_grid(small, {"staff.always": range(1, 3)}) == {"staff.always.count": [1, 2]}
    assert resolve_grid(small, {"staff.always": [{"count": 1}]}) == {"staff.always": [{"count": 1}]}
    assert resolve_grid(small, {"run.days": np.array([1, 2])}) == {"run.days": [1, 2]}
    with pytest.raises(ScenarioError, match=r"^--vary staff.nigth.count: no such field \(staff has: always\)$"):
        resolve_grid(small, {"staff.nigth.count": [1]})
    with pytest.raises(ScenarioError, match=r"--vary business.staff_cost_per_hour: no such field"):
        resolve_grid(small, {"business.staff_cost_per_hour": [10]})
    with pytest.raises(ScenarioError, match="--vary run.days: no values"):
        resolve_grid(small, {"run.days": []})


def test_grid_points_are_the_full_grid_first_field_slowest():
    points = grid_points({"a": [1, 2], "b": ["x", "y", "z"]})
    assert points[:4] == [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 1, "b": "z"}, {"a": 2, "b": "x"}]
    assert len(points) == 6 and grid_points({}) == [{}]


def test_every_point_is_checked_before_anything_runs(small, tmp_path, monkeypatch):
    monkeypatch.setattr(simlib.experiments.sweeps, "run_one", lambda *a: pytest.fail("ran before checking"))
    out = tmp_path / "r.csv"
    with pytest.raises(ScenarioError, match=r"^grid point staff.always.count=-1: staff.always.count = -1: "
                                            r"Input should be greater than or equal to 0$"):
        sweep(small, {"staff.always": [2, -1]}, 2, out=out, workers=1, progress=False)
    with pytest.raises(ScenarioError, match=r"grid point service.discipline=fast: service.discipline = 'fast'"):
        sweep(small, {"service.discipline": ["fifo", "fast"]}, 2, out=out, workers=1, progress=False)
    assert not out.exists()


def test_sweep_is_a_tidy_table_of_the_engines_kpis(small, reference):
    assert list(reference.columns) == ["point", "staff.always.count", "service.discipline", "replication", "seed",
                                       *KPI_DESCRIPTIONS]
    keys = list(reference[["point", "staff.always.count", "service.discipline", "replication"]]
                .itertuples(index=False, name=None))
    assert keys[:4] == [(0, 2, "fifo", 0), (0, 2, "fifo", 1), (0, 2, "fifo", 2), (1, 2, "lifo", 0)]
    assert len(keys) == 12 and (reference["seed"] == 7).all()
    row = reference.iloc[10]  # point 3 (3 people, lifo), replication 1
    staffed = make_scenario(**{"run.days": 1.0, "staff.always.count": 3, "service.discipline": "lifo"})
    assert row[list(KPI_DESCRIPTIONS)].to_dict() == kpis(simulate(staffed, replication=1))
    same_customers = reference.pivot(index="replication", columns="point", values="questions")
    assert (same_customers.nunique(axis=1) == 1).all()  # common random numbers across points


def test_results_do_not_depend_on_the_number_of_workers(small, reference):
    pooled = sweep(small, GRID, 3, workers=2, progress=False, max_pending=3)  # a small sliding window
    assert_frame_equal(pooled, reference)


SMALL_TOML = """
name = "test queue"
arrivals = { per_hour = 30.0 }
channels.dm = { share = 1.0, handling = { dist = "exponential", mean = 6.0 }, patience = { dist = "exponential", mean = 10.0 } }
staff.always = { count = 3 }
service = { discipline = "fifo", abandonment = "leaves", target_minutes = 5.0 }
run = { days = 1.0, seed = 7 }
"""


def test_sweep_on_a_dask_cluster_gives_the_same_table(small, reference, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        assert_frame_equal(sweep(small, GRID, 3, executor=client, progress=False), reference)
        assert_frame_equal(sweep(small, GRID, 3, executor=client.get_executor(), progress=False), reference)
        scenario = tmp_path / "small.toml"
        scenario.write_text(SMALL_TOML, encoding="utf-8")
        out = tmp_path / "r.csv"
        assert main(["sweep", "--scenario", str(scenario), "--vary", "staff.always=2,3",
                     "--vary", "service.discipline=fifo,lifo", "--replications", "3", "--out", str(out),
                     "--scheduler", cluster.scheduler_address, "--figure", str(tmp_path / "r.png")]) == 0
    assert "ran 12 runs (0 were already in" in capsys.readouterr().out
    assert_frame_equal(read_results(out), reference)


def test_a_shift_pattern_can_be_varied_as_a_whole_table_or_by_its_hours(small):
    patterns = [{"count": 3}, {"count": 6, "start_hour": 0, "end_hour": 12}]
    table = sweep(small, {"staff.always": patterns}, 2, workers=1, progress=False)
    assert table["staff.always"].tolist()[::2] == [json.dumps(p, sort_keys=True) for p in patterns]
    half_day = make_scenario(**{"run.days": 1.0, "staff.always": patterns[1]})
    assert table.iloc[3]["service_level"] == kpis(simulate(half_day, replication=1))["service_level"]
    hours = sweep(small, {"staff.always.end_hour": [12, 24]}, 1, workers=1, progress=False)
    assert hours["answered_share"].iloc[0] < hours["answered_share"].iloc[1]


def test_summarise_sweep_gives_mean_and_interval_per_point_and_kpi(reference):
    summary = summarise_sweep(reference, ["service_level", "p_abandon"])
    assert list(summary.columns) == ["point", "staff.always.count", "service.discipline", "kpi", "mean", "ci_low",
                                     "ci_high", "half_width", "replications"]
    assert summary["kpi"].tolist()[:2] == ["service_level", "p_abandon"] and len(summary) == 8
    expected = summarise(reference[reference["point"] == 2][["service_level"]])
    row = summary[(summary["point"] == 2) & (summary["kpi"] == "service_level")].iloc[0]
    assert row[["mean", "ci_low", "ci_high", "half_width"]].tolist() == \
        expected.loc["service_level", ["mean", "ci_low", "ci_high", "half_width"]].tolist()
    assert row["staff.always.count"] == 3 and row["service.discipline"] == "fifo"
    with pytest.raises(ValueError, match="kpi 'profit' is not in the table"):
        summarise_sweep(reference, ["profit"])


def test_replicate_summary_equals_summarise_of_replicate(small):
    parallel = replicate_summary(small, 3, workers=2, progress=False)
    assert_frame_equal(parallel, summarise(replicate(small, 3)), check_names=False)


def test_paired_comparison_is_narrower_than_an_unpaired_one(small):
    more_staff = make_scenario(**{"run.days": 1.0, "staff.always.count": 4})
    paired = compare_paired(small, more_staff, 8, workers=1, progress=False)
    sl = paired.loc["service_level"]
    a = replicate(small, 8)["service_level"]
    b = replicate(more_staff, 8)["service_level"]
    assert sl["mean_a"] == pytest.approx(a.mean()) and sl["difference"] == pytest.approx(b.mean() - a.mean())
    assert sl["ci_low"] > 0 and sl["significant"]
    assert sl["half_width"] < sl["unpaired_half_width"] / 2  # common random numbers pay off
    independent = replicate(make_scenario(**{"run.days": 1.0, "staff.always.count": 4, "run.seed": 99}), 8)
    welch = 2.2 * np.sqrt(a.var() / 8 + independent["service_level"].var() / 8)  # t(~14 df) = 2.14
    assert sl["half_width"] < welch / 2
    assert paired.loc["questions", "difference"] == 0 and not paired.loc["questions", "significant"]
    with pytest.raises(ValueError, match="replications = 1: must be >= 2"):
        compare_paired(small, more_staff, 1, workers=1, progress=False)


def test_paired_intervals_are_not_clipped_to_the_kpi_range():
    better = make_business(**{"run.days": 2.0, "staff.always.count": 6})
    worse = make_business(**{"run.days": 2.0, "staff.always.count": 3})
    paired = compare_paired(better, worse, 3, workers=1, progress=False, kpis=["service_level", "profit"])
    assert list(paired.index) == ["service_level", "profit"]
    assert paired.loc["service_level", "ci_low"] < paired.loc["service_level", "ci_high"] < 0  # not clipped at 0


def test_ctrl_c_keeps_what_was_saved_and_resume_finishes_the_same_table(small, tmp_path, monkeypatch, reference):
    out = tmp_path / "r.csv"
    real, calls = simlib.experiments.sweeps.run_one, []

    def interrupted_at_the_fifth_run(*args):
        calls.append(args)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(simlib.experiments.sweeps, "run_one", interrupted_at_the_fifth_run)
    with pytest.raises(SweepInterrupted) as stop:
        sweep(small, GRID, 3, out=out, workers=1, progress=False)
    assert (stop.value.saved, stop.value.total) == (4, 12)
    assert str(stop.value) == f"interrupted: 4 of 12 runs saved to {out}; run again with --resume"
    assert len(read_results(out)) == 4
    monkeypatch.setattr(simlib.experiments.sweeps, "run_one", real)
    resumed = sweep(small, GRID, 3, out=out, resume=True, workers=1, progress=False)
    assert resumed.attrs["ran"] == 8
    assert_frame_equal(resumed, reference)


def test_plot_sweep_draws_a_line_per_value_of_the_second_field(reference):
    fig = plot_sweep(summarise_sweep(reference, ["service_level", "p_abandon"]))
    gids = sorted(bars.lines[0].get_gid() for ax in fig.axes for bars in ax.containers)
    assert gids == ["sweep:p_abandon:service.discipline=fifo", "sweep:p_abandon:service.discipline=lifo",
                    "sweep:service_level:service.discipline=fifo", "sweep:service_level:service.discipline=lifo"]
    assert fig.axes[-1].get_xlabel() == "staff.always.count"
    categorical = plot_sweep(summarise_sweep(reference, ["service_level"]), x="service.discipline")
    assert [t.get_text() for t in categorical.axes[0].get_xticklabels()] == ["fifo", "lifo"]


def test_the_python_examples_in_the_experiments_guide_run(tmp_path, monkeypatch):
    """Blocks fenced ```python run in order, in one namespace; ```py blocks need a cluster and are shown only."""
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "scenarios").symlink_to(root / "scenarios")
    monkeypatch.chdir(tmp_path)
    examples = re.findall(r"```python\n(.*?)```", (root / "docs" / "experiments.md").read_text(), re.S)
    namespace: dict = {}
    for example in examples:
        exec(example, namespace)
    assert len(examples) == 6
    assert namespace["search"].plan == {"always": 4}
    assert namespace["hourly"].plan == {"always": 6} and namespace["hourly"].checks["met"].all()
    assert (tmp_path / "results" / "erlang_hours.png").is_file()
    assert namespace["paired"].loc["service_level", "difference"] == pytest.approx(0.1724, abs=1e-4)
    assert (tmp_path / "results" / "erlang_plan.png").is_file()
