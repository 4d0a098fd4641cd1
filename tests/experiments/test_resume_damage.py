"""--resume on damaged results files (issue 16, G): every kind of damage either resumes to the
uninterrupted table, with the bad rows set aside and a warning, or is refused with a reason."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import make_scenario
from pandas.testing import assert_frame_equal

from simlib.cli import main
from simlib.experiments.results_file import (
    ResultsFile,
    ResultsFileBusy,
    ResumeWarning,
    meta_path,
    read_meta,
    read_results,
)
from simlib.experiments.sweeps import summarise_sweep, sweep

GRID = {"staff.always": [2, 3]}
REPLICATIONS = 3


@pytest.fixture(scope="module")
def small():
    return make_scenario(**{"run.days": 1.0})


@pytest.fixture(scope="module")
def reference(small) -> pd.DataFrame:
    """The sweep run once, uninterrupted, in memory."""
    return sweep(small, GRID, REPLICATIONS, workers=1, progress=False)


@pytest.fixture(scope="module")
def finished(small, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("finished") / "r.csv"
    sweep(small, GRID, REPLICATIONS, out=out, workers=1, progress=False)
    return out


def damaged(finished: Path, tmp_path: Path, change) -> Path:
    """A copy of the finished results file (and its sidecar) with ``change(lines)`` applied to its lines."""
    out = tmp_path / "r.csv"
    lines = finished.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(change(lines)))
    shutil.copy(meta_path(finished), meta_path(out))
    return out


def resume(small, out: Path) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = sweep(small, GRID, REPLICATIONS, out=out, resume=True, workers=1, progress=False)
    return table, [str(w.message) for w in caught if issubclass(w.category, ResumeWarning)]


ROW = 3  # a data line: header, then rows of (point, replication) in completion order

RECOVERABLE = {
    # name: (damage, runs to redo, a word of the warning or None for no warning)
    "half a last line (killed mid-write)": (lambda ls: [*ls[:-1], ls[-1][:20]], 1, None),
    "a junk line": (lambda ls: [*ls[:ROW], b"garbage, not a row at all\n", *ls[ROW:]], 0, "columns"),
    "a short line 1,2,3": (lambda ls: [*ls[:ROW], b"1,2,3\n", *ls[ROW:]], 0, "3 columns"),
    "a row twice (two sweeps)": (lambda ls: [*ls, ls[ROW]], 0, "already on line"),
    "every row twice": (lambda ls: [*ls, *ls[1:]], 0, "already on line"),
    "a point outside the grid": (lambda ls: [*ls, b"9" + ls[ROW][1:]], 0, "not a point of the grid"),
    "a replication out of range": (lambda ls: [*ls, _set(ls[ROW], 2, b"7")], 0, "is not 0 to 2"),
    "a replication that is not a number": (lambda ls: [*ls, _set(ls[ROW], 2, b"1.5")], 0, "is not 0 to 2"),
    "a row with another point's values": (lambda ls: [*ls[:ROW], _swap_count(ls[ROW]), *ls[ROW + 1:]], 1,
                                          "is not point"),
    "a row with another seed": (lambda ls: [*ls[:ROW], _set(ls[ROW], 3, b"8"), *ls[ROW + 1:]], 1, "seed"),
    "text in a KPI": (lambda ls: [*ls[:ROW], _set(ls[ROW], 4, b"abc"), *ls[ROW + 1:]], 1, "is not a number"),
    "a share above 100%": (lambda ls: [*ls[:ROW], _set(ls[ROW], 6, b"1.5"), *ls[ROW + 1:]], 1, "outside"),
    "an infinite KPI": (lambda ls: [*ls[:ROW], _set(ls[ROW], 9, b"inf"), *ls[ROW + 1:]], 1, "outside"),
    "questions missing": (lambda ls: [*ls[:ROW], _set(ls[ROW], 4, b""), *ls[ROW + 1:]], 1, "questions"),
    "bytes that are not UTF-8": (lambda ls: [*ls[:ROW], b"\xff\xfe\x00junk\n", *ls[ROW:]], 0, "columns"),
    "a row lost": (lambda ls: [*ls[:ROW], *ls[ROW + 1:]], 1, None),
    "only the header": (lambda ls: ls[:1], 6, None),
    "empty": (lambda ls: [], 6, None),
    "half a header": (lambda ls: [ls[0][:15]], 6, None),
}


def _swap_count(line: bytes) -> bytes:
    """The row with its staff.always.count changed (2 <-> 3), so it no longer matches its point."""
    cells = line.split(b",")
    cells[1] = b"3" if cells[1] == b"2" else b"2"
    return b",".join(cells)


def _set(line: bytes, column: int, value: bytes) -> bytes:
    """The row with cell ``column`` replaced by ``value`` (0 point, 1 staff.always.count, 2 replication,
    3 seed, 4 questions, 5 answered_share, 6 p_abandon...)."""
    cells = line.rstrip(b"\n").split(b",")
    cells[column] = value
    return b",".join(cells) + b"\n"


@pytest.mark.parametrize("name", list(RECOVERABLE))
def test_damage_resumes_to_the_uninterrupted_table(name, small, reference, finished, tmp_path):
    damage, redo, warned = RECOVERABLE[name]
    out = damaged(finished, tmp_path, damage)
    table, said = resume(small, out)
    assert_frame_equal(table, reference)
    assert table.attrs["ran"] == redo
    assert_frame_equal(read_results(out), reference)  # the file itself is clean again
    assert_frame_equal(summarise_sweep(table), summarise_sweep(reference))  # nothing averaged twice
    if warned is None:
        assert not said
    else:
        assert len(said) == 1 and warned in said[0] and "set aside" in said[0]
        assert (out.parent / "r.csv.rejected.csv").is_file()
    assert resume(small, out)[0].attrs["ran"] == 0  # and a second resume has nothing left to do


def test_a_set_aside_row_keeps_its_reason(small, finished, tmp_path):
    out = damaged(finished, tmp_path, lambda ls: [*ls[:ROW], b"1,2,3\n", *ls[ROW:]])
    resume(small, out)
    rejected = pd.read_csv(out.parent / "r.csv.rejected.csv")
    assert rejected.loc[0, "line"] == ROW + 1 and rejected.loc[0, "reason"] == "3 columns, not 17"


REFUSED = {
    "no header": (lambda ls: ls[1:], "its first line is not the header of this sweep"),
    "another header": (lambda ls: [ls[0].replace(b"questions", b"questionz"), *ls[1:]],
                       "its first line is not the header"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_file_without_its_header_is_refused(name, small, finished, tmp_path):
    damage, message = REFUSED[name]
    out = damaged(finished, tmp_path, damage)
    before = out.read_bytes()
    with pytest.raises(ValueError, match=message):
        resume(small, out)
    assert out.read_bytes() == before  # refused: nothing touched


def test_a_damaged_or_missing_sidecar_is_refused(small, finished, tmp_path):
    out = damaged(finished, tmp_path, lambda ls: ls)
    meta_path(out).write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"r\.csv\.meta\.json is damaged"):
        resume(small, out)
    meta_path(out).unlink()
    with pytest.raises(ValueError, match=r"has no r\.csv\.meta\.json"):
        resume(small, out)


def test_a_second_sweep_on_the_same_file_is_refused_while_the_first_writes(small, finished, tmp_path, reference):
    out = damaged(finished, tmp_path, lambda ls: ls[:ROW])
    columns = read_meta(out)["columns"]
    meta = {k: v for k, v in read_meta(out).items() if k != "columns"}
    with ResultsFile(out, meta, columns, resume=True):  # the first sweep, still writing
        with pytest.raises(ResultsFileBusy, match=r"r\.csv is being written by another sweep right now \(process"):
            sweep(small, GRID, REPLICATIONS, out=out, resume=True, workers=1, progress=False)
    assert_frame_equal(resume(small, out)[0], reference)  # the lock is gone with the first


def test_two_sweeps_one_after_the_other_add_nothing(small, finished, tmp_path, reference):
    out = damaged(finished, tmp_path, lambda ls: ls)
    for _ in range(2):
        table, said = resume(small, out)
        assert table.attrs["ran"] == 0 and not said
    assert len(out.read_bytes().splitlines()) == 1 + len(reference)


def test_the_command_line_warns_in_one_line_and_finishes(finished, tmp_path, capsys):
    out = damaged(finished, tmp_path, lambda ls: [*ls[:ROW], b"1,2,3\n", *ls[ROW:]])
    scenario = tmp_path / "s.toml"
    scenario.write_text(_toml(), encoding="utf-8")
    shutil.copy(meta_path(finished), meta_path(out))
    code = main(["sweep", "--scenario", str(scenario), "--vary", "staff.always=2,3", "--replications", "3",
                 "--workers", "1", "--out", str(out), "--figure", str(tmp_path / "f.png"), "--resume"])
    err = capsys.readouterr().err
    assert code == 0, err
    warning = [line for line in err.splitlines() if "warning" in line]
    assert len(warning) == 1 and warning[0].startswith("simlib sweep: warning: ") and "set aside" in warning[0]


def _toml() -> str:
    return """name = "test queue"
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
