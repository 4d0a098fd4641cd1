"""Checked numbers really are checked, by a cell tag students never see, and no check can pass unseen."""

from __future__ import annotations

import subprocess
import sys
from xml.etree import ElementTree

import nbformat
import pytest

from simlib.course.references import KEY, TAG, move_markers, problems, record


def cell_with(source: str = "print(6 * 7)", expected: str | None = None, tagged: bool = True):
    cell = nbformat.v4.new_code_cell(source)
    if tagged:
        cell.metadata["tags"] = [TAG]
    if expected is not None:
        cell.metadata[KEY] = [{"output_type": "stream", "name": "stdout", "text": expected}]
    return cell


def notebook(path, *cells):
    nbformat.write(nbformat.v4.new_notebook(cells=list(cells)), path)
    return path


CASES = {
    "right": [cell_with(expected="42\n")],
    "wrong": [cell_with(expected="41\n")],
    "unrecorded": [cell_with()],
    "untagged_wrong": [cell_with(expected="41\n", tagged=False)],
    "untagged_right": [cell_with(expected="42\n", tagged=False)],
    "marker_wrong": [cell_with("# NBVAL_CHECK_OUTPUT (the weekly total)\nprint(6 * 7)", expected="41\n", tagged=False)],
    "marker_right": [cell_with("# NBVAL_CHECK_OUTPUT (the weekly total)\nprint(6 * 7)", expected="42\n")],
}


@pytest.fixture(scope="module")
def nbval_runs(tmp_path_factory) -> dict[str, str]:
    """Run nbval once over a notebook per case; each case's failure text ("" when it passed)."""
    folder = tmp_path_factory.mktemp("nbval")
    for name, cells in CASES.items():
        notebook(folder / f"{name}.ipynb", *cells)
    report = folder / "report.xml"
    subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-p",
                    "simlib.course.references", "-q", f"--junitxml={report}", *sorted(str(p) for p in folder.glob("*.ipynb"))],
                   capture_output=True, text=True, cwd=folder)
    failures: dict[str, str] = {}
    for case in ElementTree.parse(report).iter("testcase"):
        name = case.get("classname", "").removesuffix(".ipynb")
        text = " ".join(f.get("message", "") + " " + (f.text or "") for f in case.iter("failure"))
        failures[name] = failures.get(name, "") + text
    return failures


def outcome(runs: dict[str, str], case: str) -> str:
    assert case in runs, f"{case} did not run: {sorted(runs)}"
    return runs[case]


def test_a_wrong_recorded_number_fails_and_the_right_one_passes(nbval_runs):
    assert outcome(nbval_runs, "right") == ""
    assert "Cell outputs differ" in outcome(nbval_runs, "wrong")


def test_a_tagged_cell_without_a_reference_fails_instead_of_passing_unseen(nbval_runs):
    assert "run `make references`" in outcome(nbval_runs, "unrecorded")


def test_a_reference_whose_cell_lost_its_tag_is_still_compared_and_named(nbval_runs):
    assert "Cell outputs differ" in outcome(nbval_runs, "untagged_wrong")
    assert "no 'nbval-check-output' tag" in outcome(nbval_runs, "untagged_right")


def test_a_comment_marker_with_extra_text_cannot_pass_unseen(nbval_runs):
    """nbval ignores ``# NBVAL_CHECK_OUTPUT (the weekly total)``: the plugin compares and fails the cell instead."""
    assert "Cell outputs differ" in outcome(nbval_runs, "marker_wrong")  # the wrong number is caught
    assert "nbval comment marker" in outcome(nbval_runs, "marker_right")  # and so is the marker itself
    assert problems(cell_with("#NBVAL_CHECK_OUTPUT\nprint(1)", tagged=False))


def test_record_stores_the_output_of_tagged_cells_only_and_strips_outputs(tmp_path):
    path = notebook(tmp_path / "new.ipynb", cell_with(), cell_with("print(1)", expected="stale\n", tagged=False))
    assert record(path) == 1
    checked, plain = nbformat.read(path, as_version=4).cells
    assert checked.outputs == [] and checked.execution_count is None
    assert checked.metadata[KEY][0]["text"] == "42\n" and KEY not in plain.metadata
    assert "execution" not in checked.metadata and "execution" not in plain.metadata  # no run timestamps to commit


def test_record_refuses_a_notebook_with_a_comment_marker(tmp_path):
    path = notebook(tmp_path / "old.ipynb", cell_with("# NBVAL_CHECK_OUTPUT\nprint(6 * 7)", tagged=False))
    try:
        record(path)
    except ValueError as error:
        assert "--move-markers" in str(error)
    else:
        raise AssertionError("a comment marker was recorded")


def test_move_markers_turns_the_comment_into_a_tag_and_keeps_the_reference(tmp_path):
    path = notebook(tmp_path / "old.ipynb", cell_with("# NBVAL_CHECK_OUTPUT\nprint(6 * 7)", expected="42\n",
                                                        tagged=False))
    assert move_markers(path) == 1
    cell = nbformat.read(path, as_version=4).cells[0]
    assert cell.source == "print(6 * 7)" and cell.metadata["tags"] == [TAG] and problems(cell) == []
