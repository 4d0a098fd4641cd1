"""Checked numbers really are checked: a wrong recorded number fails nbval."""

from __future__ import annotations

import subprocess
import sys

import nbformat

from simlib.course.references import KEY, record


def notebook_with_check(path, expected: str | None):
    cell = nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(6 * 7)")
    if expected is not None:
        cell.metadata[KEY] = [{"output_type": "stream", "name": "stdout", "text": expected}]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    return path


def run_nbval(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider",
                           "-p", "simlib.course.references",
                           "-q", str(path)], capture_output=True, text=True, cwd=path.parent)


def test_a_wrong_recorded_number_fails_and_the_right_one_passes(tmp_path):
    assert run_nbval(notebook_with_check(tmp_path / "right.ipynb", "42\n")).returncode == 0
    wrong = run_nbval(notebook_with_check(tmp_path / "wrong.ipynb", "41\n"))
    assert wrong.returncode == 1 and "Cell outputs differ" in wrong.stdout


def test_record_stores_the_output_in_metadata_and_strips_outputs(tmp_path):
    path = notebook_with_check(tmp_path / "new.ipynb", None)
    assert record(path) == 1
    cell = nbformat.read(path, as_version=4).cells[0]
    assert cell.outputs == [] and cell.execution_count is None
    assert cell.metadata[KEY][0]["text"] == "42\n"
