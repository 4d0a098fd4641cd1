"""The trainer guide's dashboard and game numbers are what seeded runs give, and its timetables are the handouts'.

Both guides: the English one and the Spanish one (``docs/trainer-guide.es.md``), whose generated blocks are the
same functions' output in Spanish and whose hand-written numbers, read the Spanish way (1.234,5), are the
notebooks' checked numbers.
"""

from __future__ import annotations

import re

import pytest

from simlib.course.workshop_guide import COURSE_BLOCKS, all_blocks
from simlib.dashboards.guide import BLOCKS, GUIDE, GUIDES, guide_blocks, rewrite
from simlib.dashboards.handouts import GAME_ROUNDS, SESSIONS

HEADINGS = {
    "en": {"3-hour": "## The 3-hour workshop", "90-minute": "## The 90-minute version",
           "20-minute": "## If you have only 20 minutes", "06": "Notebook 06"},
    "es": {"3-hour": "## El taller de 3 horas", "90-minute": "## La versión de 90 minutos",
           "20-minute": "## Si solo tienes 20 minutos", "06": "El notebook 06"},
}
"""Each guide's headings of its session plans, and where its paragraph on notebook 06 starts."""
NUMBER = {"en": r"\d[\d,]*(?:\.\d+)?", "es": r"\d+(?:\.\d{3})*(?:,\d+)?"}
"""A number as each guide writes it (1,234.5; 1.234,5)."""


def guide_text(language: str) -> str:
    return GUIDES[language].read_text(encoding="utf-8")


def as_english(number: str, language: str) -> str:
    """A number of a guide as the English notebooks print it ("3.124" -> "3,124", "27,69" -> "27.69")."""
    return number if language == "en" else number.replace(".", "\0").replace(",", ".").replace("\0", ",")


@pytest.mark.parametrize("language", sorted(GUIDES))
@pytest.mark.parametrize("name", [*BLOCKS, *COURSE_BLOCKS])
def test_each_generated_block_matches_a_seeded_run(name: str, language: str) -> None:
    shown = guide_blocks(guide_text(language))
    assert name in shown, f"the {language} guide has no '<!-- numbers: {name} -->' block"
    assert shown[name] == all_blocks([name], language)[name], f"out of date: run make guide-numbers (block {name})"


def test_the_spanish_blocks_are_the_english_numbers_in_spanish() -> None:
    english, spanish = guide_blocks(guide_text("en")), guide_blocks(guide_text("es"))
    assert "| **70,3\u00a0%** |" in spanish["explorer"] and "| **70.3%** |" in english["explorer"]
    assert "90.272 USD" in spanish["explorer"] and "Cadena de hamburgueserías" not in english["side-by-side"]
    assert "Joyería: con una persona menos en cada turno no queda nadie de guardia" in spanish["side-by-side"]
    assert "ganador" in spanish["game-key"] and "winner" not in spanish["game-key"]


def test_rewriting_keeps_everything_outside_the_blocks() -> None:
    text = "a\n<!-- numbers: x -->\nold\n<!-- end numbers: x -->\nb\n"
    assert rewrite(text, {"x": "new\n"}) == "a\n<!-- numbers: x -->\nnew\n<!-- end numbers: x -->\nb\n"


def plan_minutes(heading: str, language: str = "en") -> list[str]:
    """The minutes column of the first table under a heading of the guide."""
    text = guide_text(language)
    part = text[text.index(heading):]
    part = part[:part.index("\n## ", 1)] if "\n## " in part[1:] else part
    return [row.split("|")[1].strip() for row in part.splitlines()
            if re.match(r"\| \d+–\d+ \|", row)]


@pytest.mark.parametrize("language", sorted(GUIDES))
@pytest.mark.parametrize("plan", ["3-hour", "90-minute"])
def test_the_guide_and_the_handouts_have_the_same_timetable(plan: str, language: str) -> None:
    assert plan_minutes(HEADINGS[language][plan], language) == [minutes for minutes, _, _ in SESSIONS[plan][1]]


def test_the_game_fits_its_slot_in_each_plan() -> None:
    for plan, slot in (("3-hour", "140–172"), ("90-minute", "60–85")):
        start, end = map(int, slot.split("–"))
        assert slot in [m for m, _, _ in SESSIONS[plan][1]]
        assert int(GAME_ROUNDS[plan][-1][0].split("–")[1]) == end - start


def notebooks_checked_outputs(folder: str = "notebooks") -> str:
    """Every output the notebooks' checked cells recorded (``make references``), as one text."""
    import json

    from simlib.course.references import KEY

    return "\n".join("".join(output.get("text") or output.get("data", {}).get("text/plain", ""))
                     for path in sorted((GUIDE.parents[1] / folder).glob("*.ipynb"))
                     for cell in json.loads(path.read_text())["cells"] for output in cell["metadata"].get(KEY, []))


def notebook_numbers(language: str = "en") -> list[tuple[str, str]]:
    """(where, number) for each number the guide quotes from the notebooks: the plans' answer columns,
    the paragraph on notebook 06, and the 20-minute plan; written as the English notebooks print them."""
    text, headings = guide_text(language), HEADINGS[language]
    quoted = []
    for plan in ("3-hour", "90-minute"):
        heading = headings[plan]
        part = text[text.index(heading):]
        part = part[:part.index("\n## ", 1)]
        quoted += [(heading, row.split("|")[4]) for row in part.splitlines() if re.match(r"\| \d+–\d+ \|", row)]
        if plan == "3-hour":
            quoted.append((heading, part[part.index(headings["06"]):]))
    last = text[text.index(headings["20-minute"]):]
    quoted.append((headings["20-minute"], last[:last.index("\n## ", 1)] if "\n## " in last[1:] else last))
    names = re.compile(r"`\d\d\w*`|[Nn]otebook \d\d|\b\d\d_\w+")  # notebook names are not numbers
    return [(where, as_english(number, language)) for where, cell in quoted
            for number in re.findall(NUMBER[language], names.sub("", cell))]


@pytest.mark.parametrize("language", sorted(GUIDES))
def test_every_number_the_guide_quotes_from_a_notebook_is_in_its_checked_outputs(language: str) -> None:
    recorded = notebooks_checked_outputs()
    numbers = notebook_numbers(language)
    assert len(numbers) > 60
    missing = [(where, number) for where, number in numbers if number not in recorded]
    assert missing == [], "the guide quotes numbers the notebooks no longer print (after make references)"


def test_the_spanish_guide_quotes_the_english_guides_numbers_the_spanish_way() -> None:
    assert sorted(number for _, number in notebook_numbers("es")) == sorted(n for _, n in notebook_numbers("en"))


@pytest.mark.parametrize(("language", "folder"), [("en", "notebooks"), ("es", "es/notebooks")])
def test_the_check_line_the_guide_quotes_is_the_one_notebook_00_prints(language: str, folder: str) -> None:
    (quoted,) = re.findall(r"`(OK: [^`]+)`", guide_text(language))
    assert quoted in notebooks_checked_outputs(folder)
