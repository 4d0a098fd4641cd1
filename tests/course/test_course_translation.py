"""The Spanish edition: generated from the English notebooks and the catalogues, never out of step with them."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from simlib.course import translation
from simlib.course.notebook_text import localise_fstring, placeholders, segments
from simlib.course.references import KEY
from simlib.course.translation import LANGUAGE_CELL, SIMLIB_REVIEWED, Edition, editions, problems
from simlib.i18n import set_language
from simlib.i18n.extract import simlib_problems

ROOT = Path(__file__).resolve().parents[2]
NAME = "01_the_open_door.ipynb"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def test_the_spanish_edition_is_up_to_date_with_the_english_and_every_entry_is_reviewed():
    assert problems(ROOT) == []
    assert simlib_problems(ROOT, SIMLIB_REVIEWED) == []


def test_notebooks_00_and_01_with_exercise_and_solution_01_have_a_spanish_edition():
    made = {p.relative_to(ROOT).as_posix() for e in editions(ROOT) for _, p in e.pairs()}
    assert {"es/notebooks/00_start_here.ipynb", f"es/notebooks/{NAME}", f"es/solutions/{NAME}",
            f"es/exercises/{NAME}"} <= made
    assert all((ROOT / p).is_file() for p in made)


def _copy(tmp_path: Path) -> Path:
    for folder in ("notebooks", "solutions", "exercises"):
        (tmp_path / folder).mkdir()
        shutil.copy(ROOT / folder / NAME, tmp_path / folder / NAME)
    shutil.copytree(ROOT / "es", tmp_path / "es")
    for po in (tmp_path / "es" / "po").rglob("*.po"):
        if po.stem != NAME[:-6]:
            po.unlink()
    return tmp_path


def _edit_english_cell(path: Path, old: str, new: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if old in c.source)
    cell.source = cell.source.replace(old, new)
    nbformat.write(notebook, path)


@pytest.mark.parametrize("old, new", [
    ("Four numbers say it.", "Four numbers tell it."),  # markdown
    ("Median wait of a Saturday question", "Median wait of a question sent on Saturday"),  # a printed sentence
    ("# the preset as it is", "# the preset unchanged"),  # a comment
])
def test_an_english_cell_edited_alone_makes_the_spanish_edition_stale(tmp_path, old, new):
    root = _copy(tmp_path)
    assert problems(root) == []
    _edit_english_cell(root / "notebooks" / NAME, old, new)
    found = problems(root)
    assert any("no entry for notebooks/01_the_open_door.ipynb" in p for p in found), found
    assert any(p.startswith("es/po/notebooks/01_the_open_door.po: entry no longer in the English") for p in found)
    translation.update(Edition("notebooks", NAME, root))  # make spanish: the old translation becomes a fuzzy start
    found = problems(root)
    assert any("fuzzy entry" in p for p in found) and not any("no entry" in p for p in found), found
    assert any(p.startswith("es/notebooks/01_the_open_door.ipynb: out of date") for p in found)


def test_a_spanish_notebook_edited_by_hand_is_out_of_date(tmp_path):
    root = _copy(tmp_path)
    _edit_english_cell(root / "es" / "notebooks" / NAME, "Cuatro números lo cuentan.", "Cuatro números.")
    assert problems(root) == [f"es/notebooks/{NAME}: out of date with notebooks/{NAME} and its catalogue: "
                              "run `make spanish`"]


def test_a_translated_literal_that_is_not_a_string_or_loses_a_placeholder_is_refused(tmp_path):
    root = _copy(tmp_path)
    po = root / "es" / "po" / "notebooks" / "01_the_open_door.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("de {report['weekend_patient']:.0f}", "de todos"), encoding="utf-8")
    assert any("placeholders} differ" in p for p in problems(root))


def test_building_keeps_a_spanish_exercise_with_answers_and_writes_the_new_one_beside_it(tmp_path):
    root = _copy(tmp_path)
    _edit_english_cell(root / "es" / "exercises" / NAME, 'ignored_customer = ...', 'ignored_customer = "d"')
    _edit_english_cell(root / "exercises" / NAME, "Write the letter as a string, e.g.", "Write one letter, e.g.")
    translation.build(root)
    kept = nbformat.read(root / "es" / "exercises" / NAME, as_version=4)
    assert any('ignored_customer = "d"' in c.source for c in kept.cells)
    assert (root / "es" / "exercises" / "updated" / NAME).is_file()


def _code(source: str) -> str:
    """The code of a cell with every string literal and comment blanked (comments vanish in the AST)."""

    class Blank(ast.NodeTransformer):
        def visit_Constant(self, node):
            return ast.Constant("") if isinstance(node.value, str) else node

        def visit_JoinedStr(self, node):
            return ast.Constant("")

    return ast.dump(Blank().visit(ast.parse(source)))


def _pairs():
    for edition in editions(ROOT):
        for english, spanish in edition.pairs():
            yield pytest.param(english, spanish, id=spanish.relative_to(ROOT).as_posix())


@pytest.mark.parametrize("english, spanish", list(_pairs()))
def test_code_cells_are_the_english_code_and_only_sentences_differ(english, spanish):
    source = [c for c in nbformat.read(english, as_version=4).cells]
    target = nbformat.read(spanish, as_version=4).cells
    switch = [c for c in target if c.metadata.get("simlib", {}).get(LANGUAGE_CELL)]
    assert len(switch) == 1 and 'set_language("es")' in switch[0].source
    first_code = next(i for i, c in enumerate(target) if c.cell_type == "code")
    assert target[first_code] is switch[0]
    target = [c for c in target if c is not switch[0]]
    assert [c.cell_type for c in source] == [c.cell_type for c in target]
    for en, es in zip(source, target):
        if en.cell_type == "code":
            assert _code(en.source) == _code(es.source)
            assert en.metadata.get("tags") == es.metadata.get("tags")
    english_sentences = [s.text for c in source for s in segments(c)]
    spanish_sentences = [s.text for c in target for s in segments(c)]
    same = [t for t in spanish_sentences if t in english_sentences and re.search(r"[a-z]{4} [a-z]{4}", t)]
    assert same == [], "left in English"


def _numbers(text: str, language: str) -> list[float]:
    if language == "en":
        found = re.findall(r"\d[\d,]*(?:\.\d+)?", text)
        return [float(n.replace(",", "")) for n in found]
    found = re.findall(r"\d[\d.]*(?:,\d+)?", text)
    return [float(n.replace(".", "").replace(",", ".")) for n in found]


@pytest.mark.parametrize("english, spanish", [p for p in _pairs() if p.values[1].parent.name == "notebooks"])
def test_checked_cells_check_the_same_numbers_in_both_languages(english, spanish):
    def checked(path):
        return [c for c in nbformat.read(path, as_version=4).cells if KEY in c.metadata]

    en, es = checked(english), checked(spanish)
    assert len(en) == len(es) and all(KEY in c.metadata for c in es)
    for en_cell, es_cell in zip(en, es):
        en_text = "".join(o.get("text", "") for o in en_cell.metadata[KEY])
        es_text = "".join(o.get("text", "") for o in es_cell.metadata[KEY])
        assert _numbers(en_text, "en") == _numbers(es_text, "es"), (en_text, es_text)
        assert en_text != es_text  # the sentence is Spanish


def test_a_translated_f_string_writes_its_numbers_the_spanish_way():
    literal = "f\"{x:.0%} de {n:,.0f}, {y!r}, {{llaves}} y {z}\""
    assert localise_fstring(literal) == "f\"{fmt(x, '.0%')} de {fmt(n, ',.0f')}, {y!r}, {{llaves}} y {z}\""
    assert localise_fstring("'sin campos'") == "'sin campos'"
    assert placeholders(literal) == ["n", "x", "y", "z"]


def test_a_sentence_split_over_joined_f_strings_writes_every_number_the_spanish_way():
    literal = 'f"media {m:.2f} min, \\"{k}\\" "\n      "y " f"{s:.1%}"'
    assert localise_fstring(literal) == 'f"media {fmt(m, \'.2f\')} min, \\"{k}\\" "\n      "y " f"{fmt(s, \'.1%\')}"'
    assert placeholders(literal) == ["k", "m", "s"]
    assert localise_fstring('f"{a:.1f}" + b') == 'f"{a:.1f}" + b'  # not a string literal alone: left as it is


def test_only_sentences_are_pieces_to_translate():
    cell = nbformat.v4.new_code_cell('# BEGIN SOLUTION\nplan = {"cover": "Saturday"}  # the plan\n'
                                     'print(f"Worst day: {day}")\nax.set_title("A title")\n# END SOLUTION')
    assert [(s.kind, s.text) for s in segments(cell)] == [
        ("comment", "the plan"), ("string", 'f"Worst day: {day}"'), ("string", '"A title"')]
    markdown = nbformat.v4.new_markdown_cell("<!-- BEGIN SOLUTION -->\n*A model answer.* Yes.\n<!-- END SOLUTION -->")
    assert [s.text for s in segments(markdown)] == ["*A model answer.* Yes."]


def test_make_lab_opens_a_start_page_with_both_languages_and_make_test_runs_the_spanish_course():
    makefile = (ROOT / "Makefile").read_text()
    lab = makefile.split("\nlab:")[1].split("\n\n")[0]
    assert "start.ipynb" in lab
    start = nbformat.read(ROOT / "start.ipynb", as_version=4)
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", start.cells[0].source)
    assert links == ["notebooks/00_start_here.ipynb", "es/notebooks/00_start_here.ipynb"]
    assert all((ROOT / link).is_file() for link in links)
    test = makefile.split("\ntest:")[1].split("\n\n")[0]
    assert "es/notebooks es/solutions" in test


def test_a_simlib_message_changed_alone_is_reported(tmp_path):
    module = "simlib/course/tasks_01.py"
    (tmp_path / module).parent.mkdir(parents=True)
    text = (ROOT / module).read_text(encoding="utf-8")
    assert simlib_problems(ROOT, (module,)) == []
    (tmp_path / module).write_text(text.replace("Choose one letter", "Pick one letter").replace(
        "Not every customer who gave up goes to a competitor", "Not every customer who gave up leaves"),
        encoding="utf-8")
    found = simlib_problems(tmp_path, (module,))
    assert any("no entry for simlib/course/tasks_01.py" in p and "Not every customer who gave up leaves" in p
               for p in found), found


def test_spanish_notebooks_are_committed_without_outputs():
    for path in (ROOT / "es").rglob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        assert "widgets" not in notebook.metadata, path
        assert all(not c.outputs and c.execution_count is None for c in notebook.cells if c.cell_type == "code"), path


def test_every_link_of_the_spanish_edition_leads_to_a_file():
    for path in (ROOT / "es").rglob("*.ipynb"):
        if "updated" in path.parts:
            continue
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", cell.source):
                if "://" not in target:
                    assert (path.parent / target).exists(), f"{path.relative_to(ROOT)}: {target}"


def test_a_docstring_is_a_piece_to_translate_and_the_function_stays_english():
    cell = nbformat.v4.new_code_cell('def cost(plan):\n    """Paid hours of a plan."""\n    return plan["hours"]')
    assert [(s.kind, s.text) for s in segments(cell)] == [("string", '"""Paid hours of a plan."""')]
