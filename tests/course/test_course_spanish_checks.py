"""check() in Spanish: the feedback in Spanish, Spanish words read as answers, numbers the Spanish way."""

from __future__ import annotations

import pytest

from simlib.course.answer_tables import day_number
from simlib.course.answers import read_label, spanish_label
from simlib.course.checks import TASKS, check, reset, set_language
from simlib.course.tasks_01 import LOST_SPEND, TARGET_HOURS, WEEKENDS_SIMULATED, cheapest_plan

PHASES = ("connection", "interaction", "participation", "influence")
USER_TYPES = ("inactive", "spectator", "semi-active", "creator", "critic")


@pytest.fixture(autouse=True)
def spanish():
    reset()
    set_language("es")
    yield
    set_language("en")
    reset()


def test_a_wrong_then_a_right_answer_in_spanish(capsys):
    assert check("01.1", "a") == "not yet"
    wrong = capsys.readouterr().out
    assert wrong.startswith("❌ 01.1: todavía no. En una tienda, la cola") and "(Se ha comprobado: " in wrong
    assert check("01.1", "d") == "correct"
    assert capsys.readouterr().out.startswith("✅ 01.1: correcto.")
    assert check("01.1") == "not attempted"
    assert capsys.readouterr().out == "⏳ 01.1: aún sin intentar. Sustituye los ... por tu respuesta.\n"


def test_a_mistyped_task_and_a_number_hint_in_spanish(capsys):
    check("01.9", 1)
    assert capsys.readouterr().out.startswith("❓ No existe la tarea '01.9'. ¿Querías decir")
    check("01.3", 12.5)
    out = capsys.readouterr().out
    assert "12,5 es demasiado bajo para los ingresos perdidos por fin de semana" in out


def test_the_stronger_hint_comes_in_spanish_on_the_second_try(capsys):
    check("01.3", 1.0)
    check("01.3", 2.0)
    assert "Encadena tres pasos" in capsys.readouterr().out.splitlines()[-1]


def test_every_task_of_notebook_01_says_what_it_checks_in_spanish(capsys):
    from simlib.i18n import tr

    for task_id in [t for t in TASKS if t.startswith("01.")]:
        assert tr(TASKS[task_id].checks) != TASKS[task_id].checks, task_id
        if TASKS[task_id].method:
            assert tr(TASKS[task_id].method) != TASKS[task_id].method, task_id


def test_the_task_texts_state_the_numbers_the_checkers_use():
    assert f"/ {WEEKENDS_SIMULATED} weekends" in TASKS["01.3"].method and f"x {LOST_SPEND:.0f}" in TASKS["01.3"].method
    assert f"within {TARGET_HOURS:.0f} hours" in TASKS["01.4"].checks


@pytest.mark.parametrize("word, label", [
    ("conexión", "connection"), ("Interacción", "interaction"), ("participacion", "participation"),
    ("la influencia", "influence"), ("fase de participación", "participation"),
])
def test_phases_are_read_in_spanish_with_or_without_accents(word, label):
    assert read_label(word, PHASES) == label


@pytest.mark.parametrize("word, label", [
    ("inactivos", "inactive"), ("espectadores", "spectator"), ("Semiactivos", "semi-active"),
    ("semi-activos", "semi-active"), ("CRÍTICOS", "critic"), ("los creadores", "creator"), ("creador", "creator"),
])
def test_user_types_are_read_in_spanish(word, label):
    assert read_label(word, USER_TYPES) == label


def test_a_word_that_is_no_label_stays_unread():
    assert spanish_label("jirafa") is None and read_label("jirafa", USER_TYPES) is None


def test_days_and_covers_in_spanish(capsys):
    assert [day_number(d) for d in ("lunes", "Miércoles", "sábado", "sab", "domingo")] == [0, 2, 5, 5, 6]
    plan = dict(cheapest_plan())
    plan["cover"] = {"Saturday": "sábado", "Saturday and Sunday": "Sábado y domingo", "none": "ninguna"}[plan["cover"]]
    assert check("01.4", plan) == "correct", capsys.readouterr().out


def test_a_table_by_spanish_day_names_passes(capsys):
    from simlib import simulate
    from simlib.course.doors import shop_scenario

    records = simulate(shop_scenario()).records
    share = records.groupby(records["arrival"] // 1440 % 7)["abandoned"].mean()
    names = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
    assert check("01.5", {names[int(d)]: v for d, v in share.items()}) == "correct", capsys.readouterr().out


def test_the_shop_description_marked_for_translation_is_the_presets():
    from simlib.course.doors import SHOP, SHOP_DESCRIPTION, shop_scenario
    from simlib.model.presets import load_preset

    assert load_preset(SHOP).description == SHOP_DESCRIPTION
    assert shop_scenario().description.startswith("Una pequeña tienda independiente")


def test_the_glossary_goes_both_ways():
    from simlib.course.setup import glossary

    spanish = glossary()
    assert list(spanish.columns) == ["English", "español", "en este curso"]
    assert list(spanish["English"]) == sorted(spanish["English"], key=str.lower)
    terms = dict(zip(spanish["English"], spanish["español"]))
    for english, term in [("community manager", "community manager"), ("social CRM", "CRM social"),
                          ("lead", "lead"), ("engagement", "engagement"), ("sales funnel", "embudo (de ventas)"),
                          ("response time", "tiempo de respuesta")]:
        assert terms[english] == term
    assert all(m and not m.startswith(("The ", "A ", "How ")) for m in spanish["en este curso"])
    english = glossary("en")
    assert list(english.columns) == ["español", "English", "in this course"]
    assert len(english) == len(spanish)


SPANISH_TYPES = {"inactive": "inactivos", "spectator": "Espectador", "semi-active": "semiactivo",
                 "creator": "creadores", "critic": "críticos"}


def test_user_types_answered_in_spanish_pass_task_03_1(capsys):
    from simlib.course.tasks_03 import FOLLOWERS

    answer = {name: SPANISH_TYPES[kind] for name, kind in FOLLOWERS.items()}
    assert check("03.1", answer) == "correct", capsys.readouterr().out


def test_legs_answered_in_spanish_pass_task_05_1(capsys):
    from simlib.course.tasks_05 import ACTION_LEGS

    spanish = {"branding": "imagen de marca", "purchase": "proceso de compra", "use": "uso"}
    assert check("05.1", {k: spanish[v] for k, v in ACTION_LEGS.items()}) == "correct", capsys.readouterr().out


def test_every_task_of_notebooks_05_and_08_says_what_it_checks_in_spanish():
    from simlib.i18n import tr

    import simlib.course.tasks_05  # noqa: F401 - registers the tasks
    import simlib.course.tasks_08  # noqa: F401

    for task_id in [t for t in TASKS if t.split(".")[0] in ("05", "08")]:
        assert tr(TASKS[task_id].checks) != TASKS[task_id].checks, task_id
        if TASKS[task_id].method:
            assert tr(TASKS[task_id].method) != TASKS[task_id].method, task_id


def test_the_task_texts_of_05_and_08_state_the_numbers_the_checkers_use():
    from simlib.course.tasks_05 import COMPLAINT_TOLERANCE, FACTORS, REPLICATIONS
    from simlib.course.tasks_08 import DAYS, GOALS
    from simlib.course.tasks_08 import REPLICATIONS as PLAN_REPLICATIONS

    factors = TASKS["05.5"].checks
    assert f"one of {', '.join(map(str, FACTORS))}," in factors
    assert f"no more than {COMPLAINT_TOLERANCE:.0%} more" in factors and f"({REPLICATIONS} seeded runs" in factors
    plan = TASKS["08.5"].checks
    assert (f"({GOALS.service_level:.0%} within {GOALS.target_minutes:g} min, reputation never below "
            f"{GOALS.reputation_floor:g}, profit at least {GOALS.min_profit:,.0f})") in plan
    assert f"over {PLAN_REPLICATIONS} replications of {DAYS} days" in plan


def test_a_wrong_then_a_right_capstone_answer_in_spanish(capsys):
    from simlib.course.capstone import Goals

    assert check("08.2", Goals(service_level=80, target_minutes=30, reputation_floor=78, min_profit=20_000)) == "not yet"
    said = capsys.readouterr().out
    assert "service_level = 80 parece un porcentaje" in said and "dueños de la cafetería" in said, said
    assert check("08.2", Goals(service_level=0.8, target_minutes=30, reputation_floor=78,
                               min_profit=20_000)) == "correct"
    assert "correcto" in capsys.readouterr().out


def test_hints_of_05_in_spanish(capsys):
    assert check("05.5", 7) == "not yet"
    assert "7 no es uno de los factores" in capsys.readouterr().out
    assert check("05.3", 1.0) == "not yet"
    assert "1 es demasiado bajo para los ingresos perdidos en una semana" in capsys.readouterr().out


def test_every_task_of_notebooks_03_and_04_says_what_it_checks_in_spanish():
    from simlib.i18n import tr

    import simlib.course.tasks_03  # noqa: F401 - registers the tasks
    import simlib.course.tasks_04  # noqa: F401

    for task_id in [t for t in TASKS if t.split(".")[0] in ("03", "04")]:
        assert tr(TASKS[task_id].checks) != TASKS[task_id].checks, task_id
        if TASKS[task_id].method:
            assert tr(TASKS[task_id].method) != TASKS[task_id].method, task_id


def test_the_task_texts_of_03_and_04_state_the_numbers_the_checkers_use():
    from simlib.course.tasks_03 import COST_TOLERANCE, CRITICS_LINE, TEAM_DAYS, TEAM_REPLICATIONS
    from simlib.course.tasks_04 import BURGER_DAYS, BURGER_REPLICATIONS, LEVEL_GOAL, LEVEL_SLACK

    team = TASKS["03.4"].checks
    assert f"ends {TEAM_DAYS} days of the jeweller with at most {CRITICS_LINE:g} critics" in team
    assert f"(mean of {TEAM_REPLICATIONS} seeded runs)" in team and f"more than {COST_TOLERANCE:.0%} less" in team
    plan = TASKS["04.5"].checks
    assert f"at least {LEVEL_GOAL:.0%} within 15 min ({BURGER_REPLICATIONS} seeded runs of {BURGER_DAYS} days" in plan
    assert f"we accept {LEVEL_GOAL - LEVEL_SLACK:.1%})" in plan


def test_hints_of_03_and_04_in_spanish(capsys):
    assert check("03.1", {"Marta": "conexión"}) == "not yet"
    assert "Tu dict" in capsys.readouterr().out
    from simlib.course.tasks_03 import FOLLOWERS

    assert check("03.1", {**FOLLOWERS, "Marta": "Conexión"}) == "not yet"
    assert "Marta: 'Conexión': eso es la fase del engagement" in capsys.readouterr().out
    assert check("03.4", "nobody") == "not yet"
    assert "'nobody' no es uno de los equipos" in capsys.readouterr().out
    assert check("04.5", {"discipline": "x", "late": 1}) == "not yet"
    assert "usa \"fifo\" (por orden de llegada)" in capsys.readouterr().out


def test_every_task_of_notebook_07_says_what_it_checks_in_spanish():
    from simlib.i18n import tr

    import simlib.course.tasks_07  # noqa: F401 - registers the tasks

    for task_id in [t for t in TASKS if t.startswith("07.")]:
        assert tr(TASKS[task_id].checks) != TASKS[task_id].checks, task_id
        if TASKS[task_id].method and task_id not in ("07.2", "07.3"):  # their methods are formulas, the same in Spanish
            assert tr(TASKS[task_id].method) != TASKS[task_id].method, task_id


def test_the_task_texts_of_07_state_the_numbers_the_checkers_use():
    from simlib.course.tasks_07 import (BEN_STARTS, GOAL, GOAL_SLACK, REPLICATIONS, WEEK, WEEKEND_DAYS,
                                        WEEKEND_SLACK, WEEKEND_STARTS)

    plan = TASKS["07.5"].checks
    assert f"over {REPLICATIONS} replications of {WEEK} days (seed 1) is at least {GOAL:.0%} within 15 min" in plan
    assert f"(we accept {GOAL - GOAL_SLACK:.1%})" in plan
    assert f"with Ben starting at {BEN_STARTS[0]}:00 and at {BEN_STARTS[1]}:00" in TASKS["07.6"].checks
    weekend = TASKS["07.7"].checks
    assert f"the start hour ({WEEKEND_STARTS[0]} to {WEEKEND_STARTS[-1]})" in weekend
    assert f"over {REPLICATIONS} replications of {WEEKEND_DAYS} days" in weekend
    assert f"within {WEEKEND_SLACK:.0%} of the best" in weekend


def test_hints_of_07_in_spanish(capsys):
    assert check("07.1", "a") == "not yet"
    assert "segunda persona entre semana" in capsys.readouterr().out
    assert check("07.3", 3) == "not yet"
    said = capsys.readouterr().out
    assert "3 personas no pueden con 3,15 Erlangs de trabajo" in said and "(Se ha comprobado: " in said
    assert check("07.3", 4) == "not yet"
    assert "no basta con redondear la carga hacia arriba" in capsys.readouterr().out
