"""Notebook 07, *Fit your inbox, then plan it*: the shop's six-week export fitted, checked and planned.

- :func:`fit_shop`: ``scenarios/shop_export.csv`` (synthetic: no real
  customers) fitted by :func:`simlib.fit.fit_export`, with the shop's own
  shifts (the export does not say who was on duty).
- :func:`fitted_vs_export`: does the fitted scenario reproduce what the
  export shows (service level, answered share, customers who gave up)?
- :func:`weekend_shift`: the dotted change that adds one person on Saturday
  and Sunday, for plans made on the fitted scenario.

Times in minutes unless a name says hours.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from simlib.experiments.replications import run_replications, summarise
from simlib.fit import FitResult, fit_export
from simlib.fit.example import example_path
from simlib.i18n import N_, get_language
from simlib.i18n.tables import table_words
from simlib.model.presets import load_preset

__all__ = ["SHOP_TIME_ZONE", "fit_shop", "fitted_vs_export", "weekend_shift"]

SHOP_TIME_ZONE = "Europe/Madrid"
"""The clock of the shop's export."""
COMPARED = ("service_level", "answered_share", "p_abandon")
ROWS = table_words(N_("export"), N_("fitted mean"), N_("fitted CI low"), N_("fitted CI high"))
"""The rows of :func:`fitted_vs_export`, shown in the reader's language (:mod:`simlib.i18n.tables`)."""


def fit_shop() -> FitResult:
    """The shop's export fitted, with the shifts of the ``shop_weekdays`` preset (a few seconds, then cached).

    Its warnings and notes are in the reader's language (:func:`simlib.i18n.set_language`): one fit per language.
    """
    return _fit_shop(get_language())


@lru_cache(maxsize=2)
def _fit_shop(language: str) -> FitResult:
    return fit_export(example_path(), time_zone=SHOP_TIME_ZONE, name="The shop, fitted",
                      target_minutes=60.0, staff=load_preset("shop_weekdays").staff)


def fitted_vs_export(fit: FitResult, replications: int = 5) -> pd.DataFrame:
    """The export's own figures beside runs of the fitted scenario over as many days.

    Columns: ``service_level``, ``answered_share``, ``p_abandon`` (shares);
    rows: ``export``, then the fitted runs' ``fitted mean`` and its 95%
    interval, ``fitted CI low`` and ``fitted CI high``.
    """
    scenario = fit.scenario.with_changes({"run.days": float(fit.messages.days)})
    summary = summarise(run_replications(scenario, replications)[0])
    kpis = [kpi for kpi in COMPARED if kpi in fit.observed]
    export, mean, low, high = ROWS
    return pd.DataFrame({kpi: {export: fit.observed[kpi], mean: summary.loc[kpi, "mean"],
                               low: summary.loc[kpi, "ci_low"], high: summary.loc[kpi, "ci_high"]} for kpi in kpis})


def weekend_shift(start_hour: float, hours: float = 8.0, count: int = 1) -> dict[str, dict]:
    """``{"staff.weekend": {...}}``: ``count`` people on Saturday and Sunday from ``start_hour`` for ``hours``.

    For ``scenario.with_changes(...)`` or :func:`simlib.course.staffing.run_plans`.
    """
    return {"staff.weekend": {"count": count, "start_hour": float(start_hour),
                              "end_hour": float(start_hour + hours), "days": ["sat", "sun"]}}
