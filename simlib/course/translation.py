"""The Spanish edition from one source of code: PO catalogues extracted from the English notebooks.

English is the source. Each English notebook with a Spanish edition has a PO
catalogue in ``es/po/`` (``es/po/notebooks/01_the_open_door.po`` for the course
notebook; ``es/po/solutions/01_the_open_door.po`` for its solution and its
exercise together). The Spanish notebooks in ``es/notebooks/``,
``es/solutions/`` and ``es/exercises/`` are generated: English cell by English
cell, with only these pieces taken from the catalogue (:mod:`simlib.course.notebook_text`):

- markdown, one paragraph (or list, or table) per entry;
- sentences in code: the string literals given to ``print`` or to a figure
  (``set_title``...), and comments. Everything else of a code cell is the
  English code, character for character, so both languages run the same
  code and check the same numbers. A number formatted in a translated
  f-string (``{share:.0%}``) is written the Spanish way (``82,1 %``);
- one cell more, before the first code cell: ``set_language("es")``, so that
  simlib's own messages (``check()``'s feedback, tables, figures) are in
  Spanish too (:mod:`simlib.i18n`, catalogue ``simlib/i18n/locale/es``).

Why not translate-toolkit's ``ipynb2po``: it takes each cell's source whole,
code cells included, so a translator could change code, and a printed
sentence cannot be translated apart from the code around it.

Commands (``make spanish`` runs ``update`` then ``build``)::

    python -m simlib.course.translation update        # English changed: new entries, changed ones fuzzy
    python -m simlib.course.translation build         # write es/ from English + catalogues
    python -m simlib.course.translation check         # what is missing, fuzzy or out of date
    python -m simlib.course.translation start solutions/02_luxury_vs_high_volume.ipynb   # a new catalogue

A checked cell's recorded output (:mod:`simlib.course.references`) is kept in
the Spanish notebook while the cell's Spanish source is unchanged; record it
with ``make references NOTEBOOKS="es/notebooks/*.ipynb es/solutions/*.ipynb"``.
"""

from __future__ import annotations

import ast
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from simlib.course.exercises import FINGERPRINT, UPDATED, fingerprint, untouched
from simlib.course.notebook_text import PYTHON_STRING, localise_fstring, placeholders, segments
from simlib.course.references import KEY

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE = "es"
EDITION = Path(LANGUAGE)
"""The Spanish edition's folder, relative to the project root."""
KINDS = {"notebooks": ("notebooks",), "solutions": ("solutions", "exercises")}
"""A catalogue's kind -> the English folders it translates (a solution and its exercise share one)."""
_LABEL_CALL = re.compile(r"(?<![\w.])label\(")
"""A translated f-string that shows a code value in the reader's language (``{label(channel)}``, also inside
``fmt``: ``{fmt(label(plan), '<16')}``)."""
LANGUAGE_CELL = "language_cell"
"""Key, in a generated cell's metadata ``simlib``, of the cell that switches simlib to Spanish."""
SIMLIB_CATALOGUE = Path("simlib/i18n/locale/es/LC_MESSAGES/simlib.po")
SIMLIB_REVIEWED = ("simlib/i18n", "simlib/course/checks.py", "simlib/course/answers.py",
                   "simlib/course/answer_tables.py", "simlib/course/tasks_01.py", "simlib/course/tasks_05.py",
                   "simlib/course/tasks_08.py", "simlib/course/doors.py",
                   "simlib/course/setup.py", "simlib/figures/inbox.py", "simlib/figures/style.py",
                   "simlib/dashboards/widgets.py", "simlib/dashboards/game_dashboard.py", "simlib/dashboards/explorer.py",
                   "simlib/course/tasks_03.py", "simlib/course/tasks_04.py",
                   "simlib/course/engagement.py", "simlib/course/social_crm.py",
                   "simlib/course/experience.py", "simlib/analysis/formatting.py",
                   "simlib/cli", "simlib/model/base.py", "simlib/model/parts.py", "simlib/model/scenario.py",
                   "simlib/model/presets.py", "simlib/model/business.py", "simlib/model/calendar_events.py",
                   "simlib/experiments/sweeps.py", "simlib/experiments/grids.py", "simlib/fit/export.py",
                   "simlib/course/tasks_06.py", "simlib/course/inside.py", "simlib/course/hands_on.py",
                   "simlib/course/tasks_07.py", "simlib/course/staffing.py", "simlib/course/fitting.py",
                   "simlib/figures/fit.py", "simlib/figures/comparison.py", "simlib/fit",
                   "simlib/course/tasks_02.py", "simlib/course/value.py", "simlib/course/value_compared.py",
                   "simlib/course/tables.py",
                   "simlib/analysis/registry.py", "simlib/dashboards", "simlib/course/workshop_guide.py")
"""simlib's modules whose every marked message must have a reviewed Spanish entry (what the Spanish notebooks use)."""


@dataclass(frozen=True)
class Edition:
    """One catalogue and the English notebooks it translates."""

    kind: str
    name: str
    root: Path = ROOT

    @property
    def catalogue(self) -> Path:
        return self.root / EDITION / "po" / self.kind / f"{Path(self.name).stem}.po"

    def pairs(self) -> list[tuple[Path, Path]]:
        """(English notebook, Spanish notebook) for each folder this catalogue translates."""
        return [(self.root / folder / self.name, self.root / EDITION / folder / self.name)
                for folder in KINDS[self.kind] if (self.root / folder / self.name).is_file()]


def editions(root: Path = ROOT) -> list[Edition]:
    """Every English notebook that has a Spanish catalogue."""
    found = []
    for kind in KINDS:
        for po in sorted((root / EDITION / "po" / kind).glob("*.po")):
            found.append(Edition(kind, f"{po.stem}.ipynb", root))
    return found


def untranslated(root: Path = ROOT) -> list[str]:
    """English notebooks with no Spanish catalogue yet (``notebooks/02_...``, ``solutions/02_...``)."""
    done = {(e.kind, e.name) for e in editions(root)}
    return [f"{kind}/{p.name}" for kind in KINDS for p in sorted((root / kind).glob("*.ipynb"))
            if (kind, p.name) not in done]


# --- catalogues -----------------------------------------------------------------------

def template(edition: Edition):
    """A babel Catalog of every translatable piece of the edition's English notebooks."""
    from babel.messages.catalog import Catalog

    catalogue = Catalog(locale=LANGUAGE, project="simlib course", fuzzy=False)
    for english, _spanish in edition.pairs():
        notebook = nbformat.read(english, as_version=4)
        where = english.relative_to(edition.root).as_posix()
        for number, cell in enumerate(notebook.cells):
            for piece in segments(cell):
                comment = {"string": "a Python string literal: keep its quotes and {placeholders}",
                           "comment": "a code comment"}.get(piece.kind)
                existing = catalogue.get(piece.text)
                if existing is not None:
                    existing.locations.append((where, number))
                else:
                    catalogue.add(piece.text, locations=[(where, number)],
                                  auto_comments=[comment] if comment else [])
    return catalogue


def read_catalogue(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=LANGUAGE)


def write_catalogue(catalogue, path: Path) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=0, include_previous=True, omit_header=False)
    path.write_bytes(buffer.getvalue())


def update(edition: Edition) -> None:
    """Merge the English notebooks' current pieces into the catalogue (a changed piece becomes fuzzy)."""
    from babel.messages.catalog import Catalog

    path = edition.catalogue
    catalogue = read_catalogue(path) if path.is_file() else Catalog(locale=LANGUAGE, project="simlib course")
    catalogue.update(template(edition), no_fuzzy_matching=False, update_creation_date=False)
    catalogue.fuzzy = False
    write_catalogue(catalogue, path)


def reviewed(catalogue) -> dict[str, str]:
    """msgid -> msgstr of the entries a translator has reviewed (not fuzzy, not empty)."""
    return {m.id: m.string for m in catalogue if m.id and m.string and not m.fuzzy}


# --- the Spanish notebooks ------------------------------------------------------------

def _language_cell(uses_fmt: bool, uses_label: bool = False) -> nbformat.NotebookNode:
    names = ", ".join([*(["fmt"] if uses_fmt else []), *(["label"] if uses_label else []), "set_language"])
    cell = nbformat.v4.new_code_cell(f'from simlib.i18n import {names}\nset_language("{LANGUAGE}")')
    cell.metadata["simlib"] = {LANGUAGE_CELL: True}
    cell.pop("id", None)
    return cell


_LINK = re.compile(r"\](\(\.\./)(?!notebooks/|exercises/|solutions/|\.\./)")


def _spanish_markdown(text: str) -> str:
    """Links out of the course folders (``../simlib/...``) go one folder further up from ``es/``."""
    return _LINK.sub("](../../", text)


def translate_cell(cell: nbformat.NotebookNode, strings: dict[str, str]) -> tuple[nbformat.NotebookNode, bool]:
    """The Spanish cell (English pieces without a reviewed entry stay English) and whether it uses ``fmt``."""
    spanish = nbformat.from_dict(dict(cell))
    spanish.metadata = {k: v for k, v in cell.metadata.items() if k not in ("execution", KEY)}
    source, uses_fmt = cell.source, False
    for piece in sorted(segments(cell), key=lambda p: p.start, reverse=True):
        text = strings.get(piece.text)
        if text is None:
            continue
        if piece.kind == "string":
            localised = localise_fstring(text)
            uses_fmt |= localised != text
            text = localised
        elif piece.kind == "markdown":
            text = _spanish_markdown(text)
        source = source[:piece.start] + text + source[piece.end:]
    spanish.source = source
    if spanish.cell_type == "code":
        spanish.outputs, spanish.execution_count = [], None
    spanish.pop("id", None)
    return spanish, uses_fmt


def generate(english: Path, strings: dict[str, str], previous: Path | None = None) -> nbformat.NotebookNode:
    """The Spanish notebook of ``english``; checked outputs recorded in ``previous`` are kept where its source is unchanged."""
    notebook = nbformat.read(english, as_version=4)
    kept = {}
    if previous is not None and previous.is_file():
        for cell in nbformat.read(previous, as_version=4).cells:
            if KEY in cell.metadata:
                kept[cell.source] = cell.metadata[KEY]
    cells, any_fmt = [], False
    for cell in notebook.cells:
        spanish, uses_fmt = translate_cell(cell, strings)
        any_fmt |= uses_fmt
        if spanish.source in kept and KEY in cell.metadata:
            spanish.metadata[KEY] = kept[spanish.source]
        cells.append(spanish)
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    uses_label = any(_LABEL_CALL.search(c.source) for c in cells if c.cell_type == "code")
    cells.insert(first_code, _language_cell(any_fmt, uses_label))
    metadata = {k: v for k, v in notebook.metadata.items() if k != "simlib"}
    result = nbformat.v4.new_notebook(metadata=metadata)
    result.nbformat_minor = 4  # no cell ids: the same cells give the same file
    result.cells = cells
    if english.parent.name == "exercises":
        result.metadata["simlib"] = {FINGERPRINT: fingerprint(result)}
    return result


def _text(notebook: nbformat.NotebookNode) -> str:
    return nbformat.writes(notebook) + "\n"


def build(root: Path = ROOT) -> list[str]:
    """Write every Spanish notebook from its English notebook and catalogue; return what was done.

    A Spanish exercise in which a student typed answers is kept; the new
    version goes to ``es/exercises/updated/``.
    """
    done = []
    for edition in editions(root):
        strings = reviewed(read_catalogue(edition.catalogue))
        for english, spanish in edition.pairs():
            text = _text(generate(english, strings, spanish))
            where = spanish.relative_to(root).as_posix()
            if spanish.is_file() and spanish.read_text(encoding="utf-8") == text:
                continue
            if spanish.parent.name == "exercises" and spanish.is_file() and not untouched(spanish):
                spanish = spanish.parent / UPDATED / spanish.name
                where = f"kept {where} (it holds your answers); new version: {spanish.relative_to(root).as_posix()}"
            spanish.parent.mkdir(parents=True, exist_ok=True)
            spanish.write_text(text, encoding="utf-8")
            done.append(where)
    return done


# --- what is not reviewed -------------------------------------------------------------

def catalogue_problems(edition: Edition) -> list[str]:
    """Entries of the catalogue that are missing, fuzzy, empty, left over, or not a valid Python string."""
    where = edition.catalogue.relative_to(edition.root).as_posix()
    if not edition.catalogue.is_file():
        return [f"{where}: missing (python -m simlib.course.translation start ...)"]
    catalogue, wanted = read_catalogue(edition.catalogue), template(edition)
    problems = []
    for message in wanted:
        if not message.id:
            continue
        entry = catalogue.get(message.id)
        first = message.locations[0] if message.locations else ("?", "?")
        at = f"{first[0]} cell {first[1]}"
        short = message.id.splitlines()[0][:70]
        if entry is None:
            problems.append(f"{where}: no entry for {at} ({short!r}): run `make spanish` and translate it")
        elif entry.fuzzy:
            problems.append(f"{where}: fuzzy entry for {at} ({short!r}): the English changed; review it")
        elif not entry.string:
            problems.append(f"{where}: untranslated entry for {at} ({short!r})")
        elif any(c.startswith("a Python string") for c in message.auto_comments):
            problems += [f"{where}: {at}: {p}" for p in _literal_problems(message.id, entry.string)]
    for entry in catalogue:
        if entry.id and wanted.get(entry.id) is None:
            problems.append(f"{where}: entry no longer in the English ({entry.id.splitlines()[0][:70]!r}): "
                            "run `make spanish`")
    return problems


def _literal_problems(english: str, spanish: str) -> list[str]:
    """Why a translated string literal cannot replace the English one (empty when it can)."""
    try:
        # in parentheses: a literal may be several implicitly joined strings over several lines
        node = ast.parse(f"(\n{spanish.strip()}\n)", mode="eval").body
    except SyntaxError as error:
        return [f"the translation is not a Python string ({error.msg}): {spanish[:60]!r}"]
    if not isinstance(node, PYTHON_STRING) or (isinstance(node, ast.Constant) and not isinstance(node.value, str)):
        return [f"the translation is not a Python string: {spanish[:60]!r}"]
    if placeholders(english) != placeholders(spanish):
        return [f"the translation's {{placeholders}} differ from the English: {spanish[:60]!r}"]
    return []


def _normalised(text: str) -> str:
    notebook = nbformat.reads(text, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.pop("id", None)
    notebook.nbformat_minor = 4
    notebook.metadata.pop("widgets", None)
    return _text(notebook)


def problems(root: Path = ROOT) -> list[str]:
    """Everything that keeps the Spanish edition from matching the English: catalogues and generated files."""
    found = []
    for edition in editions(root):
        found += catalogue_problems(edition)
        strings = reviewed(read_catalogue(edition.catalogue)) if edition.catalogue.is_file() else {}
        for english, spanish in edition.pairs():
            where = spanish.relative_to(root).as_posix()
            if not spanish.is_file():
                found.append(f"{where}: missing: run `make spanish`")
            elif _normalised(spanish.read_text(encoding="utf-8")) != _normalised(
                    _text(generate(english, strings, spanish))):
                found.append(f"{where}: out of date with {english.relative_to(root).as_posix()} and its "
                             "catalogue: run `make spanish`")
    return found


def start(english: Path, root: Path = ROOT) -> Edition:
    """Start the catalogue of an English notebook (``notebooks/NN_x.ipynb`` or ``solutions/NN_x.ipynb``)."""
    english = (root / english).resolve() if not Path(english).is_absolute() else Path(english)
    kind = english.parent.name
    if kind not in KINDS:
        raise ValueError(f"{english}: choose a notebook of {' or '.join(KINDS)}/")
    edition = Edition(kind, english.name, root)
    update(edition)
    return edition


def main(argv: list[str]) -> int:
    """``python -m simlib.course.translation update | build | check | start NOTEBOOK``."""
    from simlib.i18n.extract import update_simlib_catalogue

    command, *rest = argv or ["check"]
    if command == "start":
        for name in rest:
            print(f"started {start(Path(name)).catalogue.relative_to(ROOT)}")
        return 0
    if command == "update":
        update_simlib_catalogue(ROOT)
        for edition in editions():
            update(edition)
        print(f"updated {SIMLIB_CATALOGUE} and {len(editions())} notebook catalogues in es/po/")
        return 0
    if command == "build":
        print("\n".join(f"wrote {line}" for line in build()) or "es/ is up to date")
        return 0
    from simlib.i18n.extract import simlib_problems

    found = problems() + simlib_problems(ROOT, SIMLIB_REVIEWED)
    print("\n".join(found) or "the Spanish edition is up to date")
    if untranslated():
        print(f"not translated yet: {', '.join(untranslated())}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
