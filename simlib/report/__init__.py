"""A staffing report: from a scenario file to a plan you can defend, with plots and plain sentences.

:func:`staffing_report` runs everything the report needs and returns a
:class:`StaffingReport`; the other functions turn it into sentences
(:class:`Findings`), tables and figures, so the notebook
``simlib/report/staffing_report.ipynb`` stays a few lines per cell.
:func:`run_report_notebook` executes that notebook with papermill
(``simlib report`` on the command line).

- :mod:`simlib.report.parameters`: the scenario and the checks on the report's parameters.
- :mod:`simlib.report.findings`: the numbers (Erlang's guess, the sweeps, the plans, today against the recommendation).
- :mod:`simlib.report.wording`: numbers, plans and times as the report writes them.
- :mod:`simlib.report.sentences`: the findings in sentences.
- :mod:`simlib.report.tables`: the tables (text cells).
- :mod:`simlib.report.figures`: the figures.
- :mod:`simlib.report.notebook`: running the notebook, and its HTML copy.

Times are in minutes unless a name says otherwise; money is in the
scenario's ``business.currency``; without a ``[business]`` section, plans
cost hours on duty. Guide: ``docs/experiments.md`` ("A staffing report").
"""

from simlib.report.figures import plot_cheapest, plot_head_counts, plot_profit
from simlib.report.findings import (
    SWEEP_MARGIN,
    StaffingReport,
    marginal_gains,
    off_duty_share,
    paired_plan_difference,
    planned_cost,
    staffing_report,
    sweep_value,
    with_plan,
)
from simlib.report.notebook import (
    NEEDS_PAPERMILL,
    REPORT_NOTEBOOK,
    ReportFailed,
    check_report_tools,
    notebook_to_html,
    report_kernel,
    run_report_notebook,
)
from simlib.report.parameters import check_report_parameters, load_report_scenario
from simlib.report.sentences import (
    Findings,
    brief,
    caveats,
    cheapest_findings,
    comparison_findings,
    estimate_findings,
    head_count_findings,
    profit_findings,
)
from simlib.report.tables import COMPARED_KPIS, comparison_table, estimate_table

__all__ = [
    "COMPARED_KPIS",
    "NEEDS_PAPERMILL",
    "REPORT_NOTEBOOK",
    "SWEEP_MARGIN",
    "Findings",
    "ReportFailed",
    "StaffingReport",
    "brief",
    "caveats",
    "cheapest_findings",
    "check_report_parameters",
    "check_report_tools",
    "comparison_findings",
    "comparison_table",
    "estimate_findings",
    "estimate_table",
    "head_count_findings",
    "load_report_scenario",
    "marginal_gains",
    "notebook_to_html",
    "off_duty_share",
    "paired_plan_difference",
    "planned_cost",
    "plot_cheapest",
    "plot_head_counts",
    "plot_profit",
    "profit_findings",
    "report_kernel",
    "run_report_notebook",
    "staffing_report",
    "sweep_value",
    "with_plan",
]
