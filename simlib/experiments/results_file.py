"""A sweep's results file: one CSV row per finished run, written as it finishes, resumable.

Files for ``--out results.csv``:

- ``results.csv``: columns ``point``, the varied fields, ``replication``,
  ``seed``, then the KPIs; one row per run, appended and flushed the moment
  the run finishes, in completion order (read it with :func:`read_results`,
  which sorts it).
- ``results.csv.meta.json``: what made the file (the base scenario's
  fingerprint, the grid, the seed, the replications and the columns), so that
  ``--resume`` refuses to mix two different sweeps.

With ``--out results.parquet`` the runs stream into ``results.parquet.csv``
(the log that ``--resume`` reads) and ``results.parquet`` is written from it
when the sweep completes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from simlib.analysis.registry import KPI_BOUNDS
from simlib.model.scenario import Scenario

KEY = ["point", "replication"]
"""Columns that identify a run: its grid point (from 0, in grid order) and its replication."""

_EXACT = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}


def fingerprint(scenario: Scenario) -> str:
    """SHA-256 of a scenario's full content (any change to any field changes it)."""
    text = json.dumps(scenario.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def log_path(out: str | Path) -> Path:
    """The CSV the runs are appended to: ``out`` itself, or ``out + ".csv"`` for Parquet."""
    out = Path(out)
    return out.with_name(out.name + ".csv") if out.suffix == ".parquet" else out


def meta_path(out: str | Path) -> Path:
    """The JSON sidecar describing the sweep behind ``out``."""
    out = Path(out)
    return out.with_name(out.name + ".meta.json")


def read_meta(out: str | Path) -> dict[str, Any]:
    """The sidecar of a results file, as written by :class:`ResultsFile`."""
    return json.loads(meta_path(out).read_text(encoding="utf-8"))


def read_results(out: str | Path) -> pd.DataFrame:
    """A sweep's table, one row per run, sorted by point then replication.

    Reads ``out`` (CSV or Parquet). A Parquet file holds the last completed
    sweep; before there is one, the CSV log next to it is read. Floats are
    exact (written with their shortest round-trip representation). An
    incomplete last line (a crash in mid-write) is ignored, and so is a row
    whose point or replication is not a whole number; a run that is in the
    file twice counts once (its first row), so no summary averages a duplicate.
    """
    out = Path(out)
    if out.suffix == ".parquet" and out.is_file():
        table = pd.read_parquet(out)
    else:
        data = log_path(out).read_bytes()
        table = pd.read_csv(io.BytesIO(data[: data.rfind(b"\n") + 1]), **_EXACT)
    for column in KEY:
        if table[column].dtype.kind not in "iu":
            number = pd.to_numeric(table[column], errors="coerce")
            table = table[number.notna() & (number == number.round())].copy()
            table[column] = number[table.index].astype("int64")
    table = table.drop_duplicates(KEY, keep="first")
    return table.sort_values(KEY, kind="stable", ignore_index=True)


_RANGES = {kpi: bounds for kpi, bounds in KPI_BOUNDS.items() if math.isfinite(bounds[1])}
_RANGES["questions"] = (0.0, math.inf)
"""Where a KPI in a results file must lie: shares and scores within their range, questions at least 0
(a money figure such as revenue_lost may be negative when ignoring pays, so only finiteness is checked)."""


class ResumeWarning(UserWarning):
    """Rows of a results file that were set aside on ``--resume`` (damaged, duplicated or not of this sweep)."""


class ResultsFileBusy(ValueError):
    """Another process is writing the results file (it holds the lock)."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula in a CSV cell."""


def cell_text(value: Any) -> str:
    """A value as the results file holds it: numbers as Python writes them, text with a leading ``'``
    when a spreadsheet would run it as a formula (``=HYPERLINK(...)``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


class ResultsFile:
    """Append-only storage of a sweep's runs, with a sidecar that makes it resumable.

    Parameters
    ----------
    out
        ``.csv`` (or any other name) for CSV, ``.parquet`` for Parquet.
    meta
        What defines the sweep: must hold ``fingerprint``, ``grid`` and
        ``replications``; any other JSON-friendly entries are kept for the
        reader. A resumed file must have the same fingerprint, grid and
        columns, and at most as many replications (more extend the sweep).
    columns
        Every column, in file order: ``point``, the varied fields,
        ``replication``, ``seed``, then the KPIs.
    resume
        False: an existing results file is an error (nothing is overwritten).
        True: keep its runs and append the missing ones.
    points
        Per point (in grid order), the cells that identify it: each varied
        field's value and the ``seed``. With it, a resumed row must match its
        point exactly.

    While the file is open it is locked (an operating-system lock on
    ``out + ".lock"``, released even if the process is killed), so a second
    sweep on the same file is refused instead of writing duplicate rows.

    On resume every row is checked: the number of columns, whole numbers for
    the point and replication, a point of the grid with its own field values
    and seed, a replication in range, KPIs that are numbers within their
    range (NaN where a KPI can be undefined), and no run twice. Rows that fail
    are moved to ``out + ".rejected.csv"`` with the reason, a
    :class:`ResumeWarning` says how many and why, and their runs are done
    again. A first line that is not this sweep's header is refused.
    """

    def __init__(self, out: str | Path, meta: dict[str, Any], columns: Sequence[str], resume: bool,
                 points: Sequence[Mapping[str, Any]] | None = None) -> None:
        self.out, self.log, self.meta_path = Path(out), log_path(out), meta_path(out)
        self.columns = list(columns)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _FileLock(self.log.with_name(self.log.name + ".lock"))
        self._lock.acquire(self.log)
        try:
            self._open(meta, resume, points)
        except BaseException:
            self._lock.release()
            raise

    def _open(self, meta: dict[str, Any], resume: bool, points: Sequence[Mapping[str, Any]] | None) -> None:
        exists = self.log.is_file() and self.log.stat().st_size > 0
        finished = self.out != self.log and self.out.is_file()  # a Parquet file from an earlier sweep
        if not resume and (exists or finished):
            raise ValueError(f"{self.out if finished else self.log} already has results: resume it "
                             "(--resume, resume=True) or choose another output file; nothing is overwritten")
        self.done: set[tuple[int, int]] = set()
        """(point, replication) of the runs already in the file."""
        self.set_aside: list[str] = []
        """Why each row set aside on resume was refused (``line N: reason``)."""
        if exists:
            self._check_same_sweep(meta)
            if self._drop_incomplete_line():
                self._check_rows(points, meta["replications"])
        self._write_meta({**meta, "columns": self.columns})
        self._file = self.log.open("a", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file, lineterminator="\n")
        if self._file.tell() == 0:
            self._writer.writerow(self.columns)
            self._file.flush()

    def _check_same_sweep(self, meta: dict[str, Any]) -> None:
        if not self.meta_path.is_file():
            raise ValueError(f"{self.log} has no {self.meta_path.name}, so it was not written by a sweep; "
                             "use another output file or delete it")
        try:
            old = json.loads(self.meta_path.read_text(encoding="utf-8"))
            if not isinstance(old, dict) or not isinstance(old.get("replications"), int):
                raise ValueError("not the sidecar of a sweep")
        except (ValueError, UnicodeDecodeError) as error:
            raise ValueError(f"{self.meta_path} is damaged ({str(error)[:80]}), so {self.log} cannot be trusted: "
                             "use another output file, or delete both to start again") from None
        for key, what, show in (("fingerprint", "the scenario", lambda v: f"fingerprint {str(v)[:12]}"),
                                ("grid", "the grid", _grid_text), ("columns", "the columns", _columns_text)):
            new = json.loads(json.dumps(self.columns if key == "columns" else meta[key]))
            if old.get(key) != new:
                raise ValueError(f"{self.log} was written by a different sweep ({what} differs: "
                                 f"{show(old.get(key) or [])} there, {show(new)} now); "
                                 "use another output file or delete it")
        if meta["replications"] < old["replications"]:
            raise ValueError(f"{self.log} holds {old['replications']} replications per point: ask for at "
                             "least as many, or use another output file")

    def _drop_incomplete_line(self) -> int:
        """Cut a last line without its newline (the process died while writing it); return the size left."""
        with self.log.open("rb+") as f:
            size = f.read().rfind(b"\n") + 1
            f.truncate(size)
        return size

    def _check_rows(self, points: Sequence[Mapping[str, Any]] | None, replications: int) -> None:
        """Read every row, keep the good ones, set the others aside (see the class), and fill :attr:`done`."""
        text = self.log.read_bytes().decode("utf-8", errors="replace")
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            header = []
        if header != self.columns:
            raise ValueError(f"{self.log}: its first line is not the header of this sweep ({_columns_text(self.columns)}"
                             "), so the file was damaged or not written by this sweep: use another output file, or "
                             "delete it to start again")
        kpis = self.columns[self.columns.index("seed") + 1:]
        good: list[list[str]] = []
        bad: list[tuple[int, list[str], str]] = []
        first_line: dict[tuple[int, int], int] = {}
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                bad.append((line, [], f"unreadable ({error})"))
                continue
            if not row:
                continue
            reason = self._row_problem(row, points, replications, kpis)
            if reason is None:
                key = (int(row[0]), int(row[self.columns.index("replication")]))
                if key in first_line:
                    reason = f"run (point {key[0]}, replication {key[1]}) is already on line {first_line[key]}"
                else:
                    first_line[key] = line
                    good.append(row)
                    continue
            bad.append((line, row, reason))
        self.done = set(first_line)
        if bad:
            self._set_aside(good, bad)

    def _row_problem(self, row: list[str], points: Sequence[Mapping[str, Any]] | None, replications: int,
                     kpis: Sequence[str]) -> str | None:
        """Why a row cannot be trusted, or None."""
        if len(row) != len(self.columns):
            return f"{len(row)} columns, not {len(self.columns)}"
        cells = dict(zip(self.columns, row))
        point, replication = _whole(cells["point"]), _whole(cells["replication"])
        if point is None or point < 0 or (points is not None and point >= len(points)):
            return f"point {cells['point'][:20]!r} is not a point of the grid" + \
                (f" (0 to {len(points) - 1})" if points is not None else "")
        if replication is None or not 0 <= replication < replications:
            return f"replication {cells['replication'][:20]!r} is not 0 to {replications - 1}"
        if points is not None:
            for field, value in points[point].items():
                if cells.get(field) != cell_text(value):
                    return f"{field} = {cells.get(field, '')[:40]!r} is not point {point}'s {cell_text(value)[:40]!r}"
        for kpi in kpis:
            try:
                number = float(cells[kpi]) if cells[kpi] != "" else math.nan
            except ValueError:
                return f"{kpi} = {cells[kpi][:20]!r} is not a number"
            low, high = _RANGES.get(kpi, (-math.inf, math.inf))
            if math.isnan(number) and kpi == "questions" or math.isinf(number) or \
                    not math.isnan(number) and not low <= number <= high:
                return f"{kpi} = {cells[kpi][:20]} is outside {low:g} to {high:g}"
        return None

    def _set_aside(self, good: list[list[str]], bad: list[tuple[int, list[str], str]]) -> None:
        """Move bad rows to the rejected file and rewrite the log with the good ones (atomically), and warn."""
        rejected = self.log.with_name(self.log.name + ".rejected.csv")
        new = not rejected.is_file()
        with rejected.open("a", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            if new:
                writer.writerow(["line", "reason", *self.columns])
            for line, row, reason in bad:
                writer.writerow([line, reason, *row])
        partial = self.log.with_name(self.log.name + ".partial")
        with partial.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(self.columns)
            writer.writerows(good)
        os.replace(partial, self.log)
        self.set_aside = [f"line {line}: {reason}" for line, _, reason in bad]
        warnings.warn(f"{self.log}: {len(bad)} row{'s' * (len(bad) > 1)} set aside in {rejected.name} and run again "
                      f"({self.set_aside[0]}{'; ...' if len(bad) > 1 else ''})", ResumeWarning, stacklevel=4)

    def _write_meta(self, meta: dict[str, Any]) -> None:
        partial = self.meta_path.with_name(self.meta_path.name + ".partial")
        partial.write_text(json.dumps(meta, indent=2), encoding="utf-8")
        os.replace(partial, self.meta_path)  # atomic: never half a sidecar

    def append(self, row: dict[str, Any]) -> None:
        """Write one run (a dict with every column) and flush it to the operating system."""
        self._writer.writerow([cell_text(row[c]) for c in self.columns])
        self._file.flush()

    def close(self) -> None:
        """Close the log and release the lock; the rows written so far stay."""
        try:
            if hasattr(self, "_file"):
                self._file.close()
        finally:
            self._lock.release()

    def __enter__(self) -> "ResultsFile":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def finish(self) -> pd.DataFrame:
        """Close the log and return the whole table (sorted); for Parquet, also write ``out``."""
        self.close()
        table = read_results(self.log)
        if self.out != self.log:
            table.to_parquet(self.out, index=False)
        return table


def _whole(text: str) -> int | None:
    """``text`` as a whole number written in digits, or None."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


class _FileLock:
    """An exclusive, non-blocking operating-system lock on a file (fcntl on POSIX, msvcrt on Windows).

    The system drops it when the process ends, however it ends, so a killed
    sweep never leaves a stale lock behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None

    def acquire(self, what: Path) -> None:
        handle = self.path.open("a+b")
        try:
            if sys.platform == "win32":
                import msvcrt
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read(40).decode("ascii", errors="replace").strip() or "another process"
            handle.close()
            raise ResultsFileBusy(f"{what} is being written by another sweep right now ({holder}); wait for it "
                                  "to finish, or choose another output file") from None
        handle.truncate(0)
        handle.write(f"process {os.getpid()}".encode())
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file drops the lock
            self._handle = None


def _columns_text(columns: Sequence[str]) -> str:
    """The first columns and how many more: ``point, staff.day.count, replication, seed, ... (33 columns)``."""
    columns = list(columns)
    return ", ".join(columns[:4]) + (f", ... ({len(columns)} columns)" if len(columns) > 4 else "")


def _grid_text(grid: list[list[Any]]) -> str:
    """``staff.day.count=[1, 2, 3] x service.discipline=['fifo', 'lifo']``, or "no grid"."""
    return " x ".join(f"{field}={values}" for field, values in grid) or "no grid"
