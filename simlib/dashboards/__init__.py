"""Dashboards for the course: explore a preset, compare a staffing change, plan a shift.

The model lives apart from the widgets (the jupyter-widgets tutorial habit):

- :mod:`~simlib.dashboards.runs`: a preset with the controls' changes, its runs cached;
- :mod:`~simlib.dashboards.answers`: what a dashboard computes (:func:`explore_scenario`,
  :func:`side_by_side_change`, :func:`staffing_plan`), no widgets; minutes, and money
  in the preset's currency (``business.currency``);
- :mod:`~simlib.dashboards.tables`: the KPIs shown and what each means;
- :mod:`~simlib.dashboards.headline`, :mod:`~simlib.dashboards.screens`: the
  headline numbers, notes and tables a room reads (labels and units from the
  KPI registry, durations in min, h or days);
- :mod:`~simlib.dashboards.views`: the dashboards' figures, drawn for a projector;
- :mod:`~simlib.dashboards.cache`: answers with their pictures, cached and prepared
  in the background (:mod:`~simlib.dashboards.run_cache`);
- :mod:`~simlib.dashboards.widgets`: :func:`scenario_explorer`,
  :func:`side_by_side_explorer` and :func:`staffing_planner`, each a
  :class:`~simlib.dashboards.projector.Dashboard` (built on
  :class:`~simlib.dashboards.explorer.Explorer`);
- :mod:`~simlib.dashboards.workshop`, :mod:`~simlib.dashboards.serve`: the
  workshop page (``make workshop``), its present mode and its participants' mode;
- :mod:`~simlib.dashboards.game`, :mod:`~simlib.dashboards.game_dashboard`: the
  team game's rules, scoring and answer key (``make game-key``), and its dashboard;
- :mod:`~simlib.dashboards.handouts`, :mod:`~simlib.dashboards.guide`: the printable
  handouts and score sheet (``make handouts``), and the trainer guide's seeded
  numbers (``make guide-numbers``);
- :mod:`~simlib.dashboards.browser`: headless Chromium for the workshop's browser
  tests and benchmark.

Example::

    from simlib.dashboards import explore_scenario, scenario_explorer
    explore_scenario("luxury", {"weekday": 2}, days=7).kpis["answered_share"]
    scenario_explorer("high_volume")  # in a notebook
"""

from simlib.dashboards.answers import (
    DISCIPLINES,
    ERLANG_SERVICE_LEVEL,
    PLAN_KPIS,
    ChangeView,
    ScenarioView,
    StaffingPlan,
    explore_scenario,
    side_by_side_change,
    staffing_plan,
)
from simlib.dashboards.cache import clear_cache, wait_for_background
from simlib.dashboards.runs import preset_scenario
from simlib.dashboards.projector import Dashboard
from simlib.dashboards.screens import Screen
from simlib.dashboards.tables import DASHBOARD_KPIS, PER_QUESTION_KPI, kpi_table
from simlib.dashboards.views import ERLANG_GID, explorer_figure, plot_change, plot_staffing_plan
from simlib.dashboards.widgets import PlannerExplorer, scenario_explorer, side_by_side_explorer, staffing_planner

__all__ = [
    "DASHBOARD_KPIS",
    "DISCIPLINES",
    "ERLANG_GID",
    "ERLANG_SERVICE_LEVEL",
    "PER_QUESTION_KPI",
    "PLAN_KPIS",
    "ChangeView",
    "Dashboard",
    "PlannerExplorer",
    "ScenarioView",
    "Screen",
    "StaffingPlan",
    "clear_cache",
    "explore_scenario",
    "explorer_figure",
    "kpi_table",
    "plot_change",
    "plot_staffing_plan",
    "preset_scenario",
    "scenario_explorer",
    "side_by_side_change",
    "side_by_side_explorer",
    "staffing_plan",
    "staffing_planner",
    "wait_for_background",
]
