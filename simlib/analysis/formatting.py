"""KPI values as people read them: 82.1%, 1,234 USD, 13.47 min, 1,050 questions.

How each KPI is written comes from its row in :mod:`simlib.analysis.registry`; numbers and the
words around them follow the current language (:mod:`simlib.i18n`: ``82,1 %``, ``1.234 USD`` in Spanish).
"""

from __future__ import annotations

import math

from simlib.analysis.registry import BY_NAME
from simlib.i18n import fmt, get_language, tr


def format_kpi(name: str, value: float | None, currency: str = "") -> str:
    """One KPI value as text, by the registry's ``kind`` of ``name`` (shares as %, money with ``currency``).

    A KPI the registry does not know is written with two decimals; a missing
    value (None or NaN) is "n/a", or "never" for the first crisis day.
    """
    kpi = BY_NAME.get(name)
    kind = kpi.kind if kpi else "number"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return tr("never") if kind == "days" else tr("n/a")
    if kind == "share":
        return fmt(_rounded(100 * value, 1), ".1f") + ("%" if get_language() == "en" else "\u00a0%")
    if kind == "count":
        return fmt(_rounded(value, 0), ",.0f")
    if kind in ("money", "money_fine"):
        digits = 2 if kind == "money_fine" else 0
        return f"{fmt(_rounded(value, digits), f',.{digits}f')} {currency}".rstrip()
    if kind == "days":
        return tr("after {days:.1f} days", days=value)
    if kind == "minutes":
        return f"{fmt(_rounded(value, 2), '.2f')} min"
    return fmt(_rounded(value, 2), ".2f")


def format_estimate(name: str, mean: float, half_width: float | None = None) -> str:
    """A mean and its 95% CI half-width, compactly: ``"77% ± 5"``, ``"12,346 ± 789"``, ``"93.6 ± 2.9"``.

    Shares in whole percent (the half-width in percentage points), money with
    thousands separators, other values to 3 significant digits.
    """
    kind = BY_NAME[name].kind if name in BY_NAME else "number"
    if kind == "share":
        text, spread = fmt(mean, ".0%"), None if half_width is None else fmt(100 * half_width, ".0f")
    elif kind == "money":
        text, spread = fmt(mean, ",.0f"), None if half_width is None else fmt(half_width, ",.0f")
    else:
        text, spread = fmt(mean, ".3g"), None if half_width is None else fmt(half_width, ".2g")
    missing = half_width is None or (isinstance(half_width, float) and math.isnan(half_width))
    return text if missing else f"{text} ± {spread}"


def _rounded(value: float, digits: int) -> float:
    """``value`` rounded, never negative zero (so nothing prints as "-0.0")."""
    return round(value, digits) + 0.0
