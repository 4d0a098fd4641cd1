"""The small SimPy inbox students change: seeded days, a log with rules, a trace in words, kind checks."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import simpy

from simlib.course import hands_on
from simlib.course.checks import Hint, NotAttempted
from simlib.course.readability import unreadable_html
from simlib.course.hands_on import (
    Log,
    ModelError,
    check_model,
    clock,
    compare_models,
    day_of_questions,
    describe_day,
    first_difference,
    run_inbox,
    starter_inbox,
    summary,
)


def test_a_day_is_drawn_from_its_seed_and_each_quantity_has_its_own_stream():
    assert day_of_questions(3) == day_of_questions(3) and day_of_questions(3) != day_of_questions(4)
    day = day_of_questions(1)
    assert [q.id for q in day] == list(range(1, len(day) + 1))
    assert all(9 * 60 <= q.arrival < 21 * 60 for q in day) and {q.channel for q in day} == {"DM", "comment"}
    slower = day_of_questions(1, reply_minutes=8.0)
    assert [q.arrival for q in slower] == [q.arrival for q in day]  # changing replies keeps the same arrivals
    assert [q.channel for q in slower] == [q.channel for q in day]


def test_clock_reads_minutes_as_a_time_of_day():
    assert clock(543.2) == "09:03" and clock(0) == "00:00" and clock(23 * 60 + 59.9) == "23:59"


def test_the_starter_model_answers_in_order_within_anas_shift():
    table = run_inbox(starter_inbox, seed=2)
    answered = table[table["reply"].notna()]
    assert (answered["by"] == "Ana").all() and (answered["reply"] >= 9 * 60).all()
    assert (answered["reply"] < 17 * 60 + 60).all()  # a reply started before 17:00 may end after
    assert answered["reply"].is_monotonic_increasing  # oldest first
    assert table["gave_up"].isna().all() and (table["wait"].dropna() >= 0).all()
    figures = summary(table)
    assert figures["answered"] + figures["still waiting at midnight"] == figures["questions"]
    assert describe_day(table).startswith(f"{figures['questions']} questions: {figures['answered']} answered")


def test_the_trace_prints_the_first_events_in_words(capsys):
    table = run_inbox(starter_inbox, seed=1, trace=True, events=5)
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 6 and printed[-1].startswith("... and")
    assert printed[0].endswith("question 1 arrives") and "Ana replies to question 1" in " ".join(printed)
    assert printed[:5] == table.attrs["events"][:5]


def test_the_log_refuses_a_second_reply_and_a_reply_after_giving_up():
    env = simpy.Environment()
    log, q = Log(env), day_of_questions(1)[0]
    log.reply(q, "Ana")
    with pytest.raises(ModelError, match="second first reply"):
        log.reply(q, "Ben")
    other = day_of_questions(1)[1]
    log.gives_up(other)
    with pytest.raises(ModelError, match="gave up"):
        log.reply(other, "Ana")


def test_a_model_that_never_waits_is_stopped_with_an_explanation():
    def busy(env, questions, log):
        def loop():
            while True:
                yield env.timeout(0)

        env.process(loop())

    with pytest.raises(ModelError, match="never settles"):
        run_inbox(busy, seed=1)


def test_models_are_compared_question_by_question_on_the_same_days():
    def two_people(env, questions, log):
        inbox = simpy.Store(env)

        def door():
            for q in questions:
                yield env.timeout(q.arrival - env.now)
                log.arrives(q)
                inbox.put(q)

        def person(name):
            yield env.timeout(9 * 60 - env.now)
            while env.now < 17 * 60:
                if not inbox.items:
                    yield env.timeout(1)
                    continue
                q = yield inbox.get()
                log.reply(q, name)
                yield env.timeout(q.reply_minutes)

        env.process(door())
        env.process(person("Ana"))
        env.process(person("Ben"))

    one, two = run_inbox(starter_inbox, seed=1), run_inbox(two_people, seed=1)
    assert first_difference(one, one) is None and first_difference(two, one) is not None
    table = compare_models({"Ana": starter_inbox, "Ana and Ben": two_people}, seeds=(1, 2))
    assert table.index.name == "mean of 2 days"
    assert table.loc["Ana and Ben", "answered within 30 min"] > table.loc["Ana", "answered within 30 min"]
    shown = hands_on.show_models(table).to_html()
    assert "%" in shown and unreadable_html(shown) == []


def test_check_model_tells_blank_wrong_broken_and_right_apart():
    import types

    blank = types.FunctionType(starter_inbox.__code__, starter_inbox.__globals__, "mine")
    with pytest.raises(NotAttempted):
        check_model(blank, "mine", starter_inbox, starter_inbox)
    with pytest.raises(Hint, match="should take"):
        check_model(lambda env, questions: None, "mine", starter_inbox, starter_inbox)

    def broken(env, questions, log):
        log.arrives(questions[0].nope)

    with pytest.raises(Hint, match="AttributeError.*nope"):
        check_model(broken, "mine", starter_inbox, starter_inbox)

    def silent(env, questions, log):
        pass

    with pytest.raises(Hint, match="Nothing was logged"):
        check_model(silent, "mine", starter_inbox, starter_inbox)
    with pytest.raises(NotAttempted):  # no source to read: behaving exactly like the starter counts as unchanged
        check_model(functools.partial(starter_inbox), "mine", starter_inbox, starter_inbox)

    def mine(env, questions, log):  # other code, the reference's behaviour: passes
        starter_inbox(env, questions, log)

    check_model(mine, "mine", starter_inbox, lambda env, questions, log: None)


def test_the_course_and_its_exercises_start_from_the_same_model():
    """The model printed in notebook 06 and given to the exercises is hands_on.starter_inbox, unchanged."""
    import inspect
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = inspect.getsource(starter_inbox).replace("def starter_inbox(", "def my_inbox(")
    cells = ["".join(c["source"]) for c in json.loads((root / "notebooks" / "06_inside_the_simulation.ipynb")
                                                       .read_text())["cells"]]
    assert source.rstrip("\n") in cells
    assert np.isclose(hands_on.DAY, 1440)


def test_the_spanish_exercises_starters_with_translated_docstring_and_comments_are_not_attempted(tmp_path):
    """es/exercises/06 gives the starter with its docstring and comments in Spanish: still the starter."""
    import importlib.util
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    cells = ["".join(c["source"]) for c in json.loads((root / "es" / "exercises" / "06_inside_the_simulation.ipynb")
                                                       .read_text(encoding="utf-8"))["cells"]]
    for name in ("with_patience", "two_channels"):
        code = next(c for c in cells if f"def {name}(" in c)
        assert "Ana responde a todas las preguntas" in code and "# las preguntas que esperan" in code
        path = tmp_path / f"{name}.py"  # inspect reads the source from a file, as from a notebook cell
        path.write_text("import simpy\n\n" + code.split("\ncheck(")[0] + "\n", encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"spanish_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with pytest.raises(NotAttempted):
            check_model(getattr(module, name), name, starter_inbox, starter_inbox)
