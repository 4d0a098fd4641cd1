"""Checkers of exercises 02: the reference answers pass, typical mistakes get a hint that keeps the answer."""

from __future__ import annotations

import pytest
from task_feedback import feedback, fresh_results  # noqa: F401  (autouse fixture)

from simlib import crm, simulate
from simlib.course import tasks_02
from simlib.course.value import value_by_hand
from simlib.model.leads import premium
from simlib.model.presets import load_preset


@pytest.fixture(scope="module")
def talks():
    return crm.interactions(simulate(load_preset("luxury")))


def lost(name, minutes):
    return value_by_hand(load_preset(name), minutes)


def lost_by_source():
    t = crm.interactions(simulate(load_preset("luxury")))
    return t.groupby("source", observed=True)["revenue_lost"].sum()


REFERENCE = {
    "02.1": lambda: {"a", "c", "e"},
    "02.2": lambda: "b",
    "02.3": lambda: lost("luxury", 120)["lost_per_lead"] / lost("high_volume", 120)["lost_per_lead"],
    "02.4": lost_by_source,
    "02.5": lambda: {"early": 3, "late": 3},
    "02.6": lambda: {"a", "c", "d"},
    "02.7": lambda: {"a", "b", "c"},
}


@pytest.mark.parametrize("task_id", ["02.1", "02.2", "02.3", "02.4", "02.5"])
def test_a_blank_answer_is_not_attempted(capsys, task_id):
    status, out = feedback(capsys, task_id, ...)
    assert status == "not attempted" and "not attempted yet" in out


def test_02_1_the_reference_passes_and_mistakes_are_explained(capsys):
    assert feedback(capsys, "02.1", {"a", "c", "e"})[0] == "correct"
    assert feedback(capsys, "02.1", "e c a")[0] == "correct"
    status, out = feedback(capsys, "02.1", {"a", "c", "d"})
    assert status == "not yet" and "recommendations plentiful" in out and "'e'" not in out
    assert "last line" in feedback(capsys, "02.1", "abc")[1]
    status, out = feedback(capsys, "02.1", {"a", "c"})
    assert status == "not yet" and "you have 2" in out and "'e'" not in out


def test_02_2_the_reference_passes_and_a_wrong_letter_gets_a_hint(capsys):
    assert feedback(capsys, "02.2", "b")[0] == "correct"
    status, out = feedback(capsys, "02.2", "d")
    assert status == "not yet" and "What have those friends rarely done?" in out and "'b'" not in out
    assert "not about prices" in feedback(capsys, "02.2", "c")[1]


def lead_value(business, minutes):
    """The notebook's formula, written as a student would: ticket x (1 + premium) x [at_once x engaged + without x
    (1 - engaged)]."""
    engaged = business.conversion.engaged(minutes)
    chance = business.conversion.at_once * engaged + business.buy_without_reply * (1 - engaged)
    return business.ticket.mean * (1 + premium(business, minutes)) * chance


def test_02_3_the_reference_passes_and_common_slips_are_named(capsys):
    lux, burger = lost("luxury", 120), lost("high_volume", 120)
    ratio = lux["lost_per_lead"] / burger["lost_per_lead"]
    assert 40 < ratio < 44  # the open question's model answer: about forty times
    assert lux["lost_per_lead"] == pytest.approx(86, abs=0.5)  # and about 86 USD per jeweller lead
    assert feedback(capsys, "02.3", ratio)[0] == "correct"
    assert feedback(capsys, "02.3", round(ratio))[0] == "correct"
    by_student = [lead_value(load_preset(n).business, 0) - lead_value(load_preset(n).business, 120)
                  for n in ("luxury", "high_volume")]
    assert feedback(capsys, "02.3", by_student[0] / by_student[1])[0] == "correct"
    shown = f"{ratio:.0f}"

    def no_habit(hand):
        return hand["lead_at_once"] - hand["ticket"] * (1 + hand["premium_after"]) * hand["chance_at_once"] * hand["engaged"]

    for wrong, words in [
        (no_habit(lux) / no_habit(burger), "may still buy"),
        (lux["lost_per_lead"] / (burger["ticket"] * (burger["chance_at_once"] - burger["chance_after"])), "premium"),
        (lost("luxury", 60)["lost_per_lead"] / lost("high_volume", 60)["lost_per_lead"], "one-hour"),
        (lux["lead_after"] / burger["lead_after"], "takes OFF"),
        (1 / ratio, "Upside down"),
        (1000.0, "too high"),
    ]:
        status, out = feedback(capsys, "02.3", wrong)
        assert status == "not yet" and words in out and shown not in out


def test_02_4_the_reference_passes_as_a_series_or_a_dict(capsys, talks):
    lost_by_source = talks.groupby("source", observed=True)["revenue_lost"].sum()
    assert feedback(capsys, "02.4", lost_by_source)[0] == "correct"
    assert feedback(capsys, "02.4", lost_by_source.to_dict())[0] == "correct"
    assert feedback(capsys, "02.4", lost_by_source.to_frame())[0] == "correct"


def test_02_4_typical_mistakes_get_a_hint_without_the_totals(capsys, talks):
    grouped = talks.groupby("source", observed=True)
    totals = [f"{v:,.0f}" for v in grouped["revenue_lost"].sum()]
    for wrong, words in [
        (grouped["revenue_lost"].mean(), "averages per question"),
        (grouped["revenue"].sum(), "revenue each source brought in"),
        (talks.groupby("channel", observed=True)["revenue_lost"].sum(), "Label your Series with one row for each of search"),
        (grouped["revenue_lost"].sum() * 0.5, "differ from the same seeded run"),
        ("returning", "Expected a pandas Series"),
    ]:
        status, out = feedback(capsys, "02.4", wrong)
        assert status == "not yet" and words in out
        assert not any(total in out for total in totals)


def test_02_5_the_most_profitable_plan_passes_and_the_preset_does_not(capsys):
    assert feedback(capsys, "02.5", {"early": 3, "late": 3})[0] == "correct"
    status, out = feedback(capsys, "02.5", {"early": 2, "late": 3})
    assert status == "not yet" and "moving one person on one shift" in out
    assert "'early': 3" not in out and f"{tasks_02.burger_profit(3, 3):,.0f}" not in out


@pytest.mark.parametrize("plan, words", [
    ({"early": 3}, "no 'late' yet"),
    ({"early": 3, "lately": 3}, "'lately' is not a key"),
    ({"early": 0, "late": 3}, "whole number from 1 to 12"),
    ({"early": 2.5, "late": 3}, "whole number"),
])
def test_02_5_a_malformed_plan_is_named_kindly(capsys, plan, words):
    status, out = feedback(capsys, "02.5", plan)
    assert status == "not yet" and words in out


def test_02_6_and_02_7_wrong_partners_and_wrong_ways_get_their_hints(capsys):
    status, out = feedback(capsys, "02.6", {"a", "b"})
    assert status == "not yet" and "bargain hunters" in out
    status, out = feedback(capsys, "02.6", "a, c")
    assert status == "not yet" and "1 more partnership" in out and "'d'" not in out
    status, out = feedback(capsys, "02.7", "a b e")
    assert status == "not yet" and "Bought followers" in out
    status, out = feedback(capsys, "02.7", {"a", "b"})
    assert status == "not yet" and "you have 2" in out


# --- in Spanish -------------------------------------------------------------------


@pytest.fixture
def spanish():
    from simlib.i18n import set_language

    set_language("es")
    yield
    set_language("en")


def test_every_task_of_02_says_what_it_checks_in_spanish(spanish):
    from simlib.course.checks import TASKS
    from simlib.i18n import tr

    for task_id in [t for t in TASKS if t.startswith("02.")]:
        assert tr(TASKS[task_id].checks) != TASKS[task_id].checks, task_id
        if TASKS[task_id].method and not TASKS[task_id].method.startswith("crm."):  # 02.4's method is code
            assert tr(TASKS[task_id].method) != TASKS[task_id].method, task_id


def test_the_task_text_of_02_5_states_the_numbers_the_checker_uses():
    from simlib.course.checks import TASKS

    text = TASKS["02.5"].checks
    assert f"(burger chain, {tasks_02.BURGER_REPLICATIONS} seeded runs of {tasks_02.BURGER_DAYS} days)" in text
    assert f"by more than {tasks_02.PROFIT_TOLERANCE:.0%} by any plan" in text


def test_hints_of_02_in_spanish(capsys, spanish):
    status, out = feedback(capsys, "02.1", {"a", "b", "c"})
    assert status == "not yet" and "fotos de gatos" in out and "(Se ha comprobado: " in out
    status, out = feedback(capsys, "02.6", "a, c")
    assert status == "not yet" and "hay 1 colaboración(es) más" in out
    status, out = feedback(capsys, "02.3", 1 / REFERENCE["02.3"]())
    assert status == "not yet" and "Al revés" in out
    status, out = feedback(capsys, "02.5", {"early": 2, "late": 3})
    profit = tasks_02.burger_profit(2, 3)
    assert status == "not yet" and "mover a una persona en un turno deja más de un 2\xa0% más" in out
    assert f"{profit:,.0f}".replace(",", ".") in out  # the Spanish way: 1.234
    status, out = feedback(capsys, "02.5", {"early": 0, "late": 3})
    assert status == "not yet" and "número de personas (early)" in out
    assert feedback(capsys, "02.2", "b")[1].startswith("✅ 02.2: correcto.")
