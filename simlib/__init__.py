"""simlib: simulate a business's social-media inbox and the team that answers it.

Quick start::

    from simlib import load_scenario, simulate
    result = simulate(load_scenario("scenarios/erlang_a.toml"))
    result.records          # one row per question (pandas)
    kpis(result)            # key figures
"""

from simlib import crm
from simlib.compare import side_by_side, staff_sweep
from simlib.engine import simulate
from simlib.errors import ScenarioError
from simlib.kpis import KPI_DESCRIPTIONS, OUTCOME_KPI_DESCRIPTIONS, inbox_length, kpis
from simlib.records import SimulationResult
from simlib.replications import replicate, summarise
from simlib.scenario import Scenario, load_scenario, validate_scenario

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
