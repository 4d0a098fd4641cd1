"""Checkers of exercises/08: the reference answer passes, a typical slip gets a hint without the answer."""

from __future__ import annotations

import pytest
from task_feedback import feedback, fresh_results  # noqa: F401  (autouse fixture)

from simlib import crm, simulate
from simlib.course import tasks_08
from simlib.course.capstone import Goals
from simlib.course.staffing import load_plan



def talks():
    return crm.interactions(simulate(load_plan("restaurant", days=14)))


TUE_TO_SAT = ["tue", "wed", "thu", "fri", "sat"]
CHEAPER = {"staff.morning": {"count": 1, "start_hour": 10, "end_hour": 12, "days": TUE_TO_SAT},
           "staff.monday": {"count": 1, "start_hour": 12, "end_hour": 20, "days": ["mon"]}}
REFERENCE = {
    "08.1": lambda: "b",
    "08.2": lambda: Goals(service_level=0.8, target_minutes=30, reputation_floor=78, min_profit=20_000),
    "08.3": lambda: (t := talks())["revenue_lost"].groupby(t["arrival"] // 60 % 24).sum(),
    "08.4": lambda: 23 * 25 * 2,
    "08.5": lambda: CHEAPER,
    "08.6": lambda: "c",
}


@pytest.mark.parametrize("task_id", sorted(REFERENCE))
def test_the_reference_answer_passes_and_a_blank_is_not_attempted(capsys, task_id):
    assert feedback(capsys, task_id, REFERENCE[task_id]())[0] == "correct"
    status, out = feedback(capsys, task_id, ...)
    assert status == "not attempted" and "not attempted yet" in out


def test_08_1_seed_hunting_is_named(capsys):
    status, out = feedback(capsys, "08.1", "c")
    assert status == "not yet" and "lucky customers" in out


def test_08_2_hours_instead_of_minutes_and_a_missing_profit(capsys):
    status, out = feedback(capsys, "08.2", Goals(0.8, 0.5, 78, 20_000))
    assert status == "not yet" and "in minutes" in out and "= 30" not in out
    status, out = feedback(capsys, "08.2", Goals(0.8, 30, 78))
    assert status == "not yet" and "min_profit is None" in out
    status, out = feedback(capsys, "08.2", {"service_level": 0.8})
    assert status == "not yet" and "no 'target_minutes'" in out
    status, out = feedback(capsys, "08.2", "0.8, 30, 78, 20000")
    assert status == "not yet" and "Expected a Goals object" in out


def test_08_2_a_percentage_reaches_the_checker_as_a_hint_not_a_traceback(capsys):
    status, out = feedback(capsys, "08.2", Goals(service_level=80, target_minutes=30, reputation_floor=78,
                                                 min_profit=20_000))
    assert status == "not yet" and "looks like a percentage" in out and "0.8" not in out.split("(Checked")[0]
    status, out = feedback(capsys, "08.2", Goals(0.8, 30, 0.78, 20_000))
    assert status == "not yet" and "0 to 100" in out


def test_08_3_the_mean_instead_of_the_sum_is_caught(capsys):
    t = talks()
    mean = t["revenue_lost"].groupby(t["arrival"] // 60 % 24).mean()
    status, out = feedback(capsys, "08.3", mean)
    assert status == "not yet" and "differ from the same seeded run" in out and "sum the column" in out


def test_08_4_one_week_and_all_hours_get_hints(capsys):
    status, out = feedback(capsys, "08.4", 23 * 25)
    assert status == "not yet" and "one week" in out and "1150" not in out and "1,150" not in out
    status, out = feedback(capsys, "08.4", 84 * 25 * 2)  # all of plan C's hours, not the extra ones
    assert status == "not yet" and "too high" in out and "only the hours plan C adds" in out


def test_08_5_plan_c_itself_a_plan_short_of_a_goal_and_a_broken_plan(capsys):
    status, out = feedback(capsys, "08.5", tasks_08.PLAN_C)
    assert status == "not yet" and "should be cheaper" in out
    status, out = feedback(capsys, "08.5", {"staff.morning": CHEAPER["staff.morning"]})  # no Monday
    assert status == "not yet" and "not every goal is met" in out and "not sure yet" in out
    status, out = feedback(capsys, "08.5", {"staff.morning": {"count": 1, "start_hour": 25}})
    assert status == "not yet" and "could not build this plan" in out
    status, out = feedback(capsys, "08.5", {"staff.mornin.count": 2})
    assert status == "not yet" and "no shift 'mornin'" in out
    status, out = feedback(capsys, "08.5", {"business.ticket.mean": 1000})
    assert status == "not yet" and "may change the staff" in out


def test_08_6_followers_as_the_goal_get_a_hint(capsys):
    status, out = feedback(capsys, "08.6", "a")
    assert status == "not yet" and "Followers are a means" in out


def test_the_capstone_prose_states_the_verdicts_of_its_seeded_plans():
    """Notebook 08's worked example and the 08 solutions say what the seeded scorecards say."""
    from simlib.course.capstone import compare_scorecards, run_plan, scorecard
    from simlib.course.staffing import paired_difference

    morning = tasks_08.PLAN_C["staff.morning"]
    plans = {"today": {}, "A": {"staff.morning": morning}, "B": {"service.discipline": "priority"},
             "C": tasks_08.PLAN_C}
    runs = {name: run_plan("restaurant", tasks_08.GOALS, changes, 5, 14) for name, changes in plans.items()}
    verdicts = compare_scorecards(runs, tasks_08.GOALS).map(lambda cell: cell.split("→")[1].strip())
    assert verdicts.to_numpy().tolist() == [
        ["not sure yet", "missed", "met"],   # "today: not sure yet on the service level, misses the floor"
        ["met", "not sure yet", "met"],      # "A meets the service level, its lowest reputation not sure yet"
        ["not sure yet", "missed", "met"],   # "B changes almost nothing"
        ["met", "met", "met"],               # "only plan C meets all three"; "every plan clears the profit goal"
    ]
    floor = scorecard(runs["A"], tasks_08.GOALS).loc[lambda t: t["kpi"] == "lowest_reputation"].iloc[0]
    assert (round(floor.ci_low, 1), round(floor.ci_high, 1)) == (75.6, 78.3)  # the 08.1 text
    gain = paired_difference(runs, "today", "profit").loc["C", "difference"]
    assert round(gain, -2) == 2400 and round(gain / tasks_08.extra_hours_per_week(tasks_08.PLAN_C) / 25 / 2) == 2
    shorter_monday = {**CHEAPER, "staff.monday": {**CHEAPER["staff.monday"], "end_hour": 18}}
    card = scorecard(run_plan("restaurant", tasks_08.GOALS, shorter_monday, 5, 14), tasks_08.GOALS)
    assert card.set_index("kpi").loc["lowest_reputation", "verdict"] == "not sure yet"  # the 08.5 solution
    assert tasks_08.extra_hours_per_week(tasks_08.PLAN_C) - tasks_08.extra_hours_per_week(CHEAPER) == 5
    lost = tasks_08.lost_by_hour(talks())
    assert 0.35 < lost.loc[8:11].sum() / lost.sum() < 0.45  # "about two fifths ... between 8:00 and 12:00"
