"""Tables in the reader's language, at display time; the code keeps its English keys.

A notebook's code indexes simlib's tables by English names (``people["status"]``,
``funnel.loc["customer", "share"]``), and both languages run the same code. So
the words of a table are translated only when it is *shown*:

- modules register the words their tables hold (column names, index names,
  codes such as ``dm`` or ``lead``) with :func:`table_words`, each marked with
  ``N_`` so that the catalogue has them;
- :func:`localised` gives a copy of a DataFrame or Series with those words in
  the current language (columns, index names and values, text cells, and a
  cell listing several such words, ``"expert, calm"``); any other text is left
  as it is; a column of True/False reads yes/no (``sí``/``no``);
- :func:`localised_styler` does the same for a pandas ``Styler``, and writes
  the numbers of the cells that pandas formats (its default, or a format
  string such as ``{"share": "{:.0%}"}``) the language's way (``9%`` -> ``9 %``,
  ``1,500`` -> ``1.500``); a cell formatted by a function of simlib's (e.g.
  :func:`simlib.course.tables.readable`) is written in the reader's language
  already and keeps its numbers;
- :func:`install_display` (called by :func:`simlib.i18n.set_language` in a
  notebook) makes IPython show every DataFrame, Series and Styler that way,
  with the floats of plain tables in the language's decimals (``74,6``). In
  English nothing changes: the tables are shown as pandas shows them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from simlib.i18n.catalog import N_, get_language, tr
from simlib.i18n.numbers import fmt

WORDS: set[str] = set()
"""English words (column names, index names, codes) that tables show in the reader's language."""
_NUMBER = re.compile(r"(?<![\w.,:])(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?(?![\w])(?P<percent>%)?")


def table_words(*words: str) -> tuple[str, ...]:
    """Register words a table may show (each marked ``N_("...")`` where it is written); return them."""
    WORDS.update(words)
    return words


def label(value: Any) -> Any:
    """``value`` in the current language if it is a registered word, a list of them, or a tuple of them."""
    if get_language() == "en":
        return value
    if isinstance(value, str):
        if value in WORDS:
            return tr(value)
        parts = [part.strip() for part in value.split(",")]
        if len(parts) > 1 and all(part in WORDS for part in parts):
            return ", ".join(tr(part) for part in parts)
        return value
    if isinstance(value, tuple):
        return tuple(label(part) for part in value)
    return value


def _relabelled(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return index.set_levels([_relabelled(level) for level in index.levels]).set_names(
            [label(name) for name in index.names])
    if isinstance(index, pd.CategoricalIndex):
        return index.rename_categories([label(c) for c in index.categories]).rename(label(index.name))
    if index.dtype == object or isinstance(index.dtype, pd.StringDtype):
        return pd.Index([label(v) for v in index], name=label(index.name), dtype=object)
    return index.rename(label(index.name))


def _relabelled_values(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = [label(c) for c in values.cat.categories]
        if len(set(categories)) == len(categories):
            return values.cat.rename_categories(categories)
        return values.astype(object).map(label)
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        return values.map(label)
    if pd.api.types.is_bool_dtype(values) and not isinstance(values.dtype, pd.CategoricalDtype):
        return values.map({True: tr(N_("yes")), False: tr(N_("no"))})
    return values


def localised(table: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """A copy of ``table`` with its registered words in the current language (``table`` itself in English)."""
    if get_language() == "en":
        return table
    if isinstance(table, pd.Series):
        shown = _relabelled_values(table).copy()
        shown.index = _relabelled(table.index)
        return shown.rename(label(table.name))
    shown = table.copy()
    for i in range(table.shape[1]):
        shown.isetitem(i, _relabelled_values(table.iloc[:, i]))
    shown.index = _relabelled(table.index)
    shown.columns = _relabelled(table.columns)
    return shown


def localise_numbers(text: str) -> str:
    """Numbers in ``text`` written by Python's English formatting, in the current language's way.

    ``"1,500 USD"`` -> ``"1.500 USD"``, ``"9%"`` -> ``"9 %"``, ``"74.6"`` ->
    ``"74,6"`` in Spanish; the text unchanged in English. Numbers inside words
    or times (``x2``, ``10:00``) stay as they are.
    """
    if get_language() == "en" or not isinstance(text, str):
        return text

    def spanish(match: re.Match[str]) -> str:
        if not (match["decimals"] or match["percent"] or "," in match["whole"]):
            return match[0]  # a whole number without separators is written alike
        digits = match["decimals"][1:] if match["decimals"] else ""
        value = float(match["whole"].replace(",", "") + ("." + digits if digits else ""))
        grouped = "," if "," in match["whole"] else ""
        if match["percent"]:
            return fmt(value / 100, f"{grouped}.{len(digits)}%")
        return fmt(value, f"{grouped}.{len(digits)}f")

    return _NUMBER.sub(spanish, text)


def localised_styler(styler: Any) -> Any:
    """A copy of a pandas Styler showing registered words (headers, index, cells) and numbers in the current language."""
    if get_language() == "en":
        return styler
    shown = styler._copy(deepcopy=True)

    def cell(format_value: Callable[[Any], str]) -> Callable[[Any], str]:
        english = _by_pandas(format_value)

        def written(value: Any) -> Any:
            text = label(format_value(value))
            return localise_numbers(text) if english else text
        return written

    for funcs in (shown._display_funcs, shown._display_funcs_index, shown._display_funcs_columns):
        default = funcs.default_factory
        for key in list(funcs):
            funcs[key] = cell(funcs[key])
        if default is not None:
            funcs.default_factory = functools.partial(_made, cell, default)
    shown.data = shown.data.copy()
    shown.data.index = shown.data.index.set_names([label(n) for n in shown.data.index.names])
    shown.data.columns = shown.data.columns.set_names([label(n) for n in shown.data.columns.names])
    return shown


def _made(wrap: Callable[[Any], Any], make: Callable[[], Any]) -> Any:
    """A Styler's default format function, made and wrapped (a ``defaultdict``'s factory)."""
    return wrap(make())


def _by_pandas(function: Any) -> bool:
    """Whether a Styler's format function is pandas' own (English numbers), not one of simlib's."""
    while isinstance(function, functools.partial):
        function = function.func
    return str(getattr(function, "__module__", "") or "").startswith("pandas")


def _float_format(value: float) -> str:
    return fmt(value, f".{pd.get_option('display.precision')}f")


def _html(table: pd.DataFrame | pd.Series) -> str | None:
    if isinstance(table, pd.Series):
        table = table.to_frame()
    with pd.option_context("display.float_format", None if get_language() == "en" else _float_format):
        return localised(table)._repr_html_()


def _plain(table: pd.DataFrame | pd.Series, printer: Any, cycle: bool) -> None:
    with pd.option_context("display.float_format", None if get_language() == "en" else _float_format):
        printer.text(repr(localised(table)))


def _styler_html(styler: Any) -> str:
    return localised_styler(styler)._repr_html_()


def install_display() -> bool:
    """Show DataFrames, Series and Stylers in the current language in this IPython session; False outside one."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    from pandas.io.formats.style import Styler

    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(pd.DataFrame, _html)
    formatters["text/plain"].for_type(pd.DataFrame, _plain)
    formatters["text/plain"].for_type(pd.Series, _plain)
    formatters["text/html"].for_type(Styler, _styler_html)
    return True
