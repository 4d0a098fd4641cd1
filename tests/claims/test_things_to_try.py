"""The "Things to try" under the presets in docs/scenario-files.md, checked on seeded runs.

Each bullet's commands are read from the page (``--add`` and ``--set``) and
run on the same seeds as the preset as shipped (common random numbers), four
weeks each as the preset says; each claim is an inequality on a 95%
interval, so it passes on a clear difference, not by luck.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from scipy import stats

from simlib import kpis, simulate
from simlib.model.presets import find_scenario, load_preset
from simlib.model.scenario import load_scenario, parse_override

pytestmark = pytest.mark.statistical
DOC = Path(__file__).resolve().parents[2] / "docs" / "scenario-files.md"


def bullet(name: str) -> str:
    """The bullet of "Things to try" that starts with ``**name.**``, on one line."""
    text = DOC.read_text(encoding="utf-8")
    tries = text[text.index("Things to try"):text.index("## Distributions")]
    start = tries.index(f"- **{name}.**")
    end = tries.find("\n- ", start + 1)
    return " ".join(tries[start:end if end > 0 else None].split())


def changes(command: str) -> tuple[dict, dict]:
    """The additions (``--add 'X={...}'``) and changes (``--set X=Y``) in a piece of a bullet."""
    additions = dict(parse_override(text) for text in re.findall(r"--add '([^']+)'", command))
    sets = dict(parse_override(text) for text in re.findall(r"--set (\S+?)`?(?=[\s`]|$)", command))
    return additions, sets


def runs(preset: str, replications: int, command: str = "") -> pd.DataFrame:
    additions, sets = changes(command)  # applied as the command line does
    scenario = load_scenario(find_scenario(preset), sets, additions=additions, existing_only=True)
    return pd.DataFrame([kpis(simulate(scenario, replication=k)) for k in range(replications)])


def interval(values: pd.Series) -> tuple[float, float]:
    half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values))
    return values.mean() - half, values.mean() + half


def between(values: pd.Series, low: float, high: float) -> bool:
    ci = interval(values)
    return low <= ci[0] and ci[1] <= high


def test_the_jeweller_bullet():
    text = bullet("Jeweller")
    evening, saturday = text.split("Remove Saturday")
    assert "about 3 in 10 clients give up" in text and "fewer than 1 in 10 give up" in text
    assert "--add 'staff.evening={count=1, start_hour=19, end_hour=23}'" in evening
    assert "--set staff.saturday.count=0" in saturday
    baseline = load_preset("luxury").business.reputation.baseline
    base, more, less = runs("luxury", 20), runs("luxury", 20, evening), runs("luxury", 20, saturday)
    assert between(base["p_abandon"], 0.25, 0.35)  # about 3 in 10 give up
    assert interval(base["final_reputation"])[1] < baseline  # the score sits below its baseline
    assert interval(more["p_abandon"])[1] < 0.10  # fewer than 1 in 10
    assert between(more["final_reputation"], baseline - 2, baseline + 2)  # holds near baseline
    extra_cost = (more["staff_cost"] - base["staff_cost"]).mean()
    assert extra_cost > 0 and interval(more["revenue"] - base["revenue"])[0] > 5 * extra_cost  # many times
    assert interval(less["p_abandon"] - base["p_abandon"])[0] > 0  # more give up
    assert interval(less["final_reputation"] - base["final_reputation"])[1] < 0  # the score falls further
    saved = (base["staff_cost"] - less["staff_cost"]).mean()
    assert saved > 0 and interval(less["revenue"] - base["revenue"])[1] < -5 * saved  # far more than the wages
    assert (less["crisis"] == 0).all()  # four weeks are not enough for a crisis


def test_the_burger_chain_bullet():
    text = bullet("Burger chain")
    assert "utilisation about 0.7" in text and "half the customers give up" in text
    assert "--set staff.early.count=1 --set staff.late.count=2" in text
    crisis_line = load_preset("high_volume").business.reputation.crisis_below
    base, cut = runs("high_volume", 5), runs("high_volume", 5, text)
    assert round(base["utilisation"].mean(), 1) == 0.7
    assert interval(base["median_first_response_minutes"])[1] < 5  # half within a few minutes
    assert interval(cut["median_first_response_minutes"])[0] > 120  # a backlog of hours
    assert between(cut["p_abandon"], 0.45, 0.60)  # half give up
    assert interval(cut["complaints"] / base["complaints"])[0] > 3  # more than triple
    assert interval(cut["questions"] - base["questions"])[1] < 0  # fewer questions arrive
    assert between(cut["lowest_reputation"], crisis_line - 2, crisis_line + 2)  # falls to the crisis line
    assert cut["crisis"].any()  # in some runs below it


def test_the_restaurant_bullet():
    text = bullet("Restaurant")
    morning, priority = text.split("Answering the DMs first")
    assert "about 1 in 5 diners give up" in text and "--set service.discipline=priority" in priority
    base, more, first = runs("restaurant", 20), runs("restaurant", 20, morning), runs("restaurant", 20, priority)
    assert set(changes(morning)[0]) == {"staff.morning"}
    assert between(base["p_abandon"], 0.15, 0.25)  # about 1 in 5
    assert interval(more["p_abandon"] - base["p_abandon"])[1] < 0  # a morning shift lowers that
    assert interval(more["profit"] - base["profit"])[0] > 0  # and pays for itself
    assert between(first["p_abandon"] - base["p_abandon"], -0.02, 0.02)  # the DMs first change little
