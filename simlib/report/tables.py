"""The staffing report's tables: text cells, ready to show in a notebook.

Numbers are written with :mod:`simlib.report.wording` (money in the
scenario's ``business.currency``, times in minutes). Differences are
paired: two plans on the same customers, replication by replication
(:mod:`simlib.report.paired`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from simlib.analysis.registry import heading
from simlib.report.paired import paired_sweep
from simlib.report.wording import (
    change_words,
    check_name,
    check_verdict,
    difference_words,
    interval_words,
    money_words,
    plan_words,
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
    rows = {shift: {"today": str(report.today.plan[shift]),
                    "Erlang's guess": str(int(row.agents)),
                    "busiest hour (questions/hour)": f"{row.peak_per_hour:.1f}",
                    "mean reply (min)": f"{row.handle_minutes:.1f}",
                    "target (min)": f"{row.target_minutes:g}",
                    "model": row.model}
            for shift, row in report.estimate.iterrows() if shift in report.shifts}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("shift")


def comparison_table(report: StaffingReport) -> pd.DataFrame | None:
    """Today, the recommendation, and the paired difference with its 95% interval (text cells); None without a change.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    pandas.DataFrame or None
        One row per KPI of :data:`COMPARED_KPIS` the scenario has (plain names from
        :func:`simlib.analysis.registry.heading`); columns ``today``, ``recommended``,
        ``difference [95% CI]`` and ``unpaired CI ±``. None when the recommendation is today's plan.
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


def plans_table(report: StaffingReport) -> pd.DataFrame:
    """Today's plan and each plan found, side by side: head counts, people, cost, and each target (text cells).

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.

    Returns
    -------
    pandas.DataFrame
        One column per plan (``today``, ``cheapest``, ``profit``: those the
        report has; one plan found twice is one column, ``today and profit``);
        rows ``plan``, ``people``, ``planned cost``, then one per target
        (:func:`simlib.report.wording.check_verdict`).
    """
    names: dict[tuple, list[str]] = {}
    plans = report.plans()
    for name, facts in plans.items():
        names.setdefault(tuple(facts.plan.items()), []).append(name)
    columns = {}
    for together in names.values():
        facts = plans[together[0]]
        cells = {"plan": plan_words(facts.plan), "people": str(facts.people),
                 "planned cost": money_words(report, facts.cost)}
        for _, row in facts.checks.iterrows():
            cells[check_name(row)] = check_verdict(row)
        columns[" and ".join(together)] = cells
    return pd.DataFrame(columns).rename_axis(f"{report.replications} runs of {span_words(report.scenario)}")


def head_count_table(report: StaffingReport, shift: str, base: int | None = None,
                     kpis: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One shift's head-count sweep (the other shifts as today) with paired differences against a base count.

    Parameters
    ----------
    report
        A computed :class:`simlib.report.findings.StaffingReport`.
    shift
        One of ``report.shifts``.
    base
        The head count the others are compared with, on the same customers;
        default today's.
    kpis
        KPIs to show; default the service level, and profit with a ``[business]`` section.

    Returns
    -------
    pandas.DataFrame
        Index ``head count``; per KPI a column ``<kpi>`` (mean [95% CI]) and
        ``<kpi> vs <base>`` (paired difference [95% CI]).

    Raises
    ------
    ValueError
        An unknown shift, or a base count the sweep did not try.
    """
    if shift not in report.head_count_runs:
        raise ValueError(f"shift {shift!r}: not swept (shifts: {', '.join(report.head_count_runs)})")
    runs = report.head_count_runs[shift]
    base = report.today.plan[shift] if base is None else base
    counts = dict(zip(runs["head count"], runs["point"]))
    if base not in counts:
        raise ValueError(f"base = {base!r}: head counts tried on {shift} are {', '.join(map(str, sorted(counts)))}")
    kpis = kpis or (("service_level", "profit") if report.scenario.business is not None else ("service_level",))
    paired = paired_sweep(runs, counts[base], kpis).set_index(["point", "kpi"])
    summary = report.head_counts[report.head_counts["shift"] == shift].set_index(["head count", "kpi"])
    rows = {}
    for count, point in sorted(counts.items()):
        row = {}
        for kpi in kpis:
            row[heading(kpi)] = interval_words(report, kpi, summary.loc[(count, kpi)])
            row[f"{heading(kpi)} vs {base}"] = difference_words(report, kpi, paired.loc[(point, kpi)])
        rows[count] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("head count")
