"""Numbers, plans and times as the staffing report writes them: ``"82.1% [79.7%, 84.4%]"``, ``"3 on early"``.

Shared by the report's sentences, tables and figure titles, so a number
reads the same everywhere. Money is in the scenario's
``business.currency`` (hours without a business); times are in minutes
unless a name says otherwise.

Every comparison word is computed from the numbers printed beside it:
:func:`versus_words` writes ``"3,360 hours (224 hours less than today's 3,584
hours)"`` from the rounded values it prints; :func:`paired_words` says
``higher`` or ``lower`` only when the printed interval excludes 0;
:func:`check_words` prints a value and its target with enough decimals
that ``met`` or ``missed`` agrees with them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from simlib.analysis.formatting import format_kpi
from simlib.analysis.registry import SHARE_KPIS
from simlib.model.scenario import DAYS, Scenario

if TYPE_CHECKING:
    from simlib.report.findings import StaffingReport

_NUMBER = re.compile(r"[+-]?[\d,]*\.?\d+")
"""The first number of a printed value: ``"+1,234 USD"`` -> ``+1,234``."""


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


def money_words(report: StaffingReport, value: float) -> str:
    """``"12,345 USD"``, ``"3,360 hours"``: a cost or profit, in whole units (hours without a business).

    Parameters
    ----------
    report
        The report (for its currency).
    value
        The amount.
    """
    return f"{round(value) + 0:,} {report.currency or 'hours'}"


def printed_number(text: str) -> float:
    """The number a printed value shows: ``"+1,234 USD"`` -> 1234.0, ``"-18.1 points"`` -> -18.1; NaN for "n/a"."""
    found = _NUMBER.search(text)
    return float(found.group().replace(",", "")) if found else math.nan


def versus_words(report: StaffingReport, kind: str, value: float, other: float, whose: str) -> str:
    """A value and how it differs from another, both as printed: ``"5 people (2 fewer than today's 7)"``.

    The difference is the difference of the two printed (rounded) values,
    so it and its word always agree with them.

    Parameters
    ----------
    report
        The report (for its currency).
    kind
        ``"money"`` (whole units), ``"people"`` (a head count), ``"share"``
        (percent with one decimal; the difference in points) or ``"points"``
        (a difference of shares, e.g. a margin over a target: ``"-2.0 points"``).
    value, other
        This plan's value and the other's.
    whose
        The other's name in the possessive: ``"today's"``, ``"the cheapest plan's"``.

    Returns
    -------
    str
        ``"VALUE (D more than WHOSE OTHER)"``, ``"... less than ..."`` (``"fewer"`` for people),
        or ``"VALUE (the same as WHOSE OTHER)"``.
    """
    if kind == "money":
        a, b = round(value), round(other)
        show, gap = (lambda v: money_words(report, v)), abs(a - b)
        gap_text = money_words(report, gap)
    elif kind == "people":
        a, b = int(value), int(other)
        show, gap = people_words, abs(a - b)
        gap_text = str(gap)
    elif kind == "share":
        a, b = round(100 * value, 1), round(100 * other, 1)
        show, gap = (lambda v: f"{v + 0.0:.1f}%"), round(abs(a - b), 1)
        gap_text = f"{gap:.1f} points"
    elif kind == "points":
        a, b = round(100 * value, 1), round(100 * other, 1)
        show, gap = (lambda v: f"{v + 0.0:+.1f} points"), round(abs(a - b), 1)
        gap_text = f"{gap:.1f} points"
    else:
        raise ValueError(f"kind = {kind!r}: must be 'money', 'people', 'share' or 'points'")
    if a == b:
        return f"{show(a)} (the same as {whose} {show(b)})"
    word = "more" if a > b else ("fewer" if kind == "people" else "less")
    return f"{show(a)} ({gap_text} {word} than {whose} {show(b)})"


def paired_words(report: StaffingReport, kpi: str, row: pd.Series) -> str:
    """``"+18.1 points [+16.0, +20.2], higher"``: a paired difference, its 95% interval and what it shows.

    ``higher`` when the printed interval lies above 0, ``lower`` when below,
    ``no clear difference`` when it includes 0.

    Parameters
    ----------
    report
        The report (for its currency).
    kpi
        The KPI's name.
    row
        ``difference``, ``ci_low`` and ``ci_high``.
    """
    return f"{difference_words(report, kpi, row)}, {paired_verdict(report, kpi, row)}"


def paired_verdict(report: StaffingReport, kpi: str, row: pd.Series) -> str:
    """``"higher"``, ``"lower"`` or ``"no clear difference"``: where the printed 95% interval of a difference lies."""
    low, high = (printed_number(change_words(report, kpi, row[k], False)) for k in ("ci_low", "ci_high"))
    return "higher" if low > 0 else "lower" if high < 0 else "no clear difference"


def _apart(value: float, other: float, digits: int) -> int:
    """Decimals, from ``digits``, at which ``value`` and ``other`` print in the order they have."""
    for extra in range(5):
        a, b = round(value, digits + extra), round(other, digits + extra)
        if (a < b) == (value < other) and (a > b) == (value > other):
            return digits + extra
    return digits + 4


def check_words(row: pd.Series) -> str:
    """One target and how a plan fares: ``"80.0% within 15 min on the run's mean: 82.3% against 80.0%, met"``.

    The target's name, then :func:`check_verdict`.

    Parameters
    ----------
    row
        One row of a plan's checks (:class:`simlib.report.plans.PlanFacts`).
    """
    return f"{check_name(row)}: {check_verdict(row)}"


def check_name(row: pd.Series) -> str:
    """A target in words: ``"dm: 80.0% within 60 min in every interval"``, ``"lowest reputation at least 70"``."""
    if _is_floor(row):
        return f"lowest reputation at least {row['at_least']:g}"
    return str(row["target"])


def _is_floor(row: pd.Series) -> bool:
    """Whether a check is a floor on a run-level KPI (named by the KPI) rather than a target in words."""
    return " " not in str(row["target"])


def check_verdict(row: pd.Series) -> str:
    """How a plan fares on one target: ``"82.3% against 80.0%, met (worst interval 45.0% in Tue 12:00-12:30, ...)"``.

    The value judged is printed against the target with as many decimals as
    it takes for ``met`` (value >= target) or ``missed`` to agree with the
    printed numbers. The other figure follows in brackets: the worst
    interval for a target on the run's mean, the run's mean for a target in
    every interval.

    Parameters
    ----------
    row
        One row of a plan's checks (:class:`simlib.report.plans.PlanFacts`):
        ``target``, ``at_least``, ``mean``, ``worst``, ``worst_interval``,
        ``worst_questions``, ``value``, ``met``.
    """
    if pd.isna(row["value"]):
        return "no question to judge it on, missed"
    verdict = "met" if row["met"] else "missed"
    if _is_floor(row):
        digits = _apart(row["value"], row["at_least"], 2)
        return f"{row['value']:.{digits}f} against {row['at_least']:.{digits}f}, {verdict}"
    digits = _apart(100 * row["value"], 100 * row["at_least"], 1)
    judged = f"{100 * row['value']:.{digits}f}% against {100 * row['at_least']:.{digits}f}%, {verdict}"
    if not row["worst_interval"]:
        return judged
    asked = row["worst_questions"]
    where = f"{row['worst_interval']}, {asked:,.0f} question{'s' * (round(asked) != 1)}"
    if str(row["target"]).endswith("in every interval"):
        return f"worst interval {judged} ({where}; run's mean {format_kpi('service_level', row['mean'])})"
    return f"{judged} (worst interval {format_kpi('service_level', row['worst'])} in {where})"


def targets_words(report: StaffingReport) -> str:
    """The report's targets in words, joined with "and": ``"80.0% within 15 min on the run's mean"``."""
    parts = [t.describe() for t in report.targets.targets]
    if report.reputation_floor is not None:
        parts.append(f"a lowest reputation of at least {report.reputation_floor:g}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
