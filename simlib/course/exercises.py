"""One source of truth: blank exercise notebooks are made from the solution notebooks.

In a solution notebook:

- code between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` becomes a
  placeholder: each assignment ``x = ...``, each function its signature and
  docstring with a ``...`` body, under a ``# YOUR CODE HERE`` line;
- markdown between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``
  becomes *Write your answer here.*;
- a cell that starts with ``# SOLUTION ONLY`` or ``<!-- SOLUTION ONLY -->``
  (the solution banner, the final ``all_passed()``) is left out;
- a code cell with a line ``# STARTER: package.module.function as name``
  gets, in place of its solution block, that function's source renamed
  ``name``: a model for the student to change rather than a blank (the
  STARTER line itself is left out).

``make exercises`` writes ``exercises/`` from ``solutions/``; a test fails
when they disagree. It never overwrites an exercise a student has worked in:
each generated notebook records a fingerprint of its cells (metadata
``simlib.generated_sources``); an exercise whose cells no longer match it
(someone typed an answer) is left alone, and the new version is written
beside it, in ``exercises/updated/``, unless ``--force`` is given::

    python -m simlib.course.exercises            # write exercises/ (never over a student's answers)
    python -m simlib.course.exercises --check    # list what is out of date
    python -m simlib.course.exercises --force    # overwrite, answers and all (authors only)
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
MD_BEGIN, MD_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
ONLY = ("# SOLUTION ONLY", "<!-- SOLUTION ONLY -->")
STARTER = re.compile(r"^\s*# STARTER: (?P<target>[\w.]+)\.(?P<function>\w+) as (?P<name>\w+)\s*$")
ANSWER_HERE = "*Write your answer here.*"
FINGERPRINT = "generated_sources"
"""Key, in the notebook metadata ``simlib``, of the fingerprint of a generated exercise's cells."""
UPDATED = "updated"
"""Sub-folder of ``exercises/`` where a new version goes when the old one holds a student's work."""


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


def starter_source(target: str, function: str, name: str) -> list[str]:
    """The source of ``target.function``, renamed ``name``, as lines."""
    source = inspect.getsource(getattr(importlib.import_module(target), function))
    return re.sub(rf"^def {function}\(", f"def {name}(", source, count=1).rstrip("\n").split("\n")


def _blank_code(source: str) -> str:
    starter = next((m for m in map(STARTER.match, source.splitlines()) if m), None)
    out: list[str] = []
    block: list[str] | None = None
    for line in source.splitlines():
        stripped = line.strip()
        if starter is not None and STARTER.match(line):
            continue
        if stripped == BEGIN:
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped == END:
            if block is None:
                raise ValueError(f"{END} without {BEGIN}")
            code = "\n".join(b[len(indent):] for b in block)
            if starter is not None:
                out += [indent + s if s else s for s in starter_source(**starter.groupdict())] + [""]
            else:
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


def fingerprint(notebook: nbformat.NotebookNode) -> str:
    """A hash of the notebook's cells (type and source only: running it, or saving outputs, keeps it)."""
    digest = hashlib.sha256()
    for cell in notebook.cells:
        digest.update(cell.cell_type.encode() + b"\0" + cell.source.encode() + b"\0")
    return digest.hexdigest()


def make_exercise(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The blank exercise notebook for a solution notebook (outputs stripped, fingerprint recorded)."""
    metadata = {k: v for k, v in solution.metadata.items() if k != "simlib"}
    exercise = nbformat.v4.new_notebook(metadata=metadata)
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
    exercise.metadata["simlib"] = {FINGERPRINT: fingerprint(exercise)}
    return exercise


def expected_text(solution_path: Path) -> str:
    """The exercise notebook's file content for a solution file."""
    return nbformat.writes(make_exercise(nbformat.read(solution_path, as_version=4))) + "\n"


def untouched(path: Path) -> bool:
    """Whether an exercise file's cells are still exactly as generated (no answer typed in, no cell added)."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - an unreadable file is someone's work in progress: keep it
        return False
    recorded = notebook.metadata.get("simlib", {}).get(FINGERPRINT)
    return recorded is not None and recorded == fingerprint(notebook)


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


@dataclass(frozen=True)
class Written:
    """What :func:`build` did with one exercise: ``"written"``, ``"up to date"`` or ``"kept"`` (``path`` is the copy)."""

    name: str
    action: str
    path: Path


def build(solutions: Path = ROOT / "solutions", exercises: Path = ROOT / "exercises",
          force: bool = False) -> list[Written]:
    """Write every exercise notebook from its solution, never over a student's answers.

    An exercise that is missing, or whose cells are still as generated, is
    (re)written. One that a student has changed is kept, and the new version
    is written to ``exercises/updated/`` instead, unless ``force``.
    """
    done = []
    for path in sorted(solutions.glob("*.ipynb")):
        target, text = exercises / path.name, expected_text(path)
        if target.exists() and target.read_text() == text:
            done.append(Written(path.name, "up to date", target))
        elif force or not target.exists() or untouched(target):
            target.write_text(text)
            done.append(Written(path.name, "written", target))
        else:
            beside = exercises / UPDATED / path.name
            beside.parent.mkdir(exist_ok=True)
            beside.write_text(text)
            done.append(Written(path.name, "kept", beside))
    return done


def main(argv: list[str]) -> int:
    """``python -m simlib.course.exercises [--check | --force]``."""
    if argv == ["--check"]:
        problems = out_of_date()
        print("\n".join(problems) or "exercises/ is up to date")
        return 1 if problems else 0
    for item in build(force="--force" in argv):
        if item.action == "kept":
            print(f"kept exercises/{item.name}: it holds your answers. The new version is "
                  f"{item.path.relative_to(ROOT)}; copy what you need, or run `make exercises FORCE=1` "
                  "to overwrite your answers.")
        else:
            print(f"{item.action}: {item.path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
