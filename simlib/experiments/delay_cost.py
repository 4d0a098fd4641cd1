"""Honest money figures of a run: the shortfall against a fixed benchmark, and what a minute of delay costs.

- **Shortfall**: the benchmark (the customers who would ask at the baseline
  reputation, each answered at once at that reputation, on their own dice;
  :attr:`simlib.model.outcomes.Outcomes.benchmark_revenue`) minus the
  revenue. The benchmark does not depend on staffing, so between two
  staffing plans on the same seed the shortfall moves by exactly minus the
  revenue. It can be negative: a team that lifts reputation above baseline
  earns more than the benchmark.
- **Cost of one more minute**: for every question with a reply, its expected
  revenue at its delay minus at its delay plus one minute (expected over its
  engagement and purchase dice, given its patience), summed over the run and
  averaged per question. It holds the queue and reputation fixed: the
  direct cost of each reply coming a minute later.

Both count the questions that arrived after the warm-up, in the business's
currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from simlib.analysis.kpis import outcome_kpis
from simlib.experiments.replications import summarise
from simlib.model.engine import simulate
from simlib.model.presets import load_preset
from simlib.model.records import SimulationResult


def money(result: SimulationResult) -> dict[str, float]:
    """Revenue, benchmark, shortfall, and the cost of one more minute of delay (total and per question).

    The KPIs ``revenue``, ``revenue_shortfall``, ``delay_cost_per_minute`` and
    ``delay_cost_per_question_minute`` (:func:`simlib.analysis.kpis.outcome_kpis`), plus the benchmark.
    """
    figures = outcome_kpis(result)
    return {"revenue": figures["revenue"], "benchmark": result.outcomes.benchmark_revenue,
            "shortfall": figures["revenue_shortfall"], "delay_cost_per_minute": figures["delay_cost_per_minute"],
            "delay_cost_per_question_minute": figures["delay_cost_per_question_minute"]}


def money_table(preset: str, replications: int, changes: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """:func:`money` of replications ``0..R-1`` of a preset (one row each)."""
    scenario = load_preset(preset, changes)
    return pd.DataFrame([money(simulate(scenario, replication=k)) for k in range(replications)])


def paired_change(preset: str, changes: Mapping[str, Any], replications: int) -> pd.DataFrame:
    """Changed minus as shipped, same customers: mean and 95% interval of each money figure.

    Returns one row per figure with ``mean``, ``ci_low`` and ``ci_high``.
    """
    difference = money_table(preset, replications, changes) - money_table(preset, replications)
    return summarise(difference, bounds={})[["mean", "ci_low", "ci_high"]]
