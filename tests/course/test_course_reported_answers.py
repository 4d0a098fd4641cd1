"""Answers a student tried and was refused or misled by (issue 14, kind 3): each one now passes, or gets the hint
that fits it, whichever checker it goes to."""

from __future__ import annotations

import numpy as np
import pandas as pd
from task_feedback import feedback, fresh_results  # noqa: F401  (autouse fixture)

from simlib import simulate
from simlib.analysis.queueing import erlang_a
from simlib.course.capstone import Goals
from simlib.course.inside import tiny_inbox
from simlib.model.presets import load_preset


def test_numpy_integers_are_head_counts(capsys):
    assert feedback(capsys, "07.5", {"early": np.int64(3), "late": np.int64(3)})[0] == "correct"  # 07.5: 3 + 3
    assert feedback(capsys, "06.4", np.int64(5))[0] == "correct"
    assert feedback(capsys, "07.3", np.int64(5))[0] == "correct"


def test_a_rounded_share_is_told_it_looks_rounded_not_too_high(capsys):
    exact = erlang_a(30, 6, 4, 10, 5).p_abandon
    status, out = feedback(capsys, "06.2", round(exact, 2))
    assert status == "not yet" and "looks rounded to 2 decimals" in out and "too" not in out.split("(Checked")[0]
    assert feedback(capsys, "06.2", round(exact, 3))[0] == "correct"


def test_shares_by_day_with_two_decimals_pass_in_every_task(capsys):
    records = tiny_inbox(30, 6, 3, 10, days=7, seed=1)
    daily = (~records["answered"]).groupby(records["arrival"] // 1440).mean()
    assert feedback(capsys, "06.5", daily.round(2))[0] == "correct"
    jeweller = simulate(load_preset("luxury")).records
    critics = jeweller.groupby(jeweller["arrival"] // 1440 % 7)["became_critic"].mean()
    assert feedback(capsys, "03.5", critics.round(2))[0] == "correct"


def test_day_names_pass_wherever_days_of_the_week_are_asked(capsys):
    jeweller = simulate(load_preset("luxury")).records
    critics = jeweller.groupby(jeweller["arrival"] // 1440 % 7)["became_critic"].mean()
    named = critics.set_axis(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    assert feedback(capsys, "03.5", named)[0] == "correct"
    assert feedback(capsys, "03.5", pd.Series(critics.to_numpy(), index=[
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))[0] == "correct"


def test_a_set_of_one_letter_passes_in_every_one_letter_task(capsys):
    for task_id, letter in [("01.1", "d"), ("03.2", "b"), ("04.1", "b"), ("06.1", "b"), ("08.1", "b")]:
        assert feedback(capsys, task_id, {letter})[0] == "correct", task_id


def test_the_notebooks_own_term_for_a_leg_passes(capsys):
    legs = {"a": "purchase process", "b": "use", "c": "branding", "d": "purchase process", "e": "use",
            "f": "branding"}
    assert feedback(capsys, "05.1", legs)[0] == "correct"


def test_goals_given_as_a_percentage_reach_the_checker(capsys):
    status, out = feedback(capsys, "08.2", Goals(service_level=80, target_minutes=30, reputation_floor=78,
                                                 min_profit=20_000))
    assert status == "not yet" and "looks like a percentage" in out


def test_a_mistyped_task_id_is_caught(capsys):
    status, out = feedback(capsys, "01.l", "d")
    assert status == "unknown" and "Did you mean '01.1'?" in out
