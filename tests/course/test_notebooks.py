"""The course's form: every notebook has the skeleton, stays thin, and checks its numbers.

The notebooks themselves are executed by nbval (``make test`` passes
``notebooks/`` to pytest); this file checks what execution cannot.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simlib.course.checks import tasks_of
from simlib.course.references import KEY, is_checked, problems

ROOT = Path(__file__).resolve().parents[2]
COURSE = [
    "00_start_here", "01_the_open_door", "02_luxury_vs_high_volume", "03_engagement_phases",
    "04_social_crm", "05_customer_experience", "06_inside_the_simulation", "07_staffing_scenarios",
    "08_capstone",
]
SOURCE_TITLES = [  # the five source texts of ../shared/seeds/README.md, credited by title
    "A luxury community manager", "Services only", "Open the door and talk to the customer",
    "Facebook for companies", "Creating customer experiences with social media",
]
LONGEST_CODE_CELL = 25  # lines; notebook 06 shows a twenty-line SimPy model on purpose


def cells(name: str) -> list[dict]:
    return json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text())["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def test_the_course_has_exactly_its_nine_notebooks():
    assert sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")) == COURSE


@pytest.mark.parametrize("name", COURSE)
def test_notebook_follows_the_skeleton(name):
    notebook = cells(name)
    markdown = "\n".join(text(c) for c in notebook if c["cell_type"] == "markdown")
    assert text(notebook[0]).startswith(f"# {name[:2]}")
    for heading in ("What you will learn", "Time needed", "Prerequisites", "Recap"):
        assert heading in markdown, heading
    if name != "00_start_here":
        assert f"../exercises/{name}.ipynb" in markdown


@pytest.mark.parametrize("name", COURSE)
def test_notebook_is_committed_without_outputs_and_stays_thin(name):
    code = [c for c in cells(name) if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    longest = max(len(text(c).splitlines()) for c in code)
    assert longest <= LONGEST_CODE_CELL, f"a code cell of {longest} lines: move it into simlib"


@pytest.mark.parametrize("name", COURSE[1:])
def test_numbers_stated_in_prose_are_checked_against_recorded_references(name):
    checked = [c for c in cells(name) if is_checked(c)]
    assert checked, "no checked numbers"
    unrecorded = [text(c).splitlines()[:1] for c in checked if not c["metadata"].get(KEY)]
    assert not unrecorded, f"run `make references`: no recorded output for {unrecorded}"


@pytest.mark.parametrize("path", sorted(p for folder in ("notebooks", "exercises", "solutions")
                                        for p in (ROOT / folder).glob("*.ipynb")), ids=lambda p: p.stem)
def test_no_test_plumbing_in_view_and_no_check_that_passes_unseen(path):
    """Students never see an nbval marker (it is a cell tag), and every checked cell really is compared."""
    notebook = json.loads(path.read_text())["cells"]
    assert not any("NBVAL" in text(c).upper() for c in notebook)
    found = {i: problems(c) for i, c in enumerate(notebook) if problems(c)}
    assert not found, found


def test_every_source_text_is_credited_somewhere():
    everything = "\n".join(text(c) for name in COURSE for c in cells(name))
    missing = [title for title in SOURCE_TITLES if title not in everything]
    assert not missing, missing


@pytest.mark.parametrize("name", COURSE[1:])
def test_every_course_notebook_has_its_exercise_and_solution(name):
    exercise = cells(name) and json.loads((ROOT / "exercises" / f"{name}.ipynb").read_text())["cells"]
    solution = json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text())["cells"]
    opening = text(exercise[0])
    assert f"../notebooks/{name}.ipynb" in opening and f"../solutions/{name}.ipynb" in opening
    assert "Solution notebook" in text(solution[0])
    assert text(solution[-1]).startswith("# SOLUTION ONLY") and f'all_passed("{name[:2]}")' in text(solution[-1])
    graded = [line.split('"')[1] for c in solution if c["cell_type"] == "code"
              for line in text(c).splitlines() if line.startswith('check("')]
    assert graded == tasks_of(name[:2]), "the solution checks every task of its notebook once, in order"
    assert 4 <= len(graded) <= 8, graded


STALE = {  # phrases that once misled a reader (issue 14), each with why
    "domain-facts": "students do not have the research notes: cite the original source (see 00's Sources)",
    "shared/research": "students do not have the research notes: cite the original source",
    "§": "a section of the research notes: cite the original source",
    "scenario file's warning": "the scenario file has no warning",
    "tiny simulation": "a 700-question day is not tiny",
    "tiny seeded": "a 700-question day is not tiny",
    "Facebook's 90% within 15 minutes": "the badge is 90% answered the same day and a typical reply within 15 minutes",
}
CITED = ["Sprout Social", "Lithium", "QSR Insights", "McKinsey", "Oldroyd", "Nielsen", "van Mierlo", "Garnett",
         "Mandelbaum", "Fonolo", "Off Center Insight", "very responsive"]


@pytest.mark.parametrize("folder", ["notebooks", "solutions", "exercises"])
def test_no_stale_or_unreachable_claim_is_left(folder):
    found = {(path.stem, phrase): why for path in sorted((ROOT / folder).glob("*.ipynb"))
             for phrase, why in STALE.items()
             if phrase in "\n".join(text(c) for c in json.loads(path.read_text())["cells"])}
    assert not found, found


def test_the_course_lists_its_sources():
    """Every published figure the notebooks quote is credited to its original source in 00's Sources."""
    opening = "\n".join(text(c) for c in cells("00_start_here"))
    sources = opening[opening.index("## Sources"):]
    assert [c for c in CITED if c not in sources] == []
    assert [t for t in SOURCE_TITLES if t not in sources] == []
    everything = " ".join(" ".join(text(c).split()) for name in COURSE[1:] for c in cells(name))
    assert [c for c in CITED if c not in everything and c not in ("Mandelbaum", "Off Center Insight")] == []


TOO_CLOSE = [  # sentences that once followed the Spanish source texts too closely (issue 14): retired for good
    "I'm interested in the bag in the window",  # the greeting of "Open the door and talk to the customer"
    "the door light and easy to push",
    "a set of real people connected around something they share",  # "Services only" on community
    "a solid community ends up buying",  # "Creating customer experiences with social media"
    "manages **engagement** more than the relationship",  # "Facebook for companies"
    "the more your product is worth to them",
]


def test_passages_once_too_close_to_the_sources_stay_in_the_courses_own_words():
    everything = " ".join(" ".join(text(c).split()) for name in COURSE for c in cells(name))
    assert [phrase for phrase in TOO_CLOSE if phrase in everything] == []
    for name, anchor in [("01_the_open_door", "## What a community is for"),
                         ("01_the_open_door", "## The silence nobody would accept"),
                         ("04_social_crm", "## When the CRM went social"),
                         ("05_customer_experience", "## Three steps to build one")]:
        passage = next(text(c) for c in cells(name) if text(c).startswith(anchor))
        assert "idea from" in passage.lower() or "come from" in passage.lower(), (name, anchor)  # still credited



@pytest.mark.parametrize("name", COURSE[1:])
def test_every_exercise_has_two_open_questions_with_model_answers_in_the_solution(name):
    solution = json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text())["cells"]
    exercise = json.loads((ROOT / "exercises" / f"{name}.ipynb").read_text())["cells"]
    headings = [i for i, c in enumerate(solution) if text(c).startswith("## Open question")]
    assert len(headings) >= 2, "at least two open questions per exercise notebook"
    for start, end in zip(headings, headings[1:] + [len(solution)]):
        section = [text(c) for c in solution[start + 1:end] if c["cell_type"] == "markdown"]
        assert any("<!-- BEGIN SOLUTION -->" in t and "model answer" in t.lower() for t in section), text(
            solution[start]).splitlines()[0]
    opens = [i for i, c in enumerate(exercise) if text(c).startswith("## Open question")]
    assert len(opens) == len(headings)
    for start, end in zip(opens, opens[1:] + [len(exercise)]):
        assert any("*Write your answer here.*" in text(c) for c in exercise[start + 1:end])
