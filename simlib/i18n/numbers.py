"""Numbers written the current language's way: Python's format specs in English, babel's locale data in Spanish."""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

NUMBER_SPEC = re.compile(r"^(?:(?P<fill>.)?(?P<align>[<>^=]))?(?P<sign>[+ ])?(?P<width>[1-9]\d*)?(?P<group>,)?"
                         r"(?:\.(?P<digits>\d+))?(?P<kind>[fgde%]?)$")
"""The format specs :func:`fmt` writes the language's way (fill, align, sign, width, ``,``, precision, type)."""
LOCALES = {"es": "es_ES"}
"""The babel locale of each language other than English."""


def fmt(value: Any, spec: str = "", language: str | None = None) -> str:
    """``format(value, spec)`` in the current language (or ``language``).

    English is Python's own formatting, unchanged. In Spanish, a number with a
    numeric spec (``".1f"``, ``",.0f"``, ``".0%"``, ``"g"``, ``"+.0f"``) is
    written by babel: a decimal comma, a point between thousands (``1.234,5``)
    and a space before the percent sign (``82,1 %``), padded to the spec's
    width as Python pads (``">9,.1f"``, ``"<8.0%"``, ``"*^7.0f"``). Anything
    else (text, zero-padding such as ``"08.2f"``) is formatted as Python does. A 0-d numpy
    array (what a model function such as ``premium`` returns for one delay)
    is its number.
    """
    if language is None:
        from simlib.i18n.catalog import get_language

        language = get_language()
    if getattr(value, "shape", None) == () and hasattr(value, "item"):
        value = value.item()
    match = NUMBER_SPEC.match(spec)
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
    if sign in ("+", " ") and float(value) >= 0:
        text = sign + text
    return _pad(text, int(match["width"] or 0), match["fill"] or " ", match["align"] or ">")


def _pad(text: str, width: int, fill: str, align: str) -> str:
    """``text`` filled to ``width`` as Python aligns a number (``=``: the fill goes after the sign)."""
    if align == "<":
        return text.ljust(width, fill)
    if align == "^":
        return text.center(width, fill)
    if align == "=" and text[:1] in "+- ":
        return text[0] + text[1:].rjust(width - 1, fill)
    return text.rjust(width, fill)
