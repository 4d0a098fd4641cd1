"""docs/experiments.md states the report notebook's parameters and defaults as the notebook has them (issue 16, K)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]


def notebook_parameters() -> dict[str, object]:
    notebook = nbformat.read(ROOT / "simlib" / "report" / "staffing_report.ipynb", as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    return {node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse(cell.source).body
            if isinstance(node, ast.Assign)}


def documented_parameters() -> dict[str, object]:
    text = (ROOT / "docs" / "experiments.md").read_text(encoding="utf-8")
    paragraph = text.split("**With papermill directly**", 1)[1].split("**From Python**", 1)[0]
    return {name: ast.literal_eval(value) for name, value in re.findall(r"`(\w+) = ([^`]+)`", paragraph)}


def test_the_papermill_paragraph_gives_every_parameter_with_its_default():
    assert documented_parameters() == notebook_parameters(), (
        "docs/experiments.md ('With papermill directly') and the parameters cell of "
        "simlib/report/staffing_report.ipynb disagree: update the paragraph")
