"""Instant, kind feedback for the exercises: ``check("02.3", answer)``.

Each task registers a checker with :func:`task`. A checker looks at the
student's answer and either returns (correct) or raises :class:`Hint` with a
hint that teaches without giving the answer away. :func:`check` prints one
line that says what was checked and how it went, and never raises, so a
wrong or missing answer never stops a notebook. No hidden tests: every
checker lives in ``simlib/course/tasks_*.py``, readable by anyone.

What a line says, and when
--------------------------
- Before a correct answer, the line says *what* was checked in words that do
  not give the method away (``Task.checks``). A :class:`Hint` may carry a
  second, stronger hint (``more``): it is added from the second try that is
  not right yet.
- After a correct answer, the line also says *how* the expected value was
  computed (``Task.method``), so the student can compare with their own way.

How answers are read (numpy numbers, rounded values, letters, day names...):
:mod:`simlib.course.answers`, the one reading every checker uses.

In a solution notebook, :func:`all_passed` at the end raises unless every task
of the notebook was checked and passed, so the test suite catches a solution
that stopped solving its exercise (or a mistyped task id).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simlib.course.answer_tables import (  # the table readers the tasks_NN.py checkers use
    as_table,
    day_number,
    hour_number,
    require_shares,
    require_table,
    whole_number,
)
from simlib.course.answers import (  # the readers the tasks_NN.py checkers use
    WEEKDAY_NAMES,
    Hint,
    NotAttempted,
    choice_letters,
    close_enough,
    normalise_label,
    plain,
    read_label,
    require_choice,
    require_close,
    require_function,
    require_keys,
    require_labels,
    require_letters,
    require_number,
    require_whole,
    rounding_hint,
)
from simlib.i18n import set_language, tr

__all__ = [  # the checking API, and the readers re-exported for the tasks modules
    "Hint",
    "NOT_ATTEMPTED",
    "NotAttempted",
    "Status",
    "Task",
    "WEEKDAY_NAMES",
    "all_passed",
    "as_table",
    "check",
    "choice_letters",
    "close_enough",
    "day_number",
    "hour_number",
    "normalise_label",
    "plain",
    "read_label",
    "require_choice",
    "require_close",
    "require_function",
    "require_keys",
    "require_labels",
    "require_letters",
    "require_number",
    "require_shares",
    "require_table",
    "require_whole",
    "reset",
    "rounding_hint",
    "set_language",
    "task",
    "tasks_of",
    "whole_number",
]

NOT_ATTEMPTED = ...
"""The placeholder a blank exercise assigns: ``answer = ...``."""

class Status(str):
    """What :func:`check` returns; shows nothing in a notebook (the printed line says it all)."""

    def _ipython_display_(self) -> None:
        pass


@dataclass(frozen=True)
class Task:
    """One exercise task.

    Attributes
    ----------
    id
        ``"02.3"``: notebook, then task.
    checks
        What the check looks at, in words that do not give the method away.
    checker
        Raises :class:`Hint` (not right yet) or :class:`NotAttempted`, else returns.
    method
        How the expected value is computed; shown only after a correct answer.
    """

    id: str
    checks: str
    checker: Callable[[Any], None]
    method: str = ""


TASKS: dict[str, Task] = {}
RESULTS: dict[str, str] = {}  # task id -> "correct" | "not yet" | "not attempted" | "unknown"
TRIES: dict[str, int] = {}  # task id -> answers checked that were not right yet


def task(task_id: str, checks: str, method: str = "") -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Register a checker for ``task_id``.

    ``checks`` says in words what it verifies (shown on every try: no formula
    in it); ``method`` says how the expected value is computed (shown after a
    correct answer).
    """

    def register(checker: Callable[[Any], None]) -> Callable[[Any], None]:
        TASKS[task_id] = Task(task_id, checks, checker, method)
        return checker

    return register


def reset() -> None:
    """Forget the checks of this session (their results and the tries counted for stronger hints)."""
    RESULTS.clear()
    TRIES.clear()


def check(task_id: str, answer: Any = NOT_ATTEMPTED) -> Status:
    """Check an answer, print one line of feedback, and return the status.

    Returns ``"correct"``, ``"not yet"``, ``"not attempted"``, or
    ``"unknown"`` for a task id that does not exist (which :func:`all_passed`
    then refuses).
    """
    _load_tasks()
    task_id = str(task_id).strip()
    if task_id not in TASKS:
        notebook = task_id.split(".")[0]
        same = sorted(t for t in TASKS if t.split(".")[0] == notebook) or sorted(TASKS)
        likely = _likely_task(task_id)
        close = [likely] if likely else difflib.get_close_matches(task_id, same, n=1)
        suggestion = tr(" Did you mean {task!r}?", task=close[0]) if close else ""
        print(tr("❓ There is no task {task!r}.{suggestion} Tasks: {tasks}.", task=task_id, suggestion=suggestion,
                 tasks=", ".join(same) or tr("none")))
        RESULTS[task_id] = "unknown"
        return Status("unknown")
    registered = TASKS[task_id]
    blank = tr("⏳ {task}: not attempted yet. Replace the ... with your answer.", task=task_id)
    checked = tr("(Checked: {what}.)", what=tr(registered.checks))
    if answer is NOT_ATTEMPTED:
        status, line = "not attempted", blank
    else:
        try:
            registered.checker(plain(answer))
            method = tr(" How it is computed: {method}", method=tr(registered.method)) if registered.method else ""
            status, line = "correct", tr("✅ {task}: correct. {checked}{method}", task=task_id, checked=checked,
                                         method=method)
        except NotAttempted as waiting:
            said = str(waiting)
            status, line = "not attempted", blank if " " not in said else tr(
                "⏳ {task}: not attempted yet. {said}", task=task_id, said=said)
        except Hint as hint:
            TRIES[task_id] = TRIES.get(task_id, 0) + 1
            more = f" {hint.more}" if hint.more and TRIES[task_id] >= 2 else ""
            status, line = "not yet", tr("❌ {task}: not yet. {hint}{more} {checked}", task=task_id, hint=hint,
                                         more=more, checked=checked)
    RESULTS[task_id] = status
    print(line)
    return Status(status)


def _likely_task(task_id: str) -> str | None:
    """The task a mistyped id most likely means: ``"01.l"`` -> ``"01.1"``, ``"1.3"`` -> ``"01.3"``."""
    typed = task_id.translate(str.maketrans({"l": "1", "I": "1", "i": "1", "O": "0", "o": "0", ",": "."}))
    typed = typed.replace(" ", "")
    if "." in typed:
        notebook, number = typed.split(".", 1)
        typed = f"{notebook.zfill(2)}.{number.lstrip('0') or '0'}"
    return typed if typed in TASKS else None


def tasks_of(notebook: str) -> list[str]:
    """The ids of every task of a notebook (``"03"`` -> ``["03.1", ..., "03.7"]``), in order."""
    _load_tasks()
    prefix = str(notebook).split("_")[0].split(".")[0]
    return sorted((t for t in TASKS if t.split(".")[0] == prefix), key=lambda t: int(t.split(".")[1]))


def all_passed(notebook: str | None = None) -> None:
    """In a solution notebook: raise unless every task of the notebook was checked and correct.

    ``notebook`` is its number (``"03"``); without it, the notebooks of the
    tasks checked in this session. A mistyped task id (``"01.l"``) fails too.
    """
    notebooks = {notebook} if notebook is not None else {t.split(".")[0] for t in RESULTS}
    required = [t for n in sorted(notebooks) for t in tasks_of(n)]
    problems = {t: s for t, s in RESULTS.items() if s != "correct"}
    problems.update({t: "never checked" for t in required if t not in RESULTS})
    if not required:
        problems.setdefault("(none)", "no task was checked")
    if problems:
        raise AssertionError(f"these tasks did not pass: {problems}")
    print(tr("All {count} checks passed.", count=len(required)))


def _load_tasks() -> None:
    """Import every ``simlib.course.tasks_*`` module so their checkers are registered."""
    import importlib
    import pkgutil

    import simlib.course

    for module in pkgutil.iter_modules(simlib.course.__path__):
        if module.name.startswith("tasks_"):
            importlib.import_module(f"simlib.course.{module.name}")
