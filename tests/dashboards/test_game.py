"""The team game: its rules, its commands, and an answer key that seeded runs reproduce."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import markdown_table_rows

from simlib.dashboards.game import (
    FLOOR,
    KEY_FILE,
    ROUNDS,
    Plan,
    Score,
    candidates,
    ranking,
    score,
    score_runs,
)


def fake(early: int, late: int, reputation_low: float, profit: float, crisis: float = 0.0,
         spread: float = 500.0) -> Score:
    return Score(Plan(early, late), (reputation_low + 1, reputation_low, reputation_low + 2), crisis,
                 (4928.0 * (early + late),) * 3, (profit, profit - spread, profit + spread))


def test_a_plan_qualifies_only_with_no_crisis_and_the_whole_ci_at_or_above_the_floor() -> None:
    assert fake(2, 2, FLOOR, 0).qualifies
    assert not fake(2, 2, FLOOR - 0.1, 0).qualifies
    assert not fake(2, 2, 90, 0, crisis=0.2).qualifies
    assert "below 75" in fake(2, 2, 70, 0).why_out() and "crisis" in fake(2, 2, 90, 0, 0.2).why_out()


def test_fewest_people_win_then_profit_unless_the_intervals_overlap() -> None:
    ranked = ranking([fake(3, 3, 80, 90_000), fake(2, 2, 76, 50_000), fake(1, 3, 77, 60_000),
                      fake(1, 1, 60, 99_000)])
    assert [(s.plan.name, verdict) for s, verdict in ranked] == [
        ("1-3 fifo", "winner"), ("2-2 fifo", "place 2"), ("3-3 fifo", "place 3"), ("1-1 fifo", "out")]
    tied = ranking([fake(2, 2, 76, 50_000), fake(1, 3, 77, 50_400)])
    assert [verdict for _, verdict in tied] == ["draw for first", "draw for first"]


def test_plans_outside_the_rules_are_refused_in_one_line() -> None:
    for early, late, order in ((7, 1, "fifo"), (-1, 2, "fifo"), (1, 2, "random")):
        with pytest.raises(ValueError, match=r"staff\.\w+\.count|service\.discipline"):
            Plan(early, late, order)


def test_the_round_commands_are_written_out() -> None:
    assert Plan(1, 2).command() == ("simlib run --scenario high_volume --set staff.early.count=1 "
                                    "--set staff.late.count=2 --replications 5")
    assert "--set service.discipline=lifo" in Plan(1, 2, "lifo").command()
    assert {p.discipline for p in candidates(1, 3)} == {"fifo"} and len(candidates(2, 3)) == 4 * len(ROUNDS[2])


def key_rows() -> list[dict[str, str]]:
    """The rows of workshop/game-key.md's tables, by column header."""
    return markdown_table_rows(KEY_FILE)


def plan_of(name: str) -> Plan:
    counts, order = name.split()
    early, late = map(int, counts.split("-"))
    return Plan(early, late, order)


def test_the_answer_key_is_what_seeded_runs_give() -> None:
    rows = key_rows()
    assert [r["rank"] for r in rows].count("winner") + [r["rank"] for r in rows].count("draw for first") >= 2
    ranked = [r for r in rows if r["rank"] != "out" and not r["rank"].startswith("out")]
    closest_out = [r for r in rows if r["rank"] == "out (one person fewer)"][:1]
    for row in ranked + closest_out:  # every ranked plan and the closest miss with one person fewer
        fresh = score(plan_of(row["plan (early-late order)"])).row()
        assert {k: row[k] for k in fresh} == fresh, "re-run make game-key (and make guide-numbers)"


def test_the_winners_command_gives_the_key_numbers() -> None:
    (winner,) = [r for r in key_rows() if r["rank"] in ("winner", "draw for first")][-1:]
    command = plan_of(winner["plan (early-late order)"]).command().split()[1:]
    simlib = Path(sys.executable).with_name("simlib")  # the console script beside this Python
    out = subprocess.run([str(simlib), *command, "--json"], capture_output=True, text=True, check=True).stdout
    numbers = json.loads(out)
    mean = float(re.match(r"[\d.]+", winner["final reputation [95% CI]"]).group())
    assert round(numbers["final_reputation"], 1) == mean
    assert f"{numbers['staff_cost']:,.0f}" == winner["staff cost (USD)"]


def test_the_game_dashboard_scores_by_the_game_rules_and_writes_the_command_out() -> None:
    from simlib.dashboards.game_dashboard import game_dashboard

    board = game_dashboard(1)  # the preset's plan, 2 early and 3 late, scored as it opens
    assert tuple(board.controls["order"].options) == ("fifo",)
    screen = board.result
    expected = score(Plan(2, 3))
    assert screen.numbers[0].text == ("qualifies" if expected.qualifies else "out")
    assert screen.numbers[1].text == f"{expected.final_reputation[0]:.1f}"
    assert screen.command == Plan(2, 3).command() and Plan(2, 3).command() in board.headline.value


def test_the_floor_is_where_the_chain_starts() -> None:
    start = Plan(2, 3).scenario()
    result = score_runs(Plan(2, 3), replications=1)[1][0]
    assert start.name.startswith("Burger chain") and float(result.outcomes.reputation.iloc[0]) == FLOOR
