"""A staffing report: from a scenario file and today's plan to a plan you can defend, with plots and plain sentences.

:func:`staffing_report` runs everything the report needs and returns a
:class:`StaffingReport`; the other functions turn it into sentences
(:class:`Findings`), tables and figures, so the notebook
``simlib/report/staffing_report.ipynb`` stays a few lines per cell.
:func:`run_report_notebook` executes that notebook with papermill
(``simlib report`` on the command line).

- :mod:`simlib.report.parameters`: the scenario, targets and replications, and the checks on them.
- :mod:`simlib.report.findings`: the numbers (Erlang's guess, the sweeps, today's plan, the plans found).
- :mod:`simlib.report.plans`: one plan's numbers (:class:`PlanFacts`) and the recommendation rules.
- :mod:`simlib.report.paired`: paired differences (the same customers) between plans and sweep points.
- :mod:`simlib.report.wording`: numbers, plans, comparisons and targets as the report writes them.
- :mod:`simlib.report.sentences`: the scenario, today's plan, Erlang, head counts and caveats in sentences.
- :mod:`simlib.report.plan_sentences`: the plans found and the recommendation in sentences.
- :mod:`simlib.report.tables`: the tables (text cells).
- :mod:`simlib.report.figures`: the figures.
- :mod:`simlib.report.notebook`: running the notebook, and its HTML copy.

Times are in minutes unless a name says otherwise; money is in the
scenario's ``business.currency``; without a ``[business]`` section, plans
cost hours on duty. Guide: ``docs/experiments.md`` ("A staffing report").
"""

from simlib.report.figures import (
    plot_cheapest,
    plot_head_counts,
    plot_intervals,
    plot_profit,
)
from simlib.report.findings import (
    SWEEP_MARGIN,
    StaffingReport,
    marginal_gains,
    off_duty_share,
    staffing_report,
    sweep_value,
    with_plan,
)
from simlib.report.notebook import (
    NEEDS_PAPERMILL,
    REPORT_NOTEBOOK,
    ReportFailed,
    check_report_tools,
    load_report,
    notebook_to_html,
    report_kernel,
    run_report_notebook,
    save_report,
)
from simlib.report.paired import paired_difference, paired_sweep
from simlib.report.parameters import (
    REPORT_PARAMETERS,
    check_notebook_parameters,
    check_parameter_names,
    check_report_parameters,
    load_report_scenario,
    report_replications,
    report_targets,
)
from simlib.report.plan_sentences import (
    cheapest_findings,
    profit_findings,
    recommendation_findings,
)
from simlib.report.plans import PlanFacts, Recommendation, recommend
from simlib.report.sentences import (
    Findings,
    brief,
    caveats,
    estimate_findings,
    forecast_findings,
    head_count_findings,
    today_findings,
)
from simlib.report.tables import (
    COMPARED_KPIS,
    comparison_table,
    estimate_table,
    head_count_table,
    plans_table,
)

__all__ = [
    "COMPARED_KPIS",
    "NEEDS_PAPERMILL",
    "REPORT_NOTEBOOK",
    "REPORT_PARAMETERS",
    "SWEEP_MARGIN",
    "Findings",
    "PlanFacts",
    "Recommendation",
    "ReportFailed",
    "StaffingReport",
    "brief",
    "caveats",
    "cheapest_findings",
    "check_notebook_parameters",
    "check_parameter_names",
    "check_report_parameters",
    "check_report_tools",
    "comparison_table",
    "estimate_findings",
    "estimate_table",
    "forecast_findings",
    "head_count_findings",
    "head_count_table",
    "load_report",
    "load_report_scenario",
    "marginal_gains",
    "notebook_to_html",
    "off_duty_share",
    "paired_difference",
    "paired_sweep",
    "plans_table",
    "plot_cheapest",
    "plot_head_counts",
    "plot_intervals",
    "plot_profit",
    "profit_findings",
    "recommend",
    "recommendation_findings",
    "report_kernel",
    "report_replications",
    "report_targets",
    "run_report_notebook",
    "save_report",
    "staffing_report",
    "sweep_value",
    "today_findings",
    "with_plan",
]
