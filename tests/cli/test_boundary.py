"""The command-line boundary (issue 16, A C D F J): every error is one line naming the file, field or
option, output paths are checked before anything is simulated, and replications keep only KPIs."""

from __future__ import annotations

import json
import os
import sys
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

from simlib.cli import main
from simlib.cli.common import neutralise

SHOP = "shop_weekdays"
QUICK = ["--days", "1"]


def one_line(capsys, code: int, *args: str, status: int = 2) -> str:
    assert code == status, capsys.readouterr()
    captured = capsys.readouterr()
    err = captured.err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    line = err.rstrip("\n")
    assert line.isprintable() and len(line) <= 600, line
    return line


@pytest.mark.parametrize(("args", "expected"), [
    (["--set", "staff.weekdya.count=3"], "staff.weekdya: no such shift (shifts: weekday)"),
    (["--set", "staff.weekdya={count=3}"], "no such shift (shifts: weekday); to add one, use --add"),
    (["--add", "staff.weekday={count=3}"], "--add staff.weekday: the shift already exists"),
    (["--set", "arrivals.per_hour=true"], "arrivals.per_hour = true: Input should be a valid number"),
    (["--set", 'staff.weekday.count="3"'], "staff.weekday.count = '3'"),
    (["--set", 'run.seed=" 3 "'], "run.seed = ' 3 '"),
    (["--set", "arrivals.per_hour=1e7"], "arrivals.per_hour = 10000000.0"),
    (["--set", "arrivals.per_hour=1e308"], "arrivals.per_hour = 1e+308"),
    (["--set", "staff.weekday.days=[]"], "a shift needs at least one day"),
    (["--set", "channels.dm.handling={mean=3}"], "channels.dm.handling: missing dist"),
    (["--set", "arrivals.per_hour=" + "[" * 900 + "]" * 900], "arrivals.per_hour"),
    (["--records", ""], "--records '': give a file name"),
    (["--records", "/dev/full"], "--records /dev/full: not a regular file"),
    (["--replications", "1000000000"], "run.replications = 1000000000"),
])
def test_run_refuses_in_one_line(capsys, args, expected):
    line = one_line(capsys, main(["run", "--scenario", SHOP, *QUICK, *args]))
    assert line.startswith("simlib run: error: ") and expected in line


def test_a_newline_or_escape_in_a_name_is_escaped_not_printed(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[arrivals]\nper_hour = 1.0\n[channels."a\\nb\\u001b[31m"]\nshare = 1.0\n'
                   'handling = { dist = "exponential", mean = 5.0 }\n', encoding="utf-8")
    line = one_line(capsys, main(["run", "--scenario", str(bad)]))
    assert "\\n" in line and "\\x1b" in line and "\x1b" not in line


def test_a_huge_value_is_not_echoed_whole(capsys):
    line = one_line(capsys, main(["run", "--scenario", SHOP, "--set", "service.discipline=" + "x" * 1_000_000]))
    assert line.startswith("simlib run: error: service.discipline = 'xxx") and len(line) < 600


@pytest.mark.parametrize("make", ["missing-folder-is-made", "folder", "file-as-folder", "long-name", "fifo"])
def test_records_paths_are_checked_before_simulating(capsys, tmp_path, monkeypatch, make):
    simulated = []
    monkeypatch.setattr("simlib.cli.simulate.run_one", lambda *a, **k: simulated.append(1) or (_ for _ in ()).throw(
        AssertionError("simulated before checking the output")))
    target = {"missing-folder-is-made": tmp_path / "new" / "r.csv", "folder": tmp_path,
              "file-as-folder": tmp_path / "f.csv" / "r.csv", "long-name": tmp_path / ("x" * 300 + ".csv"),
              "fifo": tmp_path / "pipe.csv"}[make]
    if make == "file-as-folder":
        (tmp_path / "f.csv").write_text("x")
    if make == "fifo":
        os.mkfifo(target)
    code = main(["run", "--scenario", SHOP, *QUICK, "--records", str(target)])
    if make == "missing-folder-is-made":
        assert code == 1 and "AssertionError" in capsys.readouterr().err  # it got as far as simulating
        assert target.parent.is_dir() and not target.exists()
        return
    line = one_line(capsys, code)
    assert line.startswith("simlib run: error: --records ") and not simulated
    assert {"folder": "is a folder", "file-as-folder": "is a file, not a folder", "long-name": "at most 255",
            "fifo": "not a regular file"}[make] in line


def test_a_full_disk_while_writing_is_one_line_and_leaves_no_half_file(capsys, tmp_path, monkeypatch):
    out = tmp_path / "r.csv"

    def full(self, *args, **kwargs):
        raise OSError(28, "No space left on device", str(out) + ".partial")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    line = one_line(capsys, main(["run", "--scenario", SHOP, *QUICK, "--records", str(out)]))
    assert line.endswith("r.csv.partial: No space left on device")
    assert not out.exists() and not (tmp_path / "r.csv.partial").exists()


def test_records_are_written_replication_by_replication_and_neutralised(capsys, tmp_path):
    out, scenario = tmp_path / "r.csv", tmp_path / "formula.toml"
    scenario.write_text('[arrivals]\nper_hour = 5.0\n[channels."+SUM(1)"]\nshare = 1.0\n'
                        'handling = { dist = "exponential", mean = 5.0 }\n[staff."=HYPERLINK(1)"]\ncount = 1\n',
                        encoding="utf-8")
    assert main(["run", "--scenario", str(scenario), *QUICK, "--replications", "3", "--records", str(out),
                 "--json"]) == 0
    records = pd.read_csv(out)
    assert sorted(records["replication"].unique()) == [0, 1, 2]
    handlers = set(records["handler"].dropna())
    assert handlers == {"'=HYPERLINK(1)-1"} and set(records["channel"]) == {"'+SUM(1)"}
    assert not (tmp_path / "r.csv.partial").exists()


def test_neutralise():
    assert [neutralise(t) for t in ("=1+1", "+a", "-a", "@a", "\tx", "ok", "a=b")] == \
        ["'=1+1", "'+a", "'-a", "'@a", "'\tx", "ok", "a=b"]


def test_replications_without_records_keep_only_kpis(capsys):
    """Memory does not grow with the replications: 30 replications peak like 3."""
    peaks = []
    for replications in ("3", "30"):
        tracemalloc.start()
        assert main(["run", "--scenario", "erlang_a", "--days", "7", "--set", "run.warmup_days=0",
                     "--replications", replications, "--json"]) == 0
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        capsys.readouterr()
    assert peaks[1] < 2 * peaks[0], peaks  # keeping every run's records would take ten times as much


def test_figures_must_be_files_of_a_known_kind(capsys, tmp_path):
    for figure, expected in (("/dev/full", "not a regular file"), (str(tmp_path / "f.xyz"), "must end in .png"),
                             (str(tmp_path), "is a folder")):
        line = one_line(capsys, main(["compare", "luxury", SHOP, *QUICK, "--replications", "2", "--figure", figure]))
        assert line.startswith("simlib compare: error: --figure ") and expected in line


def test_compare_names_the_scenario_whose_field_is_bad(capsys):
    line = one_line(capsys, main(["compare", "luxury", SHOP, *QUICK, "--set", "staff.weekday.count=-1"]))
    assert line.startswith("simlib compare: error: luxury: staff.weekday") or \
        line.startswith("simlib compare: error: shop_weekdays: staff.weekday.count = -1")


@pytest.mark.parametrize(("args", "expected"), [
    (["--vary", "staff.weekday=1:inf"], "START, STOP and STEP must be finite"),
    (["--vary", "staff.weekday=1:1e9"], "about 1e+09 values; at most 10,000"),
    (["--vary", "staff.weekday=1:2:1e-9"], "at most 10,000"),
    (["--vary", "staff.weekday=1:2", "--replications", "1000000000"], "--replications 1000000000: must be 1 to"),
    (["--vary", "staff.weekday=1:9000", "--vary", "run.seed=1:9000"], "81,000,000 points"),
    (["--vary", "staff.weekday=1:2000", "--vary", "run.seed=1:10", "--replications", "100"], "at most 1,000,000"),
    (["--vary", "staff.weekday=1:2", "--workers", "100000"], "at most 512 local processes"),
])
def test_sweep_limits_are_checked_up_front(capsys, tmp_path, args, expected):
    line = one_line(capsys, main(["sweep", "--scenario", SHOP, *QUICK, "--out", str(tmp_path / "r.csv"), *args]))
    assert line.startswith("simlib sweep: error: ") and expected in line
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize(("out", "expected"), [(".", "is a folder"), ("x" * 300 + ".csv", "at most 255")])
def test_sweep_out_is_checked(capsys, tmp_path, out, expected):
    target = tmp_path if out == "." else tmp_path / out
    line = one_line(capsys, main(["sweep", "--scenario", SHOP, *QUICK, "--vary", "staff.weekday=1:2",
                                  "--out", str(target)]))
    assert expected in line


def test_resume_on_a_csv_without_its_header_is_one_line(capsys, tmp_path):
    out, figure = tmp_path / "r.csv", tmp_path / "f.png"
    args = ["sweep", "--scenario", SHOP, *QUICK, "--vary", "staff.weekday=1:2", "--replications", "2",
            "--workers", "1", "--out", str(out), "--figure", str(figure)]
    assert main(args) == 0
    capsys.readouterr()
    out.write_text("".join(out.read_text().splitlines(keepends=True)[1:]))
    line = one_line(capsys, main([*args, "--resume"]))
    assert "its first line is not the header of this sweep" in line


def test_optimise_refuses_a_floor_no_plan_can_reach_before_searching(capsys, tmp_path):
    line = one_line(capsys, main(["optimise", "--scenario", "luxury", *QUICK, "--service-level", "0.5",
                                  "--reputation-floor", "101", "--figure", str(tmp_path / "o.png")]))
    assert line == "simlib optimise: error: --reputation-floor 101: must be a score from 0 to 100 " \
                   "(reputation never leaves that range)"


@pytest.mark.parametrize(("args", "expected"), [
    (["--agents", "1000000000"], "--agents 1e+09: at most 100,000"),
    (["--agents", "3", "--patience-minutes", "1e300"], "--patience-minutes 1e+300: at most"),
    (["--service-level", "1.0"], "100% is not reachable"),
])
def test_erlang_limits(capsys, args, expected):
    line = one_line(capsys, main(["erlang", "--arrivals-per-hour", "200", "--handle-minutes", "3", *args]))
    assert expected in line


def test_a_bad_command_line_is_one_line_too(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["run", "--scenario", SHOP, "--days", "abc\nx"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("simlib run: error: argument --days: invalid float value")


def test_an_internal_error_is_one_line_unless_debugging(capsys, monkeypatch):
    monkeypatch.setattr("simlib.cli.simulate.run_replications", lambda *a, **k: 1 / 0)
    line = one_line(capsys, main(["run", "--scenario", SHOP, *QUICK]), status=1)
    assert line.startswith("simlib run: internal error: ZeroDivisionError: division by zero (a bug in simlib")
    monkeypatch.setenv("SIMLIB_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["run", "--scenario", SHOP, *QUICK])


def test_json_of_a_run_is_still_valid(capsys):
    assert main(["run", "--scenario", SHOP, *QUICK, "--replications", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["replications"] == 2


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_a_scenario_that_is_a_folder_or_pipe_is_named(capsys, tmp_path):
    os.mkfifo(tmp_path / "pipe.toml")
    for target, expected in ((tmp_path, "is a folder"), (tmp_path / "pipe.toml", "not a regular file")):
        line = one_line(capsys, main(["run", "--scenario", str(target)]))
        assert expected in line and str(Path(target).name) in line
