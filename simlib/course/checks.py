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

One reading of answers for every checker
----------------------------------------
:func:`check` first passes the answer through :func:`plain` (numpy numbers
become Python numbers, in containers too), and the ``require_*`` helpers below
read every reasonable form the same way in every task:

- numbers: ``int``, ``float``, numpy scalars, ``Fraction``/``Decimal``; a
  rounded number within the tolerance passes, and one that is only rounded
  too far gets "looks rounded: give 3 decimals" instead of "too high";
- whole numbers (head counts): ``3``, ``3.0``, ``np.int64(3)``;
- letters: ``"b"``, ``"B"``, ``"(b)"``, ``"b)"``, ``{"b"}``, ``["b"]``; several:
  ``"a, c"``, ``"ac"``, ``{"a", "c"}``;
- tables: a Series, a one-column DataFrame, a dict, or (for 0, 1, 2...) a
  list; days of the week as 0-6 or names (``"Mon"``, ``"monday"``); clock
  hours as 0-23, ``8.0`` or ``"08:00"``; text labels in any case, with ``_``
  read as a space, and the notebook's own terms (``"purchase process"``).

In a solution notebook, :func:`all_passed` at the end raises unless every task
of the notebook was checked and passed, so the test suite catches a solution
that stopped solving its exercise (or a mistyped task id).
"""

from __future__ import annotations

import decimal
import difflib
import fractions
import inspect
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

NOT_ATTEMPTED = ...
"""The placeholder a blank exercise assigns: ``answer = ...``."""

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""Day 0 is Monday, as in every simulation of the course (minute 0 is Monday 00:00)."""


class Hint(Exception):
    """Raised by a checker: the answer is not right yet; the message is the hint.

    ``more`` is a stronger hint (e.g. the method), added from the second try
    that is not right yet.
    """

    def __init__(self, message: str, more: str = "") -> None:
        super().__init__(message)
        self.more = more


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
        suggestion = f" Did you mean {close[0]!r}?" if close else ""
        print(f"❓ There is no task {task_id!r}.{suggestion} Tasks: {', '.join(same) or 'none'}.")
        RESULTS[task_id] = "unknown"
        return Status("unknown")
    registered = TASKS[task_id]
    blank = f"⏳ {task_id}: not attempted yet. Replace the ... with your answer."
    checked = f"(Checked: {registered.checks}.)"
    if answer is NOT_ATTEMPTED:
        status, line = "not attempted", blank
    else:
        try:
            registered.checker(plain(answer))
            method = f" How it is computed: {registered.method}" if registered.method else ""
            status, line = "correct", f"✅ {task_id}: correct. {checked}{method}"
        except NotAttempted:
            status, line = "not attempted", blank
        except Hint as hint:
            TRIES[task_id] = TRIES.get(task_id, 0) + 1
            more = f" {hint.more}" if hint.more and TRIES[task_id] >= 2 else ""
            status, line = "not yet", f"❌ {task_id}: not yet. {hint}{more} {checked}"
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
    print(f"All {len(required)} checks passed.")


# --- one reading of answers ---------------------------------------------------------

def plain(answer: Any) -> Any:
    """The answer with numpy numbers made Python numbers, inside dicts, lists, tuples and sets too.

    ``np.int64(3)`` becomes ``3``, ``np.float64(0.5)`` ``0.5``, ``np.bool_`` a
    bool, a 0-d array its value. pandas objects are left as they are (the
    table helpers read them).
    """
    if isinstance(answer, np.generic):
        return answer.item()
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        return answer.item()
    if isinstance(answer, (pd.Series, pd.DataFrame, pd.Index)):
        return answer
    if isinstance(answer, Mapping):
        return {plain(k): plain(v) for k, v in answer.items()}
    if isinstance(answer, (list, tuple, set, frozenset)):
        return type(answer)(plain(v) for v in answer)
    return answer


def _decimals(value: float) -> int:
    """Decimals as the student wrote the number (shortest repr): 0.09 -> 2, 1640.0 -> 0, 1.5e-05 -> 6."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        digits = len(mantissa.split(".")[1].rstrip("0")) if "." in mantissa else 0
        return max(0, digits - int(exponent))
    fraction = text.split(".")[1] if "." in text else ""
    return len(fraction.rstrip("0"))


def _needed_decimals(expected: float, rel: float, abs_tol: float) -> int:
    """The fewest decimals whose rounding stays within the tolerance around ``expected``."""
    tolerance = max(rel * abs(expected), abs_tol)
    for digits in range(10):
        if 0.5 * 10 ** -digits <= tolerance:
            return digits
    return 10


def require_number(answer: Any, what: str) -> float:
    """The answer as a float, or a hint that a number was expected.

    Accepts ints, floats, numpy scalars, Fraction and Decimal; a number in
    quotes, a bool, a missing value or a container get a hint.
    """
    answer = plain(answer)
    if isinstance(answer, (fractions.Fraction, decimal.Decimal)):
        answer = float(answer)
    if isinstance(answer, str):
        try:
            float(answer.replace(",", ""))
        except ValueError:
            pass
        else:
            raise Hint(f"{answer!r} is text: write the number without quotes ({what}).")
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        raise Hint(f"Expected a number ({what}), got {type(answer).__name__} {answer!r}.")
    if math.isnan(answer):
        raise Hint(f"Your number is NaN (not a number): check the steps that compute {what}.")
    return float(answer)


def require_whole(answer: Any, what: str, low: int = 0, high: int | None = None) -> int:
    """A whole number from ``low`` to ``high``: ``3``, ``3.0`` and ``np.int64(3)`` all read as 3."""
    value = require_number(answer, what)
    top = "" if high is None else f" to {high}"
    if not value.is_integer() or value < low or (high is not None and value > high):
        raise Hint(f"{value:g} is not {what}: give a whole number from {low}{top}.")
    return int(value)


def close_enough(value: float, expected: float, rel: float = 0.0, abs_tol: float = 1e-9) -> bool:
    """Whether ``value`` is within ``rel`` (relative) or ``abs_tol`` (absolute) of ``expected``."""
    return math.isclose(value, expected, rel_tol=rel, abs_tol=max(abs_tol, 1e-12))


def rounding_hint(value: float, expected: float, rel: float = 0.0, abs_tol: float = 1e-9) -> str:
    """A "looks rounded" hint when rounding ``expected`` as the student did gives ``value``; else "".

    The hint names how many decimals the check needs, never the value.
    """
    if close_enough(value, expected, rel, abs_tol):
        return ""
    digits = _decimals(value)
    if digits > 6 or not math.isclose(round(expected, digits), value, abs_tol=0.51 * 10 ** -digits):
        return ""
    needed = max(_needed_decimals(expected, rel, abs_tol), digits + 1)
    return (f"{value:g} looks rounded to {digits} decimal{'s' if digits != 1 else ''}: give {needed} decimals "
            "(or do not round at all; round only when you print).")


def require_close(answer: Any, expected: float, what: str, rel: float = 0.02, hint: str = "",
                  abs_tol: float = 1e-9, share: bool = False, more: str = "") -> float:
    """Accept a number within ``rel`` (relative) or ``abs_tol`` of ``expected``; otherwise hint.

    With ``share``, a percentage (e.g. 9.4 for 0.094) gets its own hint. A
    number that is the right one rounded too far gets "looks rounded" rather
    than "too high". ``more`` is a stronger hint for the second try.
    """
    value = require_number(answer, what)
    if close_enough(value, expected, rel, abs_tol):
        return value
    if share and value > 1 >= abs(expected):
        raise Hint(f"{value:g} is more than 1: give {what} as a share between 0 and 1, not a percentage.")
    rounded = rounding_hint(value, expected, rel, abs_tol)
    if rounded:
        raise Hint(rounded)
    direction = "too high" if value > expected else "too low"
    raise Hint(f"{value:g} is {direction} for {what}. {hint}".strip(), more)


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


# --- letters --------------------------------------------------------------------------

def choice_letters(answer: Any, options: str) -> set[str]:
    """The letters of a multiple-choice answer as a set.

    Reads ``"b"``, ``"B"``, ``"(b)"``, ``"b)"``, ``"b. the reason..."``,
    ``"a, c"``, ``"a and c"``, ``"ac"``, ``{"a", "c"}``, ``["a", "c"]``.
    Raises :class:`Hint` if the answer is not made of letters among ``options``.
    """
    answer = plain(answer)
    if isinstance(answer, str):
        parts: list[str] = _letters_in_text(answer, options)
    elif isinstance(answer, (list, tuple, set, frozenset)):
        parts = [p for part in answer for p in (_letters_in_text(part, options) if isinstance(part, str)
                                                   else [repr(part)])]
    else:
        raise Hint(f"Expected letters such as \"a\" or {{\"a\", \"b\"}}, got {type(answer).__name__} {answer!r}.")
    letters = set()
    for part in parts:
        if part not in options or len(part) != 1:
            raise Hint(f"{part!r} is not one of the options: answer with letters among {', '.join(options)}.")
        letters.add(part)
    if not letters:
        raise Hint("Your answer has no letter in it: write the letter(s) of your choice, e.g. \"a\".")
    return letters


def _letters_in_text(text: str, options: str) -> list[str]:
    """The option letters written in a piece of text (see :func:`choice_letters`)."""
    lowered = text.strip().lower()
    labelled = re.match(r"^\(?([a-z])\s*[).:]\s+\S", lowered)  # "d) turn to ...": the letter of a quoted option
    if labelled:
        return [labelled.group(1)]
    words = [w for w in re.findall(r"[a-z]+", lowered) if w not in ("and", "or", "y")]
    if len(words) == 1 and len(words[0]) > 1 and set(words[0]) <= set(options):
        return list(words[0])  # "acd"
    return words


def require_choice(answer: Any, correct: str, options: str, hints: Mapping[str, str]) -> None:
    """Accept the one letter ``correct`` in any spelling :func:`choice_letters` reads (also ``{"b"}``).

    A wrong letter gets its own hint; several letters get "choose one".
    """
    letters = choice_letters(answer, options)
    if len(letters) != 1:
        raise Hint("Choose one letter only.")
    letter = letters.pop()
    if letter != correct:
        raise Hint(hints.get(letter, "Not this one: reread the section and try again."))


def require_letters(answer: Any, correct: set[str], options: str, hints: Mapping[str, str],
                    missing: str) -> None:
    """Accept exactly the set of letters ``correct``; a wrong letter gets its hint, a short set ``missing``."""
    letters = choice_letters(answer, options)
    wrong = sorted(letters - correct)
    if wrong:
        raise Hint(hints.get(wrong[0], "Not all of these: reread the section and try again."))
    if letters != correct:
        raise Hint(missing.format(chosen=len(letters), more=len(correct) - len(letters), total=len(correct)))


# --- labels ---------------------------------------------------------------------------

def normalise_label(text: Any) -> str:
    """A label as compared by the checkers: lower case, single spaces, ``_`` read as a space."""
    return " ".join(str(text).strip().lower().replace("_", " ").split())


def read_label(value: Any, allowed: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    """The allowed label a student's text means, or None.

    Case, spaces, ``_``, a leading "the", a trailing "leg"/"phase", a plural
    "s" and hyphens are forgiven; ``aliases`` maps the notebook's other words
    for a label (``"purchase process"``) to it.
    """
    allowed = list(allowed)
    by_text = {normalise_label(a): a for a in allowed}
    by_text.update({normalise_label(a).replace("-", " "): a for a in allowed})
    by_text.update({normalise_label(k): v for k, v in (aliases or {}).items()})
    text = normalise_label(value).strip(" .'\"")
    candidates = [text, text.replace("-", " ")]
    stripped = re.sub(r"^(the|a|an) ", "", text)
    stripped = re.sub(r" (leg|phase|users?)$", "", stripped)
    candidates += [stripped, stripped.replace("-", " "), stripped.rstrip("s"), stripped.replace("-", " ").rstrip("s"),
                   stripped.replace(" ", "-"), stripped.replace(" ", "")]
    for candidate in candidates:
        if candidate in by_text:
            return by_text[candidate]
        squashed = {k.replace(" ", "").replace("-", ""): v for k, v in by_text.items()}
        if candidate.replace(" ", "").replace("-", "") in squashed:
            return squashed[candidate.replace(" ", "").replace("-", "")]
    return None


def require_labels(answer: Any, expected: Mapping[str, str], what: str, allowed: tuple[str, ...],
                   hints: Mapping[str, str], aliases: Mapping[str, str] | None = None,
                   near_misses: Mapping[str, str] | None = None) -> None:
    """Accept a dict ``name -> category`` equal to ``expected`` (read by :func:`read_label`).

    ``hints`` holds one teaching hint per name, shown for the first name that is
    not right yet (never the answer itself). ``aliases`` maps accepted spellings
    to a category; ``near_misses`` maps a word that is not an answer (a phase
    given for a user type) to a hint.
    """
    answer = plain(answer)
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, Mapping):
        raise Hint(f"Expected a dict of {what}, such as {{{next(iter(expected))!r}: {allowed[0]!r}, ...}}; "
                   f"got {type(answer).__name__}.")
    names = {normalise_label(k): k for k in expected}
    given = {normalise_label(k).strip(" ()"): v for k, v in answer.items()}
    missing = [names[k] for k in names if k not in given]
    extra = [str(k) for k in answer if normalise_label(k).strip(" ()") not in names]
    if extra:
        raise Hint(f"{', '.join(map(repr, extra))} is not one of the names of the task; use {', '.join(expected)}.")
    if missing:
        raise Hint(f"Your dict has no entry yet for {', '.join(missing)}: give one for each of the {len(expected)}.")
    misses = {normalise_label(k): v for k, v in (near_misses or {}).items()}
    wrong = []
    for key, name in names.items():
        label = read_label(given[key], allowed, aliases)
        if label is None:
            said = misses.get(normalise_label(given[key]))
            if said:
                raise Hint(f"{name}: {given[key]!r}: {said}")
            raise Hint(f"{name}: {given[key]!r} is not one of the allowed answers ({', '.join(allowed)}).")
        if label != expected[name]:
            wrong.append(name)
    if wrong:
        raise Hint(f"{len(wrong)} of {len(expected)} not right yet. Look again at {wrong[0]}: {hints[wrong[0]]}")


# --- tables ---------------------------------------------------------------------------

def day_number(key: Any) -> int | None:
    """0-6 for a day of the week given as a number (``5``, ``5.0``) or a name (``"Sat"``, ``"saturday"``)."""
    key = plain(key)
    if isinstance(key, bool):
        return None
    if isinstance(key, (int, float)) and float(key).is_integer():
        return int(key)
    text = normalise_label(key)[:3]
    names = [d.lower()[:3] for d in WEEKDAY_NAMES]
    return names.index(text) if text in names else None


def hour_number(key: Any) -> int | None:
    """0-23 for a clock hour given as a number (``8``, ``8.0``) or as text (``"8"``, ``"08:00"``, ``"8h"``)."""
    key = plain(key)
    if isinstance(key, bool):
        return None
    if isinstance(key, (int, float)) and float(key).is_integer():
        return int(key)
    match = re.fullmatch(r"(\d{1,2})(?::00|h|\.0)?", normalise_label(key))
    return int(match.group(1)) if match else None


def whole_number(key: Any) -> int | None:
    """A whole number given as ``3``, ``3.0`` or ``"3"``; None otherwise."""
    key = plain(key)
    if isinstance(key, bool):
        return None
    if isinstance(key, (int, float)) and float(key).is_integer():
        return int(key)
    return int(key) if isinstance(key, str) and key.strip().isdigit() else None


_INDEX_READERS = {"day": day_number, "hour": hour_number, "int": whole_number}
_INDEX_HOW = {
    "day": "the day of the week, as 0-6 (0 = Monday) or as names (\"Mon\"...)",
    "hour": "the clock hour, 0 to 23",
    "int": "whole numbers",
}


def as_table(answer: Any, what: str, how: str = "") -> pd.Series:
    """The answer as a Series: a Series, a one-column DataFrame, a dict, or a list (index 0, 1, 2...)."""
    answer = plain(answer)
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] != 1:
            raise Hint(f"Expected one column of values ({what}); your DataFrame has {answer.shape[1]} columns "
                       f"({', '.join(map(str, answer.columns[:5]))}). Pick the one column the task asks for.")
        answer = answer.iloc[:, 0]
    if isinstance(answer, Mapping):
        return pd.Series(dict(answer), dtype=object)
    if isinstance(answer, (list, tuple, np.ndarray)) and not isinstance(answer, str):
        return pd.Series(list(answer), dtype=object)
    if isinstance(answer, pd.Series):
        return answer
    raise Hint(f"Expected a pandas Series ({what}), e.g. the result of a groupby; got {type(answer).__name__}. "
               f"{how}".strip())


def require_table(answer: Any, expected: pd.Series, what: str, abs_tol: float, how: str,
                  fill_missing: float | None = None, index: str = "int", rel_tol: float = 0.0,
                  share: bool | None = None, wrong: Mapping[str, pd.Series] | None = None,
                  aliases: Mapping[str, str] | None = None) -> pd.Series:
    """Accept a table (see :func:`as_table`) with the index of ``expected`` and values within the tolerance.

    Parameters
    ----------
    index
        How to read the answer's index: ``"int"`` (0, 1, 2...), ``"day"`` (of
        the week: 0-6 or names), ``"hour"`` (0-23) or ``"label"`` (text, read
        by :func:`read_label` with ``aliases``).
    abs_tol, rel_tol
        A value passes within either tolerance of the expected one.
    fill_missing
        Rows the answer leaves out count as this value (e.g. 0 USD lost in an
        hour when no question arrived).
    share
        The values are shares (0-1): percentages get their own hint. Default:
        when every expected value is between 0 and 1.
    wrong
        Hint -> a typical wrong table; an answer close to it gets that hint.
    how
        How to build the table, for the hints.

    Returns
    -------
    Series
        The answer as numbers, indexed like ``expected``.
    """
    given = as_table(answer, what, how)
    expected = expected.astype(float)
    if index == "label":
        labels = [str(k) for k in expected.index]
        keys = [read_label(k, labels, aliases) for k in given.index]
        if any(k is None for k in keys) or len(set(keys)) != len(keys) or set(keys) != set(labels):
            raise Hint(f"Label your Series with one row for each of {', '.join(labels)}; yours has "
                       f"{', '.join(map(str, given.index)) or 'none'}. {how}".strip())
        expected = expected.set_axis(labels)
    else:
        reader = _INDEX_READERS[index]
        keys = [reader(k) for k in given.index]
        if any(k is None for k in keys):
            raise Hint(f"Index your Series by {_INDEX_HOW[index]} ({what}). {how}".strip())
        if index == "day" and (len(keys) > 7 or max(keys) > 6):
            raise Hint("Your index has more than seven days: fold the days of the run into days of the week "
                       "(two Mondays are both Mondays).")
        if len(set(keys)) != len(keys):
            raise Hint(f"Your index repeats a value: give one row for each of {_INDEX_HOW[index]}.")
        expected = expected.set_axis([int(k) for k in expected.index])
    values = pd.Series(pd.to_numeric(pd.Series(list(given.to_numpy()), dtype=object), errors="coerce").to_numpy(
        dtype=float), index=keys)
    if values.isna().any():
        raise Hint(f"Every value should be a number ({what}).")
    if fill_missing is not None:
        values = values.reindex(values.index.union(expected.index), fill_value=fill_missing)
    missing = [i for i in expected.index if i not in values.index]
    extra = [i for i in values.index if i not in expected.index]
    if missing or extra:
        shown = ", ".join(map(str, sorted(values.index, key=str)[:10])) + ("..." if len(values) > 10 else "")
        first, last = expected.index[0], expected.index[-1]
        raise Hint(f"Your Series has index {shown}; expected one row for each of {first} to {last}. {how}".strip())
    values = values.reindex(expected.index)
    for hint, table in (wrong or {}).items():
        other = _aligned(table, expected.index)
        if other is not None and np.allclose(values, other, atol=abs_tol / 2, rtol=rel_tol / 2, equal_nan=True):
            raise Hint(hint)
    is_share = share if share is not None else bool(((expected >= 0) & (expected <= 1)).all())
    if is_share and values.max() > 1 and values.max() > 1.5 * max(expected.max(), 1e-9):
        raise Hint(f"Your values go up to {values.max():g}: give shares between 0 and 1, not percentages or counts.")
    off = [i for i in expected.index if not close_enough(values[i], expected[i], rel_tol, abs_tol)]
    if off:
        rounded = [rounding_hint(values[i], expected[i], rel_tol, abs_tol) for i in off]
        if all(rounded):
            digits = max(_decimals(values[i]) for i in off)
            raise Hint(f"Your values look rounded to {digits} decimal{'s' if digits != 1 else ''}: give "
                       f"{max(_needed_decimals(float(expected.abs().max()), rel_tol, abs_tol), digits + 1)} decimals "
                       "(or do not round at all; round only when you print).")
        first = off[0]
        label = WEEKDAY_NAMES[first] if index == "day" else first
        raise Hint(f"{len(off)} of {len(expected)} values differ from the same seeded run, the first for {label} "
                   f"(yours: {values[first]:.4g}). {how}".strip())
    return values


def _aligned(table: pd.Series, index: pd.Index) -> pd.Series | None:
    """A typical wrong table in the order of ``index`` (matched by label, else by position); None if it cannot be."""
    table = table.astype(float)
    by_text = pd.Series(table.to_numpy(), index=[str(k) for k in table.index])
    wanted = [str(k) for k in index]
    if set(by_text.index) == set(wanted):
        return pd.Series(by_text.reindex(wanted).to_numpy(), index=index)
    return pd.Series(table.to_numpy(), index=index) if len(table) == len(index) else None


def require_shares(answer: Any, expected: pd.Series, what: str, abs_tol: float, how: str,
                   wrong: Mapping[str, pd.Series] | None = None, aliases: Mapping[str, str] | None = None) -> None:
    """:func:`require_table` for shares labelled by text (sources, bands...)."""
    require_table(answer, expected, what, abs_tol, how, index="label", share=True, wrong=wrong, aliases=aliases)


def require_keys(answer: Any, keys: Iterable[str], example: str) -> dict[str, Any]:
    """A dict with exactly ``keys`` (case and spaces of the keys forgiven), values read by :func:`plain`."""
    answer = plain(answer)
    keys = list(keys)
    if not isinstance(answer, Mapping):
        raise Hint(f"Expected a dict such as {example}, got {type(answer).__name__}.")
    by_text = {normalise_label(k): k for k in keys}
    given = {}
    for key, value in answer.items():
        name = by_text.get(normalise_label(key))
        if name is None:
            raise Hint(f"{key!r} is not a key of this task: a plan has exactly {', '.join(map(repr, keys))} "
                       f"(e.g. {example}).")
        given[name] = value
    missing = [k for k in keys if k not in given]
    if missing:
        raise Hint(f"Your dict has no {', '.join(map(repr, missing))} yet: give exactly "
                   f"{', '.join(map(repr, keys))} (e.g. {example}).")
    return given


def _load_tasks() -> None:
    """Import every ``simlib.course.tasks_*`` module so their checkers are registered."""
    import importlib
    import pkgutil

    import simlib.course

    for module in pkgutil.iter_modules(simlib.course.__path__):
        if module.name.startswith("tasks_"):
            importlib.import_module(f"simlib.course.{module.name}")
