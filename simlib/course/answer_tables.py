"""Reading tables a student gives: a Series, a one-column DataFrame, a dict or a list, indexed by
days (0-6 or names), clock hours (0-23, 8.0 or "08:00") or whole numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from simlib.course.answers import (
    WEEKDAY_NAMES,
    Hint,
    close_enough,
    decimals,
    needed_decimals,
    normalise_label,
    plain,
    read_label,
    rounding_hint,
    strip_accents,
)
from simlib.i18n import N_, tr


def day_number(key: Any) -> int | None:
    """0-6 for a day of the week given as a number (``5``, ``5.0``) or a name (``"Sat"``, ``"saturday"``)."""
    key = plain(key)
    if isinstance(key, bool):
        return None
    if isinstance(key, (int, float)) and float(key).is_integer():
        return int(key)
    text = normalise_label(key)[:3]
    names = [d.lower()[:3] for d in WEEKDAY_NAMES]
    if text in names:
        return names.index(text)
    spanish = normalise_label(strip_accents(key))[:3]  # lunes... domingo
    return SPANISH_DAYS.index(spanish) if spanish in SPANISH_DAYS else None


def hour_number(key: Any) -> int | None:
    """0-23 for a clock hour given as a number (``8``, ``8.0``) or as text (``"8"``, ``"08:00"``, ``"8h"``)."""
    key = plain(key)
    if isinstance(key, bool):
        return None
    if isinstance(key, (int, float)) and float(key).is_integer():
        return int(key)
    match = re.fullmatch(r"(\d{1,2})(?::00|h|\.0)?", normalise_label(key))
    return int(match.group(1)) if match else None


def whole_number(key: Any) -> int | None:
    """A whole number given as ``3``, ``3.0`` or ``"3"``; None otherwise."""
    key = plain(key)
    if isinstance(key, bool):
        return None
    if isinstance(key, (int, float)) and float(key).is_integer():
        return int(key)
    return int(key) if isinstance(key, str) and key.strip().isdigit() else None


_INDEX_READERS = {"day": day_number, "hour": hour_number, "int": whole_number}
_INDEX_HOW = {
    "day": N_("the day of the week, as 0-6 (0 = Monday) or as names (\"Mon\"...)"),
    "hour": N_("the clock hour, 0 to 23"),
    "int": N_("whole numbers"),
}
SPANISH_DAYS = ("lun", "mar", "mie", "jue", "vie", "sab", "dom")
"""Days of the week in Spanish, first three letters without accents (lunes = 0)."""


def as_table(answer: Any, what: str, how: str = "") -> pd.Series:
    """The answer as a Series: a Series, a one-column DataFrame, a dict, or a list (index 0, 1, 2...)."""
    answer = plain(answer)
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] != 1:
            raise Hint(tr("Expected one column of values ({what}); your DataFrame has {count} columns "
                          "({columns}). Pick the one column the task asks for.", what=what, count=answer.shape[1],
                          columns=", ".join(map(str, answer.columns[:5]))))
        answer = answer.iloc[:, 0]
    if isinstance(answer, Mapping):
        return pd.Series(dict(answer), dtype=object)
    if isinstance(answer, (list, tuple, np.ndarray)) and not isinstance(answer, str):
        return pd.Series(list(answer), dtype=object)
    if isinstance(answer, pd.Series):
        return answer
    raise Hint(tr("Expected a pandas Series ({what}), e.g. the result of a groupby; got {type}. {how}",
                  what=what, type=type(answer).__name__, how=how).strip())


def require_table(answer: Any, expected: pd.Series, what: str, abs_tol: float, how: str,
                  fill_missing: float | None = None, index: str = "int", rel_tol: float = 0.0,
                  share: bool | None = None, wrong: Mapping[str, pd.Series] | None = None,
                  aliases: Mapping[str, str] | None = None) -> pd.Series:
    """Accept a table (see :func:`as_table`) with the index of ``expected`` and values within the tolerance.

    Parameters
    ----------
    index
        How to read the answer's index: ``"int"`` (0, 1, 2...), ``"day"`` (of
        the week: 0-6 or names), ``"hour"`` (0-23) or ``"label"`` (text, read
        by :func:`read_label` with ``aliases``).
    abs_tol, rel_tol
        A value passes within either tolerance of the expected one.
    fill_missing
        Rows the answer leaves out count as this value (e.g. 0 USD lost in an
        hour when no question arrived).
    share
        The values are shares (0-1): percentages get their own hint. Default:
        when every expected value is between 0 and 1.
    wrong
        Hint -> a typical wrong table; an answer close to it gets that hint.
    how
        How to build the table, for the hints.

    Returns
    -------
    Series
        The answer as numbers, indexed like ``expected``.
    """
    given = as_table(answer, what, how)
    expected = expected.astype(float)
    if index == "label":
        labels = [str(k) for k in expected.index]
        keys = [read_label(k, labels, aliases) for k in given.index]
        if any(k is None for k in keys) or len(set(keys)) != len(keys) or set(keys) != set(labels):
            raise Hint(tr("Label your Series with one row for each of {labels}; yours has {given}. {how}",
                          labels=", ".join(labels), given=", ".join(map(str, given.index)) or tr("none"),
                          how=how).strip())
        expected = expected.set_axis(labels)
    else:
        reader = _INDEX_READERS[index]
        keys = [reader(k) for k in given.index]
        if any(k is None for k in keys):
            raise Hint(tr("Index your Series by {index} ({what}). {how}", index=tr(_INDEX_HOW[index]), what=what,
                          how=how).strip())
        if index == "day" and (len(keys) > 7 or max(keys) > 6):
            raise Hint(tr("Your index has more than seven days: fold the days of the run into days of the week "
                          "(two Mondays are both Mondays)."))
        if len(set(keys)) != len(keys):
            raise Hint(tr("Your index repeats a value: give one row for each of {index}.",
                          index=tr(_INDEX_HOW[index])))
        expected = expected.set_axis([int(k) for k in expected.index])
    values = pd.Series(pd.to_numeric(pd.Series(list(given.to_numpy()), dtype=object), errors="coerce").to_numpy(
        dtype=float), index=keys)
    if values.isna().any():
        raise Hint(tr("Every value should be a number ({what}).", what=what))
    if fill_missing is not None:
        values = values.reindex(values.index.union(expected.index), fill_value=fill_missing)
    missing = [i for i in expected.index if i not in values.index]
    extra = [i for i in values.index if i not in expected.index]
    if missing or extra:
        shown = ", ".join(map(str, sorted(values.index, key=str)[:10])) + ("..." if len(values) > 10 else "")
        first, last = expected.index[0], expected.index[-1]
        raise Hint(tr("Your Series has index {shown}; expected one row for each of {first} to {last}. {how}",
                      shown=shown, first=first, last=last, how=how).strip())
    values = values.reindex(expected.index)
    for hint, table in (wrong or {}).items():
        other = _aligned(table, expected.index)
        if other is not None and np.allclose(values, other, atol=abs_tol / 2, rtol=rel_tol / 2, equal_nan=True):
            raise Hint(tr(hint))
    is_share = share if share is not None else bool(((expected >= 0) & (expected <= 1)).all())
    if is_share and values.max() > 1 and values.max() > 1.5 * max(expected.max(), 1e-9):
        raise Hint(tr("Your values go up to {top:g}: give shares between 0 and 1, not percentages or counts.",
                      top=values.max()))
    off = [i for i in expected.index if not close_enough(values[i], expected[i], rel_tol, abs_tol)]
    if off:
        rounded = [rounding_hint(values[i], expected[i], rel_tol, abs_tol) for i in off]
        if all(rounded):
            digits = max(decimals(v) for v in values)
            message = (N_("Your values look rounded to {digits} decimal: give {needed} decimals "
                          "(or do not round at all; round only when you print).") if digits == 1 else
                       N_("Your values look rounded to {digits} decimals: give {needed} decimals "
                          "(or do not round at all; round only when you print)."))
            raise Hint(tr(message, digits=digits,
                          needed=max(needed_decimals(float(expected.abs().max()), rel_tol, abs_tol), digits + 1)))
        first = off[0]
        label = tr(WEEKDAY_NAMES[first]) if index == "day" else first
        raise Hint(tr("{off} of {count} values differ from the same seeded run, the first for {label} "
                      "(yours: {yours:.4g}). {how}", off=len(off), count=len(expected), label=label,
                      yours=values[first], how=how).strip())
    return values


def _aligned(table: pd.Series, index: pd.Index) -> pd.Series | None:
    """A typical wrong table in the order of ``index`` (matched by label, else by position); None if it cannot be."""
    table = table.astype(float)
    by_text = pd.Series(table.to_numpy(), index=[str(k) for k in table.index])
    wanted = [str(k) for k in index]
    if set(by_text.index) == set(wanted):
        return pd.Series(by_text.reindex(wanted).to_numpy(), index=index)
    return pd.Series(table.to_numpy(), index=index) if len(table) == len(index) else None


def require_shares(answer: Any, expected: pd.Series, what: str, abs_tol: float, how: str,
                   wrong: Mapping[str, pd.Series] | None = None, aliases: Mapping[str, str] | None = None) -> None:
    """:func:`require_table` for shares labelled by text (sources, bands...)."""
    require_table(answer, expected, what, abs_tol, how, index="label", share=True, wrong=wrong, aliases=aliases)


