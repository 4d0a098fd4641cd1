"""KPI values as people read them: 82.1%, 1,234 USD, 13.47 min, 1,050 questions."""

from __future__ import annotations

import math

from simlib.analysis.kpis import SHARE_KPIS

PERCENT = SHARE_KPIS | {"occupancy"}
MONEY = {"revenue", "revenue_lost", "revenue_lost_per_question", "revenue_lost_per_question_hour", "staff_cost",
         "profit"}
COUNTS = {"questions", "leads", "complaints", "complaint_audience", "critics", "creators"}


def format_kpi(name: str, value: float | None, currency: str = "") -> str:
    """One KPI value as text, by what the KPI ``name`` measures (shares as %, money with ``currency``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "never" if name == "crisis_day" else "n/a"
    if name in PERCENT:
        return f"{_rounded(100 * value, 1):.1f}%"
    if name in COUNTS:
        return f"{_rounded(value, 0):,.0f}"
    if name in MONEY:
        digits = 2 if name.startswith("revenue_lost_per_question") else 0
        return f"{_rounded(value, digits):,.{digits}f} {currency}".rstrip()
    if name == "crisis_day":
        return f"after {value:.1f} days"
    if "minutes" in name:
        return f"{_rounded(value, 2):.2f} min"
    return f"{_rounded(value, 2):.2f}"


def _rounded(value: float, digits: int) -> float:
    """``value`` rounded, never negative zero (so nothing prints as "-0.0")."""
    return round(value, digits) + 0.0
