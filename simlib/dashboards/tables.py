"""The dashboards' KPI tables: which KPIs they show, what each means, and the text a room reads.

Numbers stay numbers (times in minutes, shares 0-1, money in the business's
currency, reputation 0-100); :func:`readable_kpis` adds the formatted text
(82.1%, 71,415 USD) that the notebooks show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from simlib.analysis.formatting import format_kpi
from simlib.analysis.registry import describe

DASHBOARD_KPIS: tuple[str, ...] = (
    "answered_share",
    "median_first_response_minutes",
    "p90_first_response_minutes",
    "service_level",
    "conversion",
    "revenue_lost",
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


@dataclass(frozen=True)
class KpiTable:
    """A KPI table twice: the numbers (``data``) and the text a room reads (``text``: 82.1%, 71,415 USD).

    Notebooks show ``text``; code reads ``data``.
    """

    data: pd.DataFrame
    text: pd.DataFrame

    def _repr_html_(self) -> str:
        return self.text.to_html()

    def __repr__(self) -> str:
        return self.text.to_string()


def readable_kpis(table: pd.DataFrame, currencies: Mapping[str, str] | str = "") -> KpiTable:
    """Format each number of a KPI table (indexed by KPI) by what its KPI measures.

    ``currencies`` is one currency for every column, or a currency per
    first-level column label (one per business). Text columns stay as they are.
    """
    def currency(column: object) -> str:
        label = column[0] if isinstance(column, tuple) else column
        return currencies if isinstance(currencies, str) else currencies.get(label, "")

    text = table.copy().astype(object)
    for column in table.columns:
        if pd.api.types.is_numeric_dtype(table[column]):
            text[column] = [format_kpi(kpi, value, currency(column)) for kpi, value in table[column].items()]
    return KpiTable(table, text)
