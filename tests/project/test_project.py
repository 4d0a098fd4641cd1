"""The project's set-up files agree with each other."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def requirement(line: str) -> tuple[str, str]:
    name, spec = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", line.strip()).groups()
    return name.lower(), spec.replace(" ", "")


def test_environment_yml_lists_the_same_packages_and_ranges_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(map(requirement, project["dependencies"]))
    for extra in project["optional-dependencies"].values():
        wanted.update(map(requirement, extra))
    lines = (ROOT / "environment.yml").read_text().splitlines()
    dependencies = lines[lines.index("dependencies:"):]
    conda = dict(requirement(l.strip()[2:]) for l in dependencies
                 if l.startswith("  - ") and not l.strip()[2:].startswith(("python=", "pip")))
    assert conda == wanted
    assert lines[-1].strip() == "- -e ."


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## ")[1]  # the first section
    assert quick_start.startswith("Quick start")
    assert quick_start.index("make lab") < quick_start.index("make test")


def fenced(path: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(), re.S)


def test_the_annotated_example_in_the_scenario_reference_is_valid():
    from simlib import validate_scenario

    (example,) = fenced(ROOT / "docs" / "scenario-files.md", "toml")[:1]
    assert validate_scenario(tomllib.loads(example)).channels


def test_the_python_examples_in_the_readme_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    examples = fenced(ROOT / "README.md", "python")
    namespace: dict = {}
    for example in examples:
        exec(example, namespace)
    assert len(examples) == 2
    assert namespace["result"].records.shape[0] > 0 and "status" in namespace["people"]


def test_the_python_example_in_the_outcome_model_docs_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    (example,) = fenced(ROOT / "docs" / "outcomes.md", "python")
    namespace: dict = {}
    exec(example, namespace)
    assert len(namespace["people"]) > 0 and "status" in namespace["people"]


def test_every_command_line_in_the_readme_parses():
    import shlex

    from simlib.cli.main import build_parser as _parser

    lines = re.findall(r"^simlib (?!run: error)(.*?)(?:\s+#.*)?$", (ROOT / "README.md").read_text(), re.M)
    assert len(lines) >= 6
    for line in lines:
        args = _parser().parse_args(shlex.split(line))
        assert callable(args.command)


def test_every_notebook_is_committed_without_outputs_or_widget_state():
    notebooks = [p for folder in ("notebooks", "exercises", "solutions", "workshop", "simlib/report")
                 for p in (ROOT / folder).glob("*.ipynb")]
    assert len(notebooks) >= 27
    for path in notebooks:
        notebook = json.loads(path.read_text())
        assert "widgets" not in notebook["metadata"], f"{path.name}: saved widget state (outputs) in its metadata"
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert all(not c["outputs"] and c["execution_count"] is None for c in code), f"{path.name}: outputs"


def test_every_simlib_subpackage_is_a_layer_of_the_import_contract():
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    named = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    packages = {f"simlib.{p.name}" for p in (ROOT / "simlib").iterdir() if (p / "__init__.py").is_file()}
    assert contract["type"] == "layers" and packages <= named, packages - named
    assert contract["layers"][0] == "simlib.course"  # nothing outside the course imports it


def test_no_simlib_module_is_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "simlib").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long, f"split by job: {long}"


def test_no_private_name_is_imported_across_modules():
    import ast

    crossing = []
    for path in (ROOT / "simlib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("simlib"):
                crossing += [f"{path.relative_to(ROOT)}: {node.module}.{a.name}" for a in node.names
                             if a.name.startswith("_")]
    assert not crossing


def test_no_two_test_files_share_a_name():
    """The test folders have no __init__.py, so pytest imports each test file by its bare name: two
    files with the same name (tests/report/test_report.py and tests/fit/test_report.py) break the run."""
    names: dict[str, list[str]] = {}
    for path in (ROOT / "tests").rglob("*.py"):
        if path.name.startswith("test_"):
            names.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
