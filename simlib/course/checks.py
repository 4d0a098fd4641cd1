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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

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


def require_choice(answer: Any, correct: str, options: str, hints: Mapping[str, str]) -> None:
    """Accept the letter ``correct`` (any case, ``"b"``, ``"B"``, ``"(b)"``); otherwise the wrong letter's hint."""
    if not isinstance(answer, str):
        raise Hint(f"Answer with one letter in quotes, e.g. \"a\"; got {type(answer).__name__} {answer!r}.")
    letter = answer.strip().strip("().").lower()
    if letter not in options:
        raise Hint(f"{answer!r} is not one of the options: answer with one letter among {', '.join(options)}.")
    if letter != correct:
        raise Hint(hints.get(letter, "Not this one: reread the section and try again."))


def require_table(answer: Any, expected: pd.Series, what: str, abs_tol: float, how: str,
                  fill_missing: float | None = None) -> None:
    """Accept a Series (or dict) with the index of ``expected`` and values within ``abs_tol``.

    ``how`` tells the student how to build the table, for the hints. With
    ``fill_missing``, rows the answer leaves out count as that value (e.g. 0
    USD lost in an hour when no question arrived).
    """
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, Mapping):
        answer = pd.Series(answer)
    if not isinstance(answer, pd.Series):
        raise Hint(f"Expected a pandas Series ({what}), got {type(answer).__name__}. {how}")
    try:
        got = pd.Series(answer.to_numpy(dtype=float), index=[int(i) for i in answer.index])
    except (TypeError, ValueError):
        raise Hint(f"The Series should hold numbers indexed by whole numbers ({what}). {how}") from None
    if fill_missing is not None:
        got = got.reindex(got.index.union(expected.index), fill_value=fill_missing)
    missing = [i for i in expected.index if i not in got.index]
    extra = [i for i in got.index if i not in expected.index]
    if missing or extra:
        raise Hint(f"Your Series has index {sorted(got.index)[:10]}{'...' if len(got) > 10 else ''}; expected one "
                   f"row for each of {expected.index.min()} to {expected.index.max()}. {how}")
    if got.max() > 1.5 * max(expected.max(), 1e-9) and expected.max() <= 1 and got.max() > 1:
        raise Hint(f"Your values go up to {got.max():g}: give shares between 0 and 1, not percentages.")
    off = (got.reindex(expected.index) - expected).abs() > abs_tol
    if off.any():
        first = off[off].index[0]
        raise Hint(f"{off.sum()} of {len(expected)} values differ from the same seeded run, the first at "
                   f"{first} (yours: {got[first]:.4g}). {how}")


def require_shares(answer: Any, expected: pd.Series, what: str, abs_tol: float, how: str,
                   wrong: Mapping[str, pd.Series] | None = None) -> None:
    """Accept a Series (or dict) labelled like ``expected`` (text labels) with values within ``abs_tol``.

    ``wrong`` maps a hint to a typical wrong table: an answer close to it gets that hint.
    """
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if not isinstance(answer, (pd.Series, Mapping)):
        raise Hint(f"Expected a pandas Series ({what}), got {type(answer).__name__}. {how}")
    given = pd.Series(dict(answer)) if isinstance(answer, Mapping) else answer.copy()
    given.index = [" ".join(str(k).strip().lower().split()) for k in given.index]
    labels = [str(k) for k in expected.index]
    if set(given.index) != set(labels):
        raise Hint(f"Label your Series with one row for each of {', '.join(labels)}; yours has "
                   f"{', '.join(map(str, given.index)) or 'none'}. {how}")
    values = pd.to_numeric(given, errors="coerce").reindex(labels)
    if values.isna().any():
        raise Hint(f"Every value should be a number ({what}).")
    if values.max() > 1.5 and expected.max() <= 1:
        raise Hint(f"Your values go up to {values.max():g}: give shares between 0 and 1, not percentages or counts.")
    expected = expected.set_axis(labels)
    for hint, table in (wrong or {}).items():
        if np.allclose(values, table.set_axis(labels).reindex(labels), atol=abs_tol / 2, equal_nan=True):
            raise Hint(hint)
    off = (values - expected).abs() > abs_tol
    if off.any():
        first = off[off].index[0]
        raise Hint(f"{off.sum()} of {len(expected)} values differ from the same seeded run, the first for {first} "
                   f"(yours: {values[first]:.3g}). {how}")


def normalise_label(text: Any) -> str:
    """A label as compared by the checkers: lower case, single spaces, ``_`` read as a space."""
    return " ".join(str(text).strip().lower().replace("_", " ").split())


def require_labels(answer: Any, expected: Mapping[str, str], what: str, allowed: tuple[str, ...],
                   hints: Mapping[str, str], aliases: Mapping[str, str] | None = None) -> None:
    """Accept a dict ``name -> category`` equal to ``expected`` (case and spaces ignored).

    ``hints`` holds one teaching hint per name, shown for the first name that is
    not right yet (never the answer itself). ``aliases`` maps accepted spellings
    to a category (e.g. ``"semiactive"`` to ``"semi-active"``).
    """
    if not isinstance(answer, Mapping):
        raise Hint(f"Expected a dict of {what}, such as {{{next(iter(expected))!r}: {allowed[0]!r}, ...}}; "
                   f"got {type(answer).__name__}.")
    names = {normalise_label(k): k for k in expected}
    given = {normalise_label(k): v for k, v in answer.items()}
    missing = [names[k] for k in names if k not in given]
    extra = [str(k) for k in answer if normalise_label(k) not in names]
    if extra:
        raise Hint(f"{', '.join(map(repr, extra))} is not one of the names of the task; use {', '.join(expected)}.")
    if missing:
        raise Hint(f"Your dict has no entry yet for {', '.join(missing)}: give one for each of the {len(expected)}.")
    categories = {normalise_label(c): c for c in allowed}
    wrong = []
    for key, name in names.items():
        value = normalise_label(given[key])
        value = normalise_label((aliases or {}).get(value, value))
        if value not in categories:
            raise Hint(f"{name}: {given[key]!r} is not one of the allowed answers ({', '.join(allowed)}).")
        if categories[value] != expected[name]:
            wrong.append(name)
    if wrong:
        raise Hint(f"{len(wrong)} of {len(expected)} not right yet. Look again at {wrong[0]}: {hints[wrong[0]]}")


def choice_letters(answer: Any, options: str) -> set[str]:
    """The letters of a multiple-choice answer (``"b"``, ``"a, c"``, ``{"a", "c"}``...) as a set.

    Raises :class:`Hint` if the answer is not made of letters among ``options``.
    """
    if isinstance(answer, str):
        parts: Iterable[Any] = [c for c in answer.lower() if c.isalpha()]
    elif isinstance(answer, (list, tuple, set, frozenset)):
        parts = answer
    else:
        raise Hint(f"Expected letters such as \"a\" or {{\"a\", \"b\"}}, got {type(answer).__name__} {answer!r}.")
    letters = set()
    for part in parts:
        letter = str(part).strip().strip(")").lower()
        if letter not in options:
            raise Hint(f"{part!r} is not one of the options ({', '.join(options)}).")
        letters.add(letter)
    if not letters:
        raise Hint("Your answer has no letter in it: write the letter(s) of your choice, e.g. \"a\".")
    return letters


def _load_tasks() -> None:
    """Import every ``simlib.course.tasks_*`` module so their checkers are registered."""
    import importlib
    import pkgutil

    import simlib.course

    for module in pkgutil.iter_modules(simlib.course.__path__):
        if module.name.startswith("tasks_"):
            importlib.import_module(f"simlib.course.{module.name}")
