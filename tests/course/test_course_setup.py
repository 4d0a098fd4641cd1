"""Notebook 00's helpers: the installation check, the glossary and the course map."""

from __future__ import annotations

import json
from pathlib import Path

from simlib.course.setup import (
    COURSE_PLAN,
    REQUIRED_PACKAGES,
    check_installation,
    course_map,
    glossary,
    notebook_heading,
)

ROOT = Path(__file__).resolve().parents[2]


def write_notebook(path: Path, *markdown: str) -> Path:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": text} for text in markdown]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_a_working_install_is_ok_and_the_seeded_numbers_repeat():
    first, second = check_installation(), check_installation()
    assert first.ok and first.problem == ""
    assert list(first.packages["package"]) == list(REQUIRED_PACKAGES)
    assert (first.packages["status"] == "OK").all() and (first.packages["version"] != "").all()
    assert 500 < first.questions < 1000 and 0 < first.answered_share <= 1  # ~30 an hour for a day
    assert first.summary() == second.summary() and first.summary().startswith("OK: 8 packages")
    assert "tiny" not in first.summary()  # a day of a few hundred questions is not tiny
    assert check_installation(seed=2).questions != first.questions  # the seed is really used


def test_a_missing_package_is_reported_kindly_not_raised():
    report = check_installation(("numpy", "no_such_package_for_the_course"))
    assert not report.ok
    assert report.packages.set_index("package").loc["numpy", "status"] == "OK"
    assert "ModuleNotFoundError" in report.packages.set_index("package").loc["no_such_package_for_the_course", "status"]
    assert report.summary().startswith("NOT READY: cannot import no_such_package_for_the_course")


def test_the_glossary_has_the_terms_the_course_promises():
    table = glossary()
    wanted = {"conexión", "interacción", "participación", "influencia", "CRM social", "lead",
              "community manager", "engagement", "experiencia de cliente", "embudo (de ventas)"}
    assert wanted <= set(table["español"])
    assert table["español"].is_unique
    assert (table["in this course"].str.len() > 20).all() and (table["English"].str.len() > 0).all()


def test_the_course_map_lists_the_nine_notebooks_in_order(tmp_path):
    table = course_map(tmp_path)  # an empty folder: the plan
    assert list(table.index) == [f"{k:02d}" for k in range(9)]
    assert list(table["file"]) == [f"{stem}.ipynb" for stem, _, _ in COURSE_PLAN]
    assert table.attrs["total_minutes"] == sum(m for _, _, m in COURSE_PLAN)
    assert (table["minutes"] > 0).all()


def test_the_course_map_reads_titles_and_times_from_the_notebooks(tmp_path):
    write_notebook(tmp_path / "04_social_crm.ipynb", "# 04 · Who are my customers?\n\nWhy.",
                   "**Time needed:** 25 minutes")
    write_notebook(tmp_path / "05_customer_experience.ipynb", "no heading here")
    table = course_map(tmp_path)
    assert table.loc["04", "title"] == "Who are my customers?" and table.loc["04", "minutes"] == 25
    assert table.loc["05", "title"] == "Customer experience"  # falls back to the plan
    assert table.attrs["total_minutes"] == sum(m for _, _, m in COURSE_PLAN) - 30 + 25


def test_notebook_heading_reads_the_skeleton(tmp_path):
    path = write_notebook(tmp_path / "x.ipynb", "# 07 · Staffing, at last\nA sentence.",
                          "- What you will learn\n\n**Time needed**: about 40 min")
    assert notebook_heading(path) == ("Staffing, at last", 40)
    assert notebook_heading(write_notebook(tmp_path / "y.ipynb", "plain text")) == (None, None)


def test_the_plan_matches_the_notebook_names_the_project_tests():
    source = (ROOT / "tests" / "course" / "test_notebooks.py").read_text()
    for stem, _, _ in COURSE_PLAN:
        assert f'"{stem}"' in source, stem
