"""simlib: simulate a business's social-media inbox and the team that answers it.

Quick start::

    from simlib import kpis, load_preset, simulate
    result = simulate(load_preset("erlang_a", {"run.days": 7}))
    result.records          # one row per question (pandas)
    kpis(result)            # key figures (what each means: simlib.KPIS)

The package follows the data, one stage per sub-package (docs/architecture.md):
model (scenario to records), analysis (records to numbers), experiments (many
runs), figures, report, dashboards, and the course on top.
"""

from simlib.analysis import crm
from simlib.analysis.kpis import inbox_length, kpis
from simlib.analysis.registry import KPI_DESCRIPTIONS, KPIS, OUTCOME_KPI_DESCRIPTIONS
from simlib.errors import ScenarioError
from simlib.experiments.compare import side_by_side, staff_sweep
from simlib.experiments.replications import replicate, summarise
from simlib.model.engine import simulate
from simlib.model.presets import load_preset
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario, load_scenario, validate_scenario

__all__ = [
    "KPIS",
    "KPI_DESCRIPTIONS",
    "OUTCOME_KPI_DESCRIPTIONS",
    "Scenario",
    "ScenarioError",
    "SimulationResult",
    "inbox_length",
    "kpis",
    "load_preset",
    "load_scenario",
    "crm",
    "replicate",
    "side_by_side",
    "simulate",
    "staff_sweep",
    "summarise",
    "validate_scenario",
]
