"""Checkers of exercises/07: the reference answer passes, a typical slip gets a hint without the answer."""

from __future__ import annotations

import pytest
from task_feedback import feedback, fresh_results  # noqa: F401  (autouse fixture)

from simlib import simulate
from simlib.course import tasks_07
from simlib.course.staffing import load_plan

ENGAGED_AFTER_45 = float(load_plan("high_volume").business.conversion.engaged(45))


def by_hour():
    records = simulate(load_plan("high_volume", days=7)).records
    return (records["first_response"] <= 15).groupby(records["arrival"] // 60 % 24).mean()

REFERENCE = {
    "07.1": lambda: "b",
    "07.2": lambda: 40 * 10 * (0.30 - 0.15) * (1 - ENGAGED_AFTER_45),
    "07.3": lambda: 5,
    "07.4": by_hour,
    "07.5": lambda: {"early": 3, "late": 3},
    "07.6": lambda: tasks_07.reference_with_ben,
    "07.7": lambda: 14,
}

@pytest.mark.parametrize("task_id", sorted(REFERENCE))
def test_the_reference_answer_passes_and_a_blank_is_not_attempted(capsys, task_id):
    assert feedback(capsys, task_id, REFERENCE[task_id]())[0] == "correct"
    status, out = feedback(capsys, task_id, ...)
    assert status == "not attempted" and "not attempted yet" in out

def test_07_1_more_people_is_not_the_jewellers_answer(capsys):
    status, out = feedback(capsys, "07.1", "a")
    assert status == "not yet" and "second weekday person" in out

def test_07_2_the_revenue_kept_and_the_cooled_leads_who_still_buy_are_caught(capsys):
    lost = 40 * 10 * (0.30 - 0.15) * (1 - ENGAGED_AFTER_45)
    kept = 40 * 10 * (0.15 + 0.15 * ENGAGED_AFTER_45)  # what the late leads still bring
    status, out = feedback(capsys, "07.2", kept)
    assert status == "not yet" and "still bring" in out and f"{lost:.0f}" not in out
    status, out = feedback(capsys, "07.2", 40 * 10 * 0.30 * (1 - ENGAGED_AFTER_45))  # no buy_without_reply
    assert status == "not yet" and "cooled still buys" in out and f"{lost:.0f}" not in out
    status, out = feedback(capsys, "07.2", 20.0)
    assert status == "not yet" and "too low" in out and "conversion.engaged(45)" in out


def test_07_3_rounding_the_load_up_is_not_enough(capsys):
    status, out = feedback(capsys, "07.3", 4)
    assert status == "not yet" and "rounding the load up" in out and "5 people" not in out
    status, out = feedback(capsys, "07.3", 3)
    assert status == "not yet" and "grows without end" in out
    status, out = feedback(capsys, "07.3", 6)
    assert status == "not yet" and "fewer do too" in out

def test_07_4_answered_share_instead_of_in_time_is_caught(capsys):
    records = simulate(load_plan("high_volume", days=7)).records
    answered = records["first_response"].notna().groupby(records["arrival"] // 60 % 24).mean()
    status, out = feedback(capsys, "07.4", answered)
    assert status == "not yet" and "differ from the same seeded run" in out and "first_response" in out
    status, out = feedback(capsys, "07.4", by_hour().reset_index(drop=True).iloc[8:])
    assert status == "not yet" and "expected one row for each of 0 to 23" in out

def test_07_5_a_plan_short_of_the_goal_and_a_plan_too_dear(capsys):
    status, out = feedback(capsys, "07.5", {"early": 2, "late": 4})
    assert status == "not yet" and "below the goal" in out and "lunch" in out
    status, out = feedback(capsys, "07.5", {"early": 3, "late": 4})
    assert status == "not yet" and "a plan with 6 people meets it too" in out and "3 early" not in out
    status, out = feedback(capsys, "07.5", {"early": 3, "lates": 4})
    assert status == "not yet" and "'lates' is not a key" in out
    status, out = feedback(capsys, "07.5", {"early": 3.5, "late": 4})
    assert status == "not yet" and "not a head count" in out

def test_07_5_the_search_splits_start_balanced():
    assert tasks_07._splits(4) == [2, 1, 3]
    assert tasks_07._splits(1) == []


def test_07_6_ben_at_a_fixed_hour_misses_the_start_hour_setting(capsys):
    def with_ben(env, questions, log, start_hour):
        tasks_07.reference_with_ben(env, questions, log, 17)

    status, out = feedback(capsys, "07.6", with_ben)
    assert status == "not yet" and "start_hour = 12" in out
    status, out = feedback(capsys, "07.6", lambda env, questions, log: None)
    assert status == "not yet" and "should take (env, questions, log, start_hour)" in out


def _model_answer(task_id: str) -> str:
    """The solution notebook's SOLUTION ONLY markdown cell that follows the heading of ``task_id``."""
    import json
    from pathlib import Path

    cells = json.loads(Path(__file__).parents[2].joinpath("solutions/07_staffing_scenarios.ipynb").read_text())["cells"]
    texts = ["".join(cell["source"]) for cell in cells]
    start = next(k for k, text in enumerate(texts) if text.startswith(f"## Task {task_id} "))
    return next(text for text in texts[start + 1:] if text.startswith("<!-- SOLUTION ONLY -->"))


def test_the_07_2_solution_states_the_checked_numbers():
    text = _model_answer("07.2")
    lost = 40 * (tasks_07.expected_sale(0) - tasks_07.expected_sale(45))
    assert ENGAGED_AFTER_45 < 0.02 and "fewer than 2 leads in 100" in text
    assert f"about {lost:.0f} USD in one evening" in text
    per_lead = tasks_07.expected_sale(0) - tasks_07.expected_sale(45)
    assert f"about {per_lead:.2f} USD" in text


def test_the_07_5_solution_states_the_checked_numbers():
    text = _model_answer("07.5")
    five = max(tasks_07.plan_service_level(e, 5 - e) for e in range(1, 5))
    assert not any(tasks_07.meets(e, 5 - e) for e in range(1, 5))
    assert f"at most about {five:.0%} (2 + 3)" in text and tasks_07.plan_service_level(2, 3) == five
    assert f"3 + 3 answers about {tasks_07.plan_service_level(3, 3):.0%}" in text
    assert not tasks_07.meets(2, 4) and abs(tasks_07.plan_service_level(2, 4) - 0.75) < 0.01


def test_07_7_the_weekday_start_and_a_morning_start_are_not_the_weekend_answer(capsys):
    levels = {h: tasks_07.weekend_service_level(h) for h in tasks_07.WEEKEND_STARTS}
    best = max(levels, key=levels.get)
    assert best == 14 and levels[15] >= levels[best] - 0.01  # 14:00-22:00 covers the weekend evening peak
    assert feedback(capsys, "07.7", 15)[0] == "correct"
    status, out = feedback(capsys, "07.7", 9)
    assert status == "not yet" and "weekday shift starts" in out and "14:00" not in out
    status, out = feedback(capsys, "07.7", 6)
    assert status == "not yet" and "another start does better" in out and "14:00" not in out
    assert feedback(capsys, "07.7", 20)[0] == "not yet"  # ends after midnight: outside 6-16


def test_the_07_7_solution_states_the_checked_numbers():
    import json
    from pathlib import Path

    cells = json.loads(Path(__file__).parents[2].joinpath("solutions/07_staffing_scenarios.ipynb").read_text())["cells"]
    text = next("".join(c["source"]) for c in cells if "".join(c["source"]).startswith(
        "<!-- SOLUTION ONLY -->\nThe fitted profile"))
    best, copied = tasks_07.weekend_service_level(14), tasks_07.weekend_service_level(9)
    assert f"from 14:00 to 22:00: about {best:.0%} replied within an hour" in text
    assert f"against about {copied:.0%} for a weekend shift copied from the weekdays (9:00-17:00)" in text
    profile = tasks_07.fit_shop().profile.table
    weekend = profile[profile["day"].isin(["sat", "sun"])].groupby("interval")["factor"].sum()
    assert 36 <= weekend.idxmax() < 44  # the weekend's busiest half-hour is between 18:00 and 22:00
