"""The command line: tables, JSON, records, overrides, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from simlib import load_scenario, replicate, summarise
from simlib.analysis.queueing import queue_figures
from simlib.cli import main

ROOT = Path(__file__).resolve().parents[2]
ERLANG_A = str(ROOT / "scenarios" / "erlang_a.toml")
SHORT = ["--days", "3", "--set", "run.warmup_days=0.5"]


def run_json(capsys, *args: str) -> dict:
    assert main(["run", "--scenario", ERLANG_A, *SHORT, "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_run_json_has_the_kpis_of_the_library(capsys):
    out = run_json(capsys)
    for key in ("questions", "p_wait", "mean_wait_minutes", "p_abandon", "service_level", "utilisation"):
        assert key in out
    scenario = load_scenario(ERLANG_A, {"run.days": 3.0, "run.warmup_days": 0.5})
    expected = replicate(scenario, 1).iloc[0]
    assert out["p_abandon"] == pytest.approx(expected["p_abandon"], rel=1e-12)
    assert out["replications"] == 1 and "ci95" not in out


def test_run_with_replications_reports_mean_and_95_percent_interval(capsys):
    out = run_json(capsys, "--replications", "4", "--seed", "5")
    scenario = load_scenario(ERLANG_A, {"run.days": 3.0, "run.warmup_days": 0.5, "run.seed": 5})
    summary = summarise(replicate(scenario, 4))
    assert out["seed"] == 5 and out["replications"] == 4
    assert out["service_level"] == pytest.approx(summary.loc["service_level", "mean"])
    low, high = out["ci95"]["service_level"]
    assert low == pytest.approx(summary.loc["service_level", "ci_low"]) and low < out["service_level"] < high


def test_set_overrides_change_the_run(capsys):
    base = run_json(capsys)
    more_staff = run_json(capsys, "--set", "staff.always.count=6")
    assert more_staff["questions"] == base["questions"]  # same customers (common random numbers)
    assert more_staff["p_abandon"] < base["p_abandon"]


def test_run_table_lists_every_kpi_with_its_meaning(capsys):
    assert main(["run", "--scenario", ERLANG_A, *SHORT, "--replications", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Erlang A check: 3 days, seed 1, 2 replications (mean and 95% CI)")
    assert "service_level" in out and "share whose reply started within the target" in out


def test_records_csv_opens_in_pandas(capsys, tmp_path):
    path = tmp_path / "records.csv"
    run_json(capsys, "--records", str(path), "--replications", "2")
    records = pd.read_csv(path)
    assert set(records["replication"]) == {0, 1}
    assert {"id", "channel", "arrival", "reply_start", "wait", "abandoned", "handler"} <= set(records.columns)


def test_erlang_json_matches_the_queueing_module(capsys):
    args = ["erlang", "--arrivals-per-hour", "30", "--handle-minutes", "6", "--agents", "3",
            "--patience-minutes", "10", "--target-minutes", "5", "--json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    expected = queue_figures(30, 6, 3, 10, 5)
    for key in ("p_wait", "mean_wait_minutes", "p_abandon", "service_level", "occupancy"):
        assert out[key] == pytest.approx(getattr(expected, key))


def test_erlang_table_without_patience_is_erlang_c(capsys):
    assert main(["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "3", "--agents", "14",
                 "--target-minutes", "0.3333333"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Erlang C (M/M/c): offered load 10 Erlangs on 14 agents")
    assert "17.4%" in out  # P(wait) of the published pyworkforce example


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "--scenario", ERLANG_A, "--set", "staff.always.count=-1"],
         "simlib run: error: staff.always.count = -1: Input should be greater than or equal to 0"),
        (["run", "--scenario", ERLANG_A, "--days", "-2"],
         "simlib run: error: run.days = -2.0: Input should be greater than 0"),
        (["run", "--scenario", ERLANG_A, "--set", "staff.always.cuont=2"],
         "simlib run: error: staff.always: unknown field 'cuont' (allowed: count, start_hour, end_hour, days)"),
        (["run", "--scenario", "missing.toml"], "simlib run: error: scenario 'missing.toml': no such file or preset (presets: "),
        (["erlang", "--arrivals-per-hour", "-5", "--handle-minutes", "3", "--agents", "2"],
         "simlib erlang: error: arrivals_per_hour = -5.0"),
    ],
)
def test_bad_input_prints_one_line_and_exits_2_without_traceback(args, message):
    done = subprocess.run([sys.executable, "-m", "simlib", *args], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(message)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_the_installed_command_runs():
    done = subprocess.run([Path(sys.executable).with_name("simlib"), "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "run" in done.stdout and "erlang" in done.stdout
