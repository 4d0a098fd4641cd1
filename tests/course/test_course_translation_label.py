"""A translated sentence may show a code value in the reader's language: ``{label(channel)}``."""

from __future__ import annotations

import nbformat

from simlib.course.notebook_text import placeholders
from simlib.course.translation import generate
from simlib.i18n import label, set_language


def test_label_keeps_the_placeholder_and_nothing_else_passes_for_it():
    assert placeholders('f"{label(lost.index[0])} pierde {share:.0%}"') == placeholders(
        'f"{lost.index[0]} loses {share:.0%}"')
    assert placeholders('f"{label(other)}"') != placeholders('f"{lost.index[0]}"')


def spanish_of(tmp_path, code: str, translations: dict[str, str]) -> nbformat.NotebookNode:
    """The Spanish notebook of an English one with a single code cell."""
    english = tmp_path / "notebooks" / "x.ipynb"
    english.parent.mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(code)]
    nbformat.write(notebook, english)
    return generate(english, translations)


def test_a_notebook_whose_translation_uses_label_imports_it(tmp_path):
    spanish = spanish_of(tmp_path, 'channel = "dm"\nprint(f"{channel} loses most")',
                         {'f"{channel} loses most"': 'f"{label(channel)} es el que más pierde"'})
    assert spanish.cells[0].source == 'from simlib.i18n import label, set_language\nset_language("es")'
    assert 'print(f"{label(channel)} es el que más pierde")' in spanish.cells[1].source


def test_a_padded_label_is_imported_too(tmp_path):
    spanish = spanish_of(tmp_path, 'plan = "as it is"\nprint(f"{plan:<16} wins")',
                         {'f"{plan:<16} wins"': 'f"{label(plan):<20} gana"'})
    assert "label" in spanish.cells[0].source.split("\n")[0]  # the language cell imports it
    assert "fmt(label(plan), '<20')" in spanish.cells[1].source


def test_label_shows_a_registered_word_in_spanish_and_leaves_anything_else():
    import simlib.course.social_crm  # noqa: F401  (registers the CRM's words: channels, columns...)

    set_language("es")
    assert label("dm") == "mensajes directos" and label("revenue_lost") == "ingresos perdidos"
    assert label("Ana") == "Ana" and label(3) == 3
    set_language("en")
    assert label("dm") == "dm"
