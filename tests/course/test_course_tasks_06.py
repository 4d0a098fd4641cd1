"""Checkers of exercises/06: the reference answer passes, a typical slip gets a hint without the answer."""

from __future__ import annotations

import types

import pandas as pd
import pytest
import simpy
from task_feedback import feedback, fresh_results  # noqa: F401  (autouse fixture)

from simlib.analysis.queueing import erlang_a
from simlib.course import tasks_06
from simlib.course.hands_on import run_inbox, starter_inbox
from simlib.course.inside import tiny_inbox

def records(agents=3):
    return tiny_inbox(30, 6, agents, 10, days=7, seed=1)

REFERENCE = {
    "06.1": lambda: "b",
    "06.2": lambda: erlang_a(30, 6, 4, 10, 5).p_abandon,
    "06.3": lambda: 20 * (0.40 / 0.10) ** 2,
    "06.4": lambda: 5,
    "06.5": lambda: (~records()["answered"]).groupby(records()["arrival"] // 1440).mean(),
    "06.6": lambda: tasks_06.reference_with_patience,
    "06.7": lambda: tasks_06.reference_two_channels,
}

@pytest.mark.parametrize("task_id", sorted(REFERENCE))
def test_the_reference_answer_passes_and_a_blank_is_not_attempted(capsys, task_id):
    assert feedback(capsys, task_id, REFERENCE[task_id]())[0] == "correct"
    status, out = feedback(capsys, task_id, ...)
    assert status == "not attempted" and "not attempted yet" in out

def test_06_1_a_wrong_letter_gets_its_own_hint(capsys):
    status, out = feedback(capsys, "06.1", "c")
    assert status == "not yet" and "seeded too" in out
    assert feedback(capsys, "06.1", " (B) ")[0] == "correct"
    status, out = feedback(capsys, "06.1", "e")
    assert status == "not yet" and "not one of the options" in out

def test_06_2_the_three_person_figure_and_a_percentage_are_named(capsys):
    expected = f"{erlang_a(30, 6, 4, 10, 5).p_abandon:.3f}"
    status, out = feedback(capsys, "06.2", erlang_a(30, 6, 3, 10, 5).p_abandon)
    assert status == "not yet" and "team of 3" in out and expected not in out
    status, out = feedback(capsys, "06.2", 8.7)
    assert status == "not yet" and "not a percentage" in out

def test_06_3_doubling_thinking_gets_the_square_root_hint(capsys):
    status, out = feedback(capsys, "06.3", 80)
    assert status == "not yet" and "quarter of the width" in out and "320" not in out
    assert feedback(capsys, "06.3", 290)[0] == "correct"
    status, out = feedback(capsys, "06.3", 1000)
    assert status == "not yet" and "too many" in out and "320" not in out

def test_06_4_too_small_and_not_the_smallest_are_told_apart(capsys):
    status, out = feedback(capsys, "06.4", 4)
    assert status == "not yet" and "With 4 people" in out and "5 people" not in out
    status, out = feedback(capsys, "06.4", 6)
    assert status == "not yet" and "smaller team" in out
    assert feedback(capsys, "06.4", 2.5)[0] == "not yet"

def test_06_5_the_week_share_or_percentages_get_a_hint(capsys):
    daily = REFERENCE["06.5"]()
    status, out = feedback(capsys, "06.5", daily * 100)
    assert status == "not yet" and "not percentages" in out
    flat = pd.Series(tasks_06.tiny_kpis(records())["p_abandon"], index=range(7))
    status, out = feedback(capsys, "06.5", flat)
    assert status == "not yet" and "groupby" in out and f"{daily.iloc[0]:.4g}" not in out
    status, out = feedback(capsys, "06.5", daily.iloc[:3])
    assert status == "not yet" and "expected one row for each of 0 to 6" in out
    assert feedback(capsys, "06.5", daily.to_dict())[0] == "correct"


def starter_renamed(name):
    """The starter model as a student first sees it in the exercise: its own code under the task's name."""
    return types.FunctionType(starter_inbox.__code__, starter_inbox.__globals__, name)


def test_06_6_the_untouched_starter_is_not_attempted_and_a_late_give_up_is_explained(capsys):
    status, out = feedback(capsys, "06.6", starter_renamed("with_patience"))
    assert status == "not attempted" and "Change the model" in out

    def with_patience(env, questions, log):  # gives up only when Ana reaches the question: too late
        inbox = simpy.Store(env)

        def door():
            for q in questions:
                yield env.timeout(q.arrival - env.now)
                log.arrives(q)
                inbox.put(q)

        def community_manager(name, start, end):
            yield env.timeout(start - env.now)
            while env.now < end:
                if not inbox.items:
                    yield env.timeout(1)
                    continue
                q = yield inbox.get()
                if env.now - q.arrival > q.patience:
                    log.gives_up(q)
                    continue
                log.reply(q, name)
                yield env.timeout(q.reply_minutes)

        env.process(door())
        env.process(community_manager("Ana", 9 * 60, 17 * 60))

    status, out = feedback(capsys, "06.6", with_patience)
    assert status == "not yet" and "With seed 1, question" in out and "gives up at" in out
    assert "exactly q.patience minutes after arriving" in out


def test_06_6_an_error_in_the_students_model_is_shown_with_its_line(capsys):
    def with_patience(env, questions, log):
        env.process(iter([env.timeout(questions[0].patiense)]))

    status, out = feedback(capsys, "06.6", with_patience)
    assert status == "not yet" and "AttributeError" in out and "patiense" in out


def test_06_7_everyone_on_one_inbox_is_told_where_the_first_difference_is(capsys):
    def two_channels(env, questions, log):
        tasks_06.reference_with_patience(env, questions, log)

    status, out = feedback(capsys, "06.7", two_channels)
    assert status == "not yet" and "With seed 1, question" in out and "in the reference model" in out


def test_the_trace_says_what_happens_in_words(capsys):
    run_inbox(starter_inbox, seed=1, trace=True, events=4)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("question 1 arrives") and any("Ana replies to question 1" in line for line in lines)
    assert lines[-1].startswith("... and")


def test_in_spanish_the_trace_the_day_and_a_model_hint_are_spanish(capsys):
    from simlib.course.hands_on import describe_day
    from simlib.i18n import set_language

    set_language("es")
    try:
        day = run_inbox(starter_inbox, seed=1, trace=True, events=4)
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].endswith("llega la pregunta 1") and any("Ana responde a la pregunta 1" in x for x in lines)
        assert lines[-1].startswith("... y") and lines[-1].endswith("eventos más")
        assert "preguntas:" in describe_day(day) and "aún esperan a medianoche" in describe_day(day)

        def two_channels(env, questions, log):
            tasks_06.reference_with_patience(env, questions, log)

        status, out = feedback(capsys, "06.7", two_channels)
        assert status == "not yet" and "Con la semilla 1, pregunta" in out and "en el modelo de referencia" in out
        assert "cada uno en su propia bandeja" in out and "reference model" not in out
        status, out = feedback(capsys, "06.3", 80)
        assert "la mitad" in out and "Four" not in out
    finally:
        set_language("en")
