"""`simlib sweep` and `simlib optimise`: tables, figures, one-line errors, and sweeps that survive a kill."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from simlib import load_preset, load_scenario
from simlib.analysis.forecast import forecast_questions
from simlib.analysis.queueing import agents_needed
from simlib.cli import main
from simlib.experiments.results_file import read_results
from simlib.experiments.sweeps import summarise_sweep, sweep

ROOT = Path(__file__).resolve().parents[2]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# The M/M/3+M test queue of conftest, one day long: about 30 ms a run.
SMALL_TOML = """
name = "test queue"
[arrivals]
per_hour = 30.0
[channels.dm]
share = 1.0
handling = { dist = "exponential", mean = 6.0 }
patience = { dist = "exponential", mean = 10.0 }
[staff.always]
count = 3
[service]
discipline = "fifo"
abandonment = "leaves"
target_minutes = 5.0
[run]
days = 1.0
seed = 7
"""


@pytest.fixture
def small(tmp_path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL_TOML, encoding="utf-8")
    return path


def sweep_args(scenario: Path, out: Path, *extra: str) -> list[str]:
    return ["sweep", "--scenario", str(scenario), "--vary", "staff.always=2:4", "--vary",
            "service.discipline=fifo,lifo", "--out", str(out), "--figure", str(out.with_suffix(".png")), *extra]


def test_sweep_prints_mean_and_interval_per_point_and_saves_results_and_figure(small, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert main(sweep_args(small, out, "--replications", "3", "--workers", "2")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("test queue: 6 points x 3 replications = 18 runs, 1 days, seed 7, mean and 95% CI, "
                        "same customers at every point")
    assert lines[1] == f"ran 18 runs (0 were already in {out})"
    assert lines[2].split() == ["staff.always.count", "service.discipline", "service_level",
                                "median_first_response_minutes", "p_abandon"]
    expected = sweep(load_scenario(small), {"staff.always": [2, 3, 4], "service.discipline": ["fifo", "lifo"]},
                     3, workers=1, progress=False)
    assert_frame_equal(read_results(out), expected)
    first = summarise_sweep(expected, ["service_level"]).iloc[0]
    assert lines[3].split()[:3] == ["2", "fifo", f"{100 * first['mean']:.1f}%"]
    assert lines[3].split()[3:5] == [f"[{100 * first['ci_low']:.1f}%,", f"{100 * first['ci_high']:.1f}%]"]
    assert [line.split()[:2] for line in lines[3:9]] == [[n, d] for n in "234" for d in ("fifo", "lifo")]
    assert lines[-2:] == [f"results: {out}", f"figure: {out.with_suffix('.png')}"]
    assert out.with_suffix(".png").read_bytes()[:8] == PNG_MAGIC


def test_sweep_kpis_can_be_chosen(small, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert main(sweep_args(small, out, "--replications", "2", "--workers", "1", "--kpi", "utilisation")) == 0
    assert capsys.readouterr().out.splitlines()[2].split() == ["staff.always.count", "service.discipline", "utilisation"]


@pytest.mark.parametrize("extra, message", [
    (["--vary", "staff.always=4:2"], "--vary staff.always=4:2: expected START:STOP[:STEP] with numbers"),
    (["--vary", "staff.nigth=1,2"], "--vary staff.nigth: no such field (staff has: always)"),
    (["--vary", "staff.always=-1,2"], "grid point staff.always.count=-1, service.discipline=fifo: "
                                      "staff.always.count = -1: Input should be greater than or equal to 0"),
    (["--kpi", "profit"], "--kpi profit: not a KPI of this scenario"),
    (["--workers", "0"], "workers = 0: must be >= 1"),
    (["--set", "run.days=0"], "run.days = 0: Input should be greater than 0"),
])
def test_sweep_mistakes_are_one_line_and_exit_2(small, tmp_path, capsys, extra, message):
    out = tmp_path / "r.csv"
    args = sweep_args(small, out, "--replications", "2", "--workers", "1")
    if extra[0] == "--vary":
        args[3:7] = extra + args[5:7]  # replace the first --vary
    else:
        args += extra
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("simlib sweep: error: ") and message in err and err.count("\n") == 1
    assert not out.exists()


def test_an_existing_results_file_needs_resume(small, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert main(sweep_args(small, out, "--replications", "2", "--workers", "1")) == 0
    assert main(sweep_args(small, out, "--replications", "2", "--workers", "1")) == 2
    assert "already has results: resume it (--resume, resume=True)" in capsys.readouterr().err
    assert main(sweep_args(small, out, "--replications", "3", "--workers", "1", "--resume")) == 0
    assert f"ran 6 runs (12 were already in {out})" in capsys.readouterr().out


def _start(small: Path, out: Path, *extra: str) -> subprocess.Popen:
    args = [sys.executable, "-m", "simlib", *sweep_args(small, out, "--replications", "6", *extra)]
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stop_after(process: subprocess.Popen, out: Path, rows: int, how: signal.Signals) -> str:
    """Send ``how`` once ``out`` has more than ``rows`` runs; return what the sweep printed on stderr."""
    deadline = time.monotonic() + 60
    while not (out.is_file() and out.read_bytes().count(b"\n") > rows + 1):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the sweep wrote nothing in 60 s"
        time.sleep(0.005)
    process.send_signal(how)
    return process.communicate(timeout=60)[1]


def test_a_killed_then_interrupted_sweep_resumes_to_the_table_of_an_uninterrupted_one(small, tmp_path, capsys):
    out = tmp_path / "r.csv"
    _stop_after(_start(small, out, "--workers", "1"), out, 3, signal.SIGKILL)  # no goodbye, maybe half a row
    killed = len(read_results(out))
    assert 3 <= killed < 36
    resumed = _start(small, out, "--workers", "2", "--resume")
    err = _stop_after(resumed, out, killed + 3, signal.SIGINT)  # Ctrl-C: cancel, keep what is written
    saved = len(read_results(out))
    assert resumed.returncode == 130 and killed + 3 <= saved < 36
    assert err.splitlines()[-1] == f"interrupted: {saved} of 36 runs saved to {out}; run again with --resume"
    assert main(sweep_args(small, out, "--replications", "6", "--workers", "2", "--resume")) == 0
    assert f"ran {36 - saved} runs ({saved} were already in {out})" in capsys.readouterr().out
    expected = sweep(load_scenario(small), {"staff.always": [2, 3, 4], "service.discipline": ["fifo", "lifo"]},
                     6, workers=1, progress=False)
    assert_frame_equal(read_results(out), expected)


def test_optimise_prints_requirements_starts_and_the_chosen_plan_against_each_target(small, tmp_path, capsys):
    figure, evaluated = tmp_path / "o.png", tmp_path / "plans.csv"
    assert main(["optimise", "--scenario", str(small), "--service-level", "0.8", "--replications", "3",
                 "--workers", "1", "--out", str(evaluated), "--figure", str(figure)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("test queue: the cheapest plan meeting every target (3 replications of 1 days, seed 7; "
                        "the same customers for every plan)")
    needed = agents_needed(30, 6, 5, 0.8, 10)
    assert lines[1] == (f"requirements (Erlang A, 30-minute intervals): {needed} to {needed} people on duty, "
                        "most at Mon 00:00-00:30")
    assert lines[2].startswith(f"integer program (HiGHS): always={needed}, cost {24 * needed} hours")
    assert lines[3].startswith("start, today: always=3, cost 72 hours, misses a target")
    assert lines[4].startswith(f"start, integer program: always={needed}, cost {24 * needed} hours")
    plans = pd.read_csv(evaluated)
    chosen = plans[plans["chosen"]].iloc[0]
    assert lines[5].startswith(f"searched {len(plans)} plans ({3 * len(plans)} runs) in ")
    assert lines[6] == f"chosen: always={chosen['always']}, planned cost {chosen['planned_cost']:,.0f} hours"
    assert lines[7].split() == ["target", "run", "mean", "worst", "interval", "slack"]
    assert lines[8].startswith("  80.0% within 5 min in every interval")
    worst = chosen["80.0% within 5 min in every interval"]
    assert f"{worst:.1%} (" in lines[8] and worst >= 0.8 and chosen["meets_targets"]
    fewer = plans[plans["always"] == chosen["always"] - 1].iloc[0]
    assert not fewer["meets_targets"]
    assert any(line.split()[0] == "service_level" for line in lines[9:])
    intervals = figure.with_name("o_intervals.png")
    assert lines[-2:] == [f"figure: {figure}", f"figure: {intervals}"]
    assert figure.read_bytes()[:8] == PNG_MAGIC == intervals.read_bytes()[:8]


def test_optimise_judges_the_mean_or_per_channel_targets_when_asked(small, tmp_path, capsys):
    base = ["optimise", "--scenario", str(small), "--replications", "2", "--workers", "1",
            "--figure", str(tmp_path / "o.png")]
    assert main([*base, "--service-level", "0.8", "--judge", "mean", "--interval", "60"]) == 0
    mean = capsys.readouterr().out
    assert "80.0% within 5 min on the run's mean" in mean and "60-minute intervals" in mean
    assert main([*base, "--target", "dm:0.5@1", "--target", "0.9@20"]) == 0
    out = capsys.readouterr().out
    assert "dm: 50.0% within 1 min in every interval" in out and "90.0% within 20 min in every interval" in out


def test_optimise_for_profit_on_a_preset(tmp_path, capsys):
    assert main(["optimise", "--scenario", "luxury", "--profit", "--days", "2", "--replications", "2",
                 "--workers", "2", "--figure", str(tmp_path / "p.png")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Jeweller, luxury: the most profitable plan (means of 2 replications, 2 days, seed 1)\n"
                          "planning at a fixed forecast of ")
    assert "profit" in out and "USD" in out


def test_sweeps_plan_for_a_fixed_forecast_unless_asked_and_then_say_how_far_the_volume_moved(tmp_path, capsys):
    arguments = ["sweep", "--scenario", "high_volume", "--vary", "staff.late=1,4", "--days", "3", "--workers", "1",
                 "--replications", "2", "--kpi", "questions"]
    forecast = forecast_questions(load_preset("high_volume", {"run.days": 3}))
    assert main([*arguments, "--out", str(tmp_path / "fixed.csv"), "--figure", str(tmp_path / "f.png")]) == 0
    fixed = capsys.readouterr().out.splitlines()
    assert fixed[2] == (f"planning at a fixed forecast of {forecast:,.0f} questions a run: reputation feedback off "
                        "(--feedback lets reputation move the volume)")
    table = read_results(tmp_path / "fixed.csv")
    assert table.groupby("replication")["questions"].nunique().eq(1).all()  # same customers whatever the staffing
    assert main([*arguments, "--out", str(tmp_path / "moving.csv"), "--figure", str(tmp_path / "m.png"),
                 "--feedback"]) == 0
    moving = read_results(tmp_path / "moving.csv").groupby("point")["questions"].mean()
    low, high = (f"{q / forecast - 1:+.0%}" for q in (moving.min(), moving.max()))
    assert capsys.readouterr().out.splitlines()[2] == (
        f"WARNING: reputation feedback is on: the volume moved {low} to {high} from the forecast of {forecast:,.0f} "
        "questions a run (mean questions per run, per point); leave out --feedback to plan for the forecast")


def test_run_replications_in_the_file_is_honoured(small, tmp_path, capsys):
    three = tmp_path / "three.toml"
    three.write_text(small.read_text(encoding="utf-8").replace("seed = 7", "seed = 7\nreplications = 3"))
    assert main(["sweep", "--scenario", str(three), "--vary", "staff.always=3", "--workers", "1",
                 "--out", str(tmp_path / "r.csv"), "--figure", str(tmp_path / "r.png")]) == 0
    assert "1 points x 3 replications = 3 runs" in capsys.readouterr().out
    assert main(["optimise", "--scenario", str(three), "--service-level", "0.5", "--judge", "mean", "--workers", "1",
                 "--out", str(tmp_path / "plans.csv"), "--figure", str(tmp_path / "o.png")]) == 0
    assert "(3 replications of 1 days, seed 7;" in capsys.readouterr().out
    assert len(read_results(tmp_path / "r.csv")) == 3


@pytest.mark.parametrize("args, message", [
    (["--profit"], "best_profit_plan needs a [business] section"),
    (["--profit", "--reputation-floor", "50"], "--reputation-floor goes with --service-level or --target, not --profit"),
    (["--service-level", "0.99", "--max-count", "2"],
     "no plan up to 2 per shift meets 99.0% within 5 min in every interval (judged on 2 replications; the closest, always=2, reaches"),
    (["--service-level", "0.8", "--shifts", "night"], "staff.night: no such shift (shifts: always)"),
    (["--target", "sms:0.8"], "target channel 'sms': no such channel (channels: dm)"),
    (["--target", "dm:high"], "--target: target 'dm:high': expected [CHANNEL:]SHARE[@MINUTES], e.g. dm:0.8@60"),
    (["--service-level", "1.2"], "target at_least = 1.2: must be a share between 0 and 1"),
    (["--service-level", "0.8", "--shrinkage", "1"], "shrinkage = 1.0: must be a share in [0, 1)"),
])
def test_optimise_mistakes_are_one_line_and_exit_2(small, tmp_path, capsys, args, message):
    assert main(["optimise", "--scenario", str(small), "--replications", "2", "--workers", "1",
                 "--figure", str(tmp_path / "o.png"), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("simlib optimise: error: ") and message in err and err.count("\n") == 1
