"""Checked numbers in output-free notebooks, marked by a cell tag the student never sees.

A code cell tagged ``nbval-check-output`` (cell metadata ``tags``; in
JupyterLab: the property inspector, *Cell Tags*) states a number the prose
relies on. nbval compares such a cell's output with the output stored in the
notebook, but notebooks are committed without outputs, and nbval silently
skips cells that were never run. So the expected text of each checked cell is
recorded in its metadata (key :data:`KEY`), and this module, loaded as a pytest
plugin (``-p simlib.course.references``), hands it to nbval as the reference.

No check can pass unseen: the plugin fails a tagged cell with no recorded
reference, a recorded reference whose cell lost its tag, and any cell whose
source still carries an nbval comment marker (``# NBVAL_...``: a marker with a
typo or extra text is silently ignored by nbval). It also fails a cell of the
course (``notebooks/``, ``exercises/``, ``solutions/``) whose output a student
could not read: cut text, raw KPI names, long decimals, bare shares
(:mod:`simlib.course.readability`).

Record references after a deliberate change (``make references``)::

    python -m simlib.course.references notebooks/*.ipynb
    python -m simlib.course.references --move-markers notebooks/*.ipynb   # old comment markers -> tags
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

KEY = "nbval_expected_output"
"""Cell metadata key of a checked cell's recorded outputs."""
TAG = "nbval-check-output"
"""The cell tag nbval reads as "compare this cell's output"."""
OLD_MARK = "# NBVAL_CHECK_OUTPUT"
"""The comment marker the course used before tags (visible to students)."""
_COMMENT_MARKER = re.compile(r"^\s*#\s*NBVAL", re.IGNORECASE | re.MULTILINE)
COURSE_FOLDERS = ("notebooks", "exercises", "solutions")
"""Folders whose notebooks are the course: their outputs must be readable."""


def is_checked(cell: dict) -> bool:
    """Whether a cell is a checked cell (a code cell tagged :data:`TAG`)."""
    return cell.get("cell_type") == "code" and TAG in (cell.get("metadata", {}).get("tags") or [])


def problems(cell: dict) -> list[str]:
    """Why a cell's check could pass unseen (empty when it cannot).

    - an nbval comment marker in the source (nbval ignores one with extra text);
    - a tagged cell with no recorded reference (nbval skips cells never run);
    - a recorded reference on a cell that is not tagged.
    """
    if cell.get("cell_type") != "code":
        return []
    found = []
    source = cell.get("source", "")
    if _COMMENT_MARKER.search(source if isinstance(source, str) else "".join(source)):
        found.append(f"an nbval comment marker in the source: tag the cell {TAG!r} instead "
                     "(python -m simlib.course.references --move-markers NOTEBOOK)")
    recorded = KEY in cell.get("metadata", {})
    if is_checked(cell) and not recorded:
        found.append(f"tagged {TAG!r} but no recorded reference: run `make references`")
    if recorded and not is_checked(cell):
        found.append(f"a recorded reference but no {TAG!r} tag: tag the cell, or re-record the notebook")
    return found


def move_markers(path: str | Path) -> int:
    """Turn each cell's leading ``# NBVAL_CHECK_OUTPUT`` line into the :data:`TAG` tag; return the cells moved.

    The recorded reference stays; the marker line (and only it) leaves the source.
    """
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    moved = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.split("\n")
        if lines and lines[0].strip() == OLD_MARK:
            cell.source = "\n".join(lines[1:])
            tags = list(cell.metadata.get("tags", []))
            cell.metadata["tags"] = tags + ([TAG] if TAG not in tags else [])
            moved += 1
    nbformat.write(notebook, path)
    return moved


def record(path: str | Path, timeout: int = 600) -> int:
    """Execute a notebook, store each checked cell's text output in its metadata, strip all outputs and widget state.

    Refuses a notebook with an nbval comment marker (move it to a tag first).
    Returns the number of checked cells recorded.
    """
    from nbclient import NotebookClient

    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    markers = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and _COMMENT_MARKER.search(c.source)]
    if markers:
        raise ValueError(f"{path}: cells {markers} carry an nbval comment marker; tag them {TAG!r} instead "
                         "(python -m simlib.course.references --move-markers)")
    NotebookClient(notebook, timeout=timeout, record_timing=False,  # no timestamps in the committed notebook
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    recorded = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            cell.metadata[KEY] = [dict(o) for o in cell.outputs if o.output_type in ("stream", "execute_result")]
            recorded += 1
        else:
            cell.metadata.pop(KEY, None)
        cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)  # the widgets' saved state holds outputs too
    nbformat.write(notebook, path)
    return recorded


def _fail_after_running(item, message: str) -> None:
    """Make a notebook cell's test fail with ``message``, after the cell has run (later cells need its state)."""
    import pytest

    original = item.runtest

    def runtest() -> None:
        original()
        pytest.fail(message, pytrace=False)

    item.runtest = runtest


def pytest_collection_modifyitems(items: list) -> None:
    """Give nbval the recorded reference of every checked cell, and fail every way a check could pass unseen."""
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is None:
            continue
        found = problems(cell)
        if KEY in cell.get("metadata", {}):
            cell.outputs = [nbformat.from_dict(output) for output in cell.metadata[KEY]]
            cell.execution_count = 1
            if hasattr(item, "options"):
                item.options["check"] = True  # a recorded reference is always compared
        if found:
            _fail_after_running(item, "; ".join(found))
        elif _in_course(item):
            _check_readable_after_running(item)


def _in_course(item) -> bool:
    """Whether a notebook cell's file is in one of :data:`COURSE_FOLDERS`."""
    return Path(str(getattr(item, "fspath", ""))).parent.name in COURSE_FOLDERS


def _check_readable_after_running(item) -> None:
    """After a course cell runs, fail it if a student could not read its output."""
    import pytest

    from simlib.course.readability import unreadable

    original = item.runtest

    def runtest() -> None:
        original()
        found = unreadable(getattr(item, "test_outputs", None) or [])
        if found:
            pytest.fail("a student could not read this output: " + "; ".join(found), pytrace=False)

    item.runtest = runtest


def main(argv: list[str]) -> int:
    """``python -m simlib.course.references [--move-markers] NOTEBOOK...``."""
    move = "--move-markers" in argv
    for name in [a for a in argv if a != "--move-markers"]:
        if move:
            print(f"{name}: {move_markers(name)} markers moved to the {TAG!r} tag")
        else:
            print(f"{name}: {record(name)} checked cells recorded")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
