"""Exercises are made from solutions, and stay in step with them."""

from __future__ import annotations

import nbformat
import pytest

from simlib.course.exercises import (
    ANSWER_HERE,
    build,
    make_exercise,
    out_of_date,
    placeholder,
    untouched,
)

SOLUTION_CODE = '''revenue = 0.25 * 3000
# BEGIN SOLUTION
lost = revenue * (1 - 2 ** (-60 / 42))
def lost_per_hour(ticket, chance):
    """Revenue lost by one hour of delay (USD)."""
    return ticket * chance / 2
# END SOLUTION
check("02.1", lost)'''


def solution_notebook():
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("<!-- SOLUTION ONLY -->\n> **Solution notebook**"),
        nbformat.v4.new_markdown_cell("Why?\n<!-- BEGIN SOLUTION -->\nBecause the customer left.\n<!-- END SOLUTION -->"),
        nbformat.v4.new_code_cell(SOLUTION_CODE),
        nbformat.v4.new_code_cell("# SOLUTION ONLY\nall_passed()"),
    ])


def test_solution_blocks_become_placeholders_and_solution_only_cells_go():
    exercise = make_exercise(solution_notebook())
    assert len(exercise.cells) == 2
    assert exercise.cells[0].source == f"Why?\n{ANSWER_HERE}"
    assert exercise.cells[1].source == (
        'revenue = 0.25 * 3000\n# YOUR CODE HERE\nlost = ...\ndef lost_per_hour(ticket, chance):\n'
        '    """Revenue lost by one hour of delay (USD)."""\n    ...\ncheck("02.1", lost)'
    )
    assert "Because the customer left" not in nbformat.writes(exercise)


def test_placeholders_keep_indentation():
    assert placeholder("x = 1\ny: int = 2", "    ") == ["    # YOUR CODE HERE", "    x = ...", "    y = ..."]


def test_unbalanced_markers_are_refused():
    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# BEGIN SOLUTION\nx = 1")])
    with pytest.raises(ValueError, match="without # END SOLUTION"):
        make_exercise(broken)


def test_stale_missing_and_orphan_exercises_are_reported(tmp_path):
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir(), exercises.mkdir()
    nbformat.write(solution_notebook(), solutions / "02_x.ipynb")
    assert out_of_date(solutions, exercises) == ["exercises/02_x.ipynb: missing (run `make exercises`)"]
    assert [(w.action, w.path) for w in build(solutions, exercises)] == [("written", exercises / "02_x.ipynb")]
    assert out_of_date(solutions, exercises) == []
    nbformat.write(solution_notebook(), solutions / "02_x.ipynb")  # the solution changes
    assert out_of_date(solutions, exercises) == [
        "exercises/02_x.ipynb: out of date with solutions/02_x.ipynb (run `make exercises`)"]
    build(solutions, exercises)
    (exercises / "03_y.ipynb").write_text("{}")
    assert out_of_date(solutions, exercises) == ["exercises/03_y.ipynb: has no solutions/03_y.ipynb"]


def test_the_repository_exercises_are_up_to_date_with_the_solutions():
    assert out_of_date() == []


def changed_solution(solutions):
    notebook = solution_notebook()
    notebook.cells[2].source = notebook.cells[2].source.replace("0.25", "0.30")
    nbformat.write(notebook, solutions / "02_x.ipynb")


def test_make_exercises_never_overwrites_a_students_answers(tmp_path):
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir(), exercises.mkdir()
    nbformat.write(solution_notebook(), solutions / "02_x.ipynb")
    build(solutions, exercises)
    mine = exercises / "02_x.ipynb"
    work = nbformat.read(mine, as_version=4)
    work.cells[1].source = work.cells[1].source.replace("lost = ...", "lost = 750 * 0.6")  # a student's answer
    nbformat.write(work, mine)
    answered = mine.read_text()
    assert not untouched(mine)
    changed_solution(solutions)
    [item] = build(solutions, exercises)
    assert item.action == "kept" and mine.read_text() == answered
    assert item.path == exercises / "updated" / "02_x.ipynb" and "0.30" in item.path.read_text()
    [item] = build(solutions, exercises, force=True)  # authors only
    assert item.action == "written" and "lost = 750" not in mine.read_text() and "0.30" in mine.read_text()


def test_an_exercise_only_run_or_saved_with_outputs_is_updated_in_place(tmp_path):
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir(), exercises.mkdir()
    nbformat.write(solution_notebook(), solutions / "02_x.ipynb")
    build(solutions, exercises)
    mine = exercises / "02_x.ipynb"
    ran = nbformat.read(mine, as_version=4)
    ran.cells[1].outputs = [nbformat.v4.new_output("stream", text="⏳ 02.1: not attempted yet.")]
    ran.cells[1].execution_count = 1
    nbformat.write(ran, mine)
    assert untouched(mine)
    changed_solution(solutions)
    [item] = build(solutions, exercises)
    assert item.action == "written" and "0.30" in mine.read_text()
    assert [w.action for w in build(solutions, exercises)] == ["up to date"]


def test_an_exercise_without_a_fingerprint_counts_as_a_students_work(tmp_path):
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir(), exercises.mkdir()
    nbformat.write(solution_notebook(), solutions / "02_x.ipynb")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), exercises / "02_x.ipynb")
    assert [w.action for w in build(solutions, exercises)] == ["kept"]


def test_a_starter_line_gives_the_exercise_a_model_to_change_instead_of_a_blank():
    cell = nbformat.v4.new_code_cell(
        "# Change the model: customers give up.\n"
        "# STARTER: simlib.course.hands_on.starter_inbox as with_patience\n"
        "# BEGIN SOLUTION\ndef with_patience(env, questions, log):\n    pass\n# END SOLUTION\n"
        'check("06.6", with_patience)')
    exercise = make_exercise(nbformat.v4.new_notebook(cells=[cell])).cells[0].source
    assert exercise.startswith("# Change the model: customers give up.\ndef with_patience(env, questions, log):")
    assert "STARTER" not in exercise and "pass" not in exercise and "inbox = simpy.Store(env)" in exercise
    assert exercise.endswith('check("06.6", with_patience)')
    namespace = {}
    exec(exercise.replace('check("06.6", with_patience)', ""), {"simpy": __import__("simpy")}, namespace)
    assert callable(namespace["with_patience"])
