"""Numbers, plans and times as the staffing report writes them: ``"82.1% [79.7%, 84.4%]"``, ``"3 on early"``.

Shared by the report's sentences, tables and figure titles, so a number
reads the same everywhere. Money is in the scenario's
``business.currency``; times are in minutes unless a name says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from simlib.analysis.formatting import format_kpi
from simlib.analysis.registry import SHARE_KPIS
from simlib.model.scenario import DAYS, Scenario

if TYPE_CHECKING:
    from simlib.report.findings import StaffingReport

def value_words(report: StaffingReport, kpi: str, value: float) -> str:
    """One KPI value as the report writes it: ``"82.1%"``, ``"12,345 EUR"``, ``"4.2 min"``.

    Parameters
    ----------
    report
        The report (for its currency).
    kpi
        The KPI's name (its unit follows from it).
    value
        The value, in the KPI's own unit (a share, minutes, money).

    Returns
    -------
    str
        :func:`simlib.analysis.formatting.format_kpi` in the report's currency.
    """
    return format_kpi(kpi, value, report.currency)


def interval_words(report: StaffingReport, kpi: str, row: pd.Series) -> str:
    """``"82.1% [79.7%, 84.4%]"``: a mean and its 95% interval.

    Parameters
    ----------
    report
        The report (for its currency).
    kpi
        The KPI's name.
    row
        ``mean``, ``ci_low`` and ``ci_high`` (a missing bound leaves the interval out).

    Returns
    -------
    str
        The mean, then the interval in brackets.
    """
    text = value_words(report, kpi, row["mean"])
    if not (pd.isna(row["ci_low"]) or pd.isna(row["ci_high"])):
        text += f" [{value_words(report, kpi, row['ci_low'])}, {value_words(report, kpi, row['ci_high'])}]"
    return text


def change_words(report: StaffingReport, kpi: str, value: float, unit: bool = True) -> str:
    """A difference with its sign: ``"+18.1 points"``, ``"-2,464 USD"``, ``"+0.12"``; without the unit: ``"+18.1"``.

    Parameters
    ----------
    report
        The report (for its currency).
    kpi
        The KPI's name; a share's change is in percentage points.
    value
        The difference, in the KPI's own unit; NaN gives ``"n/a"``.
    unit
        Whether to write the unit (points, currency, min).

    Returns
    -------
    str
        The signed difference; no sign when it rounds to zero.
    """
    if pd.isna(value):
        return "n/a"
    if kpi in SHARE_KPIS:
        text = f"{abs(round(100 * value, 1)):.1f}" + " points" * unit
    else:
        text = value_words(report, kpi, abs(value))
        if not unit:
            text = text.removesuffix(f" {report.currency}").removesuffix(" min")
    if not any(c in "123456789" for c in text.split(" ")[0]):
        return text  # rounds to zero: no sign
    return ("+" if value > 0 else "-") + text


def difference_words(report: StaffingReport, kpi: str, row: pd.Series) -> str:
    """``"+18.1 points [+16.0, +20.2]"``: a paired difference and its 95% interval.

    Parameters
    ----------
    report
        The report (for its currency).
    kpi
        The KPI's name.
    row
        ``difference``, ``ci_low`` and ``ci_high``.

    Returns
    -------
    str
        The difference with its unit, then the interval's bounds without it.
    """
    return (f"{change_words(report, kpi, row['difference'])} "
            f"[{change_words(report, kpi, row['ci_low'], False)}, "
            f"{change_words(report, kpi, row['ci_high'], False)}]")


def plan_words(plan: Mapping[str, int]) -> str:
    """``"3 on early and 4 on late"``: a staffing plan in words.

    Parameters
    ----------
    plan
        Shift -> people on duty together.

    Returns
    -------
    str
        One phrase per shift (``"nobody on late"`` for 0), joined with commas and "and".
    """
    parts = [f"{n} on {shift}" if n else f"nobody on {shift}" for shift, n in plan.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def span_words(scenario: Scenario) -> str:
    """``"14 days"``, ``"1 day"``: the length of one run (``run.days``).

    Parameters
    ----------
    scenario
        The scenario whose run length to write.

    Returns
    -------
    str
        The number of days and "day" or "days".
    """
    days = scenario.run.days
    return f"{days:g} day" + "s" * (days != 1)


def people_words(n: int) -> str:
    """``"1 person"``, ``"3 people"``.

    Parameters
    ----------
    n
        A head count.

    Returns
    -------
    str
        The count and "person" or "people".
    """
    return f"{n} person" if n == 1 else f"{n} people"


def clock_words(hour: float) -> str:
    """``"09:30"``, ``"24:00"``, ``"02:00 the next day"``: a shift's start or end hour as a time of day.

    Parameters
    ----------
    hour
        Hours after midnight of the shift's day (above 24: the next day).

    Returns
    -------
    str
        ``HH:MM``, with "the next day" past midnight (24 itself is ``"24:00"``).
    """
    day, rest = divmod(hour, 24)
    text = f"{int(rest):02d}:{round((rest % 1) * 60):02d}"
    return "24:00" if hour == 24 else text + (" the next day" if day >= 1 else "")


def days_words(days: Sequence[str]) -> str:
    """``"every day"``, ``"Mon-Fri"``, ``"Sat, Sun"``: a shift's days of the week.

    Parameters
    ----------
    days
        Day names as in a scenario file (``"mon"`` ... ``"sun"``), in any order.

    Returns
    -------
    str
        "every day", a range of three or more consecutive days, or the days listed.
    """
    order = [d for d in DAYS if d in days]
    if len(order) == 7:
        return "every day"
    index = [DAYS.index(d) for d in order]
    if len(order) > 2 and index == list(range(index[0], index[-1] + 1)):
        return f"{order[0].capitalize()}-{order[-1].capitalize()}"
    return ", ".join(d.capitalize() for d in order)


def target_words(report: StaffingReport) -> str:
    """``"15 min"``: the scenario's target time for a first reply (``service.target_minutes``).

    Parameters
    ----------
    report
        The report whose scenario to read.

    Returns
    -------
    str
        The target in minutes.
    """
    return f"{report.scenario.service.target_minutes:g} min"
