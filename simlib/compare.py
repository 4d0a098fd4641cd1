"""Scenarios side by side, and one shift's head count swept, on common random numbers."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from simlib.engine import simulate
from simlib.errors import ScenarioError
from simlib.kpis import kpis
from simlib.records import SimulationResult
from simlib.replications import summarise
from simlib.scenario import Scenario, load_scenario, set_field

SCENARIO_DIR = Path(__file__).resolve().parents[1] / "scenarios"


def find_scenario(name: str) -> Path:
    """A scenario file by path, or a preset by name (``luxury`` is ``scenarios/luxury.toml``)."""
    path = Path(name)
    if path.is_file():
        return path
    preset = SCENARIO_DIR / f"{name}.toml"
    if preset.is_file():
        return preset
    known = ", ".join(sorted(p.stem for p in SCENARIO_DIR.glob("*.toml")))
    raise ScenarioError(f"scenario {name!r}: no such file or preset (presets: {known})")


def run_replications(scenario: Scenario, replications: int) -> tuple[pd.DataFrame, list[SimulationResult]]:
    """Replications 0..R-1 of one scenario: a KPI table (a row each) and the results."""
    results = [simulate(scenario, replication=k) for k in range(replications)]
    table = pd.DataFrame([kpis(r) for r in results])
    table.index.name = "replication"
    return table, results


def side_by_side(tables: Mapping[str, pd.DataFrame], confidence: float = 0.95) -> pd.DataFrame:
    """Mean and confidence interval of every KPI, one column group per scenario.

    Returns a table indexed by KPI with columns ``(scenario, mean | ci_low | ci_high)``.
    KPIs that only some scenarios have are kept, empty for the others.
    """
    parts = {name: summarise(table, confidence)[["mean", "ci_low", "ci_high"]] for name, table in tables.items()}
    return pd.concat(parts, axis=1)


def staff_sweep(scenario: Scenario, shift: str, counts: Iterable[int], replications: int = 5) -> pd.DataFrame:
    """KPIs for each head count of one shift, ``replications`` runs each.

    Every head count sees the same customers (common random numbers), so the
    differences between rows come from the staffing alone.

    Returns a tidy table with columns ``count``, ``replication`` and every KPI.
    """
    if shift not in scenario.staff:
        raise ScenarioError(f"staff.{shift}: no such shift (shifts: {', '.join(scenario.staff) or 'none'})")
    rows = []
    base = scenario.model_dump()  # copied per head count below
    for count in counts:
        data = copy.deepcopy(base)
        set_field(data, f"staff.{shift}.count", count)
        staffed = Scenario.model_validate(data)
        table, _ = run_replications(staffed, replications)
        rows.append(table.reset_index().assign(count=count))
    columns = ["count", "replication"]
    sweep = pd.concat(rows, ignore_index=True)
    return sweep[columns + [c for c in sweep.columns if c not in columns]]


def load_named(names: Iterable[str], overrides: dict) -> dict[str, Scenario]:
    """Load scenarios by preset name or path, each with the same dotted overrides."""
    return {Path(name).stem: load_scenario(find_scenario(name), overrides) for name in names}
