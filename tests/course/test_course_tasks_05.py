"""Checkers of exercises/05: the reference answer passes, a typical slip gets a hint without the answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from task_feedback import feedback, fresh_results  # noqa: F401  (autouse fixture)

from simlib import crm, simulate
from simlib.course import tasks_05
from simlib.model.presets import load_preset
from simlib.course.experience import booking_path


def after_sale():
    t = crm.interactions(simulate(load_preset("restaurant")))
    return t[t["kind"] == "after_sale"]


def came_back(rows, fill=True):
    wait = rows["first_response"].fillna(np.inf) if fill else rows["first_response"]
    band = pd.cut(wait, [-np.inf, 60, 240, np.inf], labels=["within 1 h", "1 to 4 h", "later or never"])
    return (rows["outcome"] == "came_back").groupby(band, observed=True).mean()


REFERENCE = {
    "05.1": lambda: {"a": "purchase", "b": "use", "c": "branding", "d": "purchase", "e": "use", "f": "branding"},
    "05.2": lambda: "b",
    "05.3": lambda: 55 * 0.40 / 3 * (0.50 - 0.20) * 3000,
    "05.4": lambda: came_back(after_sale()),
    "05.5": lambda: 0.75,
    "05.6": lambda: (b := booking_path()).div(b.shift()).iloc[1:],
    "05.7": lambda: "c",
}


@pytest.mark.parametrize("task_id", sorted(REFERENCE))
def test_the_reference_answer_passes_and_a_blank_is_not_attempted(capsys, task_id):
    assert feedback(capsys, task_id, REFERENCE[task_id]())[0] == "correct"
    status, out = feedback(capsys, task_id, ...)
    assert status == "not attempted" and "not attempted yet" in out


def test_05_1_a_friends_post_taken_for_use_gets_a_question(capsys):
    status, out = feedback(capsys, "05.1", {**REFERENCE["05.1"](), "c": "use"})
    assert status == "not yet" and "Look again at c" in out and "branding" not in out.split("(Checked:")[0]
    status, out = feedback(capsys, "05.1", {**REFERENCE["05.1"](), "c": "advertising"})
    assert status == "not yet" and "branding, purchase, use" in out


def test_05_2_a_vague_promise_is_still_a_promise(capsys):
    status, out = feedback(capsys, "05.2", "d")
    assert status == "not yet" and "vague promise" in out


def test_05_3_typical_slips_get_their_own_hint(capsys):
    status, out = feedback(capsys, "05.3", 55 * 0.40 / 3 * 0.50 * 3000)
    assert status == "not yet" and "DIFFERENCE" in out and "6,600" not in out and "6600" not in out
    status, out = feedback(capsys, "05.3", 55 * 0.60 / 3 * 0.30 * 3000)
    assert status == "not yet" and "BEFORE buying" in out
    status, out = feedback(capsys, "05.3", 55 * 0.40 * 0.30 * 3000)
    assert status == "not yet" and "only one in three" in out


def test_05_4_leaving_out_the_never_answered_is_caught(capsys):
    rows = after_sale()
    status, out = feedback(capsys, "05.4", came_back(rows[rows["first_response"].notna()], fill=False))
    assert status == "not yet" and "never answered" in out
    status, out = feedback(capsys, "05.4", came_back(rows).rename({"within 1 h": "fast"}))
    assert status == "not yet" and "one row for each of within 1 h" in out


def test_05_5_rushing_and_the_normal_time_are_not_the_best(capsys):
    status, out = feedback(capsys, "05.5", 1.0)
    hint = out.split("(Checked:")[0]
    assert status == "not yet" and "another choice makes clearly fewer" in hint and "0.75" not in hint
    status, out = feedback(capsys, "05.5", 0.5)
    assert status == "not yet" and "Rushed replies" in out
    status, out = feedback(capsys, "05.5", 0.6)
    assert status == "not yet" and "not one of the factors" in out


def test_05_5_complaints_are_cached_per_factor():
    assert tasks_05.factor_complaints(0.75) is tasks_05.factor_complaints(0.75)


def test_05_6_shares_of_the_first_step_instead_of_the_step_before_get_a_hint(capsys):
    path = booking_path()
    status, out = feedback(capsys, "05.6", (path / path.iloc[0]).iloc[1:])
    assert status == "not yet" and "step BEFORE" in out
    status, out = feedback(capsys, "05.6", (path / path.shift()).iloc[1:] * 100)
    assert status == "not yet" and "not percentages" in out


def test_05_1_accepts_the_notebooks_own_words_for_the_legs(capsys):
    words = {"a": "purchase process", "b": "after-sales", "c": "Branding", "d": "the purchase", "e": "use",
             "f": "brand image"}
    assert feedback(capsys, "05.1", words)[0] == "correct"


def test_05_7_the_image_as_an_average_gets_a_hint(capsys):
    status, out = feedback(capsys, "05.7", "a")
    assert status == "not yet" and "belongs to each customer" in out
