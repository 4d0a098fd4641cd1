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
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

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
    incomplete last line (a crash in mid-write) is ignored.
    """
    out = Path(out)
    if out.suffix == ".parquet" and out.is_file():
        table = pd.read_parquet(out)
    else:
        data = log_path(out).read_bytes()
        table = pd.read_csv(io.BytesIO(data[: data.rfind(b"\n") + 1]), **_EXACT)
    return table.sort_values(KEY, kind="stable", ignore_index=True)


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
        Every column, in file order.
    resume
        False: an existing results file is an error (nothing is overwritten).
        True: keep its runs and append the missing ones.
    """

    def __init__(self, out: str | Path, meta: dict[str, Any], columns: Sequence[str], resume: bool) -> None:
        self.out, self.log, self.meta_path = Path(out), log_path(out), meta_path(out)
        self.columns = list(columns)
        exists = self.log.is_file() and self.log.stat().st_size > 0
        finished = self.out != self.log and self.out.is_file()  # a Parquet file from an earlier sweep
        if not resume and (exists or finished):
            raise ValueError(f"{self.out if finished else self.log} already has results: resume it "
                             "(--resume, resume=True) or choose another output file; nothing is overwritten")
        self.done: set[tuple[int, int]] = set()
        """(point, replication) of the runs already in the file."""
        if exists:
            self._check_same_sweep(meta)
            if self._drop_incomplete_line():
                runs = read_results(self.log)
                self.done = set(zip(runs["point"].tolist(), runs["replication"].tolist()))
        self.log.parent.mkdir(parents=True, exist_ok=True)
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
        old = json.loads(self.meta_path.read_text(encoding="utf-8"))
        for key, what, show in (("fingerprint", "the scenario", lambda v: f"fingerprint {str(v)[:12]}"),
                                ("grid", "the grid", _grid_text), ("columns", "the columns", ", ".join)):
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

    def _write_meta(self, meta: dict[str, Any]) -> None:
        partial = self.meta_path.with_name(self.meta_path.name + ".partial")
        partial.write_text(json.dumps(meta, indent=2), encoding="utf-8")
        os.replace(partial, self.meta_path)  # atomic: never half a sidecar

    def append(self, row: dict[str, Any]) -> None:
        """Write one run (a dict with every column) and flush it to the operating system."""
        self._writer.writerow([row[c] for c in self.columns])
        self._file.flush()

    def close(self) -> None:
        """Close the log; the rows written so far stay."""
        self._file.close()

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


def _grid_text(grid: list[list[Any]]) -> str:
    """``staff.day.count=[1, 2, 3] x service.discipline=['fifo', 'lifo']``, or "no grid"."""
    return " x ".join(f"{field}={values}" for field, values in grid) or "no grid"
