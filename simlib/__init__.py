"""simlib: simulate a business's social-media inbox and the team that answers it.

Quick start::

    from simlib import load_scenario, simulate
    result = simulate(load_scenario("scenarios/erlang_a.toml"))
    result.records          # one row per question (pandas)
    kpis(result)            # key figures
"""

from simlib.analysis import crm
from simlib.analysis.kpis import (
    KPI_DESCRIPTIONS,
    OUTCOME_KPI_DESCRIPTIONS,
    inbox_length,
    kpis,
)
from simlib.errors import ScenarioError
from simlib.experiments.compare import side_by_side, staff_sweep
from simlib.experiments.replications import replicate, summarise
from simlib.model.engine import simulate
from simlib.model.records import SimulationResult
from simlib.model.scenario import Scenario, load_scenario, validate_scenario

__all__ = [
    "KPI_DESCRIPTIONS",
    "OUTCOME_KPI_DESCRIPTIONS",
    "Scenario",
    "ScenarioError",
    "SimulationResult",
    "inbox_length",
    "kpis",
    "load_scenario",
    "crm",
    "replicate",
    "side_by_side",
    "simulate",
    "staff_sweep",
    "summarise",
    "validate_scenario",
]
