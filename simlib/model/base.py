"""Base class for scenario parts: strict, finite, and typo-proof."""

from __future__ import annotations

import math
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from simlib.i18n import N_, tr


def _whole_number(value: Any) -> Any:
    """Let a whole number through as ``int`` (a NumPy integer, or a float such as ``3.0``); leave the rest.

    Anything else (``true``, ``"3"``, ``2.5``) reaches pydantic's strict
    integer check, which refuses it: numbers must be numbers.
    """
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
"""An integer field: ``3`` and ``3.0`` are 3; ``true``, ``"3"`` and ``2.5`` are refused."""


class StrictModel(BaseModel):
    """A frozen pydantic model that refuses unknown fields, NaN or infinity, and loose types.

    An unknown field is reported with the fields that are allowed, so a typo
    such as ``cuont`` is caught and explained instead of silently ignored.
    Types are strict: a number must be a number (``per_hour = true`` and
    ``count = "3"`` are refused), a switch must be ``true`` or ``false``.
    """

    model_config = ConfigDict(frozen=True, allow_inf_nan=False, validate_default=True, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(cls.model_fields), key=str)
            if unknown:
                allowed = ", ".join(cls.model_fields)
                raise ValueError(tr("unknown field {field} (allowed: {allowed})", field=show(unknown[0], 40),
                                    allowed=allowed))
        return data


NAMED = {"shift": N_("shift name"), "channel": N_("channel name")}
"""How an error line introduces a name of each kind (in the current language)."""


def check_name(kind: str, name: Any, longest: int = 100) -> None:
    """Refuse a name the output cannot show on one line: empty, too long, with a control character or a dot.

    Names of channels and shifts appear in error lines, tables, records
    and dotted paths (``staff.NAME.count``), so they must be printable,
    single-line and free of dots.
    """
    shown, named = show(name, 40), tr(NAMED.get(kind, f"{kind} name"))
    if not isinstance(name, str) or not name.strip():
        raise ValueError(tr("{named} {name}: must be a non-empty text", named=named, name=shown))
    if len(name) > longest:
        raise ValueError(tr("{named} {name}: at most {longest} characters, got {length:,}", named=named, name=shown,
                            longest=longest, length=len(name)))
    if not name.isprintable():
        raise ValueError(tr("{named} {name}: has a control character (a newline, tab or escape)", named=named,
                            name=shown))
    if "." in name:
        raise ValueError(tr("{named} {name}: must not contain '.' (dotted paths such as staff.NAME.count use it)",
                            named=named, name=shown))


def escape(text: str) -> str:
    """``text`` with every character a terminal would act on (newline, tab, escape...) written as an escape, ``\\n``."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def shorten(text: str, limit: int = 80) -> str:
    """``text`` escaped (:func:`escape`) and cut to ``limit`` characters, ending in ``...`` when cut."""
    text = escape(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def show(value: Any, limit: int = 80) -> str:
    """A value as an error line echoes it: TOML's ``true``/``false``, quoted text, escaped and shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    try:
        text = repr(value) if not isinstance(value, (dict, list)) or len(value) < 1000 else \
            f"<{type(value).__name__} of {len(value):,} items>"
    except RecursionError:
        text = f"<{type(value).__name__} nested too deeply>"
    return shorten(text, limit)
