"""Instant, kind feedback for the exercises: ``check("02.3", answer)``.

Each task registers a checker with :func:`task`. A checker looks at the
student's answer and either returns (correct) or raises :class:`Hint` with a
hint that teaches without giving the answer away. :func:`check` prints one
line that says what was checked and how it went, and never raises, so a
wrong or missing answer never stops a notebook. No hidden tests: every
checker lives in ``simlib/course/tasks_*.py``, readable by anyone.

In a solution notebook, :func:`all_passed` at the end raises if any check of
the session failed, so the test suite catches a solution that stopped
solving its exercise.
"""

from __future__ import annotations

import difflib
import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

NOT_ATTEMPTED = ...
"""The placeholder a blank exercise assigns: ``answer = ...``."""


class Hint(Exception):
    """Raised by a checker: the answer is not right yet; the message is the hint."""


class NotAttempted(Exception):
    """Raised by a checker that finds the task still blank (e.g. a function whose body is ``...``)."""


class Status(str):
    """What :func:`check` returns; shows nothing in a notebook (the printed line says it all)."""

    def _ipython_display_(self) -> None:
        pass


def _blank():
    """A function a student has not written yet."""
    ...


@dataclass(frozen=True)
class Task:
    """One exercise task: its id (``"02.3"``), what its check looks at, and the checker."""

    id: str
    checks: str
    checker: Callable[[Any], None]


TASKS: dict[str, Task] = {}
RESULTS: dict[str, str] = {}  # task id -> "correct" | "not yet" | "not attempted"


def task(task_id: str, checks: str) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Register a checker for ``task_id``; ``checks`` says in words what it verifies."""

    def register(checker: Callable[[Any], None]) -> Callable[[Any], None]:
        TASKS[task_id] = Task(task_id, checks, checker)
        return checker

    return register


def check(task_id: str, answer: Any = NOT_ATTEMPTED) -> Status:
    """Check an answer, print one line of feedback, and return the status.

    Returns ``"correct"``, ``"not yet"`` or ``"not attempted"``.
    """
    _load_tasks()
    if task_id not in TASKS:
        known = ", ".join(sorted(TASKS)) or "none"
        print(f"There is no task {task_id!r}. Tasks: {known}.")
        return Status("unknown")
    registered = TASKS[task_id]
    blank = f"⏳ {task_id}: not attempted yet. Replace the ... with your answer."
    if answer is NOT_ATTEMPTED:
        status, line = "not attempted", blank
    else:
        try:
            registered.checker(answer)
            status, line = "correct", f"✅ {task_id}: correct. (Checked: {registered.checks}.)"
        except NotAttempted:
            status, line = "not attempted", blank
        except Hint as hint:
            status, line = "not yet", f"❌ {task_id}: not yet. {hint} (Checked: {registered.checks}.)"
    RESULTS[task_id] = status
    print(line)
    return Status(status)


def all_passed() -> None:
    """In a solution notebook: raise unless every check run in this session was correct."""
    wrong = {t: s for t, s in RESULTS.items() if s != "correct"}
    if wrong:
        raise AssertionError(f"these checks did not pass: {wrong}")
    print(f"All {len(RESULTS)} checks passed.")


# --- helpers for writing checkers -------------------------------------------------

def require_number(answer: Any, what: str) -> float:
    """The answer as a float, or a hint that a number was expected."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or math.isnan(answer):
        raise Hint(f"Expected a number ({what}), got {type(answer).__name__} {answer!r}.")
    return float(answer)


def require_close(answer: Any, expected: float, what: str, rel: float = 0.02, hint: str = "") -> None:
    """Accept a number within ``rel`` (relative) of the expected value; otherwise hint."""
    value = require_number(answer, what)
    if not math.isclose(value, expected, rel_tol=rel, abs_tol=1e-9):
        direction = "too high" if value > expected else "too low"
        raise Hint(f"{value:g} is {direction} for {what}. {hint}".strip())


def require_function(namespace_or_function: Any, name: str, parameters: list[str]) -> Callable[..., Any]:
    """Find the student's function ``name`` (in ``globals()`` or given directly) and check its parameters.

    A missing or renamed function gets a kind hint naming what was found; a
    function whose body is still only ``...`` counts as not attempted.
    """
    function = namespace_or_function
    if isinstance(namespace_or_function, dict):
        function = namespace_or_function.get(name)
        if function is None:
            similar = difflib.get_close_matches(name, [k for k, v in namespace_or_function.items() if callable(v)])
            found = f" Did you mean {similar[0]!r}? The check looks for the name {name!r}." if similar else ""
            raise Hint(f"No function called {name!r} yet: define it with `def {name}(...)`.{found}")
    if not callable(function):
        raise Hint(f"Expected the function {name!r}, got {type(function).__name__}.")
    if getattr(function, "__code__", None) is not None and function.__code__.co_code == _blank.__code__.co_code:
        raise NotAttempted(name)  # its body is still just `...` (or a docstring)
    got = list(inspect.signature(function).parameters)
    if got[: len(parameters)] != parameters:
        raise Hint(f"{name} should take ({', '.join(parameters)}); yours takes ({', '.join(got)}).")
    return function


def _load_tasks() -> None:
    """Import every ``simlib.course.tasks_*`` module so their checkers are registered."""
    import importlib
    import pkgutil

    import simlib.course

    for module in pkgutil.iter_modules(simlib.course.__path__):
        if module.name.startswith("tasks_"):
            importlib.import_module(f"simlib.course.{module.name}")
