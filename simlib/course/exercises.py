"""One source of truth: blank exercise notebooks are made from the solution notebooks.

In a solution notebook:

- code between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` becomes a
  placeholder: each assignment ``x = ...``, each function its signature and
  docstring with a ``...`` body, under a ``# YOUR CODE HERE`` line;
- markdown between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``
  becomes *Write your answer here.*;
- a cell that starts with ``# SOLUTION ONLY`` or ``<!-- SOLUTION ONLY -->``
  (the solution banner, the final ``all_passed()``) is left out.

``make exercises`` writes ``exercises/`` from ``solutions/``; a test fails
when they disagree::

    python -m simlib.course.exercises            # write exercises/
    python -m simlib.course.exercises --check    # list what is out of date
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
MD_BEGIN, MD_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
ONLY = ("# SOLUTION ONLY", "<!-- SOLUTION ONLY -->")
ANSWER_HERE = "*Write your answer here.*"


def placeholder(solution_code: str, indent: str = "") -> list[str]:
    """The blank a student fills in for a block of solution code."""
    lines = [f"{indent}# YOUR CODE HERE"]
    for node in ast.parse(solution_code).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            lines += [f"{indent}{ast.unparse(t)} = ..." for t in targets]
        elif isinstance(node, ast.FunctionDef):
            lines.append(f"{indent}def {node.name}({ast.unparse(node.args)}):")
            docstring = ast.get_docstring(node)
            if docstring:
                lines.append(f'{indent}    """{docstring}"""')
            lines.append(f"{indent}    ...")
    return lines


def _blank_code(source: str) -> str:
    out: list[str] = []
    block: list[str] | None = None
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == BEGIN:
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped == END:
            if block is None:
                raise ValueError(f"{END} without {BEGIN}")
            code = "\n".join(b[len(indent):] for b in block)
            out += placeholder(code, indent)
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise ValueError(f"{BEGIN} without {END}")
    return "\n".join(out)


def _blank_markdown(source: str) -> str:
    out: list[str] = []
    inside = False
    for line in source.splitlines():
        if line.strip() == MD_BEGIN:
            inside = True
            out.append(ANSWER_HERE)
        elif line.strip() == MD_END:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def make_exercise(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The blank exercise notebook for a solution notebook (outputs stripped)."""
    exercise = nbformat.v4.new_notebook(metadata=solution.metadata)
    for cell in solution.cells:
        if cell.source.lstrip().startswith(ONLY):
            continue
        blank = nbformat.from_dict(dict(cell))
        if cell.cell_type == "code":
            blank.source = _blank_code(cell.source)
            blank.outputs, blank.execution_count = [], None
            blank.metadata = {k: v for k, v in cell.metadata.items() if k != "nbval_expected_output"}
        elif cell.cell_type == "markdown":
            blank.source = _blank_markdown(cell.source)
        exercise.cells.append(blank)
    return exercise


def expected_text(solution_path: Path) -> str:
    """The exercise notebook's file content for a solution file."""
    return nbformat.writes(make_exercise(nbformat.read(solution_path, as_version=4))) + "\n"


def out_of_date(solutions: Path = ROOT / "solutions", exercises: Path = ROOT / "exercises") -> list[str]:
    """Exercise files that are missing, stale, or have no solution."""
    problems = []
    solved = {p.name for p in solutions.glob("*.ipynb")}
    for name in sorted(solved):
        target = exercises / name
        if not target.exists():
            problems.append(f"exercises/{name}: missing (run `make exercises`)")
        elif target.read_text() != expected_text(solutions / name):
            problems.append(f"exercises/{name}: out of date with solutions/{name} (run `make exercises`)")
    for orphan in sorted({p.name for p in exercises.glob("*.ipynb")} - solved):
        problems.append(f"exercises/{orphan}: has no solutions/{orphan}")
    return problems


def build(solutions: Path = ROOT / "solutions", exercises: Path = ROOT / "exercises") -> list[Path]:
    """Write every exercise notebook from its solution; return the files written."""
    written = []
    for path in sorted(solutions.glob("*.ipynb")):
        target = exercises / path.name
        target.write_text(expected_text(path))
        written.append(target)
    return written


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        problems = out_of_date()
        print("\n".join(problems) or "exercises/ is up to date")
        sys.exit(1 if problems else 0)
    for path in build():
        print(f"wrote {path.relative_to(ROOT)}")
