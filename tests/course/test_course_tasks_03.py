"""Checkers of exercises/03: the reference answer passes, a typical slip gets a hint without the answer."""

from __future__ import annotations

import pytest
from task_feedback import feedback, fresh_results  # noqa: F401  (autouse fixture)

from simlib import simulate
from simlib.course import tasks_03
from simlib.model.presets import load_preset


def records():
    return simulate(load_preset("luxury")).records


def critic_share_by_day():
    r = records()
    return r.groupby(r["arrival"] // 1440 % 7)["became_critic"].mean()


REFERENCE = {
    "03.1": lambda: {"Marta": "inactive", "Olu": "spectator", "Pia": "creator", "Raul": "critic",
                     "Sami": "semi-active", "Tomas": "spectator", "Uma": "creator",
                     "Vera": "inactive", "Wen": "semi-active", "Xavi": "critic"},
    "03.2": lambda: "b",
    "03.3": lambda: 0.60 / 0.43,
    "03.4": lambda: "later hours",
    "03.5": critic_share_by_day,
}


@pytest.mark.parametrize("task_id", sorted(REFERENCE))
def test_the_reference_answer_passes_and_a_blank_is_not_attempted(capsys, task_id):
    assert feedback(capsys, task_id, REFERENCE[task_id]())[0] == "correct"
    status, out = feedback(capsys, task_id, ...)
    assert status == "not attempted" and "not attempted yet" in out


def test_03_1_a_creator_taken_for_a_commenter_gets_a_question_not_the_type(capsys):
    answer = {**REFERENCE["03.1"](), "Pia": "semi-active"}
    status, out = feedback(capsys, "03.1", answer)
    assert status == "not yet" and "1 of 10" in out and "Look again at Pia" in out
    assert "creator" not in out.split("(Checked:")[0]
    # spelling and case are forgiven
    relaxed = {name.lower(): kind.upper().replace("-", "") for name, kind in REFERENCE["03.1"]().items()}
    assert feedback(capsys, "03.1", relaxed)[0] == "correct"
    status, out = feedback(capsys, "03.1", {"Marta": "inactive"})
    assert status == "not yet" and "no entry yet for Olu" in out
    status, out = feedback(capsys, "03.1", {**REFERENCE["03.1"](), "Xavi": "hater"})
    assert status == "not yet" and "not one of the allowed answers" in out


def test_03_2_a_real_commitment_is_named_as_one(capsys):
    status, out = feedback(capsys, "03.2", "a")
    assert status == "not yet" and "is on the list" in out


def test_03_3_upside_down_and_a_single_chance_are_caught(capsys):
    status, out = feedback(capsys, "03.3", 0.43 / 0.60)
    assert status == "not yet" and "Upside down" in out and "1.4" not in out
    status, out = feedback(capsys, "03.3", 0.60)
    assert status == "not yet" and "one of the two chances" in out
    status, out = feedback(capsys, "03.3", "1.4")
    assert status == "not yet" and "without quotes" in out


def test_03_4_a_team_over_the_line_and_a_team_too_dear(capsys):
    status, out = feedback(capsys, "03.4", "as now")
    assert status == "not yet" and "above the line of 9" in out
    status, out = feedback(capsys, "03.4", "long days")
    assert status == "not yet" and "another team stays under it for less" in out and "later hours" not in out
    status, out = feedback(capsys, "03.4", "night shift")
    assert status == "not yet" and "not one of the teams" in out


def test_03_4_teams_are_ordered_by_paid_hours():
    hours = {name: tasks_03.weekly_hours(tasks_03.team_scenario(name)) for name in tasks_03.JEWELLER_TEAMS}
    assert hours["as now"] == hours["later hours"] == 5 * 9 + 8
    assert hours["two on weekdays"] == 2 * 5 * 9 + 8


def test_03_5_counts_instead_of_shares_are_caught(capsys):
    r = records()
    counts = r.groupby(r["arrival"] // 1440 % 7)["became_critic"].sum()
    status, out = feedback(capsys, "03.5", counts)
    assert status == "not yet" and "numbers of critics" in out
    gave_up = r.groupby(r["arrival"] // 1440 % 7)["abandoned"].mean()
    status, out = feedback(capsys, "03.5", gave_up)
    assert status == "not yet" and "differ from the same seeded run" in out
