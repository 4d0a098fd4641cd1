"""The staffing report's tables: text cells, ready to show in a notebook.

Numbers are written with :mod:`simlib.report.wording` (money in the
scenario's ``business.currency``, times in minutes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from simlib.analysis.registry import heading
from simlib.report.wording import (
    change_words,
    difference_words,
    span_words,
    value_words,
)

if TYPE_CHECKING:
    from simlib.report.findings import StaffingReport

COMPARED_KPIS = ("service_level", "answered_share", "median_first_response_minutes", "p90_first_response_minutes",
                 "conversion", "revenue", "complaints", "lowest_reputation", "staff_cost", "profit")
"""KPIs of today's plan against the recommendation (those the scenario has)."""


def estimate_table(report: StaffingReport) -> pd.DataFrame:
    """Erlang's first guess next to today's head count, one row per shift (text cells, ready to show).

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    pandas.DataFrame
        Index ``shift``; columns ``today``, ``Erlang's guess``, ``busiest hour (questions/hour)``,
        ``mean reply (min)``, ``target (min)`` and ``model``.
    """
    rows = {shift: {"today": str(report.scenario.staff[shift].count),
                    "Erlang's guess": str(int(row.agents)),
                    "busiest hour (questions/hour)": f"{row.peak_per_hour:.1f}",
                    "mean reply (min)": f"{row.handle_minutes:.1f}",
                    "target (min)": f"{row.target_minutes:g}",
                    "model": row.model}
            for shift, row in report.estimate.iterrows() if shift in report.shifts}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("shift")


def comparison_table(report: StaffingReport) -> pd.DataFrame | None:
    """Today, the recommendation, and the paired difference with its 95% interval (text cells); None without one.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    pandas.DataFrame or None
        One row per KPI of :data:`COMPARED_KPIS` the scenario has (plain names from
        :func:`simlib.analysis.registry.heading`); columns ``today``, ``recommended``,
        ``difference [95% CI]`` and ``unpaired CI ±``. None when nothing was compared.
    """
    if report.comparison is None:
        return None
    rows = {}
    for kpi in (k for k in COMPARED_KPIS if k in report.comparison.index):
        row = report.comparison.loc[kpi]
        rows[heading(kpi)] = {
            "today": value_words(report, kpi, row["mean_a"]),
            "recommended": value_words(report, kpi, row["mean_b"]),
            "difference [95% CI]": difference_words(report, kpi, row),
            "unpaired CI ±": change_words(report, kpi, row["unpaired_half_width"]).lstrip("+"),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(
        f"{report.replications} paired runs of {span_words(report.scenario)}")
