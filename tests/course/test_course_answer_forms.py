"""Every checker reads the same answer forms: a form one task accepts, every task of that kind accepts.

The reference answer of each task (the ``REFERENCE`` tables of the per-notebook
tests) is rewritten in the forms a student reasonably writes (numpy numbers,
sets for one letter, day names, a dict for a Series, rounded values...) and
must still pass. A task without a reference fails here, so a new task gets one.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from task_feedback import fresh_results  # noqa: F401  (autouse fixture)

from simlib.course import checks
from simlib.course.checks import WEEKDAY_NAMES, check

MODULES = [f"test_course_tasks_{n:02d}" for n in range(1, 9)]
_REFERENCE: dict[str, object] = {}
for _name in MODULES:
    _REFERENCE.update(importlib.import_module(_name).REFERENCE)


def forms(answer, by_weekday: bool = False) -> list[tuple[str, object]]:
    """The reference answer and the other ways a student might write it (day names for a day-of-week table)."""
    out: list[tuple[str, object]] = [("as computed", answer)]
    if isinstance(answer, str) and len(answer) == 1:
        out += [("upper case", answer.upper()), ("in brackets", f"({answer})"), ("a set", {answer}),
                ("a list", [answer]), ("letter and bracket", f"{answer})")]
    elif isinstance(answer, (set, frozenset)):
        letters = sorted(answer)
        out += [("comma text", ", ".join(letters)), ("one word", "".join(letters).upper()), ("a list", letters),
                ("a tuple", tuple(reversed(letters)))]
    elif isinstance(answer, bool):
        pass
    elif isinstance(answer, (int, np.integer)) and not isinstance(answer, bool):
        out += [("numpy int", np.int64(answer)), ("float", float(answer)), ("numpy float", np.float64(answer))]
    elif isinstance(answer, (float, np.floating)):
        value = float(answer)
        out += [("numpy float", np.float64(value)), ("4 significant digits", float(f"{value:.4g}"))]
        if value.is_integer():
            out.append(("numpy int", np.int64(int(value))))
    elif isinstance(answer, pd.Series):
        out += [("a dict", answer.to_dict()), ("a one-column DataFrame", answer.to_frame("answer")),
                ("3 decimals", answer.round(3) if answer.abs().max() <= 1 else answer.round(1))]
        if all(isinstance(k, (int, np.integer, float)) for k in answer.index):
            out.append(("float index", answer.set_axis([float(k) for k in answer.index])))
            if by_weekday and len(answer) == 7:
                out.append(("day names", answer.set_axis([WEEKDAY_NAMES[int(k)][:3] for k in answer.index])))
        else:
            out.append(("upper-case labels", answer.set_axis([str(k).upper() for k in answer.index])))
    elif isinstance(answer, Mapping):
        numpy_values = {k: np.int64(v) if isinstance(v, int) and not isinstance(v, bool) else v
                        for k, v in answer.items()}
        out.append(("numpy values", numpy_values))
        if all(isinstance(v, str) for v in answer.values()):
            out.append(("upper case", {str(k).upper(): v.upper() for k, v in answer.items()}))
        if all(isinstance(k, str) and "." not in k for k in answer):
            out.append(("capitalised keys", {k.capitalize(): v for k, v in answer.items()}))
    return out


def cases():
    for task_id, reference in sorted(_REFERENCE.items()):
        yield pytest.param(task_id, reference, id=task_id)


@pytest.mark.parametrize("task_id, reference", list(cases()))
def test_every_reasonable_form_of_the_reference_answer_passes(capsys, task_id, reference):
    checks._load_tasks()
    for how, answer in forms(reference(), "day of the week" in checks.TASKS[task_id].checks):
        assert check(task_id, answer) == "correct", (how, capsys.readouterr().out)


def test_every_task_has_a_reference_answer_in_its_tests():
    checks._load_tasks()
    function_tasks = {t for t, task in checks.TASKS.items() if "function" in task.checks}
    assert set(checks.TASKS) - set(_REFERENCE) - function_tasks == set()


def test_what_is_checked_never_gives_the_method_away():
    """The "(Checked: ...)" line is printed on every try: no formula in it (the method comes after a right answer)."""
    checks._load_tasks()
    formula = re.compile(r"\s[x×÷*/-]\s|\s=\s(?!Monday)|\bminus\b|\btimes\b|\bdivided\b|\bmultipl|\bsum of\b|"
                         r"\bmean of the\b|//|\bgroupby\b|\.p_abandon|\bsquare.root\b")
    leaks = {t: task.checks for t, task in checks.TASKS.items() if formula.search(task.checks)}
    assert leaks == {}


def test_a_wrong_answer_never_prints_the_method(capsys):
    checks._load_tasks()
    for task_id, task in sorted(checks.TASKS.items()):
        if not task.method or task_id not in _REFERENCE:
            continue
        reference = _REFERENCE[task_id]()
        wrong = {"b": "a", "d": "a"}.get(reference, "z") if isinstance(reference, str) else -12345.0
        check(task_id, wrong)
        out = capsys.readouterr().out
        assert "not yet" in out and task.method not in out, task_id


def test_checkers_read_answers_through_the_shared_helpers():
    """No checker tests types by itself (``isinstance(x, int)`` refused numpy numbers): it uses checks.require_*."""
    for name in [f"simlib.course.tasks_{n:02d}" for n in range(1, 9)]:
        source = inspect.getsource(importlib.import_module(name))
        assert not re.search(r"isinstance\([^)]*\b(int|float)\b", source), name
