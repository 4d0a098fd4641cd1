"""Checked numbers in output-free notebooks.

A cell that starts with ``# NBVAL_CHECK_OUTPUT`` states a number the prose
relies on. nbval compares such a cell's output with the output stored in the
notebook, but notebooks are committed without outputs, and nbval silently
skips cells that were never run. So the expected text of each checked cell is
recorded in its metadata (key :data:`KEY`), and this module, loaded as a pytest
plugin (``-p simlib.course.references``), hands it to nbval as the reference.

Record references after a deliberate change (``make references``)::

    python -m simlib.course.references notebooks/*.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

KEY = "nbval_expected_output"
MARK = "# NBVAL_CHECK_OUTPUT"


def is_checked(cell: dict) -> bool:
    """Whether a cell is a checked cell."""
    return cell.get("cell_type") == "code" and cell.get("source", "").lstrip().startswith(MARK)


def record(path: str | Path, timeout: int = 600) -> int:
    """Execute a notebook, store each checked cell's text output in its metadata, strip all outputs and widget state.

    Returns the number of checked cells recorded.
    """
    from nbclient import NotebookClient

    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=timeout, resources={"metadata": {"path": str(path.parent)}}).execute()
    recorded = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            cell.metadata[KEY] = [dict(o) for o in cell.outputs if o.output_type in ("stream", "execute_result")]
            recorded += 1
        cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)  # the widgets' saved state holds outputs too
    nbformat.write(notebook, path)
    return recorded


def pytest_collection_modifyitems(items: list) -> None:
    """Give nbval the recorded reference of every checked cell (pytest hook)."""
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is not None and KEY in cell.get("metadata", {}):
            cell.outputs = [nbformat.from_dict(output) for output in cell.metadata[KEY]]
            cell.execution_count = 1


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {record(name)} checked cells recorded")
