"""Tables a student can read: whole text, the KPI registry's labels with units and period, percentages, durations.

- :func:`course_display`: pandas options for the course (no cut text, two decimals).
- :func:`duration`: minutes as people say them ("12 min", "2.2 h", "1.6 days").
- :func:`kpi_heading`: a KPI's label with its unit, and the period for totals
  ("revenue lost (USD per 4 weeks)").
- :func:`kpi_value`: one KPI value as text, by the registry's format kind.
- :func:`kpi_rows`: a table whose rows are KPIs, as text.
- :func:`readable`: a table whose columns are KPIs or named like them, styled
  for reading (labels, %, money, durations), the numbers kept underneath.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from pandas.io.formats.style import Styler

from simlib.analysis.formatting import format_kpi
from simlib.analysis.registry import BY_NAME, heading, label
from simlib.i18n import fmt, tr

__all__ = ["course_display", "duration", "duration_estimate", "kpi_heading", "kpi_rows", "kpi_value", "period", "readable"]

_SHARE_WORDS = re.compile(r"\bshare\b|\bmoved up\b|\bturned critic\b|\bcame back\b|\bservice level\b|"
                          r"\bconversion\b|\boccupancy\b|\butilisation\b|\bgave up\b", re.IGNORECASE)
_MONEY_WORDS = re.compile(r"\brevenue\b|\bprofit\b|\bcost\b|\blead score\b|\bUSD\b|\bEUR\b", re.IGNORECASE)


def course_display() -> None:
    """Set pandas to show whole text in table cells and two decimals for floats (called on importing the course)."""
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.precision", 2)


def duration(minutes: float) -> str:
    """Minutes as a reader takes them in: "45 s", "12 min", "2.2 h", "1.6 days"; "never" when missing.

    In the reader's language (:func:`simlib.i18n.set_language`): "2,2 h", "1,6 días", "nunca" in Spanish.
    """
    if minutes is None or (isinstance(minutes, float) and math.isnan(minutes)):
        return tr("never")
    if abs(minutes) < 1:
        return f"{fmt(minutes * 60, '.0f')} s"
    if abs(minutes) < 90:
        return f"{fmt(minutes, '.0f')} min" if abs(minutes) >= 10 else f"{fmt(minutes, '.1f')} min"
    if abs(minutes) < 48 * 60:
        return f"{fmt(minutes / 60, '.1f')} h"
    return tr("{days:.1f} days", days=minutes / 1440)


def duration_estimate(mean: float, half_width: float | None = None) -> str:
    """A mean wait and its 95% CI half-width in one unit: "12 ± 3 min", "2.2 ± 1.6 h", "1.6 ± 0.4 days".

    In the reader's language, as :func:`duration`.
    """
    if half_width is None or (isinstance(half_width, float) and math.isnan(half_width)):
        return duration(mean)
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return tr("never")
    largest = max(abs(mean), abs(half_width))
    if largest < 90:
        spec = ".1f" if largest < 10 else ".0f"
        return f"{fmt(mean, spec)} ± {fmt(half_width, spec)} min"
    if largest < 48 * 60:
        return f"{fmt(mean / 60, '.1f')} ± {fmt(half_width / 60, '.1f')} h"
    return tr("{mean:.1f} ± {half_width:.1f} days", mean=mean / 1440, half_width=half_width / 1440)


def period(days: float | None) -> str:
    """A run's length for headings: "week", "2 weeks", "4 weeks", "10 days" ("" when unknown), in the reader's language."""
    if not days:
        return ""
    if days == 7:
        return tr("week")
    if days % 7 == 0:
        return tr("{weeks:g} weeks", weeks=days / 7)
    return tr("{days:g} days", days=days)


def kpi_heading(name: str, currency: str = "", days: float | None = None, durations: bool = False) -> str:
    """A KPI's label with its unit, and the period for totals (money and counts over a run).

    ``kpi_heading("revenue_lost", "USD", 28)`` is "revenue lost (USD per 4 weeks)";
    ``kpi_heading("median_first_response_minutes")`` is "median first reply (min)", or
    "median first reply" with ``durations`` (the values say "12 min", "2.2 h");
    a name not in the registry comes back with ``_`` read as spaces. The
    words are in the reader's language (:func:`simlib.analysis.registry.label`).
    """
    kpi = BY_NAME.get(name)
    if kpi is None:
        return name.replace("_", " ")
    when = period(days)
    if kpi.kind in ("money", "money_fine") and kpi.unit == "currency":
        money = currency or tr("money")
        return tr("{label} ({money} per {period})", label=label(name), money=money, period=when) if when \
            else heading(name, currency)
    if kpi.kind == "count" and when and name not in ("critics", "creators"):
        return tr("{label} (per {period})", label=label(name), period=when)
    if kpi.kind == "minutes" and durations:
        return label(name)  # the values say their unit (min, h, days)
    return heading(name, currency)


def kpi_value(name: str, value: float, currency: str = "") -> str:
    """One KPI value as text: shares as %, money with separators, waits as durations, others by the registry."""
    kpi = BY_NAME.get(name)
    if kpi is not None and kpi.kind == "minutes":
        return duration(value)
    if kpi is not None and kpi.kind in ("money", "money_fine"):
        return format_kpi(name, value, "")  # the heading carries the currency
    if kpi is not None and kpi.kind == "number" and abs(value) >= 100:
        return fmt(value, ",.0f")
    return format_kpi(name, value, currency)


def kpi_rows(table: pd.DataFrame, currency: str = "", days: float | None = None) -> pd.DataFrame:
    """A table whose index holds KPI names, as text: rows labelled by :func:`kpi_heading`, values by :func:`kpi_value`."""
    shown = pd.DataFrame({column: [kpi_value(name, value, currency) for name, value in table[column].items()]
                          for column in table.columns}, index=table.index)
    shown.index = [kpi_heading(name, currency, days, durations=True) for name in table.index]
    return shown


def _kind(column: str) -> str:
    """How a column is written: by the registry when it is a KPI name or label, else by its words."""
    name = str(column)
    base = re.sub(r" (low|high)$", "", name)
    kpi = BY_NAME.get(base) or next((k for k in BY_NAME.values() if k.label == base), None)
    if kpi is not None:
        return {"money_fine": "money"}.get(kpi.kind, kpi.kind)
    if _SHARE_WORDS.search(base):
        return "share"
    if _MONEY_WORDS.search(base):
        return "money"
    if re.search(r"minutes|\bwait\b|\bmin\)", base):
        return "minutes"
    return "number"


def readable(table: pd.DataFrame, currency: str = "", days: float | None = None,
             kinds: Mapping[str, str] | None = None, labels: Mapping[str, str] | None = None,
             rename: bool = True, hide_index: bool = False) -> Styler:
    """A table styled for reading, its numbers kept underneath (``styler.data``).

    Each column is written by its kind: ``share`` as 45%, ``money`` with
    thousands separators, ``minutes`` as a duration, ``count`` as a whole
    number, ``number`` with one or two decimals. The kind comes from ``kinds``,
    else from the KPI registry (the column is a KPI name or label), else from
    its words ("share", "revenue"...). With ``rename``, KPI names become
    :func:`kpi_heading` (with ``currency`` and the run's ``days``), other
    names lose their ``_``, and ``labels`` renames columns (and the index's
    name) as given.
    """
    kinds = dict(kinds or {})
    formats = {}
    for column in table.columns:
        kind = kinds.get(column) or _kind(column)
        formats[column] = _formatter(kind, table[column])
    styler = table.style.format(formats, na_rep="n/a")
    labels = dict(labels or {})
    if rename:
        styler = styler.relabel_index([labels.get(c) or kpi_heading(str(c), currency, days, durations=True)
                                       for c in table.columns], axis="columns")
        if table.index.name is not None:
            styler.data.index = styler.data.index.rename(labels.get(table.index.name, table.index.name))
    if hide_index:
        styler = styler.hide(axis="index")
    return styler


def _formatter(kind: str, values: pd.Series):
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return lambda v: "yes" if v is True else "no" if v is False else str(v)
    if kind == "share":
        return lambda v: f"{v:.0%}" if abs(v) >= 0.1 or v == 0 else f"{v:.1%}"
    if kind == "money":
        return lambda v: f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}"
    if kind == "minutes":
        return duration
    if kind == "count" or pd.api.types.is_integer_dtype(values):
        return lambda v: f"{v:,.0f}"
    digits = 1 if values.abs().max() >= 10 else 2  # one precision per column, so values line up
    return lambda v: f"{v:,.{digits}f}"


def columns_of(kpis: Iterable[str], currency: str = "", days: float | None = None) -> list[str]:
    """The headings of several KPIs (:func:`kpi_heading`)."""
    return [kpi_heading(k, currency, days) for k in kpis]
