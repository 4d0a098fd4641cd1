"""Experiments at scale: replications, paired comparisons and sweeps, on all cores or a cluster.

A *run* is one replication of one *point*: a set of dotted changes to a base
scenario, e.g. ``{"staff.day.count": 3, "service.discipline": "priority"}``.
Every point uses replications ``0..R-1`` of the same seed, so all points see
the same customers (common random numbers) and a run's numbers never depend
on where it ran, on how many workers there were, or on the order runs finished.

- :func:`sweep`: every point of a grid times R replications, as a tidy table
  (one row per run); optionally appended to a results file as each run
  finishes, and resumable (:mod:`simlib.experiments.results_file`).
- :func:`summarise_sweep`: mean and 95% CI per point and KPI.
- :func:`replicate_summary`: mean and 95% CI of each KPI of one scenario.
- :func:`compare_paired`: B minus A on the same customers, with a paired CI.

Runs execute on a local process pool by default, in this process with
``workers=1``, or on any ``concurrent.futures``-style executor, e.g. a
``dask.distributed.Client`` (:mod:`simlib.experiments.executors`). Guide:
``docs/experiments.md``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import closing, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import stdtrit
from tqdm.auto import tqdm

from simlib.analysis.kpis import kpis
from simlib.analysis.registry import KPI_DESCRIPTIONS, OUTCOME_KPI_DESCRIPTIONS
from simlib.experiments.executors import (
    MAX_PENDING,
    Submitter,
    check_memory,
    check_workers,
    completed,
    open_executor,
)
from simlib.experiments.grids import Grid, check_sweep_size, grid_points, point_scenarios, resolve_grid, table_cell
from simlib.experiments.replications import run_one, summarise
from simlib.experiments.results_file import KEY, ResultsFile, fingerprint, read_results
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario
from simlib.model.workload import workload

ALL_KPIS = (*KPI_DESCRIPTIONS, *OUTCOME_KPI_DESCRIPTIONS)
"""Every KPI name, in the order of a results table."""

class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep that writes a file: what was saved, and how to go on."""

    def __init__(self, saved: int, total: int, path: Path) -> None:
        self.saved, self.total, self.path = saved, total, path
        super().__init__(f"interrupted: {saved} of {total} runs saved to {path}; run again with --resume")


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------

def run_many(
    scenarios: Sequence[Scenario],
    seeds: Sequence[int],
    runs: Iterable[tuple[int, int]],
    executor: Executor | None,
    bar: tqdm | None = None,
    max_pending: int = MAX_PENDING,
    measure: Callable[[SimulationResult], Any] = kpis,
) -> Iterator[tuple[tuple[int, int], Any]]:
    """Run each ``(point, replication)`` and yield ``((point, replication), measured)`` as runs finish.

    ``executor`` comes from :func:`simlib.experiments.executors.open_executor`
    (None: here). Each run is :func:`simlib.experiments.replications.run_one`
    with ``measure`` (by default the KPIs); sent to worker processes, it must
    be a module-level function (or a :func:`functools.partial` of one).
    """
    tasks = (((p, k), (scenarios[p], seeds[p], k, measure)) for p, k in runs)
    with closing(completed(run_one, tasks, executor, max_pending)) as finished:
        for key, figures in finished:
            if bar is not None:
                bar.update()
                bar.set_postfix_str(f"{bar.total - bar.n} left", refresh=False)
            yield key, figures


@contextmanager
def progress_bar(total: int, done: int, enabled: bool, desc: str) -> Iterator[tqdm | None]:
    """A tqdm bar (a widget in Jupyter, text on stderr in a terminal): runs done, left, time left."""
    if not enabled:
        yield None
        return
    with tqdm(total=total, initial=done, desc=desc, unit="run", dynamic_ncols=True) as bar:
        yield bar


def sweep(
    scenario: Scenario,
    grid: Grid | None = None,
    replications: int | None = None,
    *,
    out: str | Path | None = None,
    resume: bool = False,
    executor: Submitter | str | None = None,
    workers: int | None = None,
    progress: bool = True,
    max_pending: int = MAX_PENDING,
) -> pd.DataFrame:
    """Run every point of a grid ``replications`` times; one row per run.

    Parameters
    ----------
    scenario
        The base scenario; its ``run.seed`` seeds every point.
    grid
        Dotted field -> values, e.g. ``{"staff.day": range(1, 7),
        "service.discipline": ["fifo", "priority"]}``; every combination is
        a point (see :func:`resolve_grid`). None or empty: the base alone.
        Every point is validated before anything runs.
    replications
        Runs per point (replications 0..R-1); default ``scenario.run.replications``.
    out
        A results file (``.csv``, or ``.parquet``) that gets each run the
        moment it finishes (:mod:`simlib.experiments.results_file`). None: keep in memory.
    resume
        Continue the sweep already in ``out``, running only what is missing.
        Without it an existing ``out`` is an error.
    executor, workers
        Where to run (:func:`simlib.experiments.executors.open_executor`): default all
        local cores; ``workers=1`` in this process; or an executor, a dask
        ``Client`` or a scheduler address.
    progress
        Show a progress bar.
    max_pending
        Runs submitted ahead of their results.

    Returns
    -------
    pandas.DataFrame
        Columns ``point`` (from 0, in grid order), the grid's fields,
        ``replication``, ``seed`` and every KPI; sorted by point then
        replication, so the same sweep gives the same table however it ran.
        ``attrs["ran"]``: runs done by this call (the others were in ``out``).

    Raises
    ------
    ScenarioError
        A bad grid field or point, before anything runs.
    SweepInterrupted
        On Ctrl-C with ``out``: the runs finished so far are in the file.
    """
    replications = scenario.run.replications if replications is None else replications
    if replications < 1:
        raise ValueError(f"replications = {replications}: must be >= 1")
    fields = resolve_grid(scenario, grid or {})
    check_sweep_size(fields, replications)
    points = grid_points(fields)
    scenarios = point_scenarios(scenario, points)
    check_workers(workers)
    if executor is None and workers != 1:  # every local worker holds one run at a time
        check_memory(max(workload(s)[1] for s in scenarios), "a sweep on this machine",
                     processes=workers or os.cpu_count() or 1)
    with_business = any(s.business is not None for s in scenarios)
    kpi_names = [*KPI_DESCRIPTIONS, *(OUTCOME_KPI_DESCRIPTIONS if with_business else ())]
    columns = ["point", *fields, "replication", "seed", *kpi_names]
    meta = {"scenario": scenario.name, "fingerprint": fingerprint(scenario),
            "grid": [[f, v] for f, v in fields.items()], "seed": scenario.run.seed, "replications": replications}
    total = len(points) * replications
    seeds = [s.run.seed for s in scenarios]
    rows, results = [], None
    try:
        with open_executor(executor, workers) as pool:  # first: a cluster out of reach leaves no file
            identity = [{**{f: table_cell(v) for f, v in point.items()}, "seed": seed}
                        for point, seed in zip(points, seeds)]
            results = None if out is None else ResultsFile(out, meta, columns, resume, identity)
            done = set() if results is None else results.done
            todo = [(p, k) for p in range(len(points)) for k in range(replications) if (p, k) not in done]
            with results or nullcontext(), progress_bar(total, total - len(todo), progress, scenario.name) as bar, \
                 closing(run_many(scenarios, seeds, todo, pool, bar, max_pending)) as runs:
                for (p, k), figures in runs:
                    row = {"point": p, **{f: table_cell(v) for f, v in points[p].items()}, "replication": k,
                           "seed": seeds[p], **{name: figures.get(name, math.nan) for name in kpi_names}}
                    if results is None:
                        rows.append(row)
                    else:
                        results.append(row)
    except KeyboardInterrupt:
        if results is None:
            raise
        raise SweepInterrupted(len(read_results(results.log)), total, results.log) from None  # the file is closed
    table = results.finish() if results is not None else \
        pd.DataFrame(rows, columns=columns).sort_values(KEY, kind="stable", ignore_index=True)
    table.attrs["ran"] = len(todo)
    return table


def sweep_fields(table: pd.DataFrame) -> list[str]:
    """The varied fields of a sweep table: its columns other than the run key, ``seed`` and KPIs."""
    return [c for c in table.columns if c not in (*KEY, "seed", *ALL_KPIS)]


def summarise_sweep(table: pd.DataFrame, kpis: Sequence[str] | None = None,
                    confidence: float = 0.95) -> pd.DataFrame:
    """Mean and confidence interval per point and KPI, as a tidy (long) table.

    Parameters
    ----------
    table
        From :func:`sweep` or :func:`simlib.experiments.results_file.read_results`.
    kpis
        KPI columns to summarise; default every KPI in the table.
    confidence
        Of the Student-t intervals (clipped to each KPI's range, as
        :func:`simlib.experiments.replications.summarise`).

    Returns
    -------
    pandas.DataFrame
        Columns ``point``, the varied fields, ``kpi``, ``mean``, ``ci_low``,
        ``ci_high``, ``half_width``, ``replications``; one row per point and
        KPI, points in grid order, KPIs in the order asked.
    """
    kpis = [c for c in table.columns if c in ALL_KPIS] if kpis is None else list(kpis)
    unknown = [k for k in kpis if k not in table.columns]
    if unknown:
        raise ValueError(f"kpi {unknown[0]!r} is not in the table (KPIs: {', '.join(c for c in table if c in ALL_KPIS)})")
    fields = sweep_fields(table)
    parts = []
    for point, runs in table.groupby("point", sort=True):
        part = summarise(runs[kpis], confidence).rename_axis("kpi").reset_index()
        labels = {"point": point, **{f: runs[f].iloc[0] for f in fields}}
        parts.append(part.assign(**labels)[[*labels, *part.columns]])
    return pd.concat(parts, ignore_index=True)


def replicate_summary(
    scenario: Scenario,
    replications: int | None = None,
    *,
    confidence: float = 0.95,
    executor: Submitter | str | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Mean and confidence interval of every KPI over replications 0..R-1, run in parallel.

    The same numbers as ``summarise(replicate(scenario, R))``; one row per
    KPI with ``mean``, ``ci_low``, ``ci_high``, ``half_width``, ``replications``.
    """
    table = sweep(scenario, None, replications, executor=executor, workers=workers, progress=progress)
    return summarise(table[[c for c in table.columns if c in ALL_KPIS]], confidence)


def compare_paired(
    a: Scenario,
    b: Scenario,
    replications: int | None = None,
    *,
    seed: int | None = None,
    kpis: Sequence[str] | None = None,
    confidence: float = 0.95,
    executor: Submitter | str | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """B minus A on the same customers: the mean difference of each KPI with a paired CI.

    Replication ``k`` of A and of B use the same random numbers (same seed,
    same replication), so the difference of each pair comes from what
    differs between the scenarios, not from luck; its interval is usually
    much narrower than the unpaired one.

    Parameters
    ----------
    a, b
        The two scenarios.
    replications
        Pairs of runs; default ``a.run.replications``.
    seed
        Seed of both; default ``a.run.seed`` (B's own seed is not used).
    kpis
        KPIs to compare; default every KPI both have.
    confidence
        Of the intervals.
    executor, workers, progress
        As in :func:`sweep`.

    Returns
    -------
    pandas.DataFrame
        Index KPI; columns ``mean_a``, ``mean_b``, ``difference`` (B - A),
        ``ci_low``, ``ci_high``, ``half_width`` (the paired Student-t
        interval of the difference, not clipped), ``unpaired_half_width``
        (Welch's interval on the same runs, ignoring the pairing: what the
        comparison would be worth without common random numbers),
        ``replications`` and ``significant`` (the interval excludes 0).
    """
    replications = a.run.replications if replications is None else replications
    if replications < 2:
        raise ValueError(f"replications = {replications}: must be >= 2 for a confidence interval")
    seed = a.run.seed if seed is None else seed
    runs = [(p, k) for p in (0, 1) for k in range(replications)]
    tables: list[dict[int, dict[str, float]]] = [{}, {}]
    with open_executor(executor, workers) as pool, \
         progress_bar(len(runs), 0, progress, f"{a.name} vs {b.name}") as bar, \
         closing(run_many([a, b], [seed, seed], runs, pool, bar)) as finished:
        for (p, k), figures in finished:
            tables[p][k] = figures
    first, second = (pd.DataFrame.from_dict(t, orient="index").sort_index() for t in tables)
    common = [k for k in first.columns if k in second.columns] if kpis is None else list(kpis)
    first, second = first[common], second[common]
    paired = summarise(second - first, confidence, bounds={})
    # Welch: each mean's squared standard error, and the Welch-Satterthwaite degrees of freedom
    sa, sb = first.var(ddof=1) / first.count(), second.var(ddof=1) / second.count()
    welch_df = (sa + sb) ** 2 / (sa**2 / (first.count() - 1) + sb**2 / (second.count() - 1))
    unpaired = stdtrit(welch_df, 0.5 + confidence / 2) * np.sqrt(sa + sb)
    table = pd.DataFrame({
        "mean_a": first.mean(), "mean_b": second.mean(), "difference": paired["mean"],
        "ci_low": paired["ci_low"], "ci_high": paired["ci_high"], "half_width": paired["half_width"],
        "unpaired_half_width": unpaired, "replications": paired["replications"],
        "significant": (paired["ci_low"] > 0) | (paired["ci_high"] < 0),
    })
    table.index.name = "kpi"
    return table
