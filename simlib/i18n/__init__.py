"""The course in two languages: English (the source) and Spanish.

One switch, :func:`set_language`, chooses the language of everything simlib
writes for a person: :func:`simlib.course.checks.check`'s feedback, tables
and figure labels of the course helpers, numbers in sentences. English is
the source text; Spanish comes from the gettext catalogue
``simlib/i18n/locale/es/LC_MESSAGES/simlib.po`` (read with babel; a fuzzy or
empty entry falls back to the English text, never to a guess).

- :func:`tr` translates a message and fills its ``{placeholders}``, with
  numbers written the language's way (``1,234.5`` and ``82.1%`` in English,
  ``1.234,5`` and ``82,1 %`` in Spanish, by babel);
- :func:`N_` only marks a message for the catalogue (a module-level
  constant translated later, when it is shown);
- :func:`fmt` writes one number with a Python format spec (``".0%"``,
  ``",.1f"``) in the current language;
- :func:`label` shows a word a table or the code uses in English (a column
  name, a channel ``dm``) in the current language, when a module registered
  it (:mod:`simlib.i18n.tables`).

Update the catalogue after changing a marked message (``make spanish``).
"""

from simlib.i18n.catalog import LANGUAGES, N_, get_language, set_language, tr
from simlib.i18n.numbers import fmt
from simlib.i18n.tables import label

__all__ = ["LANGUAGES", "N_", "fmt", "get_language", "label", "set_language", "tr"]
