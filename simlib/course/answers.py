"""One reading of answers for every checker
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
  read as a space, and the notebook's own terms (``"purchase process"``);
- Spanish words too, accents or not: ``"participación"``, ``"espectadores"``,
  ``"sábado"`` (:data:`SPANISH_LABELS`); the hints follow the language chosen
  with :func:`simlib.i18n.set_language`.
"""

from __future__ import annotations

import decimal
import difflib
import fractions
import inspect
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from simlib.i18n import N_, tr

WEEKDAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
                 N_("Sunday"))
"""Day 0 is Monday, as in every simulation of the course (minute 0 is Monday 00:00)."""
SPANISH_LABELS = {
    "conexion": "connection", "interaccion": "interaction", "participacion": "participation",
    "influencia": "influence", "inactivo": "inactive", "espectador": "spectator", "semiactivo": "semi-active",
    "semi activo": "semi-active", "critico": "critic", "creador": "creator", "imagen de marca": "branding",
    "marca": "branding", "proceso de compra": "purchase process", "compra": "purchase", "uso": "use", "ninguna": "none",
    "sabado": "Saturday", "sabado y domingo": "Saturday and Sunday",
}
"""The course's words in Spanish (without accents, singular) -> the English label a checker expects."""
_SPANISH_ENDINGS = (("ores", "or"), ("os", "o"), ("as", "a"), ("es", ""), ("s", ""))


def strip_accents(text: Any) -> str:
    """Text without accents (``"Participación"`` -> ``"Participacion"``): a student may type them or not."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c))


def spanish_label(text: Any) -> str | None:
    """The English label of a Spanish word of the course (``"los críticos"`` -> ``"critic"``), or None."""
    words = " ".join(strip_accents(text).strip(" .'\"").lower().replace("_", " ").replace("-", " ").split())
    words = re.sub(r"^(el|la|los|las|un|una|unos|unas|fase( de)?|usuarios?) ", "", words)
    words = re.sub(r"^(fase( de)?|usuarios?) ", "", words)
    if words in SPANISH_LABELS:
        return SPANISH_LABELS[words]
    for ending, singular in _SPANISH_ENDINGS:
        if words.endswith(ending) and words[: len(words) - len(ending)] + singular in SPANISH_LABELS:
            return SPANISH_LABELS[words[: len(words) - len(ending)] + singular]
    return None


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


def _blank():
    """A function a student has not written yet."""
    ...


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


def decimals(value: float) -> int:
    """Decimals as the student wrote the number (shortest repr): 0.09 -> 2, 1640.0 -> 0, 1.5e-05 -> 6."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        digits = len(mantissa.split(".")[1].rstrip("0")) if "." in mantissa else 0
        return max(0, digits - int(exponent))
    fraction = text.split(".")[1] if "." in text else ""
    return len(fraction.rstrip("0"))


def needed_decimals(expected: float, rel: float, abs_tol: float) -> int:
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
            raise Hint(tr("{answer!r} is text: write the number without quotes ({what}).", answer=answer, what=what))
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        raise Hint(tr("Expected a number ({what}), got {type} {answer!r}.", what=what, type=type(answer).__name__,
                      answer=answer))
    if math.isnan(answer):
        raise Hint(tr("Your number is NaN (not a number): check the steps that compute {what}.", what=what))
    return float(answer)


def require_whole(answer: Any, what: str, low: int = 0, high: int | None = None) -> int:
    """A whole number from ``low`` to ``high``: ``3``, ``3.0`` and ``np.int64(3)`` all read as 3."""
    value = require_number(answer, what)
    top = "" if high is None else tr(" to {high}", high=high)
    if not value.is_integer() or value < low or (high is not None and value > high):
        raise Hint(tr("{value:g} is not {what}: give a whole number from {low}{top}.", value=value, what=what, low=low,
                      top=top))
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
    digits = decimals(value)
    if digits > 6 or not math.isclose(round(expected, digits), value, abs_tol=0.51 * 10 ** -digits):
        return ""
    needed = max(needed_decimals(expected, rel, abs_tol), digits + 1)
    message = (N_("{value:g} looks rounded to {digits} decimal: give {needed} decimals "
                  "(or do not round at all; round only when you print).") if digits == 1 else
               N_("{value:g} looks rounded to {digits} decimals: give {needed} decimals "
                  "(or do not round at all; round only when you print)."))
    return tr(message, value=value, digits=digits, needed=needed)


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
        raise Hint(tr("{value:g} is more than 1: give {what} as a share between 0 and 1, not a percentage.",
                      value=value, what=what))
    rounded = rounding_hint(value, expected, rel, abs_tol)
    if rounded:
        raise Hint(rounded)
    message = N_("{value:g} is too high for {what}. {hint}") if value > expected else N_(
        "{value:g} is too low for {what}. {hint}")
    raise Hint(tr(message, value=value, what=what, hint=hint).strip(), more)


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
        raise Hint(tr("Expected letters such as \"a\" or {{\"a\", \"b\"}}, got {type} {answer!r}.",
                      type=type(answer).__name__, answer=answer))
    letters = set()
    for part in parts:
        if part not in options or len(part) != 1:
            raise Hint(tr("{part!r} is not one of the options: answer with letters among {options}.", part=part,
                          options=", ".join(options)))
        letters.add(part)
    if not letters:
        raise Hint(tr("Your answer has no letter in it: write the letter(s) of your choice, e.g. \"a\"."))
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
        raise Hint(tr("Choose one letter only."))
    letter = letters.pop()
    if letter != correct:
        raise Hint(tr(hints.get(letter, N_("Not this one: reread the section and try again."))))


def require_letters(answer: Any, correct: set[str], options: str, hints: Mapping[str, str],
                    missing: str) -> None:
    """Accept exactly the set of letters ``correct``; a wrong letter gets its hint, a short set ``missing``."""
    letters = choice_letters(answer, options)
    wrong = sorted(letters - correct)
    if wrong:
        raise Hint(tr(hints.get(wrong[0], N_("Not all of these: reread the section and try again."))))
    if letters != correct:
        raise Hint(tr(missing, chosen=len(letters), more=len(correct) - len(letters), total=len(correct)))


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
    spanish = spanish_label(value)
    candidates = [text, text.replace("-", " ")] + ([normalise_label(spanish)] if spanish else [])
    by_text.update({normalise_label(strip_accents(k)): v for k, v in (aliases or {}).items()})
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
        raise Hint(tr("Expected a dict of {what}, such as {{{name!r}: {label!r}, ...}}; got {type}.", what=what,
                      name=next(iter(expected)), label=allowed[0], type=type(answer).__name__))
    names = {normalise_label(k): k for k in expected}
    given = {normalise_label(k).strip(" ()"): v for k, v in answer.items()}
    missing = [names[k] for k in names if k not in given]
    extra = [str(k) for k in answer if normalise_label(k).strip(" ()") not in names]
    if extra:
        raise Hint(tr("{extra} is not one of the names of the task; use {names}.", extra=", ".join(map(repr, extra)),
                      names=", ".join(expected)))
    if missing:
        raise Hint(tr("Your dict has no entry yet for {missing}: give one for each of the {count}.",
                      missing=", ".join(missing), count=len(expected)))
    misses = {normalise_label(k): v for k, v in (near_misses or {}).items()}
    wrong = []
    for key, name in names.items():
        label = read_label(given[key], allowed, aliases)
        if label is None:
            said = misses.get(normalise_label(given[key]))
            if said:
                raise Hint(f"{name}: {given[key]!r}: {tr(said)}")
            raise Hint(tr("{name}: {given!r} is not one of the allowed answers ({allowed}).", name=name,
                          given=given[key], allowed=", ".join(allowed)))
        if label != expected[name]:
            wrong.append(name)
    if wrong:
        raise Hint(tr("{wrong} of {count} not right yet. Look again at {first}: {hint}", wrong=len(wrong),
                      count=len(expected), first=wrong[0], hint=tr(hints[wrong[0]])))


def require_keys(answer: Any, keys: Iterable[str], example: str) -> dict[str, Any]:
    """A dict with exactly ``keys`` (case and spaces of the keys forgiven), values read by :func:`plain`."""
    answer = plain(answer)
    keys = list(keys)
    if not isinstance(answer, Mapping):
        raise Hint(tr("Expected a dict such as {example}, got {type}.", example=example, type=type(answer).__name__))
    by_text = {normalise_label(k): k for k in keys}
    given = {}
    for key, value in answer.items():
        name = by_text.get(normalise_label(key))
        if name is None:
            raise Hint(tr("{key!r} is not a key of this task: a plan has exactly {keys} (e.g. {example}).", key=key,
                          keys=", ".join(map(repr, keys)), example=example))
        given[name] = value
    missing = [k for k in keys if k not in given]
    if missing:
        raise Hint(tr("Your dict has no {missing} yet: give exactly {keys} (e.g. {example}).",
                      missing=", ".join(map(repr, missing)), keys=", ".join(map(repr, keys)), example=example))
    return given


