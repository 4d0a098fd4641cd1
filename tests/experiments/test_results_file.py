"""Results files: a row per run as it finishes, exact floats, a sidecar, resume, and nothing overwritten."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from conftest import make_scenario
from pandas.testing import assert_frame_equal

from simlib.experiments.results_file import (
    fingerprint,
    log_path,
    meta_path,
    read_meta,
    read_results,
)
from simlib.experiments.sweeps import sweep

GRID = {"staff.always": [2, 3]}


@pytest.fixture(scope="module")
def small():
    return make_scenario(**{"run.days": 1.0})


@pytest.fixture(scope="module")
def memory(small) -> pd.DataFrame:
    """The sweep kept in memory, as the reference."""
    return sweep(small, GRID, 3, workers=1, progress=False)


@pytest.fixture
def written(small, tmp_path):
    out = tmp_path / "r.csv"
    return out, sweep(small, GRID, 3, out=out, workers=1, progress=False)


def test_the_file_holds_exactly_the_table_in_memory(written, memory, small):
    out, table = written
    assert_frame_equal(table, memory)  # floats survive the CSV bit for bit
    assert_frame_equal(read_results(out), memory)
    assert out.read_text().splitlines()[0].startswith("point,staff.always.count,replication,seed,questions,")
    meta = read_meta(out)
    assert meta["fingerprint"] == fingerprint(small) and meta["grid"] == [["staff.always.count", [2, 3]]]
    assert (meta["seed"], meta["replications"], meta["columns"]) == (7, 3, list(memory.columns))


def test_a_truncated_last_line_is_dropped_and_run_again(written, memory, small, tmp_path):
    out, _ = written
    crashed = tmp_path / "crashed.csv"
    lines = out.read_bytes().splitlines(keepends=True)
    crashed.write_bytes(b"".join(lines[:4]) + lines[4][:25])  # 3 runs, then half a row: a crash mid-write
    shutil.copy(meta_path(out), meta_path(crashed))
    assert len(read_results(crashed)) == 3
    resumed = sweep(small, GRID, 3, out=crashed, resume=True, workers=1, progress=False)
    assert resumed.attrs["ran"] == 3
    assert_frame_equal(resumed, memory)
    assert crashed.read_bytes().count(b"\n") == 7  # header and six complete rows, no debris


def test_a_file_that_only_has_half_a_header_starts_again(small, tmp_path, memory):
    out = tmp_path / "r.csv"
    out.write_text("point,staff.alw")
    sweep(small, GRID, 1, out=tmp_path / "other.csv", workers=1, progress=False)
    shutil.copy(meta_path(tmp_path / "other.csv"), meta_path(out))
    assert_frame_equal(sweep(small, GRID, 3, out=out, resume=True, workers=1, progress=False), memory)


def test_an_existing_file_is_never_overwritten(written, small):
    out, _ = written
    before = out.read_bytes()
    with pytest.raises(ValueError, match="r.csv already has results: resume it .--resume, resume=True. or choose "
                                         "another output file; nothing is overwritten"):
        sweep(small, GRID, 3, out=out, workers=1, progress=False)
    assert out.read_bytes() == before


@pytest.mark.parametrize("changes, grid, replications, message", [
    ({"run.seed": 8}, GRID, 3, r"written by a different sweep \(the scenario differs: fingerprint \w{12} there, "
                               r"fingerprint \w{12} now\); use another output file or delete it"),
    ({}, {"staff.always": [2, 4]}, 3, r"\(the grid differs: staff.always.count=\[2, 3\] there, "
                                      r"staff.always.count=\[2, 4\] now\)"),
    ({}, GRID, 2, "holds 3 replications per point: ask for at least as many"),
])
def test_resume_refuses_a_different_sweep(written, changes, grid, replications, message):
    out, _ = written
    scenario = make_scenario(**{"run.days": 1.0, **changes})
    with pytest.raises(ValueError, match=message):
        sweep(scenario, grid, replications, out=out, resume=True, workers=1, progress=False)


def test_resume_without_a_sidecar_is_refused(written, small):
    out, _ = written
    meta_path(out).unlink()
    with pytest.raises(ValueError, match="has no r.csv.meta.json, so it was not written by a sweep"):
        sweep(small, GRID, 3, out=out, resume=True, workers=1, progress=False)


def test_more_replications_extend_a_finished_sweep(written, small):
    out, _ = written
    extended = sweep(small, GRID, 5, out=out, resume=True, workers=1, progress=False)
    assert extended.attrs["ran"] == 4 and read_meta(out)["replications"] == 5
    assert_frame_equal(extended, sweep(small, GRID, 5, workers=1, progress=False))


def test_parquet_output_streams_to_a_csv_log_and_matches(small, tmp_path, memory):
    out = tmp_path / "r.parquet"
    table = sweep(small, GRID, 3, out=out, workers=1, progress=False)
    assert log_path(out) == tmp_path / "r.parquet.csv" and log_path(out).is_file()
    assert_frame_equal(pd.read_parquet(out), memory)
    assert_frame_equal(read_results(out), memory)
    assert_frame_equal(table, memory)
    assert json.loads(meta_path(out).read_text())["replications"] == 3
    out.unlink()  # an unfinished Parquet sweep: the log is read instead
    assert_frame_equal(read_results(out), memory)
