"""``simlib run`` and ``simlib compare``: simulate scenarios and print their KPIs."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from simlib.errors import ScenarioError
from simlib.experiments.compare import side_by_side
from simlib.experiments.executors import check_memory
from simlib.experiments.replications import (
    run_one,
    run_replications,
    summarise,
    whole_result,
)
from simlib.i18n import get_language, tr
from simlib.model.base import shorten
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario, load_scenario
from simlib.model.workload import workload

if TYPE_CHECKING:

    pass
from simlib.cli.common import (
    DESCRIPTIONS,
    FIGURE_TYPES,
    HEADLINE,
    RECORD_BYTES,
    check_disk_space,
    check_replications,
    checked_output,
    kpi_cell,
    neutralise,
    scenario_changes,
)
from simlib.cli.erlang import finite_json

COMPARE_REPLICATIONS = 5
"""Replications of ``simlib compare`` when the first scenario's ``run.replications`` is below 2."""


def run_command(args: argparse.Namespace) -> int:
    path, overrides, additions = scenario_changes(args, ("run.days", "run.seed", "run.replications"))
    scenario = load_scenario(path, overrides, additions=additions, existing_only=True)
    records_path = checked_output(args.records, "--records") if args.records is not None else None
    reps = scenario.run.replications
    check_memory(workload(scenario)[1], f"{scenario.name}: one replication")
    if records_path is None:  # only the KPIs of each replication are kept
        table = run_replications(scenario, reps, keep_results=False)[0]
    else:
        check_disk_space(records_path, workload(scenario)[0] * reps * RECORD_BYTES[scenario.business is not None])
        with RecordsFile(records_path) as records:
            table = _replicate(scenario, reps, records.write)[0]
    summary = summarise(table)
    currency = scenario.business.currency if scenario.business else ""
    if args.json:
        out = {"scenario": scenario.name, "seed": scenario.run.seed, "days": scenario.run.days,
               "replications": reps, **summary["mean"].to_dict()}
        if reps > 1:
            out["ci95"] = {k: [row.ci_low, row.ci_high] for k, row in summary.iterrows()}
        print(json.dumps(finite_json(out), indent=2))
        return 0
    if reps > 1:
        print(tr("{name}: {days:g} days, seed {seed}, {replications} replications (mean and 95% CI)",
                 name=scenario.name, days=scenario.run.days, seed=scenario.run.seed, replications=reps))
    else:
        print(tr("{name}: {days:g} days, seed {seed}, 1 replication", name=scenario.name, days=scenario.run.days,
                 seed=scenario.run.seed))
    values = {name: kpi_cell(name, row, reps > 1, currency) for name, row in summary.iterrows()}
    width = max(map(len, values.values()))
    for name, value in values.items():
        print(f"  {name:<31}{value:<{width + 2}}{described(name)}")
    if records_path is not None:
        print(tr("records: {path}", path=records_path))
    return 0


def described(kpi: str) -> str:
    """What a KPI means, in the current language (its translated label while its description has no translation)."""
    from simlib.analysis.registry import label

    text = tr(DESCRIPTIONS[kpi])
    return label(kpi) if text == DESCRIPTIONS[kpi] and get_language() != "en" else text


def compare_command(args: argparse.Namespace) -> int:
    if args.replications is not None and args.replications < 2:
        raise ScenarioError(tr("--replications = {replications}: must be >= 2 for confidence intervals",
                               replications=args.replications))
    check_replications(args.replications)
    scenarios: dict[str, Scenario] = {}
    for name in args.scenarios:
        path, overrides, additions = scenario_changes(argparse.Namespace(**{**vars(args), "scenario": name}),
                                              ("run.days", "run.seed"))
        try:
            scenarios[path.stem] = load_scenario(path, overrides, additions=additions, existing_only=True)
        except ScenarioError as error:  # which of the scenarios
            raise ScenarioError(f"{shorten(path.stem, 60)}: {error}") from None
    if len(scenarios) < 2:
        raise ScenarioError(tr("compare needs at least two different scenarios"))
    first, replications, note = next(iter(scenarios)), args.replications, None
    if replications is None:  # the first file's run.replications, if it allows an interval
        replications = scenarios[first].run.replications
        if replications < 2:
            replications, note = COMPARE_REPLICATIONS, tr(
                "run.replications = {given} in {scenario} is too few for a confidence interval: {replications} "
                "replications instead (choose with --replications)", given=scenarios[first].run.replications,
                scenario=first, replications=COMPARE_REPLICATIONS)
    figure_path = checked_output(args.figure or f"results/compare_{'_vs_'.join(scenarios)}.png", "--figure", FIGURE_TYPES)
    check_memory(max(workload(s)[1] for s in scenarios.values()), tr("one replication"))
    runs = {name: _replicate(scenario, replications) for name, scenario in scenarios.items()}
    table = side_by_side({name: t for name, (t, _) in runs.items()})
    _save_comparison({name: first for name, (_, first) in runs.items()}, table, figure_path)
    if args.json:
        out = {name: {kpi: {"mean": table.loc[kpi, (name, "mean")],
                            "ci95": [table.loc[kpi, (name, "ci_low")], table.loc[kpi, (name, "ci_high")]]}
                      for kpi in table.index if not pd.isna(table.loc[kpi, (name, "mean")])}
               for name in scenarios}
        print(json.dumps(finite_json({"replications": replications, "figure": str(figure_path),
                                  "scenarios": out}), indent=2))
        return 0
    print(tr("{names}: {replications} replications each, mean and 95% CI, same random numbers for both",
             names=" vs ".join(scenarios), replications=replications))
    if note:
        print(note)
    if not args.all:
        table = table.loc[[kpi for kpi in HEADLINE if kpi in table.index]]
    cells = {name: {kpi: kpi_cell(kpi, table.loc[kpi, name], True,
                               scenarios[name].business.currency if scenarios[name].business else "")
                    for kpi in table.index} for name in scenarios}
    widths = {name: max(len(name), *map(len, cells[name].values())) for name in scenarios}
    print(f"  {'':<31}" + "".join(f"{name:<{widths[name] + 3}}" for name in scenarios))
    for kpi in table.index:
        print(f"  {kpi:<31}" + "".join(f"{cells[name][kpi]:<{widths[name] + 3}}" for name in scenarios))
    print(tr("figure: {path}", path=figure_path))
    return 0


def _replicate(scenario: Scenario, replications: int,
               each: Callable[[SimulationResult], None] | None = None) -> tuple[pd.DataFrame, SimulationResult]:
    """Replications 0..R-1 here, in order: the KPI table, and the first run (for a figure).

    ``each`` receives every run (e.g. to write its records) before it is
    dropped: only one run's records are in memory at a time.
    """
    from simlib.analysis.kpis import kpis

    rows, first = [], None
    for k in range(replications):
        result = run_one(scenario, None, k, measure=whole_result)
        rows.append(kpis(result))
        if each is not None:
            each(result)
        first = result if first is None else first
    table = pd.DataFrame(rows)
    table.index.name = "replication"
    return table, first


class RecordsFile:
    """The records CSV of ``simlib run``, written replication by replication.

    It goes to ``NAME.partial`` and takes its name when every replication is
    in, so a failure (a full disk, Ctrl-C) leaves no half file under the
    name asked for. Names (channels, handlers) that a spreadsheet would run
    as a formula get a leading ``'``.
    """

    def __init__(self, path: Path) -> None:
        self.path, self.partial = path, path.with_name(path.name + ".partial")
        self.file = self.partial.open("w", newline="", encoding="utf-8")
        self.header = True

    def write(self, result: SimulationResult) -> None:
        records = result.records.assign(replication=result.replication)
        for column in records.columns:
            if isinstance(records[column].dtype, pd.CategoricalDtype):
                records[column] = records[column].cat.rename_categories(
                    {c: neutralise(c) for c in records[column].cat.categories if isinstance(c, str)})
        records.to_csv(self.file, index=False, header=self.header)
        self.header = False

    def __enter__(self) -> "RecordsFile":
        return self

    def __exit__(self, kind, *_) -> None:
        try:
            self.file.close()
        finally:
            if kind is None:
                os.replace(self.partial, self.path)
            else:
                self.partial.unlink(missing_ok=True)


def _save_comparison(results, table: pd.DataFrame, path: Path) -> None:
    from simlib.figures import (
        plot_comparison,  # matplotlib only when a figure is drawn
    )

    path.parent.mkdir(parents=True, exist_ok=True)
    plot_comparison(results, table).savefig(path, dpi=100)
