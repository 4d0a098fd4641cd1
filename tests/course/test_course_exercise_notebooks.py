"""Blank exercises run top to bottom, and every check in them says "not attempted yet".

Solutions are executed by nbval (``make test`` passes ``solutions/``): their
last cell, ``all_passed("NN")``, fails the run if any task fails. Blank
exercises are executed here instead, once, to read what their checks print
and to check that a student can read every output.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from simlib.course.readability import unreadable

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_blank_exercise_runs_and_every_check_is_not_attempted(path):
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    printed = [
        output.get("text", "")
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs if output.output_type == "stream"
    ]
    feedback = [line for text in printed for line in text.splitlines() if line and line[0] in "⏳✅❌"]
    assert feedback, "no check() feedback printed"
    assert all("not attempted yet" in line for line in feedback), feedback
    unreadable_cells = {i: unreadable(c.outputs) for i, c in enumerate(notebook.cells)
                        if c.cell_type == "code" and unreadable(c.outputs)}
    assert not unreadable_cells, f"a student could not read these outputs: {unreadable_cells}"
