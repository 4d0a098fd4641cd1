"""The README's headline on what a minute of delay costs, checked against the seeded runs notebook 02 prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simlib.course.value_compared import minute_cost

README = Path(__file__).parents[2] / "README.md"


def _headline() -> str:
    text = README.read_text()
    start = text.index("*Same staffing logic, different economics.*")
    return " ".join(text[start:text.index("\n\n", start)].split())


def _numbers(pattern: str, text: str) -> list[float]:
    found = re.search(pattern, text)
    assert found, f"the README no longer says {pattern!r}"
    return [float(group.replace(",", "")) for group in found.groups()]


@pytest.mark.statistical
def test_the_readme_says_what_a_minute_costs_per_question_and_in_total():
    text = _headline()
    cost = minute_cost()
    runs = cost.attrs["replications"]
    assert _numbers(r"\((\d+) runs of the jeweller, (\d+) of the burger chain", text) == [
        runs["luxury"], runs["high_volume"]]
    jeweller, burger = cost.loc["luxury"], cost.loc["high_volume"]
    assert _numbers(r"\*\*([\d.]+)\*\* against \*\*([\d.]+) USD\*\*", text) == [
        round(jeweller.per_question, 2), round(burger.per_question, 2)]
    assert _numbers(r"\*\*([\d,]+)\*\* against \*\*([\d,]+)\s+USD\*\*", text) == [
        round(burger.total), round(jeweller.total)]
    assert _numbers(r"95% CI ([\d.]+) to ([\d.]+) USD per question", text) == [
        round(jeweller.per_question_low, 2), round(jeweller.per_question_high, 2)]
    (per_question,) = _numbers(r"about \*\*(\d+) times\*\* as much as the burger chain", text)
    assert per_question == round(jeweller.per_question / burger.per_question)
    (in_total,) = _numbers(r"costs the burger chain about \*\*(\d+) times\*\* as much", text)
    assert in_total == round(burger.total / jeweller.total, -1)
    assert jeweller.per_question_low > burger.per_question_high  # dearer per question, beyond the noise
    assert burger.total_low > jeweller.total_high  # dearer in total, beyond the noise
    assert 80 < burger.questions / jeweller.questions < 100  # "nearly a hundred times the questions"
