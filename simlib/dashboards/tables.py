"""The dashboards' KPI tables: which KPIs they show and what each means.

Numbers stay numbers (times in minutes, shares 0-1, money in the business's
currency, reputation 0-100); :func:`simlib.dashboards.screens.text_table`
writes them as a room reads them (82.1%, 71,415 USD, 23 h).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from simlib.analysis.registry import describe

DASHBOARD_KPIS: tuple[str, ...] = (
    "answered_share",
    "median_first_response_minutes",
    "p90_first_response_minutes",
    "service_level",
    "conversion",
    "revenue_lost",
    "delay_cost_per_question_minute",
    "delay_cost_per_minute",
    "lowest_reputation",
    "final_reputation",
    "staff_cost",
    "profit",
)
"""The KPIs every dashboard shows, in display order (names of :func:`simlib.analysis.kpis.kpis`)."""

PER_QUESTION_KPI = "revenue_lost_per_question"
"""Revenue lost / questions (currency per question), added by :func:`simlib.dashboards.answers.side_by_side_change`."""


def kpi_table(figures: Mapping[str, float], currency: str = "currency units") -> pd.DataFrame:
    """KPI name -> value as a table with a ``meaning`` column (money in ``currency``)."""
    table = pd.DataFrame({"value": pd.Series(figures, dtype=float),
                          "meaning": [describe(n).replace("(currency)", f"({currency})") for n in figures]})
    table.index.name = "kpi"
    return table
