"""The trainer guide's dashboard and game numbers are what seeded runs give, and its timetables are the handouts'."""

from __future__ import annotations

import re

import pytest

from simlib.course.workshop_guide import COURSE_BLOCKS, all_blocks
from simlib.dashboards.guide import BLOCKS, GUIDE, guide_blocks, rewrite
from simlib.dashboards.handouts import GAME_ROUNDS, SESSIONS


@pytest.mark.parametrize("name", [*BLOCKS, *COURSE_BLOCKS])
def test_each_generated_block_matches_a_seeded_run(name: str) -> None:
    shown = guide_blocks(GUIDE.read_text())
    assert name in shown, f"the guide has no '<!-- numbers: {name} -->' block"
    assert shown[name] == all_blocks([name])[name], f"out of date: run make guide-numbers (block {name})"


def test_rewriting_keeps_everything_outside_the_blocks() -> None:
    text = "a\n<!-- numbers: x -->\nold\n<!-- end numbers: x -->\nb\n"
    assert rewrite(text, {"x": "new\n"}) == "a\n<!-- numbers: x -->\nnew\n<!-- end numbers: x -->\nb\n"


def plan_minutes(heading: str) -> list[str]:
    """The minutes column of the first table under a heading of the guide."""
    text = GUIDE.read_text()
    part = text[text.index(heading):]
    part = part[:part.index("\n## ", 1)] if "\n## " in part[1:] else part
    return [row.split("|")[1].strip() for row in part.splitlines()
            if re.match(r"\| \d+–\d+ \|", row)]


@pytest.mark.parametrize(("heading", "plan"), [("## The 3-hour workshop", "3-hour"),
                                               ("## The 90-minute version", "90-minute")])
def test_the_guide_and_the_handouts_have_the_same_timetable(heading: str, plan: str) -> None:
    assert plan_minutes(heading) == [minutes for minutes, _, _ in SESSIONS[plan][1]]


def test_the_game_fits_its_slot_in_each_plan() -> None:
    for plan, slot in (("3-hour", "140–172"), ("90-minute", "60–85")):
        start, end = map(int, slot.split("–"))
        assert slot in [m for m, _, _ in SESSIONS[plan][1]]
        assert int(GAME_ROUNDS[plan][-1][0].split("–")[1]) == end - start


def notebooks_checked_outputs() -> str:
    """Every output the notebooks' checked cells recorded (``make references``), as one text."""
    import json

    from simlib.course.references import KEY

    return "\n".join("".join(output.get("text") or output.get("data", {}).get("text/plain", ""))
                     for path in sorted((GUIDE.parents[1] / "notebooks").glob("*.ipynb"))
                     for cell in json.loads(path.read_text())["cells"] for output in cell["metadata"].get(KEY, []))


def notebook_numbers() -> list[tuple[str, str]]:
    """(where, number) for each number the guide quotes from the notebooks: the plans' answer columns,
    the paragraph on notebook 06, and the 20-minute plan."""
    text = GUIDE.read_text()
    quoted = []
    for heading in ("## The 3-hour workshop", "## The 90-minute version"):
        part = text[text.index(heading):]
        part = part[:part.index("\n## ", 1)]
        quoted += [(heading, row.split("|")[4]) for row in part.splitlines() if re.match(r"\| \d+–\d+ \|", row)]
        if heading.startswith("## The 3-hour"):
            quoted.append((heading, part[part.index("Notebook 06"):]))
    quoted.append(("## If you have only 20 minutes", text[text.index("## If you have only 20 minutes"):]))
    names = re.compile(r"`\d\d\w*`|[Nn]otebook \d\d|\b\d\d_\w+")  # notebook names are not numbers
    return [(where, number) for where, cell in quoted
            for number in re.findall(r"\d[\d,]*(?:\.\d+)?", names.sub("", cell))]


def test_every_number_the_guide_quotes_from_a_notebook_is_in_its_checked_outputs() -> None:
    recorded = notebooks_checked_outputs()
    numbers = notebook_numbers()
    assert len(numbers) > 60
    missing = [(where, number) for where, number in numbers if number not in recorded]
    assert missing == [], "the guide quotes numbers the notebooks no longer print (after make references)"


def test_the_check_line_the_guide_quotes_is_the_one_notebook_00_prints() -> None:
    (quoted,) = re.findall(r"`(OK: [^`]+)`", GUIDE.read_text())
    assert quoted in notebooks_checked_outputs()
