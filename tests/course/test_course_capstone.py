"""Notebook 08 helpers: goals, verdicts with confidence intervals, plans and the plan explorer."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from simlib.course import capstone
from simlib.course.capstone import Goals


def test_verdict_uses_the_whole_interval():
    assert capstone.verdict(0.82, 0.9, 0.8) == "met"
    assert capstone.verdict(0.7, 0.79, 0.8) == "missed"
    assert capstone.verdict(0.75, 0.85, 0.8) == "not sure yet"
    assert capstone.verdict(math.nan, math.nan, 0.8) == "not sure yet"


def test_goals_are_validated_and_listed():
    with pytest.raises(ValueError, match="service_level = 90"):
        Goals(service_level=90).checks()  # building never raises: the exercise's checker explains the slip
    assert Goals(reputation_floor=120).problems() == ["reputation_floor = 120: must be a score from 0 to 100"]
    with pytest.raises(ValueError, match="service_level = 80"):
        capstone.run_plan("restaurant", Goals(service_level=80), replications=2, days=1)
    assert [kpi for _, kpi, _ in Goals().checks()] == ["service_level", "lowest_reputation"]
    labels = [label for label, _, _ in Goals(0.9, 15, 70, 1000).checks()]
    assert labels == ["90% replied within 15 min", "reputation never below 70", "profit at least 1,000 per run"]


def test_scorecard_on_a_known_table():
    table = pd.DataFrame({"service_level": [0.90, 0.92, 0.94], "lowest_reputation": [60.0, 70.0, 80.0],
                          "profit": [500.0, 510.0, 520.0]})
    card = capstone.scorecard(table, Goals(0.8, 15, 65, 1000))
    assert card["verdict"].tolist() == ["met", "not sure yet", "missed"]
    assert card.loc["80% replied within 15 min", "mean"] == pytest.approx(0.92)
    assert card.loc["80% replied within 15 min", "value"] == "92% ± 5"



def test_in_spanish_the_verdicts_are_shown_translated_and_kept_english_for_code():
    from simlib.i18n import set_language

    table = pd.DataFrame({"service_level": [0.90, 0.92, 0.94], "lowest_reputation": [60.0, 70.0, 80.0],
                          "profit": [500.0, 510.0, 520.0]})
    table.attrs.update(currency="USD", days=14)
    set_language("es")
    try:
        goals = Goals(0.8, 15, 65, 1000)
        card = capstone.scorecard(table, goals)
        assert card["verdict"].tolist() == [capstone.MET, capstone.UNSURE, capstone.MISSED] == [
            "met", "not sure yet", "missed"]
        assert list(card.index) == ["80\u00a0% respondidas en menos de 15 min", "reputación nunca por debajo de 65",
                                    "beneficio de al menos 1.000 USD cada 2 semanas"]
        shown = capstone.compare_scorecards({"hoy": table}, goals).loc["hoy"].tolist()
        assert [cell.split("→")[1].strip() for cell in shown] == ["cumplido", "aún no se sabe", "no cumplido"]
        template = capstone.deliverable_template(2, goals)
        assert list(template.index) == ["hoy (el escenario)", "plan A"] and "riesgos" in template.columns
    finally:
        set_language("en")

def test_plan_changes():
    assert capstone.plan_changes({"early": 3}, "value", 30) == {
        "staff.early.count": 3, "service.discipline": "value", "service.target_minutes": 30}
    assert capstone.plan_changes() == {}


def test_run_plan_measures_at_the_goal_target_and_more_staff_helps():
    tight, loose = Goals(0.5, 5, 60), Goals(0.5, 120, 60)
    today = capstone.run_plan("restaurant", tight, {}, 3, 7)
    relaxed = capstone.run_plan("restaurant", loose, {}, 3, 7)
    assert (relaxed["service_level"] >= today["service_level"]).all()
    more = capstone.run_plan("restaurant", tight, {"staff.afternoon.count": 2, "staff.evening.count": 2}, 3, 7)
    assert (more["staff_cost"] > today["staff_cost"]).all()
    assert more["service_level"].mean() >= today["service_level"].mean()
    with pytest.raises(ValueError, match="no \\[business\\]"):
        capstone.run_plan("erlang_a", tight, {}, 2, 1)


def test_compare_scorecards_and_template():
    goals = Goals(0.5, 60, 60)
    tables = {"today": capstone.run_plan("restaurant", goals, {}, 3, 7)}
    both = capstone.compare_scorecards(tables, goals)
    assert list(both.columns) == ["50% replied within 60 min", "reputation never below 60"]
    assert all("→" in cell for cell in both.loc["today"])
    template = capstone.deliverable_template(3, Goals(0.9, 15, 70, 1000))
    assert list(template.index) == ["today (the preset)", "plan A", "plan B"]
    assert "profit at least 1,000 per run" in template.columns and (template == "").all().all()


def test_plan_explorer_scores_on_click():
    explorer = capstone.plan_explorer("restaurant", Goals(0.6, 15, 70), replications=2, days=7)
    assert set(explorer.controls) == {"staff_afternoon", "staff_evening", "discipline", "target_minutes"}
    before = explorer.result[0]
    explorer.controls["staff_afternoon"].value = 0
    explorer.controls["staff_evening"].value = 0
    explorer.button.click()
    card = explorer.result[0]
    assert card is not before and card.loc["60% replied within 15 min", "verdict"] == "missed"
    assert explorer.result[1].index[0] == "0 afternoon, 0 evening, fifo"
