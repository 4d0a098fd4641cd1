"""simlib.i18n: one switch of language, messages from the catalogue, numbers the language's way."""

from __future__ import annotations

import pytest

from simlib.i18n import N_, fmt, get_language, set_language, tr
from simlib.i18n.catalog import translations


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def test_english_is_the_default_and_python_formatting_is_untouched():
    assert get_language() == "en"
    assert tr("{share:.1%} of {count:,.0f}", share=0.821, count=1234.5) == "82.1% of 1,234"
    assert fmt(1234.5, ",.1f") == "1,234.5"


@pytest.mark.parametrize("value, spec, spanish", [
    (1234.5, ",.1f", "1.234,5"),
    (0.821, ".1%", "82,1\u00a0%"),
    (1.0, ".0%", "100\u00a0%"),
    (246.0, ".0f", "246"),
    (0.5, "g", "0,5"),
    (0.123456, ".4g", "0,1235"),
    (-3.25, "+.1f", "-3,2"),
    (12.0, "+.0f", "+12"),
    (1234567, ",", "1.234.567"),
    ("text", "", "text"),
    (float("inf"), ".0f", "inf"),
    (1234.5, ">9,.1f", "  1.234,5"),
    (-1234.0, "+9,.0f", "   -1.234"),
    (812.0, "+8,.0f", "    +812"),
    (0.821, "<8.0%", "82\u00a0%    "),
    (7.0, "*^5.0f", "**7**"),
    (-7.0, "=+5.0f", "-   7"),
    (3.5, " .1f", " 3,5"),
])
def test_spanish_numbers_have_a_decimal_comma_a_thousands_point_and_a_spaced_percent(value, spec, spanish):
    assert fmt(value, spec, language="es") == spanish


@pytest.mark.parametrize("spec, width, bare", [(">9,.1f", 9, ",.1f"), ("+9,.0f", 9, "+,.0f"), ("<8.0%", 8, ".0%"),
                                               ("*^7.0f", 7, ".0f"), ("=+6.1f", 6, "+.1f"), (" 12.1f", 12, " .1f")])
def test_a_spanish_number_fills_the_specs_width_as_python_does(spec, width, bare):
    for value in (0.821, -1234.5, 7.0, 123456.0):
        padded, number = fmt(value, spec, language="es"), fmt(value, bare, language="es")
        assert len(padded) == max(width, len(number))
        assert "".join(padded.split()).strip("*") == "".join(number.split())  # the same number, only filled


def test_a_0d_numpy_array_is_written_as_its_number():
    import numpy as np

    assert fmt(np.array(0.2), ".0%", language="es") == "20\u00a0%"
    assert fmt(np.array(0.2), ".0%", language="en") == "20%"


def test_set_language_accepts_locale_names_and_refuses_unknown_languages():
    assert set_language("es_ES") == "es" and get_language() == "es"
    with pytest.raises(ValueError, match="choose one of en, es"):
        set_language("fr")
    assert get_language() == "es"


def test_a_message_comes_from_the_catalogue_with_spanish_numbers():
    set_language("es")
    assert tr("Choose one letter only.") == "Elige una sola letra."
    line = tr("{gave_up:.0f} of {patient:.0f} comments and DMs ({share:.0%})", gave_up=246.0, patient=247.0,
              share=0.996)
    assert line == "246 de 247 comentarios y mensajes directos (100\u00a0%)"


def test_an_untranslated_message_stays_english_and_n_only_marks():
    set_language("es")
    assert N_("Not in any catalogue {x}") == "Not in any catalogue {x}"
    assert tr("Not in any catalogue {x}", x=1.5) == "Not in any catalogue 1,5"


def test_fuzzy_entries_are_never_used(tmp_path, monkeypatch):
    from simlib.i18n import catalog

    po = tmp_path / "es" / "LC_MESSAGES" / "simlib.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  '#, fuzzy\nmsgid "Old"\nmsgstr "Viejo"\n\nmsgid "Kept"\nmsgstr "Guardado"\n', encoding="utf-8")
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    translations.cache_clear()
    try:
        assert translations("es") == {"Kept": "Guardado"}
    finally:
        translations.cache_clear()


def test_no_two_kpis_share_a_label_in_either_language():
    from simlib.analysis.registry import KPIS, label

    for language in ("en", "es"):
        set_language(language)
        try:
            labels = [label(kpi.name).lower() for kpi in KPIS]
        finally:
            set_language("en")
        shared = {text for text in labels if labels.count(text) > 1}
        assert not shared, (language, shared)  # e.g. utilisation and occupancy both "ocupación"
