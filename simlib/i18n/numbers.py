"""Numbers written the current language's way: Python's format specs in English, babel's locale data in Spanish."""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

_SPEC = re.compile(r"^(?P<sign>[+ ])?(?P<group>,)?(?:\.(?P<digits>\d+))?(?P<kind>[fgde%]?)$")
LOCALES = {"es": "es_ES"}
"""The babel locale of each language other than English."""


def fmt(value: Any, spec: str = "", language: str | None = None) -> str:
    """``format(value, spec)`` in the current language (or ``language``).

    English is Python's own formatting, unchanged. In Spanish, a number with a
    numeric spec (``".1f"``, ``",.0f"``, ``".0%"``, ``"g"``, ``"+.0f"``) is
    written by babel: a decimal comma, a point between thousands (``1.234,5``)
    and a space before the percent sign (``82,1 %``). Anything else (text, a
    spec with a width or a fill) is formatted as Python does. A 0-d numpy
    array (what a model function such as ``premium`` returns for one delay)
    is its number.
    """
    if language is None:
        from simlib.i18n.catalog import get_language

        language = get_language()
    if getattr(value, "shape", None) == () and hasattr(value, "item"):
        value = value.item()
    match = _SPEC.match(spec)
    is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if language == "en" or language not in LOCALES or not is_number or match is None:
        return format(value, spec)
    if isinstance(value, float) and not math.isfinite(value):
        return format(value, spec)
    from babel.numbers import format_decimal, format_percent

    locale = LOCALES[language]
    sign, group, digits, kind = match["sign"], match["group"], match["digits"], match["kind"]
    if kind in ("", "d") and digits is None and isinstance(value, numbers.Integral):
        text = format_decimal(value, format="#,##0" if group else "0", locale=locale)
    elif kind == "g" or (kind == "" and digits is None):
        if kind == "g" and digits is not None:  # significant digits, as Python counts them
            value = float(format(value, f".{digits}g"))
        text = format_decimal(value, format="#,##0.######" if group else "0.######", locale=locale)
    elif kind == "%":
        places = int(digits if digits is not None else 6)
        pattern = "#,##0" + ("." + "0" * places if places else "") + "\u00a0%"
        text = format_percent(value, format=pattern, locale=locale)
    else:
        places = int(digits if digits is not None else 6)
        if kind == "e":
            return format(value, spec).replace(".", ",")
        pattern = ("#,##0" if group else "0") + ("." + "0" * places if places else "")
        text = format_decimal(value, format=pattern, locale=locale, decimal_quantization=True)
    if sign == "+" and float(value) >= 0:
        text = "+" + text
    return text
