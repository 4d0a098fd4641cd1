"""The README's headline on what a minute of delay costs, checked against seeded runs with their intervals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simlib.analysis.kpis import kpis
from simlib.experiments.delay_cost import money_table
from simlib.experiments.replications import summarise
from simlib.model.engine import simulate
from simlib.model.presets import load_preset

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
    runs = {"luxury": 40, "high_volume": 5}
    assert _numbers(r"\((\d+) runs of the jeweller, (\d+) of the burger chain", text) == list(runs.values())
    figures = {name: summarise(money_table(name, count), bounds={}) for name, count in runs.items()}
    per_question = {name: table.loc["delay_cost_per_question_minute"] for name, table in figures.items()}
    total = {name: table.loc["delay_cost_per_minute"] for name, table in figures.items()}
    jeweller_q, burger_q = _numbers(r"\*\*([\d.]+)\*\* against \*\*([\d.]+) USD\*\*", text)
    burger_t, jeweller_t = _numbers(r"\*\*([\d,]+)\*\* against \*\*([\d,]+)\s+USD\*\*", text)
    for stated, row, decimals in ((jeweller_q, per_question["luxury"], 2), (burger_q, per_question["high_volume"], 2),
                                  (jeweller_t, total["luxury"], 0), (burger_t, total["high_volume"], 0)):
        assert stated == round(row["mean"], decimals) and row["ci_low"] <= stated <= row["ci_high"]
    low, high = _numbers(r"95% CI ([\d.]+) to ([\d.]+) USD per question", text)
    assert (low, high) == (round(per_question["luxury"]["ci_low"], 2), round(per_question["luxury"]["ci_high"], 2))
    (per_question_ratio,) = _numbers(r"about \*\*(\d+) times\*\* as much as the burger chain", text)
    (total_ratio,) = _numbers(r"costs the burger chain about \*\*(\d+) times\*\* as much", text)
    assert per_question_ratio == round(jeweller_q / burger_q)
    assert total_ratio == round(burger_t / jeweller_t, -1)
    questions = {name: kpis(simulate(load_preset(name)))["questions"] for name in runs}
    assert questions["high_volume"] > 80 * questions["luxury"]  # "more than eighty times the questions"
    assert per_question["luxury"]["ci_low"] > per_question["high_volume"]["ci_high"]  # dearer per question
    assert total["high_volume"]["ci_low"] > total["luxury"]["ci_high"]  # dearer in total
