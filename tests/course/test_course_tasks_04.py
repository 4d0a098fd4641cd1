"""Checkers of exercises/04: the reference answer passes, a typical slip gets a hint without the answer."""

from __future__ import annotations

import pytest
from task_feedback import feedback, fresh_results  # noqa: F401  (autouse fixture)

from simlib import crm, simulate
from simlib.model.presets import load_preset
from simlib.course.social_crm import example_posts


def talks():
    return crm.interactions(simulate(load_preset("restaurant")))


def sale_share(rows):
    return (rows["outcome"] == "sale").groupby(rows["source"], observed=True).mean()


def conversion_by_source():
    t = talks()
    return sale_share(t[(t["kind"] == "pre_sale") & t["outcome"].isin(["sale", "no_sale"])])


def returning_share():
    t = talks()
    return t.loc[t["source"] == "returning", "revenue"].sum() / t["revenue"].sum()


def night_loss(factor=2.0, minutes=780.0, without_reply=0.05):
    luxury = load_preset("luxury").business
    engaged = luxury.conversion.engaged(minutes)
    return (1 - engaged) * factor * (luxury.conversion.at_once - without_reply) * luxury.ticket.mean


REFERENCE = {
    "04.1": lambda: "b",
    "04.2": night_loss,
    "04.3": conversion_by_source,
    "04.4": returning_share,
    "04.5": lambda: {"discipline": "value", "late": 3},
    "04.6": lambda: (p := example_posts())[p["likes"] > p["angry"]]["shares"] / p[p["likes"] > p["angry"]]["reach"],
}


@pytest.mark.parametrize("task_id", sorted(REFERENCE))
def test_the_reference_answer_passes_and_a_blank_is_not_attempted(capsys, task_id):
    assert feedback(capsys, task_id, REFERENCE[task_id]())[0] == "correct"
    status, out = feedback(capsys, task_id, ...)
    assert status == "not attempted" and "not attempted yet" in out


def test_04_1_a_classic_crm_is_told_apart(capsys):
    status, out = feedback(capsys, "04.1", "a")
    assert status == "not yet" and "classic CRM" in out


def test_04_2_forgetting_the_source_the_unit_or_the_purchases_without_a_reply(capsys):
    status, out = feedback(capsys, "04.2", night_loss(factor=1.0))
    assert status == "not yet" and "source factors" in out and "624" not in out
    status, out = feedback(capsys, "04.2", night_loss(minutes=13.0))
    assert status == "not yet" and "minutes" in out
    status, out = feedback(capsys, "04.2", 1500.0 - night_loss())
    assert status == "not yet" and "still worth in the morning" in out
    status, out = feedback(capsys, "04.2", night_loss(without_reply=0.0))
    assert status == "not yet" and "buy_without_reply" in out and "624" not in out


def test_04_3_counting_unanswered_leads_is_caught(capsys):
    t = talks()
    status, out = feedback(capsys, "04.3", sale_share(t[t["kind"] == "pre_sale"]))
    assert status == "not yet" and "got an answer" in out
    status, out = feedback(capsys, "04.3", conversion_by_source().drop("social"))
    assert status == "not yet" and "one row for each of search, social, referral, returning" in out
    status, out = feedback(capsys, "04.3", 100 * conversion_by_source())
    assert status == "not yet" and "not percentages" in out


def test_04_4_share_of_questions_and_forgotten_after_sale_are_caught(capsys):
    t = talks()
    status, out = feedback(capsys, "04.4", (t["source"] == "returning").mean())
    assert status == "not yet" and "share of QUESTIONS" in out
    pre = t[t["kind"] == "pre_sale"]
    status, out = feedback(capsys, "04.4", pre.loc[pre["source"] == "returning", "revenue"].sum() / t["revenue"].sum())
    assert status == "not yet" and "after-sale" in out
    status, out = feedback(capsys, "04.4", 100 * returning_share())
    assert status == "not yet" and "percentage" in out


def test_04_5_a_plan_short_of_the_goal_and_a_plan_too_dear(capsys):
    status, out = feedback(capsys, "04.5", {"discipline": "value", "late": 2})
    assert status == "not yet" and "below 75%" in out and "order of work" in out
    status, out = feedback(capsys, "04.5", {"discipline": "value", "late": 4})
    assert status == "not yet" and "one person fewer" in out and "value with 3" not in out
    status, out = feedback(capsys, "04.5", {"discipline": "lifo", "late": 3})
    assert status == "not yet" and "use \"fifo\"" in out
    status, out = feedback(capsys, "04.5", {"late": 3})
    assert status == "not yet" and "no 'discipline' yet" in out


def test_04_6_every_post_or_the_wrong_denominator_gets_a_hint(capsys):
    posts = example_posts()
    status, out = feedback(capsys, "04.6", posts["shares"] / posts["reach"])
    assert status == "not yet" and "every post" in out
    warm = posts[posts["likes"] > posts["angry"]]
    status, out = feedback(capsys, "04.6", warm["shares"] / warm["likes"])
    assert status == "not yet" and "per like" in out
    status, out = feedback(capsys, "04.6", (warm["shares"] / warm["reach"]).round(2))
    assert status == "not yet" and "look rounded to 2 decimals" in out
