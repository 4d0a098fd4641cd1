"""simlib.i18n.tables: tables shown in the reader's language while the code keeps its English keys."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from simlib.analysis.formatting import format_estimate, format_kpi
from simlib.i18n import set_language, tr
from simlib.i18n.tables import (
    label,
    localise_numbers,
    localised,
    localised_styler,
    table_words,
)

# "status" -> "estado" and "phase" -> "fase" are reviewed entries of the Spanish catalogue.
table_words("status", "phase", "critic", "a word nobody translated")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def _cells(html: str) -> list[str]:
    return re.sub(r"<[^>]+>", " ", html).split()


def frame() -> pd.DataFrame:
    return pd.DataFrame({"phase": ["critic", "a word nobody translated"], "weight": [0.09, 1234.5]},
                        index=pd.Index(["a", "b"], name="status"))


def test_english_tables_are_shown_as_pandas_shows_them():
    table = frame()
    assert localised(table) is table
    styler = table.style.format({"weight": "{:,.1f}"})
    assert localised_styler(styler) is styler
    assert localise_numbers("1,234.5 USD, 9%") == "1,234.5 USD, 9%"


def test_spanish_tables_show_registered_words_and_keep_the_data_and_its_english_keys():
    set_language("es")
    table = frame()
    shown = localised(table)
    assert list(shown.columns) == ["fase", "weight"]  # "weight" is registered by no module: as it is
    assert shown.index.name == "estado"
    assert list(shown["fase"]) == [tr("critic"), "a word nobody translated"]  # untranslated: English, never a guess
    assert list(table.columns) == ["phase", "weight"] and table.index.name == "status"  # the code's table unchanged
    assert label("phase, status") == "fase, estado" and label(3) == 3 and label("phases") == "phases"
    assert list(localised(pd.DataFrame({"ok": [True, False]}))["ok"]) == ["sí", "no"]
    by_phase = localised(table.set_index("phase"))  # registered words in the index: the rows keep their values
    assert list(by_phase.index) == [tr("critic"), "a word nobody translated"] and list(by_phase["weight"]) == [0.09, 1234.5]


def test_spanish_stylers_write_pandas_numbers_the_spanish_way_and_simlib_ones_as_they_are():
    set_language("es")
    styler = frame().style.format({"weight": "{:,.1f}"})
    cells = _cells(localised_styler(styler).to_html())
    assert "estado" in cells and "fase" in cells and "1.234,5" in cells and "0,1" in cells
    simlib_written = frame().style.format({"weight": lambda v: format_kpi("service_level", v / 10_000)})
    assert "12,3\u00a0%" in localised_styler(simlib_written).to_html()  # not read again as English


@pytest.mark.parametrize("english, spanish", [
    ("1,500 USD", "1.500 USD"), ("9%", "9\u00a0%"), ("74.6", "74,6"), ("-3.5 ± 0.25", "-3,5 ± 0,25"),
    ("10:00-19:00", "10:00-19:00"), ("x2 2006 05", "x2 2006 05"), ("12.5%", "12,5\u00a0%"),
])
def test_numbers_in_english_text_are_rewritten_for_spanish(english, spanish):
    set_language("es")
    assert localise_numbers(english) == spanish


def test_kpi_values_and_estimates_follow_the_language():
    assert format_kpi("service_level", 0.8214) == "82.1%"
    assert format_kpi("revenue", 12345.6, "USD") == "12,346 USD"
    assert format_estimate("profit", 17689, 2299) == "17,689 ± 2,299"
    assert format_estimate("service_level", 0.55, 0.07) == "55% ± 7"
    set_language("es")
    assert format_kpi("service_level", 0.8214) == "82,1\u00a0%"
    assert format_kpi("revenue", 12345.6, "USD") == "12.346 USD"
    assert format_kpi("median_first_response_minutes", 13.471) == "13,47 min"
    assert format_estimate("profit", 17689, 2299) == "17.689 ± 2.299"
    assert format_estimate("final_reputation", 76.6, 1.2) == "76,6 ± 1,2"


def test_plain_tables_in_a_spanish_notebook_have_decimal_commas():
    from simlib.i18n import tables

    set_language("es")
    html = tables._html(frame())
    assert "estado" in html and "1234,50" in html.replace("\u00a0", "")
